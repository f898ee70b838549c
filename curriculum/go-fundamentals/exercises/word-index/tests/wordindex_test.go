package wordindex

import (
	"maps"
	"slices"
	"testing"
)

func TestFrequencies(t *testing.T) {
	tests := []struct {
		name string
		text string
		want map[string]int
	}{
		{"counts repeated words", "the cat saw the dog", map[string]int{"the": 2, "cat": 1, "saw": 1, "dog": 1}},
		{"ignores case and punctuation", "Go, go GO!", map[string]int{"go": 3}},
		{"digits are part of words", "route 66 and route 9", map[string]int{"route": 2, "66": 1, "and": 1, "9": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Frequencies(tt.text); !maps.Equal(got, tt.want) {
				t.Errorf("Frequencies(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestFrequenciesOfNothingIsAnEmptyMap(t *testing.T) {
	for _, text := range []string{"", "  ...  !"} {
		got := Frequencies(text)
		if got == nil {
			t.Errorf("Frequencies(%q) = nil, want an empty map made with make", text)
		} else if len(got) != 0 {
			t.Errorf("Frequencies(%q) = %v, want an empty map", text, got)
		}
	}
}

func equalIndex(a, b map[string][]int) bool {
	return maps.EqualFunc(a, b, func(x, y []int) bool { return slices.Equal(x, y) })
}

func TestIndex(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  map[string][]int
	}{
		{
			name:  "line numbers start at 1",
			lines: []string{"go is fun", "fun fun fun", "Go!"},
			want:  map[string][]int{"go": {1, 3}, "is": {1}, "fun": {1, 2}},
		},
		{
			name:  "a word repeated on one line is listed once",
			lines: []string{"ha ha ha", "ha"},
			want:  map[string][]int{"ha": {1, 2}},
		},
		{
			name:  "empty lines still count",
			lines: []string{"", "one", "", "one two"},
			want:  map[string][]int{"one": {2, 4}, "two": {4}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Index(tt.lines); !equalIndex(got, tt.want) {
				t.Errorf("Index(%q) = %v, want %v", tt.lines, got, tt.want)
			}
		})
	}
}

func TestIndexOfNothingIsAnEmptyMap(t *testing.T) {
	got := Index(nil)
	if got == nil {
		t.Errorf("Index(nil) = nil, want an empty map made with make")
	} else if len(got) != 0 {
		t.Errorf("Index(nil) = %v, want an empty map", got)
	}
}

func TestTopWords(t *testing.T) {
	freq := map[string]int{"go": 3, "is": 1, "fun": 3, "and": 1, "fast": 2}
	tests := []struct {
		name string
		n    int
		want []string
	}{
		{"ties are alphabetical", 2, []string{"fun", "go"}},
		{"higher counts first", 3, []string{"fun", "go", "fast"}},
		{"every word", 5, []string{"fun", "go", "fast", "and", "is"}},
		{"more than there are", 9, []string{"fun", "go", "fast", "and", "is"}},
		{"zero words", 0, nil},
		{"negative n", -1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Run several times: map iteration order changes between runs.
			for range 5 {
				if got := TopWords(freq, tt.n); !slices.Equal(got, tt.want) {
					t.Errorf("TopWords(%v, %d) = %q, want %q", freq, tt.n, got, tt.want)
					return
				}
			}
		})
	}
}

func TestTopWordsOfEmptyMap(t *testing.T) {
	if got := TopWords(map[string]int{}, 3); len(got) != 0 {
		t.Errorf("TopWords(map[], 3) = %q, want no words", got)
	}
}

func TestCommon(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []string
	}{
		{"sorted words in both", "the cat and the dog", "a dog and a bird", []string{"and", "dog"}},
		{"duplicates appear once", "go go go", "Go, GO", []string{"go"}},
		{"nothing in common", "red green", "blue", nil},
		{"one text empty", "", "anything", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 5 {
				if got := Common(tt.a, tt.b); !slices.Equal(got, tt.want) {
					t.Errorf("Common(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
					return
				}
			}
		})
	}
}
