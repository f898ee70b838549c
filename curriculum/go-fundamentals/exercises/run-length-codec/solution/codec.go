package runlengthcodec

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxDecoded is the largest decoded text, in bytes, that Decode produces.
const MaxDecoded = 1 << 20

var (
	ErrInvalidUTF8 = errors.New("input is not valid UTF-8")
	ErrDigit       = errors.New("input contains a digit")
	ErrMalformed   = errors.New("malformed encoding")
	ErrTooLong     = errors.New("decoded text too long")
)

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// Encode replaces every run of a repeated character with its length followed
// by the character: "aaab" becomes "3a1b".
func Encode(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", ErrInvalidUTF8
	}
	var b strings.Builder
	var current rune
	run := 0
	flush := func() {
		if run > 0 {
			b.WriteString(strconv.Itoa(run))
			b.WriteRune(current)
		}
	}
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return "", ErrDigit
		}
		if run > 0 && r == current {
			run++
			continue
		}
		flush()
		current, run = r, 1
	}
	flush()
	return b.String(), nil
}

// Decode reverses Encode.
func Decode(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", ErrMalformed
	}
	var b strings.Builder
	total := 0
	for i := 0; i < len(s); {
		start := i
		n := 0
		for i < len(s) && isDigit(s[i]) {
			n = n*10 + int(s[i]-'0')
			if n > MaxDecoded {
				return "", ErrTooLong
			}
			i++
		}
		if i == start || s[start] == '0' || i == len(s) {
			return "", ErrMalformed
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		total += n * size
		if total > MaxDecoded {
			return "", ErrTooLong
		}
		b.WriteString(strings.Repeat(string(r), n))
	}
	return b.String(), nil
}
