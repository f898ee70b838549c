package orderedtreewalk

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"
	"testing"
)

func sample() *Tree[int, string] {
	var t Tree[int, string]
	for _, k := range []int{50, 30, 70, 20, 40, 60, 80, 35, 45} {
		t.Put(k, "v"+strconv.Itoa(k))
	}
	return &t
}

// pairs collects a Seq2 with a plain for loop.
func pairs(seq iter.Seq2[int, string]) ([]int, []string) {
	var keys []int
	var vals []string
	for k, v := range seq {
		keys = append(keys, k)
		vals = append(vals, v)
	}
	return keys, vals
}

// firstN calls seq directly and stops after n pairs, reporting any yield after false.
func firstN(t *testing.T, name string, seq iter.Seq2[int, string], n int) []int {
	t.Helper()
	var keys []int
	done := false
	seq(func(k int, _ string) bool {
		if done {
			t.Errorf("%s called yield again (key %d) after yield returned false", name, k)
			return false
		}
		keys = append(keys, k)
		done = len(keys) >= n
		return !done
	})
	return keys
}

func TestAll(t *testing.T) {
	keys, vals := pairs(sample().All())
	wantKeys := []int{20, 30, 35, 40, 45, 50, 60, 70, 80}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("All() keys = %v, want %v", keys, wantKeys)
	}
	for i, k := range keys {
		if i < len(vals) && vals[i] != fmt.Sprintf("v%d", k) {
			t.Errorf("All() paired key %d with %q, want %q", k, vals[i], fmt.Sprintf("v%d", k))
		}
	}

	var empty Tree[int, string]
	if k, _ := pairs(empty.All()); len(k) != 0 {
		t.Errorf("All() on an empty tree yielded keys %v, want none", k)
	}
}

func TestAllStopsEarly(t *testing.T) {
	tree := sample()
	for n := 1; n <= 9; n++ {
		got := firstN(t, "All()", tree.All(), n)
		want := []int{20, 30, 35, 40, 45, 50, 60, 70, 80}[:n]
		if !slices.Equal(got, want) {
			t.Errorf("stopping All() after %d pairs gave %v, want %v", n, got, want)
		}
	}

	var seen []int
	for k := range tree.All() {
		if k > 40 {
			break
		}
		seen = append(seen, k)
	}
	if want := []int{20, 30, 35, 40}; !slices.Equal(seen, want) {
		t.Errorf("breaking out of All() after key 40 gave %v, want %v", seen, want)
	}
}

func TestBackward(t *testing.T) {
	keys, _ := pairs(sample().Backward())
	if want := []int{80, 70, 60, 50, 45, 40, 35, 30, 20}; !slices.Equal(keys, want) {
		t.Errorf("Backward() keys = %v, want %v", keys, want)
	}
	for n := 1; n <= 4; n++ {
		got := firstN(t, "Backward()", sample().Backward(), n)
		if want := []int{80, 70, 60, 50}[:n]; !slices.Equal(got, want) {
			t.Errorf("stopping Backward() after %d pairs gave %v, want %v", n, got, want)
		}
	}
}

func TestKeys(t *testing.T) {
	var words Tree[string, int]
	for i, w := range []string{"pear", "fig", "apple", "plum", "fig"} {
		words.Put(w, i)
	}
	if got, want := slices.Collect(words.Keys()), []string{"apple", "fig", "pear", "plum"}; !slices.Equal(got, want) {
		t.Errorf("Keys() = %q, want %q", got, want)
	}
	calls := 0
	words.Keys()(func(string) bool {
		calls++
		if calls > 2 {
			t.Errorf("Keys() called yield again after yield returned false")
		}
		return calls < 2
	})
	if calls != 2 {
		t.Errorf("Keys() yielded %d keys before stopping, want 2", calls)
	}
}

func TestBetween(t *testing.T) {
	tree := sample()
	tests := []struct {
		lo, hi int
		want   []int
	}{
		{35, 65, []int{35, 40, 45, 50, 60}},
		{0, 100, []int{20, 30, 35, 40, 45, 50, 60, 70, 80}},
		{21, 30, nil},
		{30, 31, []int{30}},
		{80, 81, []int{80}},
		{50, 50, nil},
		{70, 40, nil},
		{81, 200, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("[%d,%d)", tt.lo, tt.hi), func(t *testing.T) {
			got, _ := pairs(tree.Between(tt.lo, tt.hi))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Between(%d, %d) keys = %v, want %v", tt.lo, tt.hi, got, tt.want)
			}
		})
	}
	t.Run("values come along", func(t *testing.T) {
		got := maps.Collect(tree.Between(40, 51))
		want := map[int]string{40: "v40", 45: "v45", 50: "v50"}
		if !maps.Equal(got, want) {
			t.Errorf("maps.Collect(Between(40, 51)) = %v, want %v", got, want)
		}
	})
	t.Run("stops early", func(t *testing.T) {
		if got := firstN(t, "Between(0, 100)", tree.Between(0, 100), 3); !slices.Equal(got, []int{20, 30, 35}) {
			t.Errorf("stopping Between(0, 100) after 3 pairs gave %v, want [20 30 35]", got)
		}
	})
}

func TestSameKeys(t *testing.T) {
	build := func(keys ...int) *Tree[int, string] {
		var t Tree[int, string]
		for _, k := range keys {
			t.Put(k, "x")
		}
		return &t
	}
	var scores Tree[int, float64]
	for _, k := range []int{20, 80, 50} {
		scores.Put(k, float64(k)/10)
	}

	if !SameKeys(build(50, 20, 80), &scores) {
		t.Errorf("SameKeys({50 20 80}, {20 80 50} with other values) = false, want true (shape and values do not matter)")
	}
	if !SameKeys(build(), &Tree[int, float64]{}) {
		t.Errorf("SameKeys of two empty trees = false, want true")
	}
	if SameKeys(build(20, 50), &scores) {
		t.Errorf("SameKeys({20 50}, {20 50 80}) = true, want false (b has an extra key)")
	}
	if SameKeys(build(20, 50, 80, 90), &scores) {
		t.Errorf("SameKeys({20 50 80 90}, {20 50 80}) = true, want false (a has an extra key)")
	}
	if SameKeys(build(20, 50, 81), &scores) {
		t.Errorf("SameKeys({20 50 81}, {20 50 80}) = true, want false")
	}
}
