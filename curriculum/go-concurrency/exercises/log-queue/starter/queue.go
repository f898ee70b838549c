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
	mu sync.Mutex
	// TODO: the lines, the capacity, a closed flag and two *sync.Cond
	// (notFull and notEmpty) made with sync.NewCond(&q.mu).
}

// NewQueue returns an empty open queue holding at most capacity lines
// (at least 1, whatever capacity says).
func NewQueue(capacity int) *Queue {
	// TODO
	return &Queue{}
}

// Put adds line at the back of the queue, waiting while the queue is full.
// It returns ErrClosed, without adding line, if the queue is closed before
// or while it waits.
func (q *Queue) Put(line string) error {
	// TODO
	return nil
}

// Take removes and returns the line at the front of the queue, waiting
// while the queue is empty. Once the queue is closed, Take still returns the
// lines left in it, then ("", ErrClosed).
func (q *Queue) Take() (string, error) {
	// TODO
	return "", ErrClosed
}

// Len returns the number of lines in the queue.
func (q *Queue) Len() int {
	// TODO
	return 0
}

// Close closes the queue and wakes every goroutine waiting in Put or Take.
// Closing a closed queue does nothing.
func (q *Queue) Close() {
	// TODO
}
