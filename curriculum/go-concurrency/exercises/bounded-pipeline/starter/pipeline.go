package boundedpipeline

import "context"

// Source returns an unbuffered channel that delivers items in order and is
// then closed. It stops early, closing the channel, if ctx is cancelled.
func Source[T any](ctx context.Context, items []T) <-chan T {
	// TODO: a goroutine that owns out; every send selects on ctx.Done().
	out := make(chan T)
	close(out)
	return out
}

// Stage returns a channel with a buffer of buffer values that delivers f(v)
// for every v from in, in order, using one goroutine. The channel is closed
// once in is closed and drained, or soon after ctx is cancelled.
func Stage[In, Out any](ctx context.Context, in <-chan In, buffer int, f func(In) Out) <-chan Out {
	// TODO: receive and send with select, so cancellation always gets through.
	out := make(chan Out)
	close(out)
	return out
}
