// Package texttruncate shortens and rearranges text by characters (runes),
// never by bytes.
package texttruncate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Truncate returns s if it has at most limit characters, and otherwise its
// first limit-1 characters followed by "…". It returns "" for limit <= 0.
func Truncate(s string, limit int) string {
	if limit <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)
	return string(r[:limit-1]) + "…"
}

// Reverse returns the characters of s in reverse order.
func Reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// Initials returns the upper-cased first character of every word of name.
func Initials(name string) string {
	var b strings.Builder
	for _, word := range strings.Fields(name) {
		first, _ := utf8.DecodeRuneInString(word)
		b.WriteRune(unicode.ToUpper(first))
	}
	return b.String()
}
