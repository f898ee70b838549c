package scattergather

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// barrier returns a function that blocks until n calls are waiting in it at
// the same time. If the calls never overlap (for example because they run one
// after another), it reports a failure after half a second instead of
// hanging, and from then on lets every call through at once.
func barrier(t *testing.T, n int) func() {
	var arrived sync.WaitGroup
	arrived.Add(n)
	all := make(chan struct{})
	go func() { arrived.Wait(); close(all) }()
	giveUp := time.After(500 * time.Millisecond) // a deadline for failing, not a synchronisation
	gaveUp := make(chan struct{})
	var once sync.Once
	return func() {
		arrived.Done()
		select {
		case <-all:
		case <-gaveUp:
		case <-giveUp:
			once.Do(func() {
				t.Errorf("the calls of f did not all run at the same time; start one goroutine per input")
				close(gaveUp)
			})
		}
	}
}

func TestMapAll(t *testing.T) {
	tests := []struct {
		name   string
		inputs []string
		want   []string
	}{
		{name: "results keep the input order", inputs: []string{"a", "bb", "ccc"}, want: []string{"A", "BB", "CCC"}},
		{name: "a single input", inputs: []string{"go"}, want: []string{"GO"}},
		{name: "many inputs", inputs: strings.Split("the quick brown fox jumps over the lazy dog", " "), want: strings.Split("THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG", " ")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wait := barrier(t, len(tt.inputs))
			got := MapAll(tt.inputs, func(s string) string {
				wait()
				return strings.ToUpper(s)
			})
			if !slices.Equal(got, tt.want) {
				t.Errorf("MapAll(%q, ToUpper) = %q, want %q", tt.inputs, got, tt.want)
			}
		})
	}
}

func TestMapAllWithNoInputsNeverCallsF(t *testing.T) {
	var calls atomic.Int32
	got := MapAll(nil, func(s string) string { calls.Add(1); return s })
	if len(got) != 0 || calls.Load() != 0 {
		t.Errorf("MapAll(nil, f) = %q with %d calls of f, want an empty result and no calls", got, calls.Load())
	}
}

func TestMapAllWaitsForEveryCall(t *testing.T) {
	var finished atomic.Int32
	inputs := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	MapAll(inputs, func(s string) string {
		defer finished.Add(1)
		return s
	})
	if got := finished.Load(); got != int32(len(inputs)) {
		t.Errorf("MapAll returned when %d of %d calls had finished, want all of them", got, len(inputs))
	}
}

func double(n int) (int, error) {
	if n < 0 {
		return 0, fmt.Errorf("negative input %d", n)
	}
	return 2 * n, nil
}

func TestGather(t *testing.T) {
	tests := []struct {
		name    string
		inputs  []int
		want    []int
		wantErr string // "" means no error
	}{
		{name: "every call succeeds", inputs: []int{1, 2, 3}, want: []int{2, 4, 6}},
		{name: "one failure", inputs: []int{4, -1, 5}, want: []int{8, 0, 10}, wantErr: "negative input -1"},
		{name: "errors are joined in input order", inputs: []int{1, -2, -3}, want: []int{2, 0, 0}, wantErr: "negative input -2\nnegative input -3"},
		{name: "no inputs", inputs: []int{}, want: []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wait := barrier(t, len(tt.inputs))
			got, err := Gather(tt.inputs, func(n int) (int, error) {
				wait()
				return double(n)
			})
			if len(got) != len(tt.want) || !slices.Equal(got, tt.want) {
				t.Errorf("Gather(%v, double) results = %v, want %v", tt.inputs, got, tt.want)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Gather(%v, double) error = %q, want nil", tt.inputs, err)
			case tt.wantErr != "" && err == nil:
				t.Errorf("Gather(%v, double) error = nil, want %q", tt.inputs, tt.wantErr)
			case tt.wantErr != "" && err.Error() != tt.wantErr:
				t.Errorf("Gather(%v, double) error = %q, want %q", tt.inputs, err, tt.wantErr)
			}
		})
	}
}

func TestGatherKeepsTheOriginalErrors(t *testing.T) {
	errBroken := errors.New("broken")
	_, err := Gather([]int{1, 2}, func(n int) (int, error) {
		if n == 2 {
			return 0, errBroken
		}
		return n, nil
	})
	if !errors.Is(err, errBroken) {
		t.Errorf("Gather error = %v; errors.Is(err, errBroken) = false, want true (use errors.Join)", err)
	}
}
