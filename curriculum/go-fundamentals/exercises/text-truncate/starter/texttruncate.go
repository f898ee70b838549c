// Package texttruncate shortens and rearranges text by characters (runes),
// never by bytes.
package texttruncate

// Truncate returns s if it has at most limit characters, and otherwise its
// first limit-1 characters followed by "…". It returns "" for limit <= 0.
func Truncate(s string, limit int) string {
	// TODO: count runes, not bytes.
	return s
}

// Reverse returns the characters of s in reverse order.
func Reverse(s string) string {
	// TODO
	return ""
}

// Initials returns the upper-cased first character of every word of name.
func Initials(name string) string {
	// TODO
	return ""
}
