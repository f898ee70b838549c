package resourcepool

import (
	"context"
	"errors"
)

// ErrClosed is returned by Acquire once the pool is closed.
var ErrClosed = errors.New("pool closed")

// Pool hands out at most size reusable resources of type T.
type Pool[T any] struct {
	factory func() (T, error)
	destroy func(T)
	size    int
	// TODO: add what you need: a way to count live resources, idle resources,
	// a signal for Close, a mutex...
}

// New returns a pool that creates resources with factory, lets at most size
// of them exist at once (a size below 1 counts as 1) and ends them with destroy.
func New[T any](size int, factory func() (T, error), destroy func(T)) *Pool[T] {
	// TODO: initialise the fields you added.
	return &Pool[T]{factory: factory, destroy: destroy, size: max(size, 1)}
}

// Acquire returns an idle resource, creates a new one if fewer than size
// exist, or waits until one is released, ctx is done or the pool is closed.
func (p *Pool[T]) Acquire(ctx context.Context) (T, error) {
	var zero T
	// TODO
	return zero, nil
}

// Release gives r back for reuse, or destroys it if the pool is closed.
func (p *Pool[T]) Release(r T) {
	// TODO
}

// Close destroys every idle resource, wakes waiting callers of Acquire with
// ErrClosed and makes later calls fail with ErrClosed. Calling it again does nothing.
func (p *Pool[T]) Close() {
	// TODO
}
