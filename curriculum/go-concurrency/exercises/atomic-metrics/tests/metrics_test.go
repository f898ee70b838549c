package atomicmetrics

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLatency(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name      string
		observe   []time.Duration
		wantCount int64
		wantMean  time.Duration
		wantMax   time.Duration
	}{
		{name: "nothing recorded", observe: nil, wantCount: 0, wantMean: 0, wantMax: 0},
		{name: "one duration", observe: []time.Duration{40 * ms}, wantCount: 1, wantMean: 40 * ms, wantMax: 40 * ms},
		{name: "several durations", observe: []time.Duration{10 * ms, 30 * ms, 20 * ms}, wantCount: 3, wantMean: 20 * ms, wantMax: 30 * ms},
		{name: "mean rounds down", observe: []time.Duration{1, 2}, wantCount: 2, wantMean: 1, wantMax: 2},
		{name: "negative durations are ignored", observe: []time.Duration{-5 * ms, 10 * ms, -1}, wantCount: 1, wantMean: 10 * ms, wantMax: 10 * ms},
		{name: "zero durations count", observe: []time.Duration{0, 0, 6 * ms}, wantCount: 3, wantMean: 2 * ms, wantMax: 6 * ms},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l Latency
			for _, d := range tt.observe {
				l.Observe(d)
			}
			if got := l.Count(); got != tt.wantCount {
				t.Errorf("after Observe %v: Count() = %d, want %d", tt.observe, got, tt.wantCount)
			}
			if got := l.Mean(); got != tt.wantMean {
				t.Errorf("after Observe %v: Mean() = %v, want %v", tt.observe, got, tt.wantMean)
			}
			if got := l.Max(); got != tt.wantMax {
				t.Errorf("after Observe %v: Max() = %v, want %v", tt.observe, got, tt.wantMax)
			}
		})
	}
}

func TestLatencyConcurrentObserve(t *testing.T) {
	var l Latency
	var wg sync.WaitGroup
	const goroutines, each = 50, 20
	start := make(chan struct{})
	for g := range goroutines {
		wg.Go(func() {
			<-start
			for i := range each {
				// every value from 1ms to 1000ms exactly once, in a scattered order
				l.Observe(time.Duration(1+(i*goroutines+g)*7919%1000) * time.Millisecond)
				_ = l.Max()
			}
		})
	}
	close(start)
	wg.Wait()
	if got := l.Count(); got != goroutines*each {
		t.Errorf("after %d concurrent Observe calls, Count() = %d, want %d", goroutines*each, got, goroutines*each)
	}
	if got, want := l.Max(), 1000*time.Millisecond; got != want {
		t.Errorf("after observing 1ms..1000ms concurrently, Max() = %v, want %v", got, want)
	}
	if got, want := l.Mean(), 500500*time.Microsecond; got != want {
		t.Errorf("after observing 1ms..1000ms concurrently, Mean() = %v, want %v", got, want)
	}
}

func TestJob(t *testing.T) {
	var j Job
	if j.Running() {
		t.Fatalf("the zero Job: Running() = true, want false")
	}
	if !j.TryStart() {
		t.Fatalf("TryStart() on an idle job = false, want true")
	}
	if !j.Running() {
		t.Errorf("after TryStart(): Running() = false, want true")
	}
	if j.TryStart() {
		t.Errorf("TryStart() on a running job = true, want false")
	}
	j.Finish()
	if j.Running() {
		t.Errorf("after Finish(): Running() = true, want false")
	}
	if !j.TryStart() {
		t.Errorf("TryStart() after Finish() = false, want true")
	}
}

func TestJobOnlyOneConcurrentStartWins(t *testing.T) {
	for round := range 5 {
		var j Job
		var wins atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 100 {
			wg.Go(func() {
				<-start
				if j.TryStart() {
					wins.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		if got := wins.Load(); got != 1 {
			t.Errorf("round %d: 100 concurrent TryStart() calls on an idle job: %d returned true, want exactly 1", round, got)
		}
	}
}
