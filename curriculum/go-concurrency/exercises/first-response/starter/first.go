package firstresponse

import (
	"context"
	"errors"
	"io"
)

// ErrAnswered is the cause given to the sources that lost the race.
var ErrAnswered = errors.New("another source answered first")

// ErrNoSources is returned by First when it is given no sources.
var ErrNoSources = errors.New("no sources")

// Source produces a value; it returns soon after its context is cancelled.
type Source func(ctx context.Context) (string, error)

// First calls every source concurrently and returns the first successful
// value, cancelling the others with the cause ErrAnswered. Without a success
// it returns context.Cause(ctx) if ctx is done, otherwise the sources' errors
// joined in order. It returns only after every source has returned.
func First(ctx context.Context, sources []Source) (string, error) {
	// TODO: context.WithCancelCause, one goroutine per source, a buffered results channel.
	return "", nil
}

// CloseOnDone calls c.Close() once ctx is done, unless stop is called first.
// stop reports whether it prevented the close.
func CloseOnDone(ctx context.Context, c io.Closer) (stop func() bool) {
	// TODO: context.AfterFunc.
	return func() bool { return false }
}
