// Package postagerates prices letters and classifies characters.
package postagerates

// Postage returns the price in cents of sending a letter of the given weight
// to a zone ("local", "europe", "uk" or "world"), and true. It returns 0 and
// false for a weight outside 1..2000 grams or an unknown zone.
func Postage(grams int, zone string) (cents int, ok bool) {
	var base int
	switch {
	case grams <= 0 || grams > 2000:
		return 0, false
	case grams <= 100:
		base = 120
	case grams <= 500:
		base = 300
	default:
		base = 750
	}

	var factor int
	switch zone {
	case "local":
		factor = 1
	case "europe", "uk":
		factor = 2
	case "world":
		factor = 3
	default:
		return 0, false
	}
	return base * factor, true
}

// Classify reports whether r is a "vowel", "consonant", "digit", "space" or
// "other". Only ASCII letters count as vowels and consonants.
func Classify(r rune) string {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U':
		return "vowel"
	case ' ', '\t', '\n':
		return "space"
	}
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return "consonant"
	case r >= '0' && r <= '9':
		return "digit"
	default:
		return "other"
	}
}
