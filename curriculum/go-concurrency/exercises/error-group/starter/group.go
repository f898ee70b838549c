package errorgroup

import "context"

// Group runs functions in goroutines, waits for them and reports the first
// error. The zero Group has no limit and no context.
type Group struct {
	// TODO: a WaitGroup, the first error (guarded by a sync.Once), a cancel
	// function, and a semaphore channel for the limit.
}

// WithContext returns a Group and a context derived from ctx that is
// cancelled, with the error as its cause, when a function returns an error,
// and at the latest when Wait returns.
func WithContext(ctx context.Context) (*Group, context.Context) {
	// TODO: context.WithCancelCause.
	return &Group{}, ctx
}

// SetLimit allows at most n functions to run at once; n <= 0 means no limit.
func (g *Group) SetLimit(n int) {
	// TODO
}

// Go runs f in a new goroutine, first waiting while the limit is reached.
func (g *Group) Go(f func() error) {
	// TODO
}

// Wait waits for every function and returns the first error, or nil.
func (g *Group) Wait() error {
	// TODO
	return nil
}
