package tokenbucket

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock only moves when the test advances it.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// step is one call at a moment (measured from the bucket's creation).
type step struct {
	at   time.Duration
	call string // "Allow", "AllowN", "Tokens" or "Delay"
	n    int    // for AllowN
	want any    // bool, int or time.Duration
}

func (s step) String() string {
	if s.call == "AllowN" {
		return fmt.Sprintf("at %v: AllowN(%d)", s.at, s.n)
	}
	return fmt.Sprintf("at %v: %s()", s.at, s.call)
}

func TestBucketScenarios(t *testing.T) {
	tests := []struct {
		name     string
		capacity int
		every    time.Duration
		steps    []step
	}{
		{
			name: "the example from the instructions", capacity: 3, every: time.Second,
			steps: []step{
				{0, "AllowN", 3, true},
				{0, "Allow", 0, false},
				{0, "Delay", 0, time.Second},
				{400 * time.Millisecond, "Delay", 0, 600 * time.Millisecond},
				{1500 * time.Millisecond, "Allow", 0, true},
				{2 * time.Second, "Tokens", 0, 1},
				{10 * time.Second, "Tokens", 0, 3},
			},
		},
		{
			name: "starts full", capacity: 4, every: time.Minute,
			steps: []step{{0, "Tokens", 0, 4}, {0, "Delay", 0, time.Duration(0)}},
		},
		{
			name: "refuses when empty, without going negative", capacity: 2, every: time.Second,
			steps: []step{{0, "Allow", 0, true}, {0, "Allow", 0, true}, {0, "Allow", 0, false}, {0, "Allow", 0, false}, {0, "Tokens", 0, 0}},
		},
		{
			name: "AllowN takes all or nothing", capacity: 5, every: time.Second,
			steps: []step{{0, "AllowN", 3, true}, {0, "AllowN", 3, false}, {0, "Tokens", 0, 2}, {0, "AllowN", 2, true}, {0, "Tokens", 0, 0}},
		},
		{
			name: "AllowN above the capacity never succeeds", capacity: 3, every: time.Second,
			steps: []step{{time.Hour, "AllowN", 4, false}, {time.Hour, "Tokens", 0, 3}},
		},
		{
			name: "AllowN of zero or less takes nothing", capacity: 1, every: time.Second,
			steps: []step{{0, "Allow", 0, true}, {0, "AllowN", 0, true}, {0, "AllowN", -2, true}, {0, "Tokens", 0, 0}},
		},
		{
			name: "partial progress is kept", capacity: 3, every: time.Second,
			steps: []step{
				{0, "AllowN", 3, true},
				{1500 * time.Millisecond, "Allow", 0, true},
				{1500 * time.Millisecond, "Delay", 0, 500 * time.Millisecond},
				{3 * time.Second, "Allow", 0, true},
				{3 * time.Second, "Allow", 0, true},
				{3 * time.Second, "Allow", 0, false},
			},
		},
		{
			name: "a full bucket does not save up", capacity: 2, every: time.Second,
			steps: []step{
				{5500 * time.Millisecond, "Allow", 0, true},
				{5500 * time.Millisecond, "Tokens", 0, 1},
				{6 * time.Second, "Tokens", 0, 1},
				{6500 * time.Millisecond, "Tokens", 0, 2},
			},
		},
		{
			name: "steady rate after the burst", capacity: 1, every: 200 * time.Millisecond,
			steps: []step{
				{0, "Allow", 0, true},
				{100 * time.Millisecond, "Allow", 0, false},
				{200 * time.Millisecond, "Allow", 0, true},
				{300 * time.Millisecond, "Delay", 0, 100 * time.Millisecond},
				{400 * time.Millisecond, "Allow", 0, true},
				{599 * time.Millisecond, "Allow", 0, false},
				{600 * time.Millisecond, "Allow", 0, true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			start := clock.Now()
			b := NewBucket(tt.capacity, tt.every, clock)
			if b == nil {
				t.Fatalf("NewBucket returned nil")
			}
			for _, s := range tt.steps {
				clock.Advance(start.Add(s.at).Sub(clock.Now()))
				var got any
				switch s.call {
				case "Allow":
					got = b.Allow()
				case "AllowN":
					got = b.AllowN(s.n)
				case "Tokens":
					got = b.Tokens()
				case "Delay":
					got = b.Delay()
				}
				if got != s.want {
					t.Errorf("NewBucket(%d, %v): %v = %v, want %v", tt.capacity, tt.every, s, got, s.want)
				}
			}
		})
	}
}

func TestConcurrentAllowNeverExceedsTheCapacity(t *testing.T) {
	clock := newFakeClock()
	b := NewBucket(10, time.Second, clock)
	for round := range 3 {
		var allowed atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if b.Allow() {
					allowed.Add(1)
				}
				_ = b.Tokens()
				_ = b.Delay()
			}()
		}
		close(start)
		wg.Wait()
		want := int32(10)
		if round > 0 {
			want = 5 // 5 seconds of refill since the last round
		}
		if got := allowed.Load(); got != want {
			t.Errorf("round %d: 50 concurrent Allow() calls at the same instant: %d allowed, want %d", round, got, want)
		}
		clock.Advance(5 * time.Second)
	}
}
