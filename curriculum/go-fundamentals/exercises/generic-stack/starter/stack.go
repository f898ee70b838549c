package genericstack

// Stack is a last-in, first-out stack. The zero value is an empty stack.
type Stack[T any] struct {
	items []T // bottom of the stack first
}

// Push pushes the values in order; the last one ends up on top.
func (s *Stack[T]) Push(values ...T) {
	// TODO: append the values.
}

// Pop removes and returns the top value and true, or the zero value of T and
// false when the stack is empty.
func (s *Stack[T]) Pop() (T, bool) {
	// TODO: take the last item and shorten the slice.
	var zero T
	return zero, false
}

// Peek returns the top value and true without removing it, or the zero value
// and false when the stack is empty.
func (s *Stack[T]) Peek() (T, bool) {
	// TODO
	var zero T
	return zero, false
}

// Len returns the number of values on the stack.
func (s *Stack[T]) Len() int {
	// TODO
	return 0
}

// Items returns a copy of the values, bottom first.
func (s *Stack[T]) Items() []T {
	// TODO: return a copy, not s.items itself.
	return nil
}

// Map returns a new stack with f applied to every value of s, in order.
func Map[T, U any](s *Stack[T], f func(T) U) *Stack[U] {
	// TODO: push f(v) for every value onto a new stack.
	return &Stack[U]{}
}

// Balanced reports whether the brackets (), [] and {} in text are balanced.
// Other characters are ignored.
func Balanced(text string) bool {
	// TODO: use a Stack[rune].
	return false
}
