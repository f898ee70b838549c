package splitbill

import "testing"

func TestTip(t *testing.T) {
	tests := []struct {
		name    string
		total   int
		percent int
		want    int
	}{
		{name: "whole result needs no rounding", total: 1000, percent: 15, want: 150},
		{name: "zero percent tips nothing", total: 4321, percent: 0, want: 0},
		{name: "a fraction below one half rounds down", total: 1004, percent: 10, want: 100},
		{name: "exactly one half rounds up", total: 1005, percent: 10, want: 101},
		{name: "a fraction above one half rounds up", total: 999, percent: 20, want: 200},
		{name: "an empty bill gets no tip", total: 0, percent: 20, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tip(tt.total, tt.percent); got != tt.want {
				t.Errorf("Tip(%d, %d) = %d, want %d", tt.total, tt.percent, got, tt.want)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name         string
		total        int
		people       int
		wantShare    int
		wantLeftover int
	}{
		{name: "shares evenly when it can", total: 900, people: 3, wantShare: 300, wantLeftover: 0},
		{name: "keeps the cents that do not divide evenly", total: 1000, people: 3, wantShare: 333, wantLeftover: 1},
		{name: "one person pays everything", total: 1999, people: 1, wantShare: 1999, wantLeftover: 0},
		{name: "more people than cents", total: 5, people: 8, wantShare: 0, wantLeftover: 5},
		{name: "zero people leaves the whole bill", total: 1250, people: 0, wantShare: 0, wantLeftover: 1250},
		{name: "negative people leaves the whole bill", total: 1250, people: -2, wantShare: 0, wantLeftover: 1250},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			share, leftover := Split(tt.total, tt.people)
			if share != tt.wantShare || leftover != tt.wantLeftover {
				t.Errorf("Split(%d, %d) = (%d, %d), want (%d, %d)",
					tt.total, tt.people, share, leftover, tt.wantShare, tt.wantLeftover)
			}
		})
	}
}

func TestFormatCents(t *testing.T) {
	tests := []struct {
		name  string
		cents int
		want  string
	}{
		{name: "dollars and cents", cents: 1205, want: "$12.05"},
		{name: "cents below ten get a leading zero", cents: 7, want: "$0.07"},
		{name: "round dollars still show two decimals", cents: 300, want: "$3.00"},
		{name: "zero", cents: 0, want: "$0.00"},
		{name: "large amounts have no separators", cents: 123456789, want: "$1234567.89"},
		{name: "negative amounts put the sign first", cents: -150, want: "-$1.50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatCents(tt.cents); got != tt.want {
				t.Errorf("FormatCents(%d) = %q, want %q", tt.cents, got, tt.want)
			}
		})
	}
}
