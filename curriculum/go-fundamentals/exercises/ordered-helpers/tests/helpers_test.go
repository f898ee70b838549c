package orderedhelpers

import (
	"maps"
	"testing"
	"time"
)

type Celsius float64

type Score int

func TestSum(t *testing.T) {
	if got := Sum([]int{3, 4, 5}); got != 12 {
		t.Errorf("Sum([]int{3, 4, 5}) = %d, want 12", got)
	}
	if got := Sum([]int{}); got != 0 {
		t.Errorf("Sum([]int{}) = %d, want 0", got)
	}
	if got := Sum([]float64{0.5, 0.25, 1}); got != 1.75 {
		t.Errorf("Sum([]float64{0.5, 0.25, 1}) = %g, want 1.75", got)
	}
	if got := Sum([]Celsius{19.5, 20.5}); got != 40 {
		t.Errorf("Sum([]Celsius{19.5, 20.5}) = %g, want 40", got)
	}
	if got := Sum([]uint8{200, 50}); got != 250 {
		t.Errorf("Sum([]uint8{200, 50}) = %d, want 250", got)
	}
	if got := Sum([]time.Duration{time.Second, 500 * time.Millisecond}); got != 1500*time.Millisecond {
		t.Errorf("Sum([]time.Duration{1s, 500ms}) = %v, want 1.5s (time.Duration is ~int64)", got)
	}
}

func TestMean(t *testing.T) {
	t.Run("integers use integer division", func(t *testing.T) {
		if got, ok := Mean([]int{1, 2}); got != 1 || !ok {
			t.Errorf("Mean([]int{1, 2}) = %d, %t; want 1, true", got, ok)
		}
		if got, ok := Mean([]Score{10, 20, 40}); got != 23 || !ok {
			t.Errorf("Mean([]Score{10, 20, 40}) = %d, %t; want 23, true", got, ok)
		}
	})
	t.Run("floats keep the fraction", func(t *testing.T) {
		if got, ok := Mean([]Celsius{20, 21}); got != 20.5 || !ok {
			t.Errorf("Mean([]Celsius{20, 21}) = %g, %t; want 20.5, true", got, ok)
		}
	})
	t.Run("empty slice has no mean", func(t *testing.T) {
		if got, ok := Mean([]float64{}); got != 0 || ok {
			t.Errorf("Mean([]float64{}) = %g, %t; want 0, false", got, ok)
		}
		if got, ok := Mean[int](nil); got != 0 || ok {
			t.Errorf("Mean[int](nil) = %d, %t; want 0, false", got, ok)
		}
	})
}

func TestClamp(t *testing.T) {
	ints := []struct{ v, lo, hi, want int }{
		{50, 0, 100, 50},
		{-5, 0, 100, 0},
		{120, 0, 100, 100},
		{0, 0, 100, 0},
		{100, 0, 100, 100},
		{7, 7, 7, 7},
	}
	for _, c := range ints {
		if got := Clamp(c.v, c.lo, c.hi); got != c.want {
			t.Errorf("Clamp(%d, %d, %d) = %d, want %d", c.v, c.lo, c.hi, got, c.want)
		}
	}
	if got := Clamp(Celsius(-40), -20, 50); got != -20 {
		t.Errorf("Clamp(Celsius(-40), -20, 50) = %g, want -20", got)
	}
	if got := Clamp("kiwi", "apple", "banana"); got != "banana" {
		t.Errorf("Clamp(%q, %q, %q) = %q, want %q", "kiwi", "apple", "banana", got, "banana")
	}
	if got := Clamp("avocado", "apple", "banana"); got != "avocado" {
		t.Errorf("Clamp(%q, %q, %q) = %q, want %q", "avocado", "apple", "banana", got, "avocado")
	}
}

func TestMaxOf(t *testing.T) {
	if got, ok := MaxOf([]int{3, 9, -2, 9, 4}); got != 9 || !ok {
		t.Errorf("MaxOf([]int{3, 9, -2, 9, 4}) = %d, %t; want 9, true", got, ok)
	}
	if got, ok := MaxOf([]int{-7, -3, -12}); got != -3 || !ok {
		t.Errorf("MaxOf([]int{-7, -3, -12}) = %d, %t; want -3, true (all negative)", got, ok)
	}
	if got, ok := MaxOf([]string{"pear", "apple", "quince", "fig"}); got != "quince" || !ok {
		t.Errorf("MaxOf(fruit names) = %q, %t; want %q, true", got, ok, "quince")
	}
	if got, ok := MaxOf([]Celsius{-3.5}); got != -3.5 || !ok {
		t.Errorf("MaxOf([]Celsius{-3.5}) = %g, %t; want -3.5, true", got, ok)
	}
	if got, ok := MaxOf([]string{}); got != "" || ok {
		t.Errorf("MaxOf([]string{}) = %q, %t; want \"\", false", got, ok)
	}
}

func TestCountBy(t *testing.T) {
	words := []string{"ant", "bee", "cat", "wasp"}
	got := CountBy(words, func(s string) int { return len(s) })
	if want := map[int]int{3: 3, 4: 1}; !maps.Equal(got, want) {
		t.Errorf("CountBy(%q, len) = %v, want %v", words, got, want)
	}

	readings := []Celsius{-2, 14, 31, 18, -8}
	band := func(c Celsius) string {
		switch {
		case c < 0:
			return "freezing"
		case c < 25:
			return "mild"
		default:
			return "hot"
		}
	}
	gotBands := CountBy(readings, band)
	if want := map[string]int{"freezing": 2, "mild": 2, "hot": 1}; !maps.Equal(gotBands, want) {
		t.Errorf("CountBy(%v, band) = %v, want %v", readings, gotBands, want)
	}

	empty := CountBy([]int(nil), func(int) bool { return true })
	if empty == nil {
		t.Errorf("CountBy(nil, ...) returned a nil map, want an empty map")
	} else if len(empty) != 0 {
		t.Errorf("CountBy(nil, ...) = %v, want an empty map", empty)
	}
}
