package orderedhelpers

import "cmp"

// Number is satisfied by every integer and floating-point type, including
// named types built on them (the ~ means "any type with this underlying type").
type Number interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 |
		~float32 | ~float64
}

// Sum adds up the elements of xs. The sum of an empty slice is 0.
func Sum[T Number](xs []T) T {
	var total T
	for _, x := range xs {
		total += x
	}
	return total
}

// Mean returns the average of xs, computed in T's arithmetic, and true.
// For an empty slice it returns 0 and false.
func Mean[T Number](xs []T) (T, bool) {
	if len(xs) == 0 {
		var zero T
		return zero, false
	}
	return Sum(xs) / T(len(xs)), true
}

// Clamp limits v to the range [lo, hi].
func Clamp[T cmp.Ordered](v, lo, hi T) T {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// MaxOf returns the largest element of xs and true, or the zero value and
// false when xs is empty.
func MaxOf[T cmp.Ordered](xs []T) (T, bool) {
	if len(xs) == 0 {
		var zero T
		return zero, false
	}
	best := xs[0]
	for _, x := range xs[1:] {
		if x > best {
			best = x
		}
	}
	return best, true
}

// CountBy counts how many elements of xs map to each key.
func CountBy[T any, K comparable](xs []T, key func(T) K) map[K]int {
	counts := make(map[K]int)
	for _, x := range xs {
		counts[key(x)]++
	}
	return counts
}
