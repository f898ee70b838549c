package tokenbucket

import "time"

// Clock tells the time. Production code uses the real clock; tests use a
// fake one.
type Clock interface {
	Now() time.Time
}

// Bucket is a token-bucket rate limiter. It is safe for concurrent use.
type Bucket struct {
	// TODO: capacity, every, clock, tokens, the time of the last refill, a mutex.
}

// NewBucket returns a full bucket of capacity tokens that gains one token
// every every, reading the time from clock.
func NewBucket(capacity int, every time.Duration, clock Clock) *Bucket {
	// TODO
	return &Bucket{}
}

// Allow takes one token if there is one.
func (b *Bucket) Allow() bool {
	// TODO
	return false
}

// AllowN takes n tokens if that many are available, otherwise none.
func (b *Bucket) AllowN(n int) bool {
	// TODO
	return false
}

// Tokens returns the number of tokens available now.
func (b *Bucket) Tokens() int {
	// TODO
	return 0
}

// Delay returns how long until a token is available (0 if one is now).
func (b *Bucket) Delay() time.Duration {
	// TODO
	return 0
}
