package genericstack

import "slices"

// Stack is a last-in, first-out stack. The zero value is an empty stack.
type Stack[T any] struct {
	items []T // bottom of the stack first
}

// Push pushes the values in order; the last one ends up on top.
func (s *Stack[T]) Push(values ...T) {
	s.items = append(s.items, values...)
}

// Pop removes and returns the top value and true, or the zero value of T and
// false when the stack is empty.
func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	last := len(s.items) - 1
	top := s.items[last]
	s.items[last] = zero // do not keep the value reachable
	s.items = s.items[:last]
	return top, true
}

// Peek returns the top value and true without removing it, or the zero value
// and false when the stack is empty.
func (s *Stack[T]) Peek() (T, bool) {
	if len(s.items) == 0 {
		var zero T
		return zero, false
	}
	return s.items[len(s.items)-1], true
}

// Len returns the number of values on the stack.
func (s *Stack[T]) Len() int {
	return len(s.items)
}

// Items returns a copy of the values, bottom first.
func (s *Stack[T]) Items() []T {
	return slices.Clone(s.items)
}

// Map returns a new stack with f applied to every value of s, in order.
func Map[T, U any](s *Stack[T], f func(T) U) *Stack[U] {
	out := &Stack[U]{items: make([]U, 0, len(s.items))}
	for _, v := range s.items {
		out.Push(f(v))
	}
	return out
}

// Balanced reports whether the brackets (), [] and {} in text are balanced.
// Other characters are ignored.
func Balanced(text string) bool {
	closers := map[rune]rune{'(': ')', '[': ']', '{': '}'}
	var want Stack[rune]
	for _, r := range text {
		switch r {
		case '(', '[', '{':
			want.Push(closers[r])
		case ')', ']', '}':
			if top, ok := want.Pop(); !ok || top != r {
				return false
			}
		}
	}
	return want.Len() == 0
}
