// Package wordindex counts and indexes the words of a text.
package wordindex

import (
	"maps"
	"slices"
	"strings"
	"unicode"
)

// Words splits text into lower-case words: runs of letters and digits.
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Frequencies returns how many times each word occurs in text.
func Frequencies(text string) map[string]int {
	counts := make(map[string]int)
	for _, w := range Words(text) {
		counts[w]++
	}
	return counts
}

// Index maps each word to the (1-based) numbers of the lines it appears on,
// in increasing order, each at most once.
func Index(lines []string) map[string][]int {
	index := make(map[string][]int)
	for i, line := range lines {
		lineNo := i + 1
		for _, w := range Words(line) {
			nums := index[w]
			if len(nums) == 0 || nums[len(nums)-1] != lineNo {
				index[w] = append(nums, lineNo)
			}
		}
	}
	return index
}

// TopWords returns the n most frequent words, highest count first, ties in
// alphabetical order.
func TopWords(freq map[string]int, n int) []string {
	if n <= 0 {
		return nil
	}
	words := slices.Collect(maps.Keys(freq))
	slices.SortFunc(words, func(a, b string) int {
		if freq[a] != freq[b] {
			return freq[b] - freq[a]
		}
		return strings.Compare(a, b)
	})
	return words[:min(n, len(words))]
}

// Common returns the words that occur in both a and b, once each, sorted.
func Common(a, b string) []string {
	inA := make(map[string]struct{})
	for _, w := range Words(a) {
		inA[w] = struct{}{}
	}
	both := make(map[string]struct{})
	for _, w := range Words(b) {
		if _, ok := inA[w]; ok {
			both[w] = struct{}{}
		}
	}
	return slices.Sorted(maps.Keys(both))
}
