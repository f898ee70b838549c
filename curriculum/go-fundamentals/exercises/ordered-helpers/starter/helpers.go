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
	// TODO: start from the zero value of T and add every element.
	var total T
	return total
}

// Mean returns the average of xs, computed in T's arithmetic, and true.
// For an empty slice it returns 0 and false.
func Mean[T Number](xs []T) (T, bool) {
	// TODO: Sum divided by the length, converted to T.
	var zero T
	return zero, false
}

// Clamp limits v to the range [lo, hi].
func Clamp[T cmp.Ordered](v, lo, hi T) T {
	// TODO: compare v with lo and hi.
	return v
}

// MaxOf returns the largest element of xs and true, or the zero value and
// false when xs is empty.
func MaxOf[T cmp.Ordered](xs []T) (T, bool) {
	// TODO: keep the best value seen so far.
	var zero T
	return zero, false
}

// CountBy counts how many elements of xs map to each key.
func CountBy[T any, K comparable](xs []T, key func(T) K) map[K]int {
	// TODO: make the map, then count key(x) for every x.
	return nil
}
