package boundedpipeline

import "context"

// Source returns an unbuffered channel that delivers items in order and is
// then closed. It stops early, closing the channel, if ctx is cancelled.
func Source[T any](ctx context.Context, items []T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for _, item := range items {
			select {
			case out <- item:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Stage returns a channel with a buffer of buffer values that delivers f(v)
// for every v from in, in order, using one goroutine. The channel is closed
// once in is closed and drained, or soon after ctx is cancelled.
func Stage[In, Out any](ctx context.Context, in <-chan In, buffer int, f func(In) Out) <-chan Out {
	out := make(chan Out, max(buffer, 0))
	go func() {
		defer close(out)
		for {
			select {
			case v, ok := <-in:
				if !ok {
					return
				}
				select {
				case out <- f(v):
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
