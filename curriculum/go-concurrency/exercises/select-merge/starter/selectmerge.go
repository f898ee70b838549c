package selectmerge

import (
	"errors"
	"time"
)

// ErrTimeout is returned by Receive when no value arrives in time.
var ErrTimeout = errors.New("receive timed out")

// ErrClosed is returned by Receive when the channel is closed.
var ErrClosed = errors.New("channel closed")

// TrySend sends v on ch only if that can happen without waiting, and reports
// whether it did.
func TrySend(ch chan<- int, v int) bool {
	// TODO: a select with a default case.
	return false
}

// Receive waits at most timeout for a value from ch. It returns ErrClosed if
// ch is closed and ErrTimeout if the time runs out.
func Receive(ch <-chan int, timeout time.Duration) (int, error) {
	// TODO: select between ch and a timer's channel.
	return 0, nil
}

// Merge forwards every value of a and b to the returned channel, which is
// closed once both a and b are closed.
func Merge(a, b <-chan int) <-chan int {
	// TODO: one goroutine that owns out; set a closed input to nil.
	out := make(chan int)
	close(out)
	return out
}
