package circuitbreaker

import (
	"errors"
	"sync"
	"time"
)

// State is the position of a circuit breaker.
type State int

const (
	// Closed lets every call through and counts consecutive failures.
	Closed State = iota
	// Open rejects every call with ErrOpen until the cool-down has passed.
	Open
	// HalfOpen lets exactly one trial call through.
	HalfOpen
)

func (s State) String() string {
	switch s {
	case Closed:
		return "closed"
	case Open:
		return "open"
	case HalfOpen:
		return "half-open"
	}
	return "unknown"
}

// ErrOpen is returned, without calling the function, when the breaker rejects a call.
var ErrOpen = errors.New("circuit breaker is open")

// Breaker protects a fragile operation. It is safe for concurrent use.
type Breaker struct {
	threshold int
	cooldown  time.Duration
	now       func() time.Time

	mu       sync.Mutex
	state    State
	failures int
	openedAt time.Time
}

// New returns a closed breaker that opens after threshold consecutive
// failures (a threshold below 1 counts as 1) and stays open for cooldown,
// reading the time from now.
func New(threshold int, cooldown time.Duration, now func() time.Time) *Breaker {
	return &Breaker{threshold: max(threshold, 1), cooldown: cooldown, now: now}
}

// State reports the breaker's current state.
func (b *Breaker) State() State {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state
}

// Call runs fn if the breaker allows it and records the outcome.
func (b *Breaker) Call(fn func() error) error {
	trial, err := b.admit()
	if err != nil {
		return err
	}
	err = fn()
	b.record(trial, err)
	return err
}

// admit decides, under the lock, whether a call may run and whether it is the trial call.
func (b *Breaker) admit() (trial bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case Closed:
		return false, nil
	case Open:
		if b.now().Sub(b.openedAt) < b.cooldown {
			return false, ErrOpen
		}
		b.state = HalfOpen
		return true, nil
	default: // HalfOpen: a trial is already running.
		return false, ErrOpen
	}
}

func (b *Breaker) record(trial bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if trial {
		if err != nil {
			b.state, b.openedAt = Open, b.now()
		} else {
			b.state, b.failures = Closed, 0
		}
		return
	}
	if b.state != Closed {
		// The breaker opened while this call was running; its result changes nothing.
		return
	}
	if err == nil {
		b.failures = 0
		return
	}
	b.failures++
	if b.failures >= b.threshold {
		b.state, b.openedAt, b.failures = Open, b.now(), 0
	}
}
