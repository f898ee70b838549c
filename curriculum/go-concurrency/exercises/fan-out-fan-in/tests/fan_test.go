package fanoutfanin

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

type mapFunc func(ctx context.Context, in <-chan int, workers int, f func(int) int) <-chan int

var variants = []struct {
	name    string
	run     mapFunc
	ordered bool
}{
	{"ParallelMap", ParallelMap[int, int], false},
	{"OrderedMap", OrderedMap[int, int], true},
}

// feed sends values on an unbuffered channel and closes it; it stops if ctx
// is cancelled.
func feed(ctx context.Context, values []int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, v := range values {
			select {
			case ch <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// drain reads ch until it is closed, reporting a failure if it is still open
// after a day of fake time.
func drain(t *testing.T, ch <-chan int) []int {
	t.Helper()
	var got []int
	deadline := time.After(24 * time.Hour)
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return got
			}
			got = append(got, v)
		case <-deadline:
			t.Errorf("the output channel was never closed")
			return got
		}
	}
}

// slowSquare takes delays[v] of fake time, then returns v*v. It tracks how
// many calls run at once.
type slowSquare struct {
	delays           map[int]time.Duration
	running, maxSeen atomic.Int32
	calls            atomic.Int32
}

func (s *slowSquare) f(v int) int {
	s.calls.Add(1)
	n := s.running.Add(1)
	for {
		m := s.maxSeen.Load()
		if n <= m || s.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(s.delays[v])
	s.running.Add(-1)
	return v * v
}

func TestResults(t *testing.T) {
	tests := []struct {
		name     string
		inputs   []int
		delays   map[int]time.Duration
		workers  int
		wantTook time.Duration
	}{
		{name: "slow first item, three workers", inputs: []int{1, 2, 3}, delays: map[int]time.Duration{1: 3 * time.Second, 2: time.Second, 3: 2 * time.Second}, workers: 3, wantTook: 3 * time.Second},
		{name: "one worker runs the items one by one", inputs: []int{1, 2}, delays: map[int]time.Duration{1: time.Second, 2: time.Second}, workers: 1, wantTook: 2 * time.Second},
		{name: "zero workers means one", inputs: []int{4, 5}, delays: map[int]time.Duration{4: time.Second, 5: time.Second}, workers: 0, wantTook: 2 * time.Second},
		{name: "two workers, four equal items", inputs: []int{1, 2, 3, 4}, delays: map[int]time.Duration{1: time.Second, 2: time.Second, 3: time.Second, 4: time.Second}, workers: 2, wantTook: 2 * time.Second},
		{name: "later items overtake", inputs: []int{1, 2, 3, 4, 5, 6}, delays: map[int]time.Duration{1: 6 * time.Second, 2: 5 * time.Second, 3: 4 * time.Second, 4: 3 * time.Second, 5: 2 * time.Second, 6: time.Second}, workers: 6, wantTook: 6 * time.Second},
		{name: "no inputs", inputs: nil, workers: 3, wantTook: 0},
	}
	for _, v := range variants {
		for _, tt := range tests {
			t.Run(v.name+"/"+tt.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					ctx := t.Context()
					s := &slowSquare{delays: tt.delays}
					start := time.Now()
					got := drain(t, v.run(ctx, feed(ctx, tt.inputs), tt.workers, s.f))
					took := time.Since(start)

					var want []int
					for _, x := range tt.inputs {
						want = append(want, x*x)
					}
					if !v.ordered {
						slices.Sort(got)
					}
					if !slices.Equal(got, want) {
						order := "in any order"
						if v.ordered {
							order = "in input order"
						}
						t.Errorf("%s(inputs %v, %d workers, square) delivered %v, want %v %s", v.name, tt.inputs, tt.workers, got, want, order)
					}
					if took != tt.wantTook {
						t.Errorf("%s(inputs %v, %d workers) took %v of fake time, want %v", v.name, tt.inputs, tt.workers, took, tt.wantTook)
					}
					if n := s.calls.Load(); n != int32(len(tt.inputs)) {
						t.Errorf("%s called f %d times for %d inputs, want one call per input", v.name, n, len(tt.inputs))
					}
				})
			})
		}
	}
}

func TestConcurrencyLimit(t *testing.T) {
	for _, v := range variants {
		for _, workers := range []int{1, 3, 8} {
			t.Run(fmt.Sprintf("%s/%d workers", v.name, workers), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					ctx := t.Context()
					delays := map[int]time.Duration{}
					inputs := make([]int, 30)
					for i := range inputs {
						inputs[i] = i
						delays[i] = time.Duration(1+i%4) * time.Second
					}
					s := &slowSquare{delays: delays}
					drain(t, v.run(ctx, feed(ctx, inputs), workers, s.f))
					if got := s.maxSeen.Load(); got != int32(workers) {
						t.Errorf("%s with %d workers ran at most %d calls of f at the same time, want exactly %d", v.name, workers, got, workers)
					}
				})
			})
		}
	}
}

func TestCancellationLeaksNoGoroutine(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name+"/nobody reads the output", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				s := &slowSquare{delays: map[int]time.Duration{}}
				out := v.run(ctx, feed(ctx, make([]int, 100)), 4, s.f)
				synctest.Wait()
				cancel()
				// A bubble ends only when all its goroutines have returned:
				// a goroutine stuck on a channel fails this test as a deadlock.
				synctest.Wait()
				drain(t, out)
			})
		})
		t.Run(v.name+"/input never closes", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				in := make(chan int)
				s := &slowSquare{delays: map[int]time.Duration{}}
				out := v.run(ctx, in, 3, s.f)
				select {
				case in <- 7:
				case <-time.After(time.Hour):
					t.Fatalf("%s never received from its input", v.name)
				}
				if got, ok := <-out; !ok || got != 49 {
					t.Errorf("%s: first result = (%d, %t), want (49, true)", v.name, got, ok)
				}
				cancel()
				if rest := drain(t, out); len(rest) != 0 {
					t.Errorf("%s delivered %v after cancel without new input", v.name, rest)
				}
			})
		})
		t.Run(v.name+"/reader stops half-way", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				s := &slowSquare{delays: map[int]time.Duration{0: time.Second, 1: 2 * time.Second, 2: 3 * time.Second}}
				out := v.run(ctx, feed(ctx, []int{0, 1, 2, 3, 4, 5, 6, 7}), 2, s.f)
				for range 3 {
					<-out
				}
				cancel()
				drain(t, out)
			})
		})
	}
}
