// Package safenumbers makes conversions, overflow and zero values explicit.
package safenumbers

import "time"

// ToUint8 converts n to a uint8. It returns 0 and false when n is outside 0..255.
func ToUint8(n int) (uint8, bool) {
	// TODO: check the range before converting.
	return 0, false
}

// AddInt32 returns a+b computed in int32 arithmetic, and false if the
// addition overflowed (the result then has wrapped around).
func AddInt32(a, b int32) (int32, bool) {
	// TODO
	return 0, false
}

// Average returns the arithmetic mean of nums, or 0 for an empty slice.
func Average(nums []int) float64 {
	// TODO: mind integer division.
	return 0
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
	// TODO
	return Settings{}
}
