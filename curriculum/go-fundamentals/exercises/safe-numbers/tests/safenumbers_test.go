package safenumbers

import (
	"math"
	"testing"
	"time"
)

func TestToUint8(t *testing.T) {
	tests := []struct {
		name   string
		n      int
		want   uint8
		wantOK bool
	}{
		{"zero fits", 0, 0, true},
		{"small value fits", 200, 200, true},
		{"largest uint8", 255, 255, true},
		{"one too many", 256, 0, false},
		{"would wrap to 44", 300, 0, false},
		{"negative", -1, 0, false},
		{"very large", math.MaxInt32, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ToUint8(tt.n)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ToUint8(%d) = %d, %v; want %d, %v", tt.n, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestAddInt32(t *testing.T) {
	tests := []struct {
		name   string
		a, b   int32
		want   int32
		wantOK bool
	}{
		{"small positives", 2, 3, 5, true},
		{"zero plus zero", 0, 0, 0, true},
		{"mixed signs", -7, 3, -4, true},
		{"reaches the maximum exactly", math.MaxInt32 - 1, 1, math.MaxInt32, true},
		{"reaches the minimum exactly", math.MinInt32 + 1, -1, math.MinInt32, true},
		{"max plus min never overflows", math.MaxInt32, math.MinInt32, -1, true},
		{"positive overflow wraps to the minimum", math.MaxInt32, 1, math.MinInt32, false},
		{"two large positives", 2_000_000_000, 2_000_000_000, -294967296, false},
		{"negative overflow wraps to the maximum", math.MinInt32, -1, math.MaxInt32, false},
		{"min plus min", math.MinInt32, math.MinInt32, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := AddInt32(tt.a, tt.b)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("AddInt32(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestAverage(t *testing.T) {
	tests := []struct {
		name string
		nums []int
		want float64
	}{
		{"nil slice", nil, 0},
		{"empty slice", []int{}, 0},
		{"one number", []int{4}, 4},
		{"keeps the fraction", []int{1, 2}, 1.5},
		{"several numbers", []int{3, 4, 4, 5, 9}, 5},
		{"negative numbers", []int{-3, -4}, -3.5},
		{"thirds", []int{1, 0, 0}, 1.0 / 3.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Average(tt.nums); math.Abs(got-tt.want) > 1e-9 || math.IsNaN(got) {
				t.Errorf("Average(%v) = %v, want %v", tt.nums, got, tt.want)
			}
		})
	}
}

func TestWithDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   Settings
		want Settings
	}{
		{
			name: "zero value gets every default",
			in:   Settings{},
			want: Settings{Name: "worker", Retries: 3, Timeout: 30 * time.Second},
		},
		{
			name: "set fields are kept",
			in:   Settings{Name: "mailer", Retries: 5, Timeout: time.Second, Verbose: true},
			want: Settings{Name: "mailer", Retries: 5, Timeout: time.Second, Verbose: true},
		},
		{
			name: "only missing fields are filled",
			in:   Settings{Retries: 1, Verbose: true},
			want: Settings{Name: "worker", Retries: 1, Timeout: 30 * time.Second, Verbose: true},
		},
		{
			name: "negative values are set, not missing",
			in:   Settings{Name: "x", Retries: -1, Timeout: -time.Second},
			want: Settings{Name: "x", Retries: -1, Timeout: -time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WithDefaults(tt.in); got != tt.want {
				t.Errorf("WithDefaults(%+v) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}
