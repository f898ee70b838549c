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
	for {
		old := s.top.Load()
		n := &node[T]{value: v, next: old, size: 1}
		if old != nil {
			n.size = old.size + 1
		}
		if s.top.CompareAndSwap(old, n) {
			return
		}
	}
}

// Pop removes and returns the top value, or the zero value and false if the stack is empty.
func (s *Stack[T]) Pop() (T, bool) {
	for {
		old := s.top.Load()
		if old == nil {
			var zero T
			return zero, false
		}
		if s.top.CompareAndSwap(old, old.next) {
			return old.value, true
		}
	}
}

// Peek returns the top value without removing it, or the zero value and false if the stack is empty.
func (s *Stack[T]) Peek() (T, bool) {
	top := s.top.Load()
	if top == nil {
		var zero T
		return zero, false
	}
	return top.value, true
}

// Len returns the number of values on the stack at one instant.
func (s *Stack[T]) Len() int {
	if top := s.top.Load(); top != nil {
		return top.size
	}
	return 0
}
