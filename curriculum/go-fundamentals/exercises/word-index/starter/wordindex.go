// Package wordindex counts and indexes the words of a text.
package wordindex

import (
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
	// TODO
	return nil
}

// Index maps each word to the (1-based) numbers of the lines it appears on,
// in increasing order, each at most once.
func Index(lines []string) map[string][]int {
	// TODO
	return nil
}

// TopWords returns the n most frequent words, highest count first, ties in
// alphabetical order.
func TopWords(freq map[string]int, n int) []string {
	// TODO: map order is random; sort.
	return nil
}

// Common returns the words that occur in both a and b, once each, sorted.
func Common(a, b string) []string {
	// TODO: use a set.
	return nil
}
