package batchsplit

import (
	"fmt"
	"slices"
	"testing"
)

func TestSquares(t *testing.T) {
	tests := []struct {
		name string
		nums []int
		want []int
	}{
		{"several numbers", []int{1, 2, 3}, []int{1, 4, 9}},
		{"negative numbers", []int{-4, 0, 5}, []int{16, 0, 25}},
		{"empty", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Squares(tt.nums); !slices.Equal(got, tt.want) {
				t.Errorf("Squares(%v) = %v, want %v", tt.nums, got, tt.want)
			}
		})
	}
}

func TestSquaresLeavesInputAlone(t *testing.T) {
	nums := []int{2, 3}
	Squares(nums)
	if want := []int{2, 3}; !slices.Equal(nums, want) {
		t.Errorf("Squares changed its input to %v, want %v", nums, want)
	}
}

func TestSquaresAllocatesOnce(t *testing.T) {
	nums := make([]int, 1000)
	for i := range nums {
		nums[i] = i
	}
	if got := Squares(nums); len(got) != len(nums) {
		t.Fatalf("Squares of 1000 numbers returned %d numbers, want 1000", len(got))
	}
	allocs := testing.AllocsPerRun(20, func() { Squares(nums) })
	if allocs > 1 {
		t.Errorf("Squares of 1000 numbers made %.0f allocations, want at most 1 (size the result up front)", allocs)
	}
}

func TestSplitAt(t *testing.T) {
	tests := []struct {
		i          int
		head, tail []string
	}{
		{2, []string{"a", "b"}, []string{"c", "d"}},
		{0, nil, []string{"a", "b", "c", "d"}},
		{4, []string{"a", "b", "c", "d"}, nil},
		{-3, nil, []string{"a", "b", "c", "d"}},
		{10, []string{"a", "b", "c", "d"}, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("i=%d", tt.i), func(t *testing.T) {
			s := []string{"a", "b", "c", "d"}
			head, tail := SplitAt(s, tt.i)
			if !slices.Equal(head, tt.head) || !slices.Equal(tail, tt.tail) {
				t.Errorf("SplitAt(%q, %d) = %q, %q; want %q, %q", s, tt.i, head, tail, tt.head, tt.tail)
			}
		})
	}
}

func TestSplitAtSharesMemory(t *testing.T) {
	s := []string{"a", "b", "c", "d"}
	head, tail := SplitAt(s, 2)
	if len(head) != 2 || len(tail) != 2 {
		t.Fatalf("SplitAt(%q, 2) = %q, %q; want two halves", s, head, tail)
	}
	s[0], s[3] = "A", "D"
	if head[0] != "A" || tail[1] != "D" {
		t.Errorf("head and tail should be views into s (no copying): after changing s they are %q, %q", head, tail)
	}
}

func TestSplitAtAppendToHeadIsSafe(t *testing.T) {
	s := []string{"a", "b", "c", "d"}
	head, tail := SplitAt(s, 2)
	if len(head) != 2 || len(tail) != 2 {
		t.Fatalf("SplitAt(%q, 2) = %q, %q; want two halves", s, head, tail)
	}
	head = append(head, "X")
	if want := []string{"c", "d"}; !slices.Equal(tail, want) {
		t.Errorf("after append(head, \"X\"), tail = %q, want %q (cap head with a full slice expression)", tail, want)
	}
	if want := []string{"a", "b", "c", "d"}; !slices.Equal(s, want) {
		t.Errorf("after append(head, \"X\"), s = %q, want %q", s, want)
	}
	if want := []string{"a", "b", "X"}; !slices.Equal(head, want) {
		t.Errorf("append(head, \"X\") = %q, want %q", head, want)
	}
}

func TestChunk(t *testing.T) {
	tests := []struct {
		items []int
		size  int
		want  [][]int
	}{
		{[]int{1, 2, 3, 4, 5}, 2, [][]int{{1, 2}, {3, 4}, {5}}},
		{[]int{1, 2, 3, 4}, 2, [][]int{{1, 2}, {3, 4}}},
		{[]int{1, 2, 3}, 3, [][]int{{1, 2, 3}}},
		{[]int{1, 2}, 5, [][]int{{1, 2}}},
		{[]int{1, 2, 3}, 1, [][]int{{1}, {2}, {3}}},
		{nil, 2, nil},
		{[]int{1, 2}, 0, nil},
		{[]int{1, 2}, -1, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v by %d", tt.items, tt.size), func(t *testing.T) {
			got := Chunk(tt.items, tt.size)
			equal := slices.EqualFunc(got, tt.want, func(a, b []int) bool { return slices.Equal(a, b) })
			if !equal {
				t.Errorf("Chunk(%v, %d) = %v, want %v", tt.items, tt.size, got, tt.want)
			}
		})
	}
}

func TestChunksAreSafeToAppendTo(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	chunks := Chunk(items, 2)
	if len(chunks) != 3 || len(chunks[0]) != 2 {
		t.Fatalf("Chunk(%v, 2) = %v, want 3 chunks", items, chunks)
	}
	chunks[0] = append(chunks[0], 99)
	if want := []int{3, 4}; !slices.Equal(chunks[1], want) {
		t.Errorf("appending 99 to the first chunk changed the second chunk to %v, want %v", chunks[1], want)
	}
	if want := []int{1, 2, 3, 4, 5}; !slices.Equal(items, want) {
		t.Errorf("appending 99 to the first chunk changed items to %v, want %v", items, want)
	}
}

func TestChunksAreViews(t *testing.T) {
	items := []int{1, 2, 3, 4}
	chunks := Chunk(items, 2)
	if len(chunks) != 2 || len(chunks[1]) != 2 {
		t.Fatalf("Chunk(%v, 2) = %v, want 2 chunks", items, chunks)
	}
	items[3] = 40
	if chunks[1][1] != 40 {
		t.Errorf("chunks should be views into items (no copying): after items[3] = 40, chunks = %v", chunks)
	}
}
