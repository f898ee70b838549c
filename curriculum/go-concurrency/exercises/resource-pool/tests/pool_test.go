package resourcepool

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type conn struct{ id int }

// farm creates numbered connections and records which ones were destroyed.
type farm struct {
	mu        sync.Mutex
	created   int
	destroyed []int
	failNext  bool
}

func (f *farm) factory() (*conn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failNext {
		f.failNext = false
		return nil, errDial
	}
	f.created++
	return &conn{id: f.created}, nil
}

func (f *farm) destroy(c *conn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.destroyed = append(f.destroyed, c.id)
}

func (f *farm) counts() (int, []int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := slices.Clone(f.destroyed)
	slices.Sort(d)
	return f.created, d
}

var errDial = errors.New("dial failed")

type result struct {
	c   *conn
	err error
}

func acquireAsync(p *Pool[*conn], ctx context.Context) <-chan result {
	ch := make(chan result, 1)
	go func() {
		c, err := p.Acquire(ctx)
		ch <- result{c, err}
	}()
	return ch
}

// await gives up after a generous limit so that a blocked Acquire fails the test
// with a message instead of hanging it.
func await(t *testing.T, ch <-chan result, what string) result {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(time.Second): // a deadline for failing, not a synchronisation
		t.Fatalf("%s: Acquire is still blocked", what)
		return result{}
	}
}

func mustAcquire(t *testing.T, p *Pool[*conn]) *conn {
	t.Helper()
	r := await(t, acquireAsync(p, context.Background()), "Acquire on a pool with room")
	if r.err != nil || r.c == nil {
		t.Fatalf("Acquire(ctx) = (%v, %v), want a resource and nil", r.c, r.err)
	}
	return r.c
}

func TestCreatesUpToSizeAndReuses(t *testing.T) {
	f := &farm{}
	p := New(2, f.factory, f.destroy)
	a := mustAcquire(t, p)
	b := mustAcquire(t, p)
	if a == b {
		t.Fatalf("two Acquires without Release returned the same resource %d", a.id)
	}
	p.Release(a)
	c := mustAcquire(t, p)
	if c != a {
		t.Errorf("Acquire after Release(resource %d) = resource %d, want the released one to be reused", a.id, c.id)
	}
	if created, _ := f.counts(); created != 2 {
		t.Errorf("factory was called %d times, want 2", created)
	}
}

func TestWaitsForARelease(t *testing.T) {
	f := &farm{}
	p := New(1, f.factory, f.destroy)
	a := mustAcquire(t, p)
	waiting := acquireAsync(p, context.Background())
	p.Release(a)
	r := await(t, waiting, "waiting for a released resource")
	if r.err != nil || r.c != a {
		t.Errorf("Acquire on a full pool after Release(resource %d) = (%v, %v), want resource %d and nil", a.id, r.c, r.err, a.id)
	}
	if created, _ := f.counts(); created != 1 {
		t.Errorf("factory was called %d times for a pool of size 1, want 1", created)
	}
}

func TestContextEndsTheWait(t *testing.T) {
	t.Run("already cancelled", func(t *testing.T) {
		f := &farm{}
		p := New(1, f.factory, f.destroy)
		mustAcquire(t, p)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		r := await(t, acquireAsync(p, ctx), "Acquire with a cancelled context")
		if !errors.Is(r.err, context.Canceled) {
			t.Errorf("Acquire(cancelled ctx) on a full pool = (%v, %v), want context.Canceled", r.c, r.err)
		}
	})
	t.Run("cancelled while waiting", func(t *testing.T) {
		f := &farm{}
		p := New(1, f.factory, f.destroy)
		mustAcquire(t, p)
		ctx, cancel := context.WithCancel(context.Background())
		waiting := acquireAsync(p, ctx)
		cancel()
		r := await(t, waiting, "Acquire whose context was cancelled")
		if !errors.Is(r.err, context.Canceled) {
			t.Errorf("Acquire on a full pool, then cancel = (%v, %v), want context.Canceled", r.c, r.err)
		}
	})
}

func TestFactoryErrorDoesNotUseASlot(t *testing.T) {
	f := &farm{failNext: true}
	p := New(1, f.factory, f.destroy)
	r := await(t, acquireAsync(p, context.Background()), "Acquire with a failing factory")
	if !errors.Is(r.err, errDial) {
		t.Fatalf("Acquire when the factory fails = (%v, %v), want the factory's error %v", r.c, r.err, errDial)
	}
	r = await(t, acquireAsync(p, context.Background()), "Acquire after a failed factory call (the failed resource must not hold a slot)")
	if r.err != nil || r.c == nil {
		t.Errorf("second Acquire after a factory error = (%v, %v), want a new resource", r.c, r.err)
	}
}

func TestClose(t *testing.T) {
	f := &farm{}
	p := New(3, f.factory, f.destroy)
	a := mustAcquire(t, p)
	b := mustAcquire(t, p)
	p.Release(a)
	p.Close()
	if _, destroyed := f.counts(); !slices.Equal(destroyed, []int{a.id}) {
		t.Errorf("after Close, destroyed resources = %v, want the idle one %v", destroyed, []int{a.id})
	}
	p.Release(b)
	if _, destroyed := f.counts(); !slices.Equal(destroyed, []int{a.id, b.id}) {
		t.Errorf("after Release on a closed pool, destroyed = %v, want %v", destroyed, []int{a.id, b.id})
	}
	r := await(t, acquireAsync(p, context.Background()), "Acquire on a closed pool")
	if !errors.Is(r.err, ErrClosed) {
		t.Errorf("Acquire on a closed pool = (%v, %v), want ErrClosed", r.c, r.err)
	}
	p.Close() // must not panic
	if created, _ := f.counts(); created != 2 {
		t.Errorf("factory was called %d times, want 2 (never after Close)", created)
	}
}

func TestCloseWakesWaiters(t *testing.T) {
	f := &farm{}
	p := New(1, f.factory, f.destroy)
	mustAcquire(t, p)
	var waiters []<-chan result
	for range 3 {
		waiters = append(waiters, acquireAsync(p, context.Background()))
	}
	p.Close()
	for i, w := range waiters {
		r := await(t, w, "a waiter after Close")
		if !errors.Is(r.err, ErrClosed) {
			t.Errorf("waiting Acquire %d after Close = (%v, %v), want ErrClosed", i, r.c, r.err)
		}
	}
}

func TestNeverMoreThanSizeInUse(t *testing.T) {
	const size, workers, rounds = 3, 16, 100
	f := &farm{}
	p := New(size, f.factory, f.destroy)
	var inUse, peak, failures atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				c, err := p.Acquire(context.Background())
				if err != nil || c == nil {
					failures.Add(1)
					continue
				}
				n := inUse.Add(1)
				for {
					old := peak.Load()
					if n <= old || peak.CompareAndSwap(old, n) {
						break
					}
				}
				inUse.Add(-1)
				p.Release(c)
			}
		}()
	}
	wg.Wait()
	if n := failures.Load(); n != 0 {
		t.Errorf("%d of %d concurrent Acquires failed or returned nil, want 0", n, workers*rounds)
	}
	if got := peak.Load(); got > size {
		t.Errorf("up to %d resources were in use at once, want at most %d", got, size)
	}
	if created, _ := f.counts(); created < 1 || created > size {
		t.Errorf("factory was called %d times, want between 1 and %d", created, size)
	}
}
