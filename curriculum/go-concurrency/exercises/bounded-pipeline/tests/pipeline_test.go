package boundedpipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// drain reads ch until it is closed, but gives up (reporting a failure)
// if the channel is still open after an hour of fake time.
func drain[T any](t *testing.T, what string, ch <-chan T) []T {
	t.Helper()
	var got []T
	deadline := time.After(time.Hour)
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return got
			}
			got = append(got, v)
		case <-deadline:
			t.Errorf("%s was never closed", what)
			return got
		}
	}
}

func TestSource(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		items := []string{"go", "chan", "select"}
		ch := Source(t.Context(), items)
		if got := cap(ch); got != 0 {
			t.Errorf("cap(Source(...)) = %d, want 0 (unbuffered)", got)
		}
		if got := drain(t, "Source's channel", ch); !slices.Equal(got, items) {
			t.Errorf("Source(%q) delivered %q, want %q", items, got, items)
		}
	})
}

func TestSourceStopsWhenCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		ch := Source(ctx, []int{1, 2, 3, 4, 5})
		if v, ok := <-ch; !ok || v != 1 {
			t.Fatalf("first value from Source = (%d, %t), want (1, true)", v, ok)
		}
		// Let Source block on its next send first: cancelling then leaves it one way out.
		synctest.Wait()
		cancel()
		rest := drain(t, "Source's channel after cancel", ch)
		if len(rest) > 1 {
			t.Errorf("after cancel, Source still delivered %v; it should stop sending", rest)
		}
	})
}

func TestStagePipelines(t *testing.T) {
	tests := []struct {
		name   string
		words  []string
		buffer int
		want   []string
	}{
		{name: "unbuffered stage", words: []string{"go", "chan"}, buffer: 0, want: []string{"GO!", "CHAN!"}},
		{name: "buffered stage keeps the order", words: strings.Fields("a b c d e f g h"), buffer: 3, want: strings.Fields("A! B! C! D! E! F! G! H!")},
		{name: "negative buffer means unbuffered", words: []string{"x"}, buffer: -1, want: []string{"X!"}},
		{name: "no items", words: nil, buffer: 2, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := t.Context()
				upper := Stage(ctx, Source(ctx, tt.words), tt.buffer, strings.ToUpper)
				if got, want := cap(upper), max(tt.buffer, 0); got != want {
					t.Errorf("cap(Stage(..., %d, ...)) = %d, want %d", tt.buffer, got, want)
				}
				shout := Stage(ctx, upper, 1, func(s string) string { return s + "!" })
				if got := drain(t, "the last stage's channel", shout); !slices.Equal(got, tt.want) {
					t.Errorf("Source(%q) -> ToUpper -> add \"!\" delivered %q, want %q", tt.words, got, tt.want)
				}
			})
		})
	}
}

func TestStageBackpressure(t *testing.T) {
	tests := []struct {
		buffer    int
		read      int
		wantCalls int64
	}{
		{buffer: 0, read: 0, wantCalls: 1},
		{buffer: 2, read: 0, wantCalls: 3},
		{buffer: 2, read: 4, wantCalls: 7},
		{buffer: 5, read: 1, wantCalls: 7},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("buffer %d, %d read", tt.buffer, tt.read), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				var calls atomic.Int64
				out := Stage(ctx, Source(ctx, make([]int, 100)), tt.buffer, func(v int) int {
					calls.Add(1)
					return v
				})
				for range tt.read {
					<-out
				}
				synctest.Wait() // every goroutine is now blocked
				if got := calls.Load(); got != tt.wantCalls {
					t.Errorf("with buffer %d and %d results read, f was called %d times, want %d (buffer + 1 ahead of the reader)", tt.buffer, tt.read, got, tt.wantCalls)
				}
				cancel()
				drain(t, "Stage's channel after cancel", out)
			})
		})
	}
}

func TestStageStopsWhenCancelled(t *testing.T) {
	t.Run("while waiting for input that never closes", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			in := make(chan int) // never closed, never sent on
			out := Stage(ctx, in, 1, func(v int) int { return v })
			synctest.Wait()
			cancel()
			if got := drain(t, "Stage's channel after cancel", out); len(got) != 0 {
				t.Errorf("Stage delivered %v without any input", got)
			}
		})
	})
	t.Run("while nobody reads the output", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			var calls atomic.Int64
			out := Stage(ctx, Source(ctx, make([]int, 50)), 0, func(v int) int { calls.Add(1); return v })
			synctest.Wait()
			cancel()
			synctest.Wait()
			got := drain(t, "Stage's channel after cancel", out)
			if calls.Load() > 2 || len(got) > 1 {
				t.Errorf("after cancel, the stage went on: f ran %d times and %d results were delivered", calls.Load(), len(got))
			}
		})
	})
}
