package lockfreestack

import "sync/atomic"

type node[T any] struct {
	value T
	next  *node[T]
	size  int // number of nodes from this one to the bottom
}

// Stack is a last-in, first-out stack that many goroutines may use at once
// without locks. The zero value is an empty stack ready to use.
type Stack[T any] struct {
	top atomic.Pointer[node[T]]
}

// Push puts v on top of the stack.
func (s *Stack[T]) Push(v T) {
	// TODO: build a new node on top of the current one and publish it with a CAS loop.
}

// Pop removes and returns the top value, or the zero value and false if the stack is empty.
func (s *Stack[T]) Pop() (T, bool) {
	// TODO: CAS the top pointer to top.next, retrying if another goroutine got there first.
	var zero T
	return zero, false
}

// Peek returns the top value without removing it, or the zero value and false if the stack is empty.
func (s *Stack[T]) Peek() (T, bool) {
	// TODO
	var zero T
	return zero, false
}

// Len returns the number of values on the stack at one instant.
func (s *Stack[T]) Len() int {
	// TODO: the top node can tell you.
	return 0
}
