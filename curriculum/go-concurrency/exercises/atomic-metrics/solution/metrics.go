package atomicmetrics

import (
	"sync/atomic"
	"time"
)

// Latency records request durations. Its zero value is ready to use and it
// is safe for concurrent use without locks.
type Latency struct {
	count atomic.Int64
	total atomic.Int64 // nanoseconds
	max   atomic.Int64 // nanoseconds
}

// Observe records one duration. Negative durations are ignored.
func (l *Latency) Observe(d time.Duration) {
	if d < 0 {
		return
	}
	l.count.Add(1)
	l.total.Add(int64(d))
	for {
		cur := l.max.Load()
		if int64(d) <= cur || l.max.CompareAndSwap(cur, int64(d)) {
			return
		}
	}
}

// Count returns how many durations were recorded.
func (l *Latency) Count() int64 {
	return l.count.Load()
}

// Mean returns the average recorded duration, or 0 if there is none.
func (l *Latency) Mean() time.Duration {
	n := l.count.Load()
	if n == 0 {
		return 0
	}
	return time.Duration(l.total.Load() / n)
}

// Max returns the largest recorded duration, or 0 if there is none.
func (l *Latency) Max() time.Duration {
	return time.Duration(l.max.Load())
}

// Job is a background job that never runs twice at the same time. Its zero
// value is idle.
type Job struct {
	running atomic.Bool
}

// TryStart marks the job running and returns true if it was idle; it returns
// false if the job is already running.
func (j *Job) TryStart() bool {
	return j.running.CompareAndSwap(false, true)
}

// Finish marks the job idle.
func (j *Job) Finish() {
	j.running.Store(false)
}

// Running reports whether the job is running.
func (j *Job) Running() bool {
	return j.running.Load()
}
