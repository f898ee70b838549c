package atomicmetrics

import "time"

// Latency records request durations. Its zero value is ready to use and it
// is safe for concurrent use without locks.
type Latency struct {
	// TODO: atomic fields for the count, the total and the maximum.
}

// Observe records one duration. Negative durations are ignored.
func (l *Latency) Observe(d time.Duration) {
	// TODO
}

// Count returns how many durations were recorded.
func (l *Latency) Count() int64 {
	// TODO
	return 0
}

// Mean returns the average recorded duration, or 0 if there is none.
func (l *Latency) Mean() time.Duration {
	// TODO
	return 0
}

// Max returns the largest recorded duration, or 0 if there is none.
func (l *Latency) Max() time.Duration {
	// TODO
	return 0
}

// Job is a background job that never runs twice at the same time. Its zero
// value is idle.
type Job struct {
	// TODO: an atomic flag.
}

// TryStart marks the job running and returns true if it was idle; it returns
// false if the job is already running.
func (j *Job) TryStart() bool {
	// TODO: compare-and-swap.
	return false
}

// Finish marks the job idle.
func (j *Job) Finish() {
	// TODO
}

// Running reports whether the job is running.
func (j *Job) Running() bool {
	// TODO
	return false
}
