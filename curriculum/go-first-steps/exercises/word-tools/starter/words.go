package wordtools

// CountLetters returns how many letters s contains. It counts characters
// (runes), not bytes, and digits, spaces and punctuation are not letters.
func CountLetters(s string) int {
	// TODO: range over s and ask the unicode package about each rune.
	return 0
}

// Reverse returns s with its characters in reverse order, so that
// Reverse("añejo") is "ojeña".
func Reverse(s string) string {
	// TODO: convert to a []rune, swap from both ends, convert back.
	return ""
}

// Initials returns the first letter of every word in name, in upper case.
// Words are separated by any amount of white space.
func Initials(name string) string {
	// TODO: strings.Fields splits name into words.
	return ""
}
