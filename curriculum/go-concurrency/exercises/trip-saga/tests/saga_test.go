package tripsaga

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// journal records what the steps did, in order.
type journal struct {
	mu      sync.Mutex
	entries []string
}

func (j *journal) add(s string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, s)
}

func (j *journal) list() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.entries)
}

type spec struct {
	name       string
	fail       error // returned by the action
	compFail   error // returned by the compensation
	noCompensa bool  // Compensate is nil
}

func build(j *journal, specs ...spec) []Step {
	var steps []Step
	for _, sp := range specs {
		st := Step{
			Name: sp.name,
			Action: func(ctx context.Context) error {
				j.add("do " + sp.name)
				return sp.fail
			},
		}
		if !sp.noCompensa {
			st.Compensate = func(ctx context.Context) error {
				j.add("undo " + sp.name)
				return sp.compFail
			}
		}
		steps = append(steps, st)
	}
	return steps
}

var (
	errNoRooms  = errors.New("no rooms left")
	errDeclined = errors.New("card declined")
	errRefund   = errors.New("refund service down")
)

func TestRun(t *testing.T) {
	tests := []struct {
		name        string
		specs       []spec
		wantJournal []string
		wantStep    string // "" means success
		wantCause   error
	}{
		{
			name:        "all steps succeed",
			specs:       []spec{{name: "flight"}, {name: "hotel"}, {name: "car"}},
			wantJournal: []string{"do flight", "do hotel", "do car"},
		},
		{
			name:        "a failure compensates the earlier steps in reverse",
			specs:       []spec{{name: "flight"}, {name: "hotel"}, {name: "pay", fail: errDeclined}, {name: "email"}},
			wantJournal: []string{"do flight", "do hotel", "do pay", "undo hotel", "undo flight"},
			wantStep:    "pay",
			wantCause:   errDeclined,
		},
		{
			name:        "the first step failing compensates nothing",
			specs:       []spec{{name: "flight", fail: errNoRooms}, {name: "hotel"}},
			wantJournal: []string{"do flight"},
			wantStep:    "flight",
			wantCause:   errNoRooms,
		},
		{
			name:        "steps without a compensation are skipped",
			specs:       []spec{{name: "flight"}, {name: "log", noCompensa: true}, {name: "hotel", fail: errNoRooms}},
			wantJournal: []string{"do flight", "do log", "do hotel", "undo flight"},
			wantStep:    "hotel",
			wantCause:   errNoRooms,
		},
		{
			name:        "no steps is a success",
			specs:       nil,
			wantJournal: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := &journal{}
			err := Run(context.Background(), build(j, tt.specs...))
			if got := j.list(); !slices.Equal(got, tt.wantJournal) {
				t.Errorf("steps ran as %q, want %q", got, tt.wantJournal)
			}
			if tt.wantStep == "" {
				if err != nil {
					t.Errorf("Run = %v, want nil", err)
				}
				return
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("Run = %v (%T), want an *Error", err, err)
			}
			if se.Step != tt.wantStep || !errors.Is(se.Cause, tt.wantCause) || se.Compensation != nil {
				t.Errorf("Run = &Error{Step: %q, Cause: %v, Compensation: %v}, want &Error{Step: %q, Cause: %v, Compensation: nil}",
					se.Step, se.Cause, se.Compensation, tt.wantStep, tt.wantCause)
			}
			if !errors.Is(err, tt.wantCause) {
				t.Errorf("errors.Is(Run(...), %v) = false, want true", tt.wantCause)
			}
		})
	}
}

func TestCompensationFailuresAreCollected(t *testing.T) {
	j := &journal{}
	steps := build(j,
		spec{name: "flight"},
		spec{name: "hotel", compFail: errRefund},
		spec{name: "car"},
		spec{name: "pay", fail: errDeclined},
	)
	err := Run(context.Background(), steps)
	want := []string{"do flight", "do hotel", "do car", "do pay", "undo car", "undo hotel", "undo flight"}
	if got := j.list(); !slices.Equal(got, want) {
		t.Errorf("steps ran as %q, want %q: a failed compensation must not stop the others", got, want)
	}
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("Run = %v (%T), want an *Error", err, err)
	}
	if se.Step != "pay" || !errors.Is(se.Cause, errDeclined) {
		t.Errorf("Run = &Error{Step: %q, Cause: %v, ...}, want Step \"pay\" and Cause %v", se.Step, se.Cause, errDeclined)
	}
	if !errors.Is(se.Compensation, errRefund) {
		t.Errorf("Error.Compensation = %v, want an error wrapping %v", se.Compensation, errRefund)
	}
	if !errors.Is(err, errRefund) || !errors.Is(err, errDeclined) {
		t.Errorf("errors.Is must find both the cause and the compensation error in %v", err)
	}
	if se.Compensation != nil && !strings.Contains(se.Compensation.Error(), "hotel") {
		t.Errorf("Error.Compensation = %q, want it to name the step \"hotel\"", se.Compensation)
	}
}

func TestAlreadyCancelledRunsNothing(t *testing.T) {
	j := &journal{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Run(ctx, build(j, spec{name: "flight"}, spec{name: "hotel"}))
	if got := j.list(); len(got) != 0 {
		t.Errorf("with a cancelled context the steps ran as %q, want nothing", got)
	}
	var se *Error
	if !errors.As(err, &se) || se.Step != "flight" || !errors.Is(se.Cause, context.Canceled) {
		t.Errorf("Run(cancelled ctx) = %v, want &Error{Step: \"flight\", Cause: context.Canceled}", err)
	}
}

func TestCancelBetweenSteps(t *testing.T) {
	j := &journal{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	steps := build(j, spec{name: "flight"}, spec{name: "hotel"}, spec{name: "car"})
	steps[1].Action = func(context.Context) error {
		j.add("do hotel")
		cancel() // the user gives up while the hotel is being booked; the booking itself succeeds
		return nil
	}
	err := Run(ctx, steps)
	want := []string{"do flight", "do hotel", "undo hotel", "undo flight"}
	if got := j.list(); !slices.Equal(got, want) {
		t.Errorf("steps ran as %q, want %q: check the context before each step", got, want)
	}
	var se *Error
	if !errors.As(err, &se) || se.Step != "car" || !errors.Is(se.Cause, context.Canceled) {
		t.Errorf("Run = %v, want &Error{Step: \"car\", Cause: context.Canceled}", err)
	}
}

// TestCancelDuringAStep cancels the saga from another goroutine while a step is
// waiting, and checks that compensations still get a live context.
func TestCancelDuringAStep(t *testing.T) {
	j := &journal{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan struct{})
	var compCtxErr atomic.Value
	steps := []Step{
		{
			Name:   "flight",
			Action: func(context.Context) error { j.add("do flight"); return nil },
			Compensate: func(ctx context.Context) error {
				j.add("undo flight")
				compCtxErr.Store(fmt.Sprint(ctx.Err()))
				return nil
			},
		},
		{
			Name: "hotel",
			Action: func(ctx context.Context) error {
				j.add("do hotel")
				close(started)
				<-ctx.Done() // a slow booking that respects cancellation
				return ctx.Err()
			},
			Compensate: func(context.Context) error { j.add("undo hotel"); return nil },
		},
	}
	result := make(chan error, 1)
	go func() { result <- Run(ctx, steps) }()
	select {
	case <-started:
		cancel()
	case err := <-result:
		t.Fatalf("Run returned %v before the hotel step started", err)
	}
	err := <-result
	want := []string{"do flight", "do hotel", "undo flight"}
	if got := j.list(); !slices.Equal(got, want) {
		t.Errorf("steps ran as %q, want %q", got, want)
	}
	var se *Error
	if !errors.As(err, &se) || se.Step != "hotel" || !errors.Is(se.Cause, context.Canceled) {
		t.Errorf("Run = %v, want &Error{Step: \"hotel\", Cause: context.Canceled}", err)
	}
	if got := compCtxErr.Load(); got != "<nil>" {
		t.Errorf("the compensation's ctx.Err() = %v, want <nil>: compensations must run with a context that is not cancelled (context.WithoutCancel)", got)
	}
}

// TestConcurrentSagas books seats for many travellers at once. Sagas whose
// payment fails must give their seat back.
func TestConcurrentSagas(t *testing.T) {
	const travellers, seats = 40, 25
	var free atomic.Int64
	free.Store(seats)
	var succeeded atomic.Int64
	var wg sync.WaitGroup
	for i := range travellers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			steps := []Step{
				{
					Name: "seat",
					Action: func(context.Context) error {
						for {
							n := free.Load()
							if n == 0 {
								return errNoRooms
							}
							if free.CompareAndSwap(n, n-1) {
								return nil
							}
						}
					},
					Compensate: func(context.Context) error { free.Add(1); return nil },
				},
				{
					Name: "pay",
					Action: func(context.Context) error {
						if i%3 == 0 {
							return errDeclined
						}
						return nil
					},
				},
			}
			if Run(context.Background(), steps) == nil {
				succeeded.Add(1)
			}
		}()
	}
	wg.Wait()
	if got, want := seats-free.Load(), succeeded.Load(); got != want {
		t.Errorf("%d seats are taken but %d sagas succeeded: failed sagas must release their seats", got, want)
	}
	if succeeded.Load() == 0 || succeeded.Load() > seats {
		t.Errorf("%d sagas succeeded, want between 1 and %d", succeeded.Load(), seats)
	}
}
