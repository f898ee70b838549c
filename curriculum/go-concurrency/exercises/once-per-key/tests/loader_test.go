package onceperkey

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// counter is a load function that counts its calls per key.
type counter struct {
	mu    sync.Mutex
	calls map[int]int
}

func (c *counter) load(id int) (string, error) {
	c.mu.Lock()
	if c.calls == nil {
		c.calls = make(map[int]int)
	}
	c.calls[id]++
	c.mu.Unlock()
	if id < 0 {
		return "", fmt.Errorf("no user %d", id)
	}
	return fmt.Sprint("user-", id), nil
}

func (c *counter) count(id int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[id]
}

func TestGetLoadsOnceAndRemembers(t *testing.T) {
	tests := []struct {
		name      string
		gets      []int
		key       int
		wantCalls int
	}{
		{name: "one get, one load", gets: []int{7}, key: 7, wantCalls: 1},
		{name: "repeated gets load once", gets: []int{7, 7, 7}, key: 7, wantCalls: 1},
		{name: "other keys do not count", gets: []int{7, 8, 7, 9}, key: 7, wantCalls: 1},
		{name: "errors are remembered too", gets: []int{-1, -1, -1}, key: -1, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c counter
			l := NewLoader(c.load)
			for _, id := range tt.gets {
				got, err := l.Get(id)
				want, wantErr := fmt.Sprint("user-", id), ""
				if id < 0 {
					want, wantErr = "", fmt.Sprintf("no user %d", id)
				}
				gotErr := ""
				if err != nil {
					gotErr = err.Error()
				}
				if got != want || gotErr != wantErr {
					t.Errorf("Get(%d) = (%q, %q), want (%q, %q)", id, got, gotErr, want, wantErr)
				}
			}
			if got := c.count(tt.key); got != tt.wantCalls {
				t.Errorf("after Get calls %v, load(%d) ran %d times, want %d", tt.gets, tt.key, got, tt.wantCalls)
			}
		})
	}
}

func TestForget(t *testing.T) {
	var c counter
	l := NewLoader(c.load)
	l.Get(7)
	l.Get(8)
	l.Forget(7)
	l.Forget(1000) // unknown: nothing happens
	if got, err := l.Get(7); got != "user-7" || err != nil {
		t.Errorf("Get(7) after Forget(7) = (%q, %v), want (\"user-7\", <nil>)", got, err)
	}
	l.Get(8)
	if c.count(7) != 2 || c.count(8) != 1 {
		t.Errorf("after Get(7), Get(8), Forget(7), Get(7), Get(8): load(7) ran %d times and load(8) %d times, want 2 and 1", c.count(7), c.count(8))
	}
}

func TestConcurrentGetsOfOneKeyLoadOnce(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	l := NewLoader(func(key string) (int, error) {
		calls.Add(1)
		<-release // keep the load running until every caller has called Get
		return len(key), nil
	})
	const callers = 100
	var started, done sync.WaitGroup
	started.Add(callers)
	results := make(chan int, callers)
	for range callers {
		done.Go(func() {
			started.Done()
			v, _ := l.Get("gopher")
			results <- v
		})
	}
	started.Wait()
	close(release)
	done.Wait()
	close(results)
	for v := range results {
		if v != 6 {
			t.Errorf("a concurrent Get(\"gopher\") returned %d, want 6", v)
			break
		}
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("%d concurrent Get(\"gopher\") calls ran load %d times, want 1", callers, got)
	}
}

func TestSlowKeyDoesNotBlockOtherKeys(t *testing.T) {
	releaseSlow := make(chan struct{})
	slowStarted := make(chan struct{})
	l := NewLoader(func(key string) (string, error) {
		if key == "slow" {
			close(slowStarted)
			<-releaseSlow
		}
		return "value of " + key, nil
	})
	slowDone := make(chan string)
	go func() {
		v, _ := l.Get("slow")
		slowDone <- v
	}()
	select {
	case <-slowStarted:
	case v := <-slowDone:
		t.Fatalf("Get(\"slow\") = %q without calling load(\"slow\")", v)
	}

	fastDone := make(chan string)
	go func() {
		v, _ := l.Get("fast")
		fastDone <- v
	}()
	fastReturned := false
	select {
	case v := <-fastDone:
		fastReturned = true
		if v != "value of fast" {
			t.Errorf("Get(\"fast\") = %q, want \"value of fast\"", v)
		}
	case <-time.After(time.Second): // a deadline for failing, not a synchronisation
		t.Errorf("Get(\"fast\") did not return while load(\"slow\") was running; do not hold the lock while loading")
	}
	close(releaseSlow)
	if v := <-slowDone; v != "value of slow" {
		t.Errorf("Get(\"slow\") = %q, want \"value of slow\"", v)
	}
	if !fastReturned {
		<-fastDone
	}
}

func TestDifferentKeysLoadIndependently(t *testing.T) {
	errBoom := errors.New("boom")
	l := NewLoader(func(key int) (int, error) {
		if key == 13 {
			return 0, errBoom
		}
		return key * key, nil
	})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			v, err := l.Get(i)
			switch {
			case i == 13 && !errors.Is(err, errBoom):
				t.Errorf("Get(13) error = %v, want errBoom", err)
			case i != 13 && (err != nil || v != i*i):
				t.Errorf("Get(%d) = (%d, %v), want (%d, <nil>)", i, v, err, i*i)
			}
		})
	}
	wg.Wait()
}
