package fanoutfanin

import (
	"context"
	"sync"
)

// ParallelMap delivers f(v) for every v from in, in any order, using workers
// goroutines. The output closes when in is drained or soon after ctx is
// cancelled, and every goroutine it started returns.
func ParallelMap[T, R any](ctx context.Context, in <-chan T, workers int, f func(T) R) <-chan R {
	out := make(chan R)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
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
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// OrderedMap is like ParallelMap but delivers the results in input order.
func OrderedMap[T, R any](ctx context.Context, in <-chan T, workers int, f func(T) R) <-chan R {
	workers = max(workers, 1)
	type job struct {
		v      T
		result chan R
	}
	jobs := make(chan job)
	queue := make(chan chan R, workers) // result channels, in input order
	out := make(chan R)

	// Dispatcher: reserves a place in the queue for each input, then hands it
	// to a worker.
	go func() {
		defer close(jobs)
		defer close(queue)
		for {
			var v T
			select {
			case x, ok := <-in:
				if !ok {
					return
				}
				v = x
			case <-ctx.Done():
				return
			}
			result := make(chan R, 1)
			select {
			case queue <- result:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{v, result}:
			case <-ctx.Done():
				return
			}
		}
	}()

	// Workers: the result channel has room for one value, so they never wait.
	for range workers {
		go func() {
			for j := range jobs {
				j.result <- f(j.v)
			}
		}()
	}

	// Emitter: waits for each result in input order.
	go func() {
		defer close(out)
		for result := range queue {
			var r R
			select {
			case r = <-result:
			case <-ctx.Done():
				return
			}
			select {
			case out <- r:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
