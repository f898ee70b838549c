package boundedworkerpool

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("pool is closed")

// Pool runs tasks on a fixed number of workers with a bounded queue.
type Pool struct {
	tasks  chan func()
	wg     sync.WaitGroup
	mu     sync.RWMutex // guards closed, and sending on tasks against closing it
	closed bool
}

// NewPool starts workers goroutines (at least 1) and a queue of queue tasks
// (at least 0).
func NewPool(workers, queue int) *Pool {
	p := &Pool{tasks: make(chan func(), max(queue, 0))}
	for range max(workers, 1) {
		p.wg.Go(func() {
			for task := range p.tasks {
				task()
			}
		})
	}
	return p
}

// Submit hands task to the pool, waiting while the queue is full. It returns
// ctx.Err() if ctx is done first and ErrClosed after Close.
func (p *Pool) Submit(ctx context.Context, task func()) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return ErrClosed
	}
	select {
	case p.tasks <- task:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TrySubmit hands task to the pool only if that needs no waiting.
func (p *Pool) TrySubmit(task func()) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return false
	}
	select {
	case p.tasks <- task:
		return true
	default:
		return false
	}
}

// Close stops accepting tasks and waits until every accepted task has
// finished. It may be called more than once.
func (p *Pool) Close() {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.tasks)
	}
	p.mu.Unlock()
	p.wg.Wait()
}
