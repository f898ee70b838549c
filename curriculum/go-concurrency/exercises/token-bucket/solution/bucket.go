package tokenbucket

import (
	"sync"
	"time"
)

// Clock tells the time. Production code uses the real clock; tests use a
// fake one.
type Clock interface {
	Now() time.Time
}

// Bucket is a token-bucket rate limiter. It is safe for concurrent use.
type Bucket struct {
	capacity int
	every    time.Duration
	clock    Clock

	mu     sync.Mutex // guards tokens and last
	tokens int
	last   time.Time // when the last token was added (or the bucket became full)
}

// NewBucket returns a full bucket of capacity tokens that gains one token
// every every, reading the time from clock.
func NewBucket(capacity int, every time.Duration, clock Clock) *Bucket {
	return &Bucket{capacity: capacity, every: every, clock: clock, tokens: capacity, last: clock.Now()}
}

// refill adds the tokens that dripped in since b.last. b.mu must be held.
func (b *Bucket) refill(now time.Time) {
	if b.tokens >= b.capacity {
		b.tokens = b.capacity
		b.last = now
		return
	}
	n := int(now.Sub(b.last) / b.every)
	if n <= 0 {
		return
	}
	b.tokens += n
	b.last = b.last.Add(time.Duration(n) * b.every)
	if b.tokens >= b.capacity {
		b.tokens = b.capacity
		b.last = now
	}
}

// Allow takes one token if there is one.
func (b *Bucket) Allow() bool {
	return b.AllowN(1)
}

// AllowN takes n tokens if that many are available, otherwise none.
func (b *Bucket) AllowN(n int) bool {
	if n <= 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(b.clock.Now())
	if n > b.tokens {
		return false
	}
	b.tokens -= n
	return true
}

// Tokens returns the number of tokens available now.
func (b *Bucket) Tokens() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(b.clock.Now())
	return b.tokens
}

// Delay returns how long until a token is available (0 if one is now).
func (b *Bucket) Delay() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.clock.Now()
	b.refill(now)
	if b.tokens >= 1 {
		return 0
	}
	return b.every - now.Sub(b.last)
}
