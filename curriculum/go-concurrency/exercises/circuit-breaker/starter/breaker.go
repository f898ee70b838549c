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

	mu sync.Mutex
	// TODO: add the fields you need (state, failure count, when it opened...).
}

// New returns a closed breaker that opens after threshold consecutive
// failures (a threshold below 1 counts as 1) and stays open for cooldown,
// reading the time from now.
func New(threshold int, cooldown time.Duration, now func() time.Time) *Breaker {
	return &Breaker{threshold: max(threshold, 1), cooldown: cooldown, now: now}
}

// State reports the breaker's current state.
func (b *Breaker) State() State {
	// TODO: read the state under the mutex.
	return Closed
}

// Call runs fn if the breaker allows it and records the outcome.
func (b *Breaker) Call(fn func() error) error {
	// TODO: decide under the lock, call fn WITHOUT holding the lock, then record the result.
	return nil
}
