package sequencepipeline

import (
	"iter"
	"slices"
	"testing"
)

// collectN reads at most limit values directly from seq (without a for loop),
// so a sequence that ignores a false from yield is reported, not a panic.
func collectN[V any](t *testing.T, name string, seq iter.Seq[V], limit int) []V {
	t.Helper()
	var got []V
	stopped := false
	seq(func(v V) bool {
		if stopped {
			t.Errorf("%s called yield again after yield returned false", name)
			return false
		}
		got = append(got, v)
		if len(got) >= limit {
			stopped = true
			return false
		}
		return true
	})
	return got
}

// counted yields the values and counts how many were requested.
func counted[V any](values []V, pulls *int) iter.Seq[V] {
	return func(yield func(V) bool) {
		for _, v := range values {
			*pulls++
			if !yield(v) {
				return
			}
		}
	}
}

func isEven(n int) bool { return n%2 == 0 }

func TestCount(t *testing.T) {
	if got, want := collectN(t, "Count(1, 1)", Count(1, 1), 5), []int{1, 2, 3, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("first 5 values of Count(1, 1) = %v, want %v", got, want)
	}
	if got, want := collectN(t, "Count(10, -3)", Count(10, -3), 4), []int{10, 7, 4, 1}; !slices.Equal(got, want) {
		t.Errorf("first 4 values of Count(10, -3) = %v, want %v", got, want)
	}
	if got, want := collectN(t, "Count(0, 5)", Count(0, 5), 1), []int{0}; !slices.Equal(got, want) {
		t.Errorf("first value of Count(0, 5) = %v, want %v", got, want)
	}
}

func TestFilter(t *testing.T) {
	words := []string{"go", "iterator", "seq", "yield", "range"}
	long := func(s string) bool { return len(s) > 3 }
	if got, want := slices.Collect(Filter(slices.Values(words), long)), []string{"iterator", "yield", "range"}; !slices.Equal(got, want) {
		t.Errorf("Filter(%q, len > 3) = %q, want %q", words, got, want)
	}
	if got := slices.Collect(Filter(slices.Values([]int{1, 3, 5}), isEven)); len(got) != 0 {
		t.Errorf("Filter([1 3 5], isEven) = %v, want nothing", got)
	}
	if got, want := collectN(t, "Filter(Count(1, 1), isEven)", Filter(Count(1, 1), isEven), 3), []int{2, 4, 6}; !slices.Equal(got, want) {
		t.Errorf("first 3 values of Filter(Count(1, 1), isEven) = %v, want %v", got, want)
	}
}

func TestMap(t *testing.T) {
	double := func(n int) int { return 2 * n }
	if got, want := slices.Collect(Map(slices.Values([]int{1, 2, 3}), double)), []int{2, 4, 6}; !slices.Equal(got, want) {
		t.Errorf("Map([1 2 3], double) = %v, want %v", got, want)
	}
	length := func(s string) int { return len(s) }
	if got, want := slices.Collect(Map(slices.Values([]string{"a", "bcd", ""}), length)), []int{1, 3, 0}; !slices.Equal(got, want) {
		t.Errorf("Map([a bcd \"\"], len) = %v, want %v (types may change)", got, want)
	}
	if got, want := collectN(t, "Map(Count(1, 1), double)", Map(Count(1, 1), double), 2), []int{2, 4}; !slices.Equal(got, want) {
		t.Errorf("first 2 values of Map(Count(1, 1), double) = %v, want %v", got, want)
	}
}

func TestTake(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		want      []int
		wantPulls int
	}{
		{name: "fewer than available", n: 2, want: []int{10, 20}, wantPulls: 2},
		{name: "exactly all", n: 4, want: []int{10, 20, 30, 40}, wantPulls: 4},
		{name: "more than available", n: 9, want: []int{10, 20, 30, 40}, wantPulls: 4},
		{name: "zero takes nothing", n: 0, want: nil, wantPulls: 0},
		{name: "negative takes nothing", n: -1, want: nil, wantPulls: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pulls := 0
			got := slices.Collect(Take(counted([]int{10, 20, 30, 40}, &pulls), tt.n))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Take([10 20 30 40], %d) = %v, want %v", tt.n, got, tt.want)
			}
			if pulls != tt.wantPulls {
				t.Errorf("Take([10 20 30 40], %d) asked its input for %d values, want %d (do not ask for more than you need)", tt.n, pulls, tt.wantPulls)
			}
		})
	}

	t.Run("stops when the consumer stops", func(t *testing.T) {
		pulls := 0
		got := collectN(t, "Take", Take(counted([]int{1, 2, 3, 4, 5}, &pulls), 4), 2)
		if !slices.Equal(got, []int{1, 2}) || pulls != 2 {
			t.Errorf("reading 2 values of Take(seq, 4): got %v after %d pulls, want [1 2] after 2", got, pulls)
		}
	})

	t.Run("reusable", func(t *testing.T) {
		seq := Take(Count(5, 5), 3)
		first, second := slices.Collect(seq), slices.Collect(seq)
		if want := []int{5, 10, 15}; !slices.Equal(first, want) || !slices.Equal(second, want) {
			t.Errorf("collecting Take(Count(5, 5), 3) twice gave %v and %v, want %v both times", first, second, want)
		}
	})
}

func TestEnumerate(t *testing.T) {
	var idx []int
	var vals []string
	for i, v := range Enumerate(slices.Values([]string{"a", "b", "c"})) {
		idx = append(idx, i)
		vals = append(vals, v)
	}
	if !slices.Equal(idx, []int{0, 1, 2}) || !slices.Equal(vals, []string{"a", "b", "c"}) {
		t.Errorf("Enumerate([a b c]) gave indexes %v and values %q, want [0 1 2] and [a b c]", idx, vals)
	}

	calls := 0
	Enumerate(Count(100, 1))(func(i, v int) bool {
		calls++
		if calls > 3 {
			t.Errorf("Enumerate called yield again after yield returned false")
			return false
		}
		if i != calls-1 || v != 99+calls {
			t.Errorf("Enumerate(Count(100, 1)) pair %d = (%d, %d), want (%d, %d)", calls, i, v, calls-1, 99+calls)
		}
		return calls < 3
	})
	if calls != 3 {
		t.Errorf("Enumerate(Count(100, 1)) yielded %d pairs before stopping, want 3", calls)
	}
}

func TestPipeline(t *testing.T) {
	pulls := 0
	src := counted([]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, &pulls)
	squares := Map(Filter(src, isEven), func(n int) int { return n * n })
	var got []int
	for v := range Take(squares, 3) {
		got = append(got, v)
	}
	if want := []int{4, 16, 36}; !slices.Equal(got, want) {
		t.Errorf("Take(Map(Filter(1..10, isEven), square), 3) = %v, want %v", got, want)
	}
	if pulls != 6 {
		t.Errorf("the pipeline read %d values from its source, want 6 (everything is lazy)", pulls)
	}

	var early []int
	for v := range Map(Count(1, 1), func(n int) int { return n * 10 }) {
		if v > 30 {
			break
		}
		early = append(early, v)
	}
	if want := []int{10, 20, 30}; !slices.Equal(early, want) {
		t.Errorf("breaking out of Map(Count(1, 1), ×10) after 30 gave %v, want %v", early, want)
	}
}
