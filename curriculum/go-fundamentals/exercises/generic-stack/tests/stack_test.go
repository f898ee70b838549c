package genericstack

import (
	"slices"
	"strconv"
	"testing"
)

func TestZeroValueIsAnEmptyStack(t *testing.T) {
	var s Stack[string]
	if n := s.Len(); n != 0 {
		t.Errorf("var s Stack[string]; s.Len() = %d, want 0", n)
	}
	if v, ok := s.Pop(); v != "" || ok {
		t.Errorf("Pop() on an empty stack = %q, %t; want \"\", false", v, ok)
	}
	if v, ok := s.Peek(); v != "" || ok {
		t.Errorf("Peek() on an empty stack = %q, %t; want \"\", false", v, ok)
	}
	if items := s.Items(); len(items) != 0 {
		t.Errorf("Items() on an empty stack = %q, want empty", items)
	}
}

func TestPushPopOrder(t *testing.T) {
	var s Stack[string]
	s.Push("a", "b")
	s.Push("c")
	if got, want := s.Items(), []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf(`after Push("a", "b") and Push("c"): Items() = %q, want %q`, got, want)
	}
	if n := s.Len(); n != 3 {
		t.Errorf("Len() = %d after pushing 3 values, want 3", n)
	}
	for _, want := range []string{"c", "b", "a"} {
		if top, ok := s.Peek(); top != want || !ok {
			t.Errorf("Peek() = %q, %t; want %q, true", top, ok, want)
		}
		if got, ok := s.Pop(); got != want || !ok {
			t.Errorf("Pop() = %q, %t; want %q, true", got, ok, want)
		}
	}
	if v, ok := s.Pop(); ok {
		t.Errorf("Pop() after emptying the stack = %q, true; want \"\", false", v)
	}
	s.Push()
	if n := s.Len(); n != 0 {
		t.Errorf("Len() after Push() with no values = %d, want 0", n)
	}
}

func TestPeekDoesNotRemove(t *testing.T) {
	var s Stack[int]
	s.Push(7)
	s.Peek()
	s.Peek()
	if n := s.Len(); n != 1 {
		t.Errorf("Len() after Push(7) and two Peek() calls = %d, want 1", n)
	}
}

func TestWorksWithStructs(t *testing.T) {
	type point struct{ X, Y int }
	var s Stack[point]
	s.Push(point{1, 2}, point{3, 4})
	if got, ok := s.Pop(); got != (point{3, 4}) || !ok {
		t.Errorf("Pop() = %+v, %t; want {X:3 Y:4}, true", got, ok)
	}
	if got, ok := s.Pop(); got != (point{1, 2}) || !ok {
		t.Errorf("Pop() = %+v, %t; want {X:1 Y:2}, true", got, ok)
	}
	if got, ok := s.Pop(); got != (point{}) || ok {
		t.Errorf("Pop() on an empty Stack[point] = %+v, %t; want the zero point, false", got, ok)
	}
}

func TestItemsReturnsACopy(t *testing.T) {
	var s Stack[int]
	s.Push(1, 2, 3)
	items := s.Items()
	if len(items) == 3 {
		items[2] = 99
	}
	if top, _ := s.Peek(); top != 3 {
		t.Errorf("after changing the slice from Items(), Peek() = %d, want 3: Items must return a copy", top)
	}
}

func TestMap(t *testing.T) {
	var nums Stack[int]
	nums.Push(1, 20, 300)
	strs := Map(&nums, strconv.Itoa)
	if strs == nil {
		t.Fatal("Map returned nil, want a new stack")
	}
	if got, want := strs.Items(), []string{"1", "20", "300"}; !slices.Equal(got, want) {
		t.Errorf("Map(stack of 1 20 300, strconv.Itoa).Items() = %q, want %q", got, want)
	}
	if got, want := nums.Items(), []int{1, 20, 300}; !slices.Equal(got, want) {
		t.Errorf("after Map, the original stack holds %v, want %v (unchanged)", got, want)
	}
	strs.Push("x")
	if n := nums.Len(); n != 3 {
		t.Errorf("pushing onto the mapped stack changed the original: Len() = %d, want 3", n)
	}
	var empty Stack[int]
	if m := Map(&empty, func(int) bool { return true }); m == nil || m.Len() != 0 {
		t.Errorf("Map of an empty stack should be a new empty stack")
	}
}

func TestBalanced(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"", true},
		{"no brackets at all", true},
		{"()", true},
		{"f(a[1], {b})", true},
		{"{[()()]}", true},
		{"(]", false},
		{"((", false},
		{"())", false},
		{")(", false},
		{"([)]", false},
		{"«(ünïcode)»", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := Balanced(tt.text); got != tt.want {
				t.Errorf("Balanced(%q) = %t, want %t", tt.text, got, tt.want)
			}
		})
	}
}
