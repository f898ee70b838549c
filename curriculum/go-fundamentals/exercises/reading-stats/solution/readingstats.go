// Package readingstats summarises temperature readings.
package readingstats

// Stats returns the smallest and largest reading, the mean, and true.
// With no readings it returns 0, 0, 0, false.
func Stats(readings ...float64) (lo, hi, mean float64, ok bool) {
	if len(readings) == 0 {
		return 0, 0, 0, false
	}
	lo, hi = readings[0], readings[0]
	sum := 0.0
	for _, r := range readings {
		lo = min(lo, r)
		hi = max(hi, r)
		sum += r
	}
	return lo, hi, sum / float64(len(readings)), true
}

// Scale returns a new slice holding every reading multiplied by factor.
// It never changes the caller's slice.
func Scale(factor float64, readings ...float64) []float64 {
	out := make([]float64, len(readings))
	for i, r := range readings {
		out[i] = r * factor
	}
	return out
}

// Count returns how many readings keep reports true for.
func Count(keep func(float64) bool, readings ...float64) int {
	n := 0
	for _, r := range readings {
		if keep(r) {
			n++
		}
	}
	return n
}

// Between returns a predicate reporting whether a reading is in [lo, hi].
func Between(lo, hi float64) func(float64) bool {
	return func(x float64) bool { return x >= lo && x <= hi }
}
