package votes

import (
	"maps"
	"slices"
	"testing"
)

func TestTally(t *testing.T) {
	tests := []struct {
		name    string
		ballots []string
		want    map[string]int
	}{
		{name: "one ballot", ballots: []string{"otter"}, want: map[string]int{"otter": 1}},
		{
			name:    "counts every vote",
			ballots: []string{"otter", "heron", "otter", "beaver", "otter", "heron"},
			want:    map[string]int{"otter": 3, "heron": 2, "beaver": 1},
		},
		{
			name:    "blank ballots are not counted",
			ballots: []string{"", "heron", "", "heron"},
			want:    map[string]int{"heron": 2},
		},
		{name: "names are case sensitive", ballots: []string{"Otter", "otter"}, want: map[string]int{"Otter": 1, "otter": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tally(tt.ballots); !maps.Equal(got, tt.want) {
				t.Errorf("Tally(%q) = %v, want %v", tt.ballots, got, tt.want)
			}
		})
	}
}

func TestTallyReturnsAMapYouCanAddTo(t *testing.T) {
	for _, ballots := range [][]string{nil, {}, {"", ""}} {
		got := Tally(ballots)
		if got == nil {
			t.Errorf("Tally(%q) returned a nil map; make an empty one with make(map[string]int) so callers can add to it", ballots)
		} else if len(got) != 0 {
			t.Errorf("Tally(%q) = %v, want an empty map", ballots, got)
		}
	}
}

func TestCandidates(t *testing.T) {
	tests := []struct {
		name    string
		ballots []string
		want    []string
	}{
		{name: "no ballots, no candidates", ballots: nil, want: nil},
		{name: "a single candidate", ballots: []string{"heron", "heron"}, want: []string{"heron"}},
		{
			name:    "keeps the order of first appearance",
			ballots: []string{"otter", "heron", "otter", "beaver", "heron"},
			want:    []string{"otter", "heron", "beaver"},
		},
		{name: "skips blank ballots", ballots: []string{"", "beaver", "", "otter"}, want: []string{"beaver", "otter"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Candidates(tt.ballots); !slices.Equal(got, tt.want) {
				t.Errorf("Candidates(%q) = %q, want %q", tt.ballots, got, tt.want)
			}
		})
	}
}

func TestWinner(t *testing.T) {
	tests := []struct {
		name     string
		ballots  []string
		wantName string
		wantOK   bool
	}{
		{name: "a clear winner", ballots: []string{"otter", "heron", "otter"}, wantName: "otter", wantOK: true},
		{
			name:     "the winner can appear last",
			ballots:  []string{"otter", "heron", "beaver", "beaver", "heron", "beaver"},
			wantName: "beaver",
			wantOK:   true,
		},
		{name: "blank ballots do not win", ballots: []string{"", "", "", "heron"}, wantName: "heron", wantOK: true},
		{name: "a tie for first place has no winner", ballots: []string{"otter", "heron", "heron", "otter", "beaver"}},
		{name: "a tie between everyone has no winner", ballots: []string{"otter", "heron", "beaver"}},
		{name: "no ballots, no winner", ballots: nil},
		{name: "only blank ballots, no winner", ballots: []string{"", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotName, gotOK := Winner(tt.ballots)
			if gotName != tt.wantName || gotOK != tt.wantOK {
				t.Errorf("Winner(%q) = (%q, %t), want (%q, %t)", tt.ballots, gotName, gotOK, tt.wantName, tt.wantOK)
			}
		})
	}
}
