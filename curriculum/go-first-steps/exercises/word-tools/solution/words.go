package wordtools

import (
	"strings"
	"unicode"
)

// CountLetters returns how many letters s contains. It counts characters
// (runes), not bytes, and digits, spaces and punctuation are not letters.
func CountLetters(s string) int {
	count := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			count++
		}
	}
	return count
}

// Reverse returns s with its characters in reverse order, so that
// Reverse("añejo") is "ojeña".
func Reverse(s string) string {
	runes := []rune(s)
	for i, j := 0, len(runes)-1; i < j; i, j = i+1, j-1 {
		runes[i], runes[j] = runes[j], runes[i]
	}
	return string(runes)
}

// Initials returns the first letter of every word in name, in upper case.
// Words are separated by any amount of white space.
func Initials(name string) string {
	var b strings.Builder
	for _, word := range strings.Fields(name) {
		first := []rune(word)[0]
		b.WriteRune(unicode.ToUpper(first))
	}
	return b.String()
}
