package resourcepool

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned by Acquire once the pool is closed.
var ErrClosed = errors.New("pool closed")

// Pool hands out at most size reusable resources of type T.
type Pool[T any] struct {
	factory func() (T, error)
	destroy func(T)

	slots chan struct{} // one token per resource that exists
	idle  chan T        // resources waiting to be reused
	done  chan struct{} // closed by Close

	mu     sync.Mutex
	closed bool
}

// New returns a pool that creates resources with factory, lets at most size
// of them exist at once (a size below 1 counts as 1) and ends them with destroy.
func New[T any](size int, factory func() (T, error), destroy func(T)) *Pool[T] {
	size = max(size, 1)
	return &Pool[T]{
		factory: factory,
		destroy: destroy,
		slots:   make(chan struct{}, size),
		idle:    make(chan T, size),
		done:    make(chan struct{}),
	}
}

// Acquire returns an idle resource, creates a new one if fewer than size
// exist, or waits until one is released, ctx is done or the pool is closed.
func (p *Pool[T]) Acquire(ctx context.Context) (T, error) {
	var zero T
	select {
	case <-p.done:
		return zero, ErrClosed
	default:
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	select {
	case r := <-p.idle:
		return r, nil
	default:
	}
	select {
	case r := <-p.idle:
		return r, nil
	case p.slots <- struct{}{}:
		return p.create()
	case <-ctx.Done():
		return zero, ctx.Err()
	case <-p.done:
		return zero, ErrClosed
	}
}

func (p *Pool[T]) create() (T, error) {
	var zero T
	r, err := p.factory()
	if err != nil {
		<-p.slots // the resource does not exist: give its slot back
		return zero, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		<-p.slots
		p.destroy(r)
		return zero, ErrClosed
	}
	return r, nil
}

// Release gives r back for reuse, or destroys it if the pool is closed.
func (p *Pool[T]) Release(r T) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		p.destroy(r)
		return
	}
	p.idle <- r // never blocks: at most size resources exist
}

// Close destroys every idle resource, wakes waiting callers of Acquire with
// ErrClosed and makes later calls fail with ErrClosed. Calling it again does nothing.
func (p *Pool[T]) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	close(p.done)
	for {
		select {
		case r := <-p.idle:
			p.destroy(r)
		default:
			return
		}
	}
}
