package runlengthcodec

import (
	"errors"
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

// Encode replaces every run of a repeated character with its length followed
// by the character: "aaab" becomes "3a1b".
//
// BUG: the fuzzer found inputs that this version gets wrong.
func Encode(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", ErrInvalidUTF8
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] == s[i] {
			j++
		}
		b.WriteByte(byte('0' + (j - i)))
		b.WriteByte(s[i])
		i = j
	}
	return b.String(), nil
}

// Decode reverses Encode.
//
// BUG: the fuzzer found inputs that this version gets wrong.
func Decode(s string) (string, error) {
	var b strings.Builder
	for i := 0; i+1 < len(s); i += 2 {
		n := int(s[i]) - '0'
		if n < 0 || n > 9 {
			return "", ErrMalformed
		}
		b.WriteString(strings.Repeat(s[i+1:i+2], n))
	}
	return b.String(), nil
}
