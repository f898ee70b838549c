// Package readingstats summarises temperature readings.
package readingstats

// Stats returns the smallest and largest reading, the mean, and true.
// With no readings it returns 0, 0, 0, false.
func Stats(readings ...float64) (lo, hi, mean float64, ok bool) {
	// TODO
	return 0, 0, 0, false
}

// Scale returns a new slice holding every reading multiplied by factor.
// It never changes the caller's slice.
func Scale(factor float64, readings ...float64) []float64 {
	// TODO
	return nil
}

// Count returns how many readings keep reports true for.
func Count(keep func(float64) bool, readings ...float64) int {
	// TODO
	return 0
}

// Between returns a predicate reporting whether a reading is in [lo, hi].
func Between(lo, hi float64) func(float64) bool {
	// TODO: return a function literal that uses lo and hi.
	return func(float64) bool { return false }
}
