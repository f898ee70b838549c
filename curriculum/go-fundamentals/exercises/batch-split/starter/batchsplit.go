// Package batchsplit splits slices into safe views.
package batchsplit

// Squares returns a new slice with the square of each number. It allocates at
// most once.
func Squares(nums []int) []int {
	var out []int
	for range nums {
		// TODO: append n*n, and allocate the result once, up front.
	}
	return out
}

// SplitAt returns s[:i] and s[i:], clamping i to 0..len(s). Appending to head
// never overwrites tail.
func SplitAt(s []string, i int) (head, tail []string) {
	// TODO: clamp i and cap head with a full slice expression.
	return nil, nil
}

// Chunk splits items into consecutive views of size elements (the last may be
// shorter). It returns nil when size < 1. Appending to a chunk never changes
// the next one.
func Chunk(items []int, size int) [][]int {
	// TODO
	return nil
}
