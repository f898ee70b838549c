package circuitbreaker

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock the tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var errBoom = errors.New("boom")

func fail() error    { return errBoom }
func succeed() error { return nil }

// tripOpen makes threshold failing calls.
func tripOpen(b *Breaker, threshold int) {
	for range threshold {
		b.Call(fail)
	}
}

func TestClosedPassesCallsThrough(t *testing.T) {
	clock := newClock()
	b := New(3, time.Second, clock.Now)
	calls := 0
	err := b.Call(func() error { calls++; return nil })
	if err != nil || calls != 1 {
		t.Fatalf("Call(success) on a closed breaker = %v with %d calls of fn, want nil with 1 call", err, calls)
	}
	err = b.Call(func() error { calls++; return errBoom })
	if !errors.Is(err, errBoom) || calls != 2 {
		t.Errorf("Call(failure) on a closed breaker = %v with %d calls of fn, want fn's error %v with 2 calls", err, calls, errBoom)
	}
	if got := b.State(); got != Closed {
		t.Errorf("after 1 failure with threshold 3, State() = %v, want %v", got, Closed)
	}
}

func TestOpensAfterThresholdConsecutiveFailures(t *testing.T) {
	tests := []struct {
		name      string
		threshold int
		outcomes  []error
		want      State
	}{
		{"threshold reached", 3, []error{errBoom, errBoom, errBoom}, Open},
		{"one short of threshold", 3, []error{errBoom, errBoom}, Closed},
		{"a success resets the count", 3, []error{errBoom, errBoom, nil, errBoom, errBoom}, Closed},
		{"threshold 1 opens on the first failure", 1, []error{errBoom}, Open},
		{"threshold 0 behaves like 1", 0, []error{errBoom}, Open},
		{"successes never open it", 2, []error{nil, nil, nil}, Closed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := New(tt.threshold, time.Second, newClock().Now)
			for _, outcome := range tt.outcomes {
				b.Call(func() error { return outcome })
			}
			if got := b.State(); got != tt.want {
				t.Errorf("New(%d, ...) after outcomes %v: State() = %v, want %v", tt.threshold, tt.outcomes, got, tt.want)
			}
		})
	}
}

func TestOpenRejectsWithoutCalling(t *testing.T) {
	clock := newClock()
	b := New(2, 10*time.Second, clock.Now)
	tripOpen(b, 2)
	clock.Advance(9 * time.Second)
	called := false
	err := b.Call(func() error { called = true; return nil })
	if !errors.Is(err, ErrOpen) {
		t.Errorf("Call during the cool-down = %v, want ErrOpen", err)
	}
	if called {
		t.Errorf("Call during the cool-down ran fn; an open breaker must not call it")
	}
	if got := b.State(); got != Open {
		t.Errorf("State() during the cool-down = %v, want %v", got, Open)
	}
}

func TestHalfOpenTrial(t *testing.T) {
	tests := []struct {
		name  string
		trial error
		want  State
	}{
		{"successful trial closes the breaker", nil, Closed},
		{"failed trial opens it again", errBoom, Open},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			b := New(2, 10*time.Second, clock.Now)
			tripOpen(b, 2)
			clock.Advance(10 * time.Second)
			called := false
			err := b.Call(func() error { called = true; return tt.trial })
			if !called {
				t.Fatalf("after the cool-down the next Call must run fn as a trial, but fn was not called (Call returned %v)", err)
			}
			if !errors.Is(err, tt.trial) {
				t.Errorf("trial Call = %v, want fn's result %v", err, tt.trial)
			}
			if got := b.State(); got != tt.want {
				t.Errorf("State() after the trial = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFailedTrialRestartsTheCooldown(t *testing.T) {
	clock := newClock()
	b := New(1, 10*time.Second, clock.Now)
	tripOpen(b, 1)
	clock.Advance(15 * time.Second)
	b.Call(fail) // failed trial at t=15s: open until t=25s
	clock.Advance(9 * time.Second)
	if err := b.Call(succeed); !errors.Is(err, ErrOpen) {
		t.Errorf("Call 9s after a failed trial = %v, want ErrOpen (the cool-down starts again at the failed trial)", err)
	}
	clock.Advance(time.Second)
	if err := b.Call(succeed); err != nil {
		t.Errorf("Call 10s after a failed trial = %v, want nil (a new trial that succeeds)", err)
	}
	if got := b.State(); got != Closed {
		t.Errorf("State() after a successful second trial = %v, want %v", got, Closed)
	}
}

func TestClosedAgainNeedsAFullThreshold(t *testing.T) {
	clock := newClock()
	b := New(2, time.Second, clock.Now)
	tripOpen(b, 2)
	clock.Advance(time.Second)
	b.Call(succeed) // closes
	b.Call(fail)
	if got := b.State(); got != Closed {
		t.Errorf("one failure after closing again (threshold 2): State() = %v, want %v; the failure count must restart from zero", got, Closed)
	}
}

// TestCallsRunConcurrently checks that fn runs without the breaker's lock held:
// every caller must be inside fn at the same time.
func TestCallsRunConcurrently(t *testing.T) {
	const callers = 5
	b := New(100, time.Second, newClock().Now)
	var inside sync.WaitGroup
	inside.Add(callers)
	allInside := make(chan struct{})
	go func() { inside.Wait(); close(allInside) }()
	release := make(chan struct{})
	var done sync.WaitGroup
	allDone := make(chan struct{})
	for range callers {
		done.Add(1)
		go func() {
			defer done.Done()
			b.Call(func() error {
				inside.Done()
				<-release
				return nil
			})
		}()
	}
	go func() { done.Wait(); close(allDone) }()
	select {
	case <-allInside:
		close(release)
		<-allDone
	case <-allDone:
		t.Fatalf("all %d concurrent Calls returned before every one of them ran fn; a closed breaker must call fn", callers)
	case <-time.After(time.Second): // a deadline for failing, not a synchronisation
		t.Fatalf("%d concurrent Calls never were inside fn at the same time: do not hold the mutex while fn runs", callers)
	}
}

// TestHalfOpenAllowsOneTrialAtATime starts a trial that blocks, then checks that
// other callers are rejected while it runs.
func TestHalfOpenAllowsOneTrialAtATime(t *testing.T) {
	clock := newClock()
	b := New(1, time.Second, clock.Now)
	tripOpen(b, 1)
	clock.Advance(time.Second)

	inTrial := make(chan struct{})
	release := make(chan struct{})
	trialDone := make(chan error, 1)
	go func() {
		trialDone <- b.Call(func() error {
			close(inTrial)
			<-release
			return nil
		})
	}()
	select {
	case <-inTrial:
	case err := <-trialDone:
		t.Fatalf("the first Call after the cool-down returned %v without running fn as a trial", err)
	}
	if got := b.State(); got != HalfOpen {
		t.Errorf("State() while the trial runs = %v, want %v", got, HalfOpen)
	}

	const others = 8
	var wg sync.WaitGroup
	errs := make([]error, others)
	var mu sync.Mutex
	extraCalls := 0
	for i := range others {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = b.Call(func() error {
				mu.Lock()
				extraCalls++
				mu.Unlock()
				return nil
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if !errors.Is(err, ErrOpen) {
			t.Errorf("concurrent Call %d during the trial = %v, want ErrOpen", i, err)
		}
	}
	if extraCalls != 0 {
		t.Errorf("%d other callers ran fn during the half-open trial, want 0", extraCalls)
	}
	close(release)
	if err := <-trialDone; err != nil {
		t.Errorf("trial Call = %v, want nil", err)
	}
	if got := b.State(); got != Closed {
		t.Errorf("State() after the successful trial = %v, want %v", got, Closed)
	}
}

func TestConcurrentFailuresOpenOnce(t *testing.T) {
	clock := newClock()
	b := New(5, time.Minute, clock.Now)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.Call(fail)
		}()
	}
	wg.Wait()
	if got := b.State(); got != Open {
		t.Errorf("State() after 50 concurrent failures with threshold 5 = %v, want %v", got, Open)
	}
	if err := b.Call(succeed); !errors.Is(err, ErrOpen) {
		t.Errorf("Call after the breaker opened = %v, want ErrOpen", err)
	}
}

func TestStateString(t *testing.T) {
	for s, want := range map[State]string{Closed: "closed", Open: "open", HalfOpen: "half-open"} {
		if got := s.String(); got != want {
			t.Errorf("State(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}
