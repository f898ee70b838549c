package boundedworkerpool

import (
	"context"
	"errors"
)

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("pool is closed")

// Pool runs tasks on a fixed number of workers with a bounded queue.
type Pool struct {
	// TODO: the task channel, a WaitGroup for the workers, a RWMutex and a closed flag.
}

// NewPool starts workers goroutines (at least 1) and a queue of queue tasks
// (at least 0).
func NewPool(workers, queue int) *Pool {
	// TODO
	return &Pool{}
}

// Submit hands task to the pool, waiting while the queue is full. It returns
// ctx.Err() if ctx is done first and ErrClosed after Close.
func (p *Pool) Submit(ctx context.Context, task func()) error {
	// TODO
	return nil
}

// TrySubmit hands task to the pool only if that needs no waiting.
func (p *Pool) TrySubmit(task func()) bool {
	// TODO
	return false
}

// Close stops accepting tasks and waits until every accepted task has
// finished. It may be called more than once.
func (p *Pool) Close() {
	// TODO
}
