package playlisteditor

import (
	"fmt"
	"slices"
	"testing"
)

func TestUnique(t *testing.T) {
	tests := []struct {
		name   string
		tracks []string
		want   []string
	}{
		{"sorts and removes duplicates", []string{"b", "a", "b", "c", "a"}, []string{"a", "b", "c"}},
		{"already unique", []string{"zebra", "apple"}, []string{"apple", "zebra"}},
		{"all the same", []string{"x", "x", "x"}, []string{"x"}},
		{"empty", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Unique(tt.tracks); !slices.Equal(got, tt.want) {
				t.Errorf("Unique(%q) = %q, want %q", tt.tracks, got, tt.want)
			}
		})
	}
}

func TestUniqueLeavesInputAlone(t *testing.T) {
	tracks := []string{"b", "a", "b"}
	Unique(tracks)
	if want := []string{"b", "a", "b"}; !slices.Equal(tracks, want) {
		t.Errorf("Unique changed its input to %q, want %q (sort a clone)", tracks, want)
	}
}

func TestInsertAt(t *testing.T) {
	tests := []struct {
		tracks []string
		at     int
		names  []string
		want   []string
	}{
		{[]string{"a", "b", "c"}, 1, []string{"x", "y"}, []string{"a", "x", "y", "b", "c"}},
		{[]string{"a", "b", "c"}, 0, []string{"x"}, []string{"x", "a", "b", "c"}},
		{[]string{"a", "b"}, 2, []string{"z"}, []string{"a", "b", "z"}},
		{[]string{"a", "b"}, 99, []string{"z"}, []string{"a", "b", "z"}},
		{[]string{"a", "b"}, -4, []string{"z"}, []string{"z", "a", "b"}},
		{nil, 0, []string{"solo"}, []string{"solo"}},
		{[]string{"a"}, 1, nil, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q at %d", tt.names, tt.at), func(t *testing.T) {
			if got := InsertAt(tt.tracks, tt.at, tt.names...); !slices.Equal(got, tt.want) {
				t.Errorf("InsertAt(%q, %d, %q...) = %q, want %q", tt.tracks, tt.at, tt.names, got, tt.want)
			}
		})
	}
}

func TestInsertAtLeavesInputAlone(t *testing.T) {
	tracks := make([]string, 3, 10) // spare capacity: an in-place insert would fit
	copy(tracks, []string{"a", "b", "c"})
	got := InsertAt(tracks, 1, "x")
	if want := []string{"a", "x", "b", "c"}; !slices.Equal(got, want) {
		t.Fatalf(`InsertAt([a b c], 1, "x") = %q, want %q`, got, want)
	}
	if want := []string{"a", "b", "c", ""}; !slices.Equal(tracks[:4], want) {
		t.Errorf("InsertAt wrote into the caller's backing array: tracks[:4] = %q, want %q", tracks[:4], want)
	}
	got[0] = "changed"
	if tracks[0] != "a" {
		t.Errorf("changing the result of InsertAt changed tracks[0] to %q; return fresh memory", tracks[0])
	}
}

func TestRotate(t *testing.T) {
	tests := []struct {
		tracks []string
		k      int
		want   []string
	}{
		{[]string{"a", "b", "c", "d", "e"}, 2, []string{"c", "d", "e", "a", "b"}},
		{[]string{"a", "b", "c", "d", "e"}, 1, []string{"b", "c", "d", "e", "a"}},
		{[]string{"a", "b", "c", "d", "e"}, 5, []string{"a", "b", "c", "d", "e"}},
		{[]string{"a", "b", "c", "d", "e"}, 7, []string{"c", "d", "e", "a", "b"}},
		{[]string{"a", "b", "c", "d", "e"}, -1, []string{"e", "a", "b", "c", "d"}},
		{[]string{"a", "b", "c", "d", "e"}, -6, []string{"e", "a", "b", "c", "d"}},
		{[]string{"a", "b", "c"}, 0, []string{"a", "b", "c"}},
		{[]string{"solo"}, 3, []string{"solo"}},
		{[]string{}, 2, []string{}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q by %d", tt.tracks, tt.k), func(t *testing.T) {
			tracks := slices.Clone(tt.tracks)
			Rotate(tracks, tt.k)
			if !slices.Equal(tracks, tt.want) {
				t.Errorf("Rotate(%q, %d) left %q, want %q", tt.tracks, tt.k, tracks, tt.want)
			}
		})
	}
}

func TestRemoveAll(t *testing.T) {
	tests := []struct {
		tracks []string
		name   string
		want   []string
	}{
		{[]string{"a", "x", "b", "x"}, "x", []string{"a", "b"}},
		{[]string{"x", "x", "a"}, "x", []string{"a"}},
		{[]string{"a", "b"}, "x", []string{"a", "b"}},
		{[]string{"x", "x"}, "x", nil},
		{nil, "x", nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q from %q", tt.name, tt.tracks), func(t *testing.T) {
			tracks := slices.Clone(tt.tracks)
			if got := RemoveAll(tracks, tt.name); !slices.Equal(got, tt.want) {
				t.Errorf("RemoveAll(%q, %q) = %q, want %q", tt.tracks, tt.name, got, tt.want)
			}
		})
	}
}

func TestRemoveAllWorksInPlace(t *testing.T) {
	src := []string{"a", "x", "b", "x", "c"}
	tracks := slices.Clone(src)
	got := RemoveAll(tracks, "x")
	if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Fatalf("RemoveAll(%q, \"x\") = %q, want %q", src, got, want)
	}
	if &got[0] != &tracks[0] {
		t.Errorf("RemoveAll returned a new slice; it should reuse the backing array of tracks")
	}
	allocs := testing.AllocsPerRun(20, func() {
		copy(tracks, src)
		RemoveAll(tracks, "x")
	})
	if allocs > 0 {
		t.Errorf("RemoveAll made %.0f allocations per call, want 0", allocs)
	}
}
