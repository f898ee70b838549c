package racefreedebouncer

import "time"

// Debouncer calls fn once, wait after the last call to Trigger.
//
// WARNING: this version has bugs and data races. Fix them.
type Debouncer struct {
	wait    time.Duration
	fn      func()
	timer   *time.Timer
	pending bool
	runs    int
}

// New returns an idle Debouncer.
func New(wait time.Duration, fn func()) *Debouncer {
	return &Debouncer{wait: wait, fn: fn}
}

// Trigger (re)starts the wait: fn runs wait after the last Trigger.
func (d *Debouncer) Trigger() {
	d.pending = true
	d.timer = time.AfterFunc(d.wait, d.fire)
}

// fire runs in the timer's goroutine.
func (d *Debouncer) fire() {
	d.pending = false
	d.runs++
	d.fn()
}

// Stop cancels the pending call, reporting whether there was one.
func (d *Debouncer) Stop() bool {
	if d.timer == nil {
		return false
	}
	d.pending = false
	return d.timer.Stop()
}

// Flush runs the pending call now, reporting whether there was one.
func (d *Debouncer) Flush() bool {
	if !d.pending {
		return false
	}
	d.fire()
	return true
}

// Runs returns how many times fn has been started.
func (d *Debouncer) Runs() int {
	return d.runs
}
