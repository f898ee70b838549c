package errorgroup

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

var (
	e1 = errors.New("e1: disk full")
	e2 = errors.New("e2: network down")
)

// after returns a function that waits d of fake time and then returns err.
func after(d time.Duration, err error) func() error {
	return func() error {
		time.Sleep(d)
		return err
	}
}

func TestWait(t *testing.T) {
	tests := []struct {
		name     string
		funcs    []func() error
		want     error
		wantTook time.Duration
	}{
		{name: "nothing started", funcs: nil, want: nil, wantTook: 0},
		{name: "everything succeeds", funcs: []func() error{after(time.Second, nil), after(2*time.Second, nil), after(3*time.Second, nil)}, want: nil, wantTook: 3 * time.Second},
		{name: "one failure", funcs: []func() error{after(time.Second, nil), after(2*time.Second, e1)}, want: e1, wantTook: 2 * time.Second},
		{name: "the first error in time wins", funcs: []func() error{after(2*time.Second, e1), after(time.Second, e2)}, want: e2, wantTook: 2 * time.Second},
	}
	for _, tt := range tests {
		for _, kind := range []string{"zero Group", "WithContext"} {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					g := &Group{}
					if kind == "WithContext" {
						g, _ = WithContext(t.Context())
					}
					var finished atomic.Int32
					start := time.Now()
					for _, f := range tt.funcs {
						g.Go(func() error {
							defer finished.Add(1)
							return f()
						})
					}
					err := g.Wait()
					if err != tt.want {
						t.Errorf("Wait() = %v, want %v", err, tt.want)
					}
					if took := time.Since(start); took != tt.wantTook {
						t.Errorf("Wait() returned after %v, want %v", took, tt.wantTook)
					}
					if got := finished.Load(); got != int32(len(tt.funcs)) {
						t.Errorf("Wait() returned when %d of %d functions had finished, want all", got, len(tt.funcs))
					}
				})
			})
		}
	}
}

func TestFirstErrorCancelsTheContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g, ctx := WithContext(t.Context())
		var sawCause atomic.Value
		var stoppedAt atomic.Int64
		start := time.Now()
		g.Go(after(time.Second, e1))
		g.Go(func() error {
			select {
			case <-ctx.Done():
				stoppedAt.Store(int64(time.Since(start)))
				sawCause.Store(context.Cause(ctx))
				return ctx.Err()
			case <-time.After(time.Hour):
				return nil
			}
		})
		err := g.Wait()
		if err != e1 {
			t.Errorf("Wait() = %v, want %v (the first error, not the cancellation it caused)", err, e1)
		}
		if got := time.Duration(stoppedAt.Load()); got != time.Second {
			t.Errorf("the function waiting on the group's context stopped after %v, want 1s (when the first function failed)", got)
		}
		if got, _ := sawCause.Load().(error); got != e1 {
			t.Errorf("context.Cause(ctx) seen by the other function = %v, want %v", got, e1)
		}
		time.Sleep(2 * time.Hour) // fake time: lets any leftover goroutine finish
	})
}

func TestContextIsCancelledWhenWaitReturns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g, ctx := WithContext(t.Context())
		g.Go(after(time.Second, nil))
		if err := ctx.Err(); err != nil {
			t.Fatalf("the group's context was cancelled (%v) before any function failed", err)
		}
		if err := g.Wait(); err != nil {
			t.Fatalf("Wait() = %v, want nil", err)
		}
		if ctx.Err() == nil {
			t.Errorf("after Wait() returned, the group's context is still running; cancel it")
		}
	})
}

func TestParentCancellationReachesTheGroup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancel := context.WithCancel(t.Context())
		g, ctx := WithContext(parent)
		g.Go(func() error {
			<-ctx.Done()
			return nil
		})
		cancel()
		if err := g.Wait(); err != nil {
			t.Errorf("Wait() = %v, want nil (the function returned nil)", err)
		}
	})
}

func TestSetLimit(t *testing.T) {
	tests := []struct {
		limit, funcs int
		wantMax      int32
		wantTook     time.Duration
	}{
		{limit: 2, funcs: 6, wantMax: 2, wantTook: 3 * time.Second},
		{limit: 1, funcs: 3, wantMax: 1, wantTook: 3 * time.Second},
		{limit: 10, funcs: 4, wantMax: 4, wantTook: time.Second},
		{limit: 0, funcs: 5, wantMax: 5, wantTook: time.Second},
		{limit: -1, funcs: 3, wantMax: 3, wantTook: time.Second},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("limit %d, %d functions", tt.limit, tt.funcs), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				g, _ := WithContext(t.Context())
				g.SetLimit(tt.limit)
				var running, maxSeen atomic.Int32
				start := time.Now()
				for range tt.funcs {
					g.Go(func() error {
						n := running.Add(1)
						for {
							m := maxSeen.Load()
							if n <= m || maxSeen.CompareAndSwap(m, n) {
								break
							}
						}
						time.Sleep(time.Second)
						running.Add(-1)
						return nil
					})
				}
				if err := g.Wait(); err != nil {
					t.Errorf("Wait() = %v, want nil", err)
				}
				if got := maxSeen.Load(); got != tt.wantMax {
					t.Errorf("SetLimit(%d) with %d functions: up to %d ran at once, want %d", tt.limit, tt.funcs, got, tt.wantMax)
				}
				if took := time.Since(start); took != tt.wantTook {
					t.Errorf("SetLimit(%d) with %d one-second functions: took %v, want %v", tt.limit, tt.funcs, took, tt.wantTook)
				}
			})
		})
	}
}

func TestGoWaitsWhileTheLimitIsReached(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g Group
		g.SetLimit(1)
		g.Go(after(5*time.Second, nil))
		start := time.Now()
		g.Go(after(time.Second, nil))
		if took := time.Since(start); took != 5*time.Second {
			t.Errorf("with SetLimit(1) and a 5s function running, the second Go returned after %v, want 5s", took)
		}
		g.Wait()
	})
}
