package texttruncate

import (
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		name  string
		s     string
		limit int
		want  string
	}{
		{"short text is unchanged", "hello", 10, "hello"},
		{"text of exactly limit characters is unchanged", "hello", 5, "hello"},
		{"long text is cut with an ellipsis", "hello world", 6, "hello…"},
		{"accented characters count once", "crème brûlée", 6, "crème…"},
		{"accented text that fits is unchanged", "crème", 5, "crème"},
		{"three-byte characters", "日本語のテキスト", 4, "日本語…"},
		{"emoji", "👋🌍🎉🚀", 3, "👋🌍…"},
		{"limit 1 leaves only the ellipsis", "abc", 1, "…"},
		{"limit 0", "abc", 0, ""},
		{"negative limit", "abc", -3, ""},
		{"empty text", "", 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Truncate(tt.s, tt.limit)
			if got != tt.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tt.s, tt.limit, got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Truncate(%q, %d) = %q is not valid UTF-8: a character was cut in half", tt.s, tt.limit, got)
			}
		})
	}
}

func TestReverse(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want string
	}{
		{"ascii", "stressed", "desserts"},
		{"two-byte character", "añb", "bña"},
		{"three-byte characters", "日本語", "語本日"},
		{"emoji", "👋🌍", "🌍👋"},
		{"one character", "é", "é"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Reverse(tt.s); got != tt.want {
				t.Errorf("Reverse(%q) = %q, want %q", tt.s, got, tt.want)
			}
		})
	}
}

func TestInitials(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"two words", "ada lovelace", "AL"},
		{"already upper case", "Grace Brewster Hopper", "GBH"},
		{"accented first letters", "émile  zola", "ÉZ"},
		{"extra spaces", "  ørjan ölund ", "ØÖ"},
		{"tabs and newlines separate words", "ana\tbo\ncy", "ABC"},
		{"greek", "σοφία ρήγα", "ΣΡ"},
		{"one word", "go", "G"},
		{"empty", "", ""},
		{"only spaces", "   ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Initials(tt.in); got != tt.want {
				t.Errorf("Initials(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
