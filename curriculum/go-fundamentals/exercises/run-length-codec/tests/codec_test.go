package runlengthcodec

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEncode(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"short runs", "aaab", "3a1b"},
		{"single character", "x", "1x"},
		{"run of ten or more", "wwwwwwwwwwww!", "12w1!"},
		{"exactly ten", strings.Repeat("z", 10), "10z"},
		{"accented letters", "ééé ñ", "3é1 1ñ"},
		{"emoji", "🙂🙂", "2🙂"},
		{"spaces count too", "a  b", "1a2 1b"},
		{"alternating", "abab", "1a1b1a1b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Encode(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Encode(%q) = %q, %v; want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"a digit", "route 66", ErrDigit},
		{"only digits", "2024", ErrDigit},
		{"invalid UTF-8", "ab\xffc", ErrInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Encode(tt.in)
			if !errors.Is(err, tt.want) {
				t.Errorf("Encode(%q) = %q, %v; want error %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"short runs", "3a1b", "aaab"},
		{"count of ten or more", "12w1!", "wwwwwwwwwwww!"},
		{"accented letters", "3é1 1ñ", "ééé ñ"},
		{"emoji", "2🙂", "🙂🙂"},
		{"non-canonical is fine", "2a3a", "aaaaa"},
		{"exactly the limit", "1048576x", strings.Repeat("x", MaxDecoded)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.in)
			if err != nil || got != tt.want {
				if len(got) > 40 || len(tt.want) > 40 {
					t.Errorf("Decode(%q) returned %d bytes, %v; want %d bytes, nil", tt.in, len(got), err, len(tt.want))
					return
				}
				t.Errorf("Decode(%q) = %q, %v; want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"character without a count", "a", ErrMalformed},
		{"second character without a count", "3a b", ErrMalformed},
		{"leading zero", "03a", ErrMalformed},
		{"zero count", "0a", ErrMalformed},
		{"ends after a count", "3a2", ErrMalformed},
		{"only a count", "7", ErrMalformed},
		{"invalid UTF-8", "2\xff", ErrMalformed},
		{"one byte over the limit", "1048577x", ErrTooLong},
		{"huge count", "999999999a", ErrTooLong},
		{"count that overflows int", "99999999999999999999999a", ErrTooLong},
		{"many runs add up", strings.Repeat("900000a", 2), ErrTooLong},
		{"multi-byte characters count as bytes", "600000é", ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.in)
			if !errors.Is(err, tt.want) {
				if len(got) > 40 {
					got = got[:40] + "..."
				}
				t.Errorf("Decode(%q) = %q, %v; want error %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

func FuzzRoundTrip(f *testing.F) {
	// Inputs the fuzzer found, plus a few ordinary ones.
	for _, seed := range []string{
		"", "hello", "aaab", "mississippi",
		"aaaaaaaaaa",       // a run of ten
		"née",              // two-byte characters
		"日本語",              // three-byte characters
		"ok 👍👍👍",           // four-byte characters
		"line\nbreak\t\t!", // control characters
		"R2D2",             // digits cannot be encoded
		"\xc3",             // a broken UTF-8 sequence
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc, err := Encode(s)
		switch {
		case !utf8.ValidString(s):
			if !errors.Is(err, ErrInvalidUTF8) {
				t.Fatalf("Encode(%q) = %q, %v; want ErrInvalidUTF8", s, enc, err)
			}
			return
		case hasDigit(s):
			if !errors.Is(err, ErrDigit) {
				t.Fatalf("Encode(%q) = %q, %v; want ErrDigit", s, enc, err)
			}
			return
		case err != nil:
			t.Fatalf("Encode(%q) returned error %v, want none", s, err)
		}
		dec, err := Decode(enc)
		if err != nil || dec != s {
			t.Fatalf("Decode(Encode(%q)) = %q, %v; want %q, nil (Encode gave %q)", s, dec, err, s, enc)
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, seed := range []string{"", "3a1b", "12w", "1a1", "0x", "00", "99999999999999999999x", "2é", "1\xe6", "1a22b333c"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		dec, err := Decode(s)
		if err != nil {
			return
		}
		if len(dec) > MaxDecoded {
			t.Fatalf("Decode(%q) returned %d bytes, more than MaxDecoded", s, len(dec))
		}
		enc, err := Encode(dec)
		if err != nil {
			t.Fatalf("Decode(%q) = %q, which Encode rejects with %v", s, dec, err)
		}
		again, err := Decode(enc)
		if err != nil || again != dec {
			t.Fatalf("Decode(Encode(Decode(%q))) = %q, %v; want %q", s, again, err, dec)
		}
	})
}
