package wordcountmapreduce

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestWordCount(t *testing.T) {
	tests := []struct {
		name    string
		docs    []string
		workers int
		want    []Pair[string, int]
	}{
		{
			name:    "counts across documents, sorted by word",
			docs:    []string{"the cat sat", "the dog sat down", "a cat"},
			workers: 2,
			want:    []Pair[string, int]{{"a", 1}, {"cat", 2}, {"dog", 1}, {"down", 1}, {"sat", 2}, {"the", 2}},
		},
		{
			name:    "case and punctuation are ignored",
			docs:    []string{"Go, go; GO!", "(go) stop."},
			workers: 3,
			want:    []Pair[string, int]{{"go", 4}, {"stop", 1}},
		},
		{
			name:    "digits belong to words",
			docs:    []string{"route 66 and route66"},
			workers: 1,
			want:    []Pair[string, int]{{"66", 1}, {"and", 1}, {"route", 1}, {"route66", 1}},
		},
		{
			name:    "letters beyond ASCII",
			docs:    []string{"Élan élan café"},
			workers: 2,
			want:    []Pair[string, int]{{"café", 1}, {"élan", 2}},
		},
		{
			name:    "more workers than documents",
			docs:    []string{"one", "two two"},
			workers: 16,
			want:    []Pair[string, int]{{"one", 1}, {"two", 2}},
		},
		{
			name:    "zero workers counts as one",
			docs:    []string{"x y x"},
			workers: 0,
			want:    []Pair[string, int]{{"x", 2}, {"y", 1}},
		},
		{
			name:    "no documents, no words",
			docs:    nil,
			workers: 4,
			want:    nil,
		},
		{
			name:    "documents without words",
			docs:    []string{"", "  ...  ", "!?"},
			workers: 2,
			want:    nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := WordCount(tt.docs, tt.workers)
			if !slices.Equal(got, tt.want) && (len(got) != 0 || len(tt.want) != 0) {
				t.Errorf("WordCount(%q, %d) = %v, want %v", tt.docs, tt.workers, got, tt.want)
			}
		})
	}
}

// TestValuesKeepInputOrder checks the shuffle: each key's values reach the
// reducer in input order (and, within one input, in the order the mapper
// emitted them), however the goroutines happen to be scheduled.
func TestValuesKeepInputOrder(t *testing.T) {
	inputs := []string{"a1 b1 a2", "b2", "a3 c1", "c2 b3 a4", "a5"}
	mapFn := func(s string) []Pair[string, string] {
		var out []Pair[string, string]
		for _, tok := range strings.Fields(s) {
			out = append(out, Pair[string, string]{Key: tok[:1], Value: tok})
		}
		return out
	}
	reduceFn := func(_ string, vs []string) string { return strings.Join(vs, ",") }
	want := []Pair[string, string]{{"a", "a1,a2,a3,a4,a5"}, {"b", "b1,b2,b3"}, {"c", "c1,c2"}}
	for run := range 20 {
		got := MapReduce(inputs, 4, mapFn, reduceFn)
		if !slices.Equal(got, want) {
			t.Fatalf("run %d: MapReduce(%q, 4, first letter -> token, join) = %v, want %v", run, inputs, got, want)
		}
	}
}

func TestEveryInputMappedAndEveryKeyReducedOnce(t *testing.T) {
	inputs := make([]int, 100)
	for i := range inputs {
		inputs[i] = i
	}
	var mu sync.Mutex
	mappedCount := map[int]int{}
	reducedCount := map[int]int{}
	mapFn := func(n int) []Pair[int, int] {
		mu.Lock()
		mappedCount[n]++
		mu.Unlock()
		return []Pair[int, int]{{Key: n % 7, Value: n}}
	}
	reduceFn := func(k int, vs []int) int {
		mu.Lock()
		reducedCount[k]++
		mu.Unlock()
		return len(vs)
	}
	got := MapReduce(inputs, 5, mapFn, reduceFn)
	for i := range inputs {
		if mappedCount[i] != 1 {
			t.Errorf("input %d was mapped %d times, want 1", i, mappedCount[i])
		}
	}
	for k := range 7 {
		if reducedCount[k] != 1 {
			t.Errorf("key %d was reduced %d times, want 1", k, reducedCount[k])
		}
	}
	want := []Pair[int, int]{{0, 15}, {1, 15}, {2, 14}, {3, 14}, {4, 14}, {5, 14}, {6, 14}}
	if !slices.Equal(got, want) {
		t.Errorf("MapReduce(0..99, 5, n -> (n%%7, n), count) = %v, want %v", got, want)
	}
}

// gate is called at the start of every mapFn or reduceFn call. It tracks how many
// calls run at once, and makes the first `workers` calls wait for each other, which
// proves the calls really run in parallel.
type gate struct {
	workers        int
	entered        atomic.Int64
	active, peak   atomic.Int64
	arrived        sync.WaitGroup
	allIn          chan struct{}
	notConcurrent  atomic.Bool
	startAllInOnce sync.Once
	gaveUp         chan struct{} // closed after the first timeout, so later calls do not wait again
	giveUpOnce     sync.Once
}

func newGate(workers int) *gate {
	g := &gate{workers: workers, allIn: make(chan struct{}), gaveUp: make(chan struct{})}
	g.arrived.Add(workers)
	return g
}

func (g *gate) enter() {
	g.startAllInOnce.Do(func() {
		go func() { g.arrived.Wait(); close(g.allIn) }()
	})
	n := g.active.Add(1)
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			break
		}
	}
	if g.entered.Add(1) <= int64(g.workers) {
		g.arrived.Done()
		select {
		case <-g.allIn:
		case <-g.gaveUp:
		case <-time.After(time.Second): // a deadline for failing, not a synchronisation
			g.notConcurrent.Store(true)
			g.giveUpOnce.Do(func() { close(g.gaveUp) })
		}
	}
}

func (g *gate) leave() { g.active.Add(-1) }

func TestWorkersRunInParallelWithinTheLimit(t *testing.T) {
	const workers = 3
	inputs := make([]int, 12)
	for i := range inputs {
		inputs[i] = i
	}
	mapGate, reduceGate := newGate(workers), newGate(workers)
	var mapsDone atomic.Int64
	var reduceTooEarly atomic.Bool
	mapFn := func(n int) []Pair[string, int] {
		mapGate.enter()
		defer mapGate.leave()
		defer mapsDone.Add(1)
		return []Pair[string, int]{{Key: fmt.Sprintf("k%02d", n%6), Value: n}}
	}
	reduceFn := func(k string, vs []int) int {
		if mapsDone.Load() != int64(len(inputs)) {
			reduceTooEarly.Store(true)
		}
		reduceGate.enter()
		defer reduceGate.leave()
		return len(vs)
	}
	got := MapReduce(inputs, workers, mapFn, reduceFn)

	if len(got) != 6 {
		t.Errorf("MapReduce returned %d pairs, want 6 (one per key)", len(got))
	}
	for name, g := range map[string]*gate{"mapFn": mapGate, "reduceFn": reduceGate} {
		if g.entered.Load() == 0 {
			t.Errorf("%s was never called", name)
			continue
		}
		if p := g.peak.Load(); p > workers {
			t.Errorf("up to %d %s calls ran at once, want at most %d", p, name, workers)
		}
		if g.notConcurrent.Load() {
			t.Errorf("the first %d %s calls never ran at the same time: use %d goroutines", workers, name, workers)
		}
	}
	if reduceTooEarly.Load() {
		t.Errorf("reduceFn was called before every input had been mapped: the shuffle needs all map results first")
	}
}
