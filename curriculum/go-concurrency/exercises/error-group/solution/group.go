package errorgroup

import (
	"context"
	"sync"
)

// Group runs functions in goroutines, waits for them and reports the first
// error. The zero Group has no limit and no context.
type Group struct {
	wg     sync.WaitGroup
	once   sync.Once // records the first error only
	err    error
	cancel context.CancelCauseFunc // nil for the zero Group
	sem    chan struct{}           // nil means no limit
}

// WithContext returns a Group and a context derived from ctx that is
// cancelled, with the error as its cause, when a function returns an error,
// and at the latest when Wait returns.
func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancelCause(ctx)
	return &Group{cancel: cancel}, ctx
}

// SetLimit allows at most n functions to run at once; n <= 0 means no limit.
func (g *Group) SetLimit(n int) {
	if n <= 0 {
		g.sem = nil
		return
	}
	g.sem = make(chan struct{}, n)
}

// Go runs f in a new goroutine, first waiting while the limit is reached.
func (g *Group) Go(f func() error) {
	if g.sem != nil {
		g.sem <- struct{}{}
	}
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if g.sem != nil {
			defer func() { <-g.sem }()
		}
		if err := f(); err != nil {
			g.once.Do(func() {
				g.err = err
				if g.cancel != nil {
					g.cancel(err)
				}
			})
		}
	}()
}

// Wait waits for every function and returns the first error, or nil.
func (g *Group) Wait() error {
	g.wg.Wait()
	if g.cancel != nil {
		g.cancel(g.err)
	}
	return g.err
}
