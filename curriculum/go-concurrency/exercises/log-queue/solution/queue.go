package logqueue

import (
	"errors"
	"sync"
)

// ErrClosed is returned by Put and Take once the queue is closed (Take only
// after the queue has been drained).
var ErrClosed = errors.New("logqueue: queue closed")

// Queue is a first-in, first-out queue of lines holding at most a fixed
// number of them. It is safe for concurrent use.
type Queue struct {
	mu       sync.Mutex
	lines    []string
	capacity int
	closed   bool
	notFull  *sync.Cond // signalled when a line is taken
	notEmpty *sync.Cond // signalled when a line is put
}

// NewQueue returns an empty open queue holding at most capacity lines
// (at least 1, whatever capacity says).
func NewQueue(capacity int) *Queue {
	q := &Queue{capacity: max(capacity, 1)}
	q.notFull = sync.NewCond(&q.mu)
	q.notEmpty = sync.NewCond(&q.mu)
	return q
}

// Put adds line at the back of the queue, waiting while the queue is full.
// It returns ErrClosed, without adding line, if the queue is closed before
// or while it waits.
func (q *Queue) Put(line string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.lines) == q.capacity && !q.closed {
		q.notFull.Wait()
	}
	if q.closed {
		return ErrClosed
	}
	q.lines = append(q.lines, line)
	q.notEmpty.Signal()
	return nil
}

// Take removes and returns the line at the front of the queue, waiting
// while the queue is empty. Once the queue is closed, Take still returns the
// lines left in it, then ("", ErrClosed).
func (q *Queue) Take() (string, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.lines) == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	if len(q.lines) == 0 {
		return "", ErrClosed
	}
	line := q.lines[0]
	q.lines[0] = ""
	q.lines = q.lines[1:]
	q.notFull.Signal()
	return line, nil
}

// Len returns the number of lines in the queue.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.lines)
}

// Close closes the queue and wakes every goroutine waiting in Put or Take.
// Closing a closed queue does nothing.
func (q *Queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	q.closed = true
	q.notFull.Broadcast()
	q.notEmpty.Broadcast()
}
