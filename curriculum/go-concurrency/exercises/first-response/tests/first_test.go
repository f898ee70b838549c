package firstresponse

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// probe builds sources that succeed or fail after a delay (on the fake
// clock), remembers the cause each one saw if it was cancelled, and counts
// how many are still running.
type probe struct {
	running atomic.Int32
	mu      sync.Mutex
	causes  map[string]error
}

func (p *probe) source(name string, after time.Duration, err error) Source {
	return func(ctx context.Context) (string, error) {
		p.running.Add(1)
		defer p.running.Add(-1)
		timer := time.NewTimer(after)
		defer timer.Stop()
		select {
		case <-timer.C:
			if err != nil {
				return "", err
			}
			return name, nil
		case <-ctx.Done():
			p.mu.Lock()
			if p.causes == nil {
				p.causes = make(map[string]error)
			}
			p.causes[name] = context.Cause(ctx)
			p.mu.Unlock()
			return "", ctx.Err()
		}
	}
}

func (p *probe) cause(name string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.causes[name]
}

var (
	errOne = errors.New("supplier one is down")
	errTwo = errors.New("supplier two is down")
)

func TestFirst(t *testing.T) {
	type src struct {
		name  string
		after time.Duration
		err   error
	}
	tests := []struct {
		name        string
		sources     []src
		timeout     time.Duration // 0: no timeout on the parent context
		want        string
		wantErr     error  // checked with errors.Is
		wantErrText string // checked exactly when not ""
		wantTook    time.Duration
		cancelled   []string // sources that must see ErrAnswered
	}{
		{
			name:      "the fastest source wins",
			sources:   []src{{"a", 3 * time.Second, nil}, {"b", time.Second, nil}, {"c", 2 * time.Second, nil}},
			want:      "b",
			wantTook:  time.Second,
			cancelled: []string{"a", "c"},
		},
		{
			name:     "a failure does not win",
			sources:  []src{{"broken", time.Second, errOne}, {"ok", 2 * time.Second, nil}},
			want:     "ok",
			wantTook: 2 * time.Second,
		},
		{
			name:        "every source fails: errors joined in source order",
			sources:     []src{{"one", 2 * time.Second, errOne}, {"two", time.Second, errTwo}},
			wantErr:     errTwo,
			wantErrText: errOne.Error() + "\n" + errTwo.Error(),
			wantTook:    2 * time.Second,
		},
		{
			name:     "the parent's deadline passes first",
			sources:  []src{{"slow", 5 * time.Second, nil}, {"slower", 6 * time.Second, nil}},
			timeout:  time.Second,
			wantErr:  context.DeadlineExceeded,
			wantTook: time.Second,
		},
		{
			name:     "a single source",
			sources:  []src{{"only", time.Second, nil}},
			want:     "only",
			wantTook: time.Second,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := t.Context()
				if tt.timeout > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.timeout)
					defer cancel()
				}
				var p probe
				var sources []Source
				for _, s := range tt.sources {
					sources = append(sources, p.source(s.name, s.after, s.err))
				}
				start := time.Now()
				got, err := First(ctx, sources)
				took := time.Since(start)

				if got != tt.want {
					t.Errorf("First returned %q, want %q", got, tt.want)
				}
				switch {
				case tt.wantErr == nil && err != nil:
					t.Errorf("First returned error %v, want nil", err)
				case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
					t.Errorf("First returned error %v, want %v", err, tt.wantErr)
				case tt.wantErrText != "" && (err == nil || err.Error() != tt.wantErrText):
					t.Errorf("First returned error %q, want %q", err, tt.wantErrText)
				}
				if took != tt.wantTook {
					t.Errorf("First returned after %v, want %v", took, tt.wantTook)
				}
				if n := p.running.Load(); n != 0 {
					t.Errorf("%d sources were still running when First returned; wait for all of them", n)
				}
				for _, name := range tt.cancelled {
					if c := p.cause(name); !errors.Is(c, ErrAnswered) {
						t.Errorf("source %q saw cause %v, want ErrAnswered", name, c)
					}
				}
				// Let the fake clock run past every source's delay, so that no
				// goroutine is left blocked when the bubble ends, even if First
				// returned too early.
				time.Sleep(time.Minute)
			})
		})
	}
}

func TestFirstParentCancelledWithCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errShutdown := errors.New("shutting down")
		ctx, cancel := context.WithCancelCause(t.Context())
		var p probe
		go func() {
			time.Sleep(500 * time.Millisecond)
			cancel(errShutdown)
		}()
		got, err := First(ctx, []Source{p.source("a", 3*time.Second, nil), p.source("b", 4*time.Second, nil)})
		if got != "" || !errors.Is(err, errShutdown) {
			t.Errorf("First with the parent cancelled (cause %q) = (%q, %v), want (\"\", %v)", errShutdown, got, err, errShutdown)
		}
		time.Sleep(time.Minute) // fake time: lets every goroutine of the bubble finish
	})
}

func TestFirstWithNoSources(t *testing.T) {
	got, err := First(context.Background(), nil)
	if got != "" || !errors.Is(err, ErrNoSources) {
		t.Errorf("First(ctx, nil) = (%q, %v), want (\"\", ErrNoSources)", got, err)
	}
}

type closer struct {
	closes   atomic.Int32
	closedAt atomic.Int64 // nanoseconds since the test started
	start    time.Time
}

func (c *closer) Close() error {
	c.closes.Add(1)
	c.closedAt.Store(int64(time.Since(c.start)))
	return nil
}

func TestCloseOnDone(t *testing.T) {
	t.Run("closes when the deadline passes", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c := &closer{start: time.Now()}
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
			defer cancel()
			stop := CloseOnDone(ctx, c)
			time.Sleep(3 * time.Second)
			synctest.Wait()
			if n := c.closes.Load(); n != 1 {
				t.Fatalf("Close was called %d times after the context ended, want 1", n)
			}
			if at := time.Duration(c.closedAt.Load()); at != 2*time.Second {
				t.Errorf("Close was called after %v, want 2s (when the context ended)", at)
			}
			if stop() {
				t.Errorf("stop() after the close = true, want false")
			}
		})
	})
	t.Run("stop prevents the close", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c := &closer{start: time.Now()}
			ctx, cancel := context.WithCancel(t.Context())
			stop := CloseOnDone(ctx, c)
			if !stop() {
				t.Errorf("stop() before the context ended = false, want true")
			}
			cancel()
			synctest.Wait()
			if n := c.closes.Load(); n != 0 {
				t.Errorf("Close was called %d times after stop(), want 0", n)
			}
		})
	})
	t.Run("does not close while the context is running", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c := &closer{start: time.Now()}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			CloseOnDone(ctx, c)
			time.Sleep(time.Hour)
			synctest.Wait()
			if n := c.closes.Load(); n != 0 {
				t.Errorf("Close was called %d times while the context was still running, want 0", n)
			}
			cancel()
			synctest.Wait()
			if n := c.closes.Load(); n != 1 {
				t.Errorf("Close was called %d times after cancel, want 1", n)
			}
		})
	})
}
