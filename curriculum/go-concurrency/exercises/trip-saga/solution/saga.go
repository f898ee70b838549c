package tripsaga

import (
	"context"
	"errors"
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
	for i, step := range steps {
		err := ctx.Err()
		if err == nil {
			err = step.Action(ctx)
		}
		if err != nil {
			return &Error{Step: step.Name, Cause: err, Compensation: compensate(ctx, steps[:i])}
		}
	}
	return nil
}

// compensate undoes the completed steps, last first, with a context that is
// not cancelled, and joins the errors of the compensations that failed.
func compensate(ctx context.Context, done []Step) error {
	ctx = context.WithoutCancel(ctx)
	var errs []error
	for i := len(done) - 1; i >= 0; i-- {
		step := done[i]
		if step.Compensate == nil {
			continue
		}
		if err := step.Compensate(ctx); err != nil {
			errs = append(errs, fmt.Errorf("compensate %q: %w", step.Name, err))
		}
	}
	return errors.Join(errs...)
}
