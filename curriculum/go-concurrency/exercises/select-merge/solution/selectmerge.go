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
	select {
	case ch <- v:
		return true
	default:
		return false
	}
}

// Receive waits at most timeout for a value from ch. It returns ErrClosed if
// ch is closed and ErrTimeout if the time runs out.
func Receive(ch <-chan int, timeout time.Duration) (int, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case v, ok := <-ch:
		if !ok {
			return 0, ErrClosed
		}
		return v, nil
	case <-timer.C:
		return 0, ErrTimeout
	}
}

// Merge forwards every value of a and b to the returned channel, which is
// closed once both a and b are closed.
func Merge(a, b <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for a != nil || b != nil {
			select {
			case v, ok := <-a:
				if !ok {
					a = nil
					continue
				}
				out <- v
			case v, ok := <-b:
				if !ok {
					b = nil
					continue
				}
				out <- v
			}
		}
	}()
	return out
}
