package calltracer

import (
	"fmt"
	"slices"
	"testing"
)

func TestCounterCounts(t *testing.T) {
	next, _ := Counter()
	for want := 1; want <= 4; want++ {
		if got := next(); got != want {
			t.Fatalf("call %d of next() = %d, want %d", want, got, want)
		}
	}
}

func TestCounterReset(t *testing.T) {
	next, reset := Counter()
	next()
	next()
	next()
	reset()
	if got := next(); got != 1 {
		t.Errorf("after three calls of next() and reset(), next() = %d, want 1", got)
	}
	if got := next(); got != 2 {
		t.Errorf("after reset() and one next(), next() = %d, want 2", got)
	}
}

func TestCountersAreIndependent(t *testing.T) {
	nextA, resetA := Counter()
	nextB, _ := Counter()
	nextA()
	nextA()
	if got := nextB(); got != 1 {
		t.Errorf("a second counter's first next() = %d, want 1 (each Counter() needs its own count)", got)
	}
	resetA()
	if got := nextB(); got != 2 {
		t.Errorf("resetting one counter changed another: its next() = %d, want 2", got)
	}
}

func load(log *[]string) {
	defer Enter(log, "load")()
	*log = append(*log, "working")
}

func pipeline(log *[]string) {
	defer Enter(log, "pipeline")()
	load(log)
	func() {
		defer Enter(log, "save")()
	}()
}

func TestEnter(t *testing.T) {
	t.Run("enter is logged at once, exit only when called", func(t *testing.T) {
		var log []string
		exit := Enter(&log, "parse")
		if want := []string{"enter parse"}; !slices.Equal(log, want) {
			t.Fatalf(`after Enter(&log, "parse"), log = %q, want %q`, log, want)
		}
		exit()
		if want := []string{"enter parse", "exit parse"}; !slices.Equal(log, want) {
			t.Errorf(`after calling the function returned by Enter, log = %q, want %q`, log, want)
		}
	})
	t.Run("deferred in one function", func(t *testing.T) {
		var log []string
		load(&log)
		if want := []string{"enter load", "working", "exit load"}; !slices.Equal(log, want) {
			t.Errorf("log = %q, want %q", log, want)
		}
	})
	t.Run("nested calls", func(t *testing.T) {
		var log []string
		pipeline(&log)
		want := []string{"enter pipeline", "enter load", "working", "exit load", "enter save", "exit save", "exit pipeline"}
		if !slices.Equal(log, want) {
			t.Errorf("log = %q\nwant  %q", log, want)
		}
	})
}

func TestCountdown(t *testing.T) {
	tests := []struct {
		n    int
		want []int
	}{
		{1, []int{0}},
		{3, []int{2, 1, 0}},
		{5, []int{4, 3, 2, 1, 0}},
		{0, nil},
		{-2, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("n=%d", tt.n), func(t *testing.T) {
			if got := Countdown(tt.n); !slices.Equal(got, tt.want) {
				t.Errorf("Countdown(%d) = %v, want %v", tt.n, got, tt.want)
			}
		})
	}
}

func TestSafeCall(t *testing.T) {
	zero := 0
	tests := []struct {
		name   string
		f      func() int
		want   int
		wantOK bool
	}{
		{"returns the result", func() int { return 42 }, 42, true},
		{"a zero result is still ok", func() int { return 0 }, 0, true},
		{"negative result", func() int { return -7 }, -7, true},
		{"recovers from panic", func() int { panic("boom") }, 0, false},
		{"recovers from a division by zero", func() int { return 10 / zero }, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := SafeCall(tt.f)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("SafeCall(f) = %d, %v; want %d, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
