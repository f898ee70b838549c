package gridsearch

import (
	"fmt"
	"slices"
	"testing"
)

func equalGrids(a, b [][]int) bool {
	return slices.EqualFunc(a, b, func(x, y []int) bool { return slices.Equal(x, y) })
}

func TestTable(t *testing.T) {
	tests := []struct {
		n    int
		want [][]int
	}{
		{1, [][]int{{1}}},
		{2, [][]int{{1, 2}, {2, 4}}},
		{3, [][]int{{1, 2, 3}, {2, 4, 6}, {3, 6, 9}}},
		{4, [][]int{{1, 2, 3, 4}, {2, 4, 6, 8}, {3, 6, 9, 12}, {4, 8, 12, 16}}},
		{0, nil},
		{-2, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("n=%d", tt.n), func(t *testing.T) {
			got := Table(tt.n)
			if !equalGrids(got, tt.want) {
				t.Errorf("Table(%d) = %v, want %v", tt.n, got, tt.want)
			}
			if tt.want == nil && got != nil {
				t.Errorf("Table(%d) = %#v, want nil", tt.n, got)
			}
		})
	}
}

func TestTableRowsAreSeparate(t *testing.T) {
	table := Table(3)
	if len(table) != 3 || len(table[0]) != 3 || len(table[1]) != 3 {
		t.Fatalf("Table(3) = %v, want 3 rows of 3 cells", table)
	}
	table[0][0] = 100
	if table[1][0] == 100 || table[2][0] == 100 {
		t.Errorf("changing row 0 of Table(3) changed another row: %v; give every row its own slice", table)
	}
}

func TestFind(t *testing.T) {
	grid := [][]int{
		{4, 7},
		{7, 1, 9},
		{},
		{2, 9},
	}
	tests := []struct {
		name     string
		grid     [][]int
		target   int
		row, col int
		found    bool
	}{
		{"in the first row", grid, 4, 0, 0, true},
		{"the first match wins, not a later row", grid, 7, 0, 1, true},
		{"the first match wins, not a later column", [][]int{{5, 5, 5}}, 5, 0, 0, true},
		{"end of a longer row", grid, 9, 1, 2, true},
		{"after an empty row", grid, 2, 3, 0, true},
		{"missing value", grid, 5, -1, -1, false},
		{"empty grid", nil, 1, -1, -1, false},
		{"only empty rows", [][]int{{}, {}}, 0, -1, -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, c, ok := Find(tt.grid, tt.target)
			if r != tt.row || c != tt.col || ok != tt.found {
				t.Errorf("Find(%v, %d) = %d, %d, %v; want %d, %d, %v", tt.grid, tt.target, r, c, ok, tt.row, tt.col, tt.found)
			}
		})
	}
}

func TestCleanRows(t *testing.T) {
	tests := []struct {
		name   string
		grid   [][]int
		banned int
		want   []int
	}{
		{"mixed rows", [][]int{{1, 2}, {0, 3}, {}, {4, 0, 0}}, 0, []int{0, 2}},
		{"every row clean", [][]int{{1}, {2}, {3}}, 9, []int{0, 1, 2}},
		{"banned value at the end of a row", [][]int{{1, 2, 9}, {3}}, 9, []int{1}},
		{"banned value several times in a row", [][]int{{9, 9, 9}, {8}}, 9, []int{1}},
		{"no row clean", [][]int{{9}, {1, 9}}, 9, nil},
		{"empty grid", nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanRows(tt.grid, tt.banned); !slices.Equal(got, tt.want) {
				t.Errorf("CleanRows(%v, %d) = %v, want %v", tt.grid, tt.banned, got, tt.want)
			}
		})
	}
}
