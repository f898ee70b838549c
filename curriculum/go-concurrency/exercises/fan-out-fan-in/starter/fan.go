package fanoutfanin

import "context"

// ParallelMap delivers f(v) for every v from in, in any order, using workers
// goroutines. The output closes when in is drained or soon after ctx is
// cancelled, and every goroutine it started returns.
func ParallelMap[T, R any](ctx context.Context, in <-chan T, workers int, f func(T) R) <-chan R {
	// TODO: fan out to workers goroutines, fan their results in to one channel.
	out := make(chan R)
	close(out)
	return out
}

// OrderedMap is like ParallelMap but delivers the results in input order.
func OrderedMap[T, R any](ctx context.Context, in <-chan T, workers int, f func(T) R) <-chan R {
	// TODO: a dispatcher, workers, and an emitter reading a queue of result channels.
	out := make(chan R)
	close(out)
	return out
}
