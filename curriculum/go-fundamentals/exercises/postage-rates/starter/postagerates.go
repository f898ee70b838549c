// Package postagerates prices letters and classifies characters.
package postagerates

// Postage returns the price in cents of sending a letter of the given weight
// to a zone ("local", "europe", "uk" or "world"), and true. It returns 0 and
// false for a weight outside 1..2000 grams or an unknown zone.
func Postage(grams int, zone string) (cents int, ok bool) {
	// TODO: one switch for the weight, one for the zone.
	return 0, false
}

// Classify reports whether r is a "vowel", "consonant", "digit", "space" or
// "other". Only ASCII letters count as vowels and consonants.
func Classify(r rune) string {
	// TODO
	return ""
}
