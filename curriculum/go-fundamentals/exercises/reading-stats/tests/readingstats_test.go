package readingstats

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestStats(t *testing.T) {
	tests := []struct {
		name         string
		readings     []float64
		lo, hi, mean float64
		ok           bool
	}{
		{"three readings", []float64{3, 1, 2}, 1, 3, 2, true},
		{"only negative readings", []float64{-4, -2}, -4, -2, -3, true},
		{"only positive readings", []float64{12.5, 14, 9.5}, 9.5, 14, 12, true},
		{"one reading", []float64{7}, 7, 7, 7, true},
		{"extremes in the middle", []float64{5, 100, -100, 5}, -100, 100, 2.5, true},
		{"no readings", nil, 0, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi, mean, ok := Stats(tt.readings...)
			if !near(lo, tt.lo) || !near(hi, tt.hi) || !near(mean, tt.mean) || ok != tt.ok {
				t.Errorf("Stats(%v...) = %v, %v, %v, %v; want %v, %v, %v, %v",
					tt.readings, lo, hi, mean, ok, tt.lo, tt.hi, tt.mean, tt.ok)
			}
		})
	}
}

func TestStatsWithSeparateArguments(t *testing.T) {
	lo, hi, mean, ok := Stats(20, 10, 30)
	if lo != 10 || hi != 30 || mean != 20 || !ok {
		t.Errorf("Stats(20, 10, 30) = %v, %v, %v, %v; want 10, 30, 20, true", lo, hi, mean, ok)
	}
}

func TestScale(t *testing.T) {
	tests := []struct {
		name     string
		factor   float64
		readings []float64
		want     []float64
	}{
		{"doubles", 2, []float64{1, 2.5, -3}, []float64{2, 5, -6}},
		{"halves", 0.5, []float64{10, 3}, []float64{5, 1.5}},
		{"by zero", 0, []float64{4, 5}, []float64{0, 0}},
		{"no readings", 3, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Scale(tt.factor, tt.readings...); !slices.Equal(got, tt.want) {
				t.Errorf("Scale(%v, %v...) = %v, want %v", tt.factor, tt.readings, got, tt.want)
			}
		})
	}
}

func TestScaleLeavesTheCallersSliceAlone(t *testing.T) {
	readings := []float64{1, 2, 3}
	got := Scale(10, readings...)
	if want := []float64{1, 2, 3}; !slices.Equal(readings, want) {
		t.Errorf("after Scale(10, readings...), readings = %v, want it unchanged: %v", readings, want)
	}
	if want := []float64{10, 20, 30}; !slices.Equal(got, want) {
		t.Errorf("Scale(10, 1, 2, 3) = %v, want %v", got, want)
	}
}

func TestCount(t *testing.T) {
	positive := func(x float64) bool { return x > 0 }
	always := func(float64) bool { return true }
	tests := []struct {
		name     string
		keep     func(float64) bool
		desc     string
		readings []float64
		want     int
	}{
		{"counts the matching readings", positive, "positive", []float64{-1, 2, 0, 5}, 2},
		{"counts every reading", always, "always", []float64{1, 1, 1}, 3},
		{"no readings", always, "always", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Count(tt.keep, tt.readings...); got != tt.want {
				t.Errorf("Count(%s, %v...) = %d, want %d", tt.desc, tt.readings, got, tt.want)
			}
		})
	}
}

func TestBetween(t *testing.T) {
	tests := []struct {
		lo, hi, x float64
		want      bool
	}{
		{10, 20, 15, true},
		{10, 20, 10, true},
		{10, 20, 20, true},
		{10, 20, 9.99, false},
		{10, 20, 20.01, false},
		{-5, 5, 0, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v in [%v,%v]", tt.x, tt.lo, tt.hi), func(t *testing.T) {
			if got := Between(tt.lo, tt.hi)(tt.x); got != tt.want {
				t.Errorf("Between(%v, %v)(%v) = %v, want %v", tt.lo, tt.hi, tt.x, got, tt.want)
			}
		})
	}
}

func TestBetweenPredicatesAreIndependent(t *testing.T) {
	cold, warm := Between(-10, 5), Between(15, 25)
	if !cold(0) || cold(20) || !warm(20) || warm(0) {
		t.Errorf("Between(-10, 5) and Between(15, 25) interfere: cold(0)=%v cold(20)=%v warm(20)=%v warm(0)=%v; want true false true false",
			cold(0), cold(20), warm(20), warm(0))
	}
	if got := Count(Between(10, 20), 5, 10, 15, 20, 25); got != 3 {
		t.Errorf("Count(Between(10, 20), 5, 10, 15, 20, 25) = %d, want 3", got)
	}
}
