package racefreedebouncer

import (
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// recorder is an fn that records when (on the fake clock) it ran.
type recorder struct {
	mu    sync.Mutex
	start time.Time
	at    []time.Duration
}

func (r *recorder) fn() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.at = append(r.at, time.Since(r.start))
}

func (r *recorder) times() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.at)
}

type action struct {
	at   time.Duration
	what string // "Trigger", "Stop" or "Flush"
}

func TestDebounceTimeline(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name    string
		actions []action
		want    []time.Duration
	}{
		{name: "one trigger runs once after the wait", actions: []action{{0, "Trigger"}}, want: []time.Duration{100 * ms}},
		{name: "quick triggers are merged", actions: []action{{0, "Trigger"}, {40 * ms, "Trigger"}, {80 * ms, "Trigger"}}, want: []time.Duration{180 * ms}},
		{name: "triggers further apart run twice", actions: []action{{0, "Trigger"}, {150 * ms, "Trigger"}}, want: []time.Duration{100 * ms, 250 * ms}},
		{name: "stop cancels the pending run", actions: []action{{0, "Trigger"}, {50 * ms, "Stop"}}, want: nil},
		{name: "stop after quick triggers cancels them all", actions: []action{{0, "Trigger"}, {30 * ms, "Trigger"}, {60 * ms, "Trigger"}, {90 * ms, "Stop"}}, want: nil},
		{name: "trigger after stop runs again", actions: []action{{0, "Trigger"}, {50 * ms, "Stop"}, {60 * ms, "Trigger"}}, want: []time.Duration{160 * ms}},
		{name: "flush runs now and only now", actions: []action{{0, "Trigger"}, {30 * ms, "Flush"}}, want: []time.Duration{30 * ms}},
		{name: "flush without a pending call does nothing", actions: []action{{10 * ms, "Flush"}}, want: nil},
		{name: "nothing happens without a trigger", actions: nil, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := &recorder{start: time.Now()}
				d := New(100*ms, r.fn)
				for _, a := range tt.actions {
					time.Sleep(a.at - time.Since(r.start))
					switch a.what {
					case "Trigger":
						d.Trigger()
					case "Stop":
						d.Stop()
					case "Flush":
						d.Flush()
					}
				}
				time.Sleep(time.Second) // fake time: long after any pending run
				synctest.Wait()
				if got := r.times(); !slices.Equal(got, tt.want) {
					t.Errorf("with wait 100ms and %v, fn ran at %v, want %v", tt.actions, got, tt.want)
				}
				if got := d.Runs(); got != len(tt.want) {
					t.Errorf("with wait 100ms and %v, Runs() = %d, want %d", tt.actions, got, len(tt.want))
				}
			})
		})
	}
}

func TestStopAndFlushReport(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := New(time.Second, func() {})
		if d.Stop() {
			t.Errorf("Stop() on an idle debouncer = true, want false")
		}
		if d.Flush() {
			t.Errorf("Flush() on an idle debouncer = true, want false")
		}
		d.Trigger()
		if !d.Stop() {
			t.Errorf("Stop() with a pending call = false, want true")
		}
		if d.Stop() {
			t.Errorf("a second Stop() = true, want false")
		}
		d.Trigger()
		if !d.Flush() {
			t.Errorf("Flush() with a pending call = false, want true")
		}
		if d.Flush() {
			t.Errorf("a second Flush() = true, want false")
		}
		d.Trigger()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if d.Stop() {
			t.Errorf("Stop() after the call already ran = true, want false")
		}
		if got := d.Runs(); got != 2 {
			t.Errorf("Runs() = %d, want 2 (one Flush, one timer)", got)
		}
	})
}

func TestConcurrentUse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		calls := 0
		var d *Debouncer
		d = New(50*time.Millisecond, func() {
			_ = d.Runs() // fn may use the debouncer
			mu.Lock()
			calls++
			mu.Unlock()
		})
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				for range 5 {
					d.Trigger()
					_ = d.Runs()
					time.Sleep(10 * time.Millisecond)
				}
			})
		}
		wg.Wait()
		time.Sleep(time.Second)
		synctest.Wait()
		mu.Lock()
		defer mu.Unlock()
		if calls != 1 || d.Runs() != 1 {
			t.Errorf("20 goroutines triggering every 10ms for 50ms: fn ran %d times and Runs() = %d, want 1 and 1", calls, d.Runs())
		}
	})
}

func TestFnMayTriggerAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var d *Debouncer
		r := &recorder{start: time.Now()}
		d = New(time.Second, func() {
			r.fn()
			if len(r.times()) < 3 {
				d.Trigger() // schedule the next run from inside fn
			}
		})
		d.Trigger()
		time.Sleep(time.Minute)
		synctest.Wait()
		want := []time.Duration{time.Second, 2 * time.Second, 3 * time.Second}
		if got := r.times(); !slices.Equal(got, want) {
			t.Errorf("fn that re-triggers until it has run 3 times ran at %v, want %v", got, want)
		}
	})
}
