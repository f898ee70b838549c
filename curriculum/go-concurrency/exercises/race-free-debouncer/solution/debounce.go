package racefreedebouncer

import (
	"sync"
	"time"
)

// Debouncer calls fn once, wait after the last call to Trigger.
type Debouncer struct {
	wait time.Duration
	fn   func()

	mu      sync.Mutex // guards the fields below
	timer   *time.Timer
	gen     int // number of the currently scheduled call
	pending bool
	runs    int
}

// New returns an idle Debouncer.
func New(wait time.Duration, fn func()) *Debouncer {
	return &Debouncer{wait: wait, fn: fn}
}

// Trigger (re)starts the wait: fn runs wait after the last Trigger.
func (d *Debouncer) Trigger() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	d.pending = true
	if d.timer != nil {
		d.timer.Stop()
	}
	gen := d.gen
	d.timer = time.AfterFunc(d.wait, func() { d.fire(gen) })
}

// fire runs in the timer's goroutine. It does nothing if the call it was
// scheduled for has since been replaced, stopped or flushed.
func (d *Debouncer) fire(gen int) {
	d.mu.Lock()
	if gen != d.gen || !d.pending {
		d.mu.Unlock()
		return
	}
	d.pending = false
	d.runs++
	d.mu.Unlock()
	d.fn()
}

// Stop cancels the pending call, reporting whether there was one.
func (d *Debouncer) Stop() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.pending {
		return false
	}
	d.pending = false
	d.gen++
	d.timer.Stop()
	return true
}

// Flush runs the pending call now, reporting whether there was one.
func (d *Debouncer) Flush() bool {
	d.mu.Lock()
	if !d.pending {
		d.mu.Unlock()
		return false
	}
	d.pending = false
	d.gen++
	d.timer.Stop()
	d.runs++
	d.mu.Unlock()
	d.fn()
	return true
}

// Runs returns how many times fn has been started.
func (d *Debouncer) Runs() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.runs
}
