package tripsaga

import (
	"context"
	"fmt"
)

// Step is one local transaction of a saga and the action that undoes it.
type Step struct {
	Name       string
	Action     func(ctx context.Context) error
	Compensate func(ctx context.Context) error // nil when there is nothing to undo
}

// Error reports a failed saga: the step that failed, why, and what went wrong
// while compensating (nil when every compensation succeeded).
type Error struct {
	Step         string
	Cause        error
	Compensation error
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("saga step %q: %v", e.Step, e.Cause)
	if e.Compensation != nil {
		msg += fmt.Sprintf("; compensation: %v", e.Compensation)
	}
	return msg
}

// Unwrap lets errors.Is and errors.As see both the cause and the compensation errors.
func (e *Error) Unwrap() []error {
	if e.Compensation == nil {
		return []error{e.Cause}
	}
	return []error{e.Cause, e.Compensation}
}

// Run runs the steps in order. When a step fails, or ctx is done before a step
// starts, it compensates the completed steps in reverse order and returns an *Error.
func Run(ctx context.Context, steps []Step) error {
	// TODO: run each Action in turn; on failure compensate steps[:i] in reverse
	// with context.WithoutCancel(ctx) and return &Error{...}.
	return nil
}
