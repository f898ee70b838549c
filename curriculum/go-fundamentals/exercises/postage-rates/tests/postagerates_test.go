package postagerates

import "testing"

func TestPostage(t *testing.T) {
	tests := []struct {
		name   string
		grams  int
		zone   string
		want   int
		wantOK bool
	}{
		{"lightest letter", 1, "local", 120, true},
		{"upper edge of the first tier", 100, "local", 120, true},
		{"lower edge of the second tier", 101, "local", 300, true},
		{"upper edge of the second tier", 500, "local", 300, true},
		{"lower edge of the third tier", 501, "local", 750, true},
		{"heaviest letter", 2000, "local", 750, true},
		{"europe doubles the price", 80, "europe", 240, true},
		{"uk doubles the price", 101, "uk", 600, true},
		{"world triples the price", 2000, "world", 2250, true},
		{"too heavy", 2001, "local", 0, false},
		{"zero grams", 0, "local", 0, false},
		{"negative weight", -5, "world", 0, false},
		{"unknown zone", 50, "mars", 0, false},
		{"zone names are exact", 50, "Local", 0, false},
		{"empty zone", 50, "", 0, false},
		{"bad weight and bad zone", 5000, "mars", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Postage(tt.grams, tt.zone)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Postage(%d, %q) = %d, %v; want %d, %v", tt.grams, tt.zone, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		r    rune
		want string
	}{
		{'a', "vowel"},
		{'u', "vowel"},
		{'E', "vowel"},
		{'O', "vowel"},
		{'b', "consonant"},
		{'z', "consonant"},
		{'Y', "consonant"},
		{'B', "consonant"},
		{'0', "digit"},
		{'7', "digit"},
		{' ', "space"},
		{'\t', "space"},
		{'\n', "space"},
		{'-', "other"},
		{'@', "other"},
		{'[', "other"},
		{'é', "other"},
		{'ß', "other"},
	}
	for _, tt := range tests {
		t.Run(string(tt.r), func(t *testing.T) {
			if got := Classify(tt.r); got != tt.want {
				t.Errorf("Classify(%q) = %q, want %q", tt.r, got, tt.want)
			}
		})
	}
}
