// Package safenumbers makes conversions, overflow and zero values explicit.
package safenumbers

import (
	"math"
	"time"
)

// ToUint8 converts n to a uint8. It returns 0 and false when n is outside 0..255.
func ToUint8(n int) (uint8, bool) {
	if n < 0 || n > math.MaxUint8 {
		return 0, false
	}
	return uint8(n), true
}

// AddInt32 returns a+b computed in int32 arithmetic, and false if the
// addition overflowed (the result then has wrapped around).
func AddInt32(a, b int32) (int32, bool) {
	sum := a + b
	if (a > 0 && b > 0 && sum < 0) || (a < 0 && b < 0 && sum >= 0) {
		return sum, false
	}
	return sum, true
}

// Average returns the arithmetic mean of nums, or 0 for an empty slice.
func Average(nums []int) float64 {
	if len(nums) == 0 {
		return 0
	}
	sum := 0
	for _, n := range nums {
		sum += n
	}
	return float64(sum) / float64(len(nums))
}

// Settings configures a worker. A zero field means "use the default".
type Settings struct {
	Name    string
	Retries int
	Timeout time.Duration
	Verbose bool
}

// WithDefaults returns s with every unset field filled in: Name "worker",
// Retries 3, Timeout 30 seconds. Verbose is kept as it is.
func WithDefaults(s Settings) Settings {
	if s.Name == "" {
		s.Name = "worker"
	}
	if s.Retries == 0 {
		s.Retries = 3
	}
	if s.Timeout == 0 {
		s.Timeout = 30 * time.Second
	}
	return s
}
