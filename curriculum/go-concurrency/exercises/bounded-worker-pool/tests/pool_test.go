package boundedworkerpool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestEveryTaskRuns(t *testing.T) {
	for _, tt := range []struct{ workers, queue, tasks int }{{1, 0, 5}, {3, 2, 20}, {8, 100, 50}} {
		t.Run(fmt.Sprintf("%d workers, queue %d, %d tasks", tt.workers, tt.queue, tt.tasks), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := NewPool(tt.workers, tt.queue)
				var ran atomic.Int32
				for i := range tt.tasks {
					if err := p.Submit(t.Context(), func() { ran.Add(1) }); err != nil {
						t.Fatalf("Submit of task %d = %v, want nil", i, err)
					}
				}
				p.Close()
				if got := ran.Load(); got != int32(tt.tasks) {
					t.Errorf("after %d Submits and Close, %d tasks had run, want %d", tt.tasks, got, tt.tasks)
				}
			})
		})
	}
}

// blocker makes tasks that wait until release is closed, counting how many
// run at the same time.
type blocker struct {
	release          chan struct{}
	running, maxSeen atomic.Int32
	done             atomic.Int32
}

func newBlocker() *blocker { return &blocker{release: make(chan struct{})} }

func (b *blocker) task() {
	n := b.running.Add(1)
	for {
		m := b.maxSeen.Load()
		if n <= m || b.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}
	<-b.release
	b.running.Add(-1)
	b.done.Add(1)
}

func TestAtMostWorkersRunAtOnce(t *testing.T) {
	for _, workers := range []int{1, 2, 5} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := NewPool(workers, 20)
				b := newBlocker()
				for range 20 {
					if err := p.Submit(t.Context(), b.task); err != nil {
						t.Fatalf("Submit = %v, want nil", err)
					}
				}
				synctest.Wait()
				if got := b.running.Load(); got != int32(workers) {
					t.Errorf("with %d workers and 20 blocked tasks submitted, %d tasks are running, want %d", workers, got, workers)
				}
				close(b.release)
				p.Close()
				if got := b.maxSeen.Load(); got != int32(workers) {
					t.Errorf("with %d workers, up to %d tasks ran at the same time, want %d", workers, got, workers)
				}
			})
		})
	}
	t.Run("zero workers means one", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := NewPool(0, 5)
			b := newBlocker()
			p.Submit(t.Context(), b.task)
			p.Submit(t.Context(), b.task)
			synctest.Wait()
			if got := b.running.Load(); got != 1 {
				t.Errorf("NewPool(0, 5) with two blocked tasks: %d running, want 1", got)
			}
			close(b.release)
			p.Close()
		})
	})
}

func TestSubmitWaitsWhenFull(t *testing.T) {
	tests := []struct {
		name     string
		accepted int // blocked tasks submitted first
		wantErr  error
		wantTook time.Duration
	}{
		{name: "room in the queue: accepted at once", accepted: 4, wantErr: nil, wantTook: 0},
		{name: "workers busy and queue full: times out", accepted: 5, wantErr: context.DeadlineExceeded, wantTook: time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := NewPool(2, 3)
				b := newBlocker()
				for i := range tt.accepted {
					if err := p.Submit(t.Context(), b.task); err != nil {
						t.Fatalf("Submit of blocked task %d = %v, want nil", i, err)
					}
				}
				synctest.Wait()
				ctx, cancel := context.WithTimeout(t.Context(), time.Second)
				defer cancel()
				start := time.Now()
				err := p.Submit(ctx, b.task)
				took := time.Since(start)
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("NewPool(2, 3) with %d blocked tasks: Submit = %v, want %v", tt.accepted, err, tt.wantErr)
				}
				if took != tt.wantTook {
					t.Errorf("NewPool(2, 3) with %d blocked tasks: Submit returned after %v, want %v", tt.accepted, took, tt.wantTook)
				}
				close(b.release)
				p.Close()
			})
		})
	}
}

func TestSubmitResumesWhenAWorkerFrees(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPool(1, 0)
		first := newBlocker()
		p.Submit(t.Context(), first.task)
		released := make(chan struct{})
		go func() {
			defer close(released)
			time.Sleep(3 * time.Second)
			close(first.release)
		}()
		start := time.Now()
		var ran atomic.Bool
		if err := p.Submit(t.Context(), func() { ran.Store(true) }); err != nil {
			t.Errorf("Submit while the only worker is busy = %v, want nil once it is free", err)
		}
		if took := time.Since(start); took != 3*time.Second {
			t.Errorf("Submit returned after %v, want 3s (when the worker became free)", took)
		}
		<-released
		p.Close()
		if !ran.Load() {
			t.Errorf("the second task never ran")
		}
	})
}

func TestTrySubmit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPool(1, 1)
		b := newBlocker()
		if !p.TrySubmit(b.task) {
			t.Fatalf("TrySubmit on an idle pool = false, want true")
		}
		synctest.Wait()
		if !p.TrySubmit(b.task) {
			t.Errorf("TrySubmit with a free queue slot = false, want true")
		}
		if p.TrySubmit(b.task) {
			t.Errorf("TrySubmit with the worker busy and the queue full = true, want false")
		}
		close(b.release)
		p.Close()
		if got := b.done.Load(); got != 2 {
			t.Errorf("%d accepted tasks ran, want 2", got)
		}
		if p.TrySubmit(func() {}) {
			t.Errorf("TrySubmit after Close = true, want false")
		}
	})
}

func TestClose(t *testing.T) {
	t.Run("waits for running and queued tasks", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := NewPool(2, 4)
			var done atomic.Int32
			for range 6 {
				p.Submit(t.Context(), func() { time.Sleep(time.Second); done.Add(1) })
			}
			start := time.Now()
			p.Close()
			if took := time.Since(start); took != 3*time.Second {
				t.Errorf("Close returned after %v, want 3s (6 one-second tasks on 2 workers)", took)
			}
			if got := done.Load(); got != 6 {
				t.Errorf("Close returned when %d of 6 tasks had finished, want all 6", got)
			}
		})
	})
	t.Run("submit after close is refused", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := NewPool(2, 2)
			p.Close()
			var ran atomic.Bool
			if err := p.Submit(t.Context(), func() { ran.Store(true) }); !errors.Is(err, ErrClosed) {
				t.Errorf("Submit after Close = %v, want ErrClosed", err)
			}
			p.Close() // a second Close must not panic
			if ran.Load() {
				t.Errorf("a task submitted after Close ran")
			}
		})
	})
	t.Run("close concurrent with submits never panics", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := NewPool(3, 1)
			var accepted, ran atomic.Int32
			var wg sync.WaitGroup
			for range 50 {
				wg.Go(func() {
					if p.Submit(t.Context(), func() { ran.Add(1) }) == nil {
						accepted.Add(1)
					}
				})
			}
			wg.Go(p.Close)
			wg.Go(p.Close)
			wg.Wait()
			p.Close()
			if accepted.Load() != ran.Load() {
				t.Errorf("%d tasks were accepted but %d ran; Close must wait for every accepted task", accepted.Load(), ran.Load())
			}
		})
	})
}
