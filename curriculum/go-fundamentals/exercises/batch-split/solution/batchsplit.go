// Package batchsplit splits slices into safe views.
package batchsplit

// Squares returns a new slice with the square of each number. It allocates at
// most once.
func Squares(nums []int) []int {
	out := make([]int, 0, len(nums))
	for _, n := range nums {
		out = append(out, n*n)
	}
	return out
}

// SplitAt returns s[:i] and s[i:], clamping i to 0..len(s). Appending to head
// never overwrites tail.
func SplitAt(s []string, i int) (head, tail []string) {
	i = max(0, min(i, len(s)))
	return s[:i:i], s[i:]
}

// Chunk splits items into consecutive views of size elements (the last may be
// shorter). It returns nil when size < 1. Appending to a chunk never changes
// the next one.
func Chunk(items []int, size int) [][]int {
	if size < 1 || len(items) == 0 {
		return nil
	}
	chunks := make([][]int, 0, (len(items)+size-1)/size)
	for start := 0; start < len(items); start += size {
		end := min(start+size, len(items))
		chunks = append(chunks, items[start:end:end])
	}
	return chunks
}
