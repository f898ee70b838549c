package wordtools

import "testing"

func TestCountLetters(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  int
	}{
		{name: "a plain word", input: "Gopher", want: 6},
		{name: "an empty string has no letters", input: "", want: 0},
		{name: "spaces and punctuation are not letters", input: "Hi, you!", want: 5},
		{name: "digits are not letters", input: "Go 1.22", want: 2},
		{name: "accented letters count once, although they take two bytes", input: "héllo wörld", want: 10},
		{name: "letters from any alphabet count", input: "日本語 and ελληνικά", want: 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CountLetters(tt.input)
			if got != tt.want {
				t.Errorf("CountLetters(%q) = %d, want %d (the string is %d bytes long but has %d runes)",
					tt.input, got, tt.want, len(tt.input), len([]rune(tt.input)))
			}
		})
	}
}

func TestReverse(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{name: "a plain word", input: "stressed", want: "desserts"},
		{name: "an empty string", input: "", want: ""},
		{name: "a single character", input: "x", want: "x"},
		{name: "a palindrome reads the same", input: "racecar", want: "racecar"},
		{name: "multi-byte characters stay whole", input: "añejo", want: "ojeña"},
		{name: "spaces, punctuation and other scripts", input: "Hello, 世界", want: "界世 ,olleH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Reverse(tt.input); got != tt.want {
				t.Errorf("Reverse(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

func TestInitials(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{name: "two words", input: "ada lovelace", want: "AL"},
		{name: "already capitalised", input: "Grace Brewster Hopper", want: "GBH"},
		{name: "a single word", input: "linus", want: "L"},
		{name: "extra white space between and around words", input: "  ken \t thompson\n", want: "KT"},
		{name: "initials that are not ASCII", input: "émile zola", want: "ÉZ"},
		{name: "an empty name", input: "", want: ""},
		{name: "only white space", input: "   ", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Initials(tt.input); got != tt.want {
				t.Errorf("Initials(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}
