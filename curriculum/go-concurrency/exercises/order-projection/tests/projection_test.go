package orderprojection

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func placed(seq int, id, customer string, amount int) Event {
	return Event{Seq: seq, Kind: OrderPlaced, OrderID: id, Customer: customer, Amount: amount}
}

func cancelled(seq int, id string) Event {
	return Event{Seq: seq, Kind: OrderCancelled, OrderID: id}
}

type view struct {
	total int
	open  []string
}

func TestApply(t *testing.T) {
	tests := []struct {
		name         string
		events       []Event
		want         map[string]view
		wantPosition int
	}{
		{
			name:         "orders add up per customer",
			events:       []Event{placed(1, "o1", "ana", 30), placed(2, "o2", "ben", 5), placed(3, "o3", "ana", 12)},
			want:         map[string]view{"ana": {42, []string{"o1", "o3"}}, "ben": {5, []string{"o2"}}},
			wantPosition: 3,
		},
		{
			name:         "a cancelled order no longer counts",
			events:       []Event{placed(1, "o1", "ana", 30), placed(2, "o2", "ana", 8), cancelled(3, "o1")},
			want:         map[string]view{"ana": {8, []string{"o2"}}},
			wantPosition: 3,
		},
		{
			name:         "cancelling an unknown order changes nothing but the position",
			events:       []Event{placed(1, "o1", "ana", 30), cancelled(2, "zz")},
			want:         map[string]view{"ana": {30, []string{"o1"}}},
			wantPosition: 2,
		},
		{
			name:         "cancelling twice subtracts once",
			events:       []Event{placed(1, "o1", "ana", 30), placed(2, "o2", "ana", 1), cancelled(3, "o1"), cancelled(4, "o1")},
			want:         map[string]view{"ana": {1, []string{"o2"}}},
			wantPosition: 4,
		},
		{
			name:         "placing an order that is already open is ignored",
			events:       []Event{placed(1, "o1", "ana", 30), placed(2, "o1", "ana", 30)},
			want:         map[string]view{"ana": {30, []string{"o1"}}},
			wantPosition: 2,
		},
		{
			name:         "redelivered events are ignored",
			events:       []Event{placed(1, "o1", "ana", 30), placed(2, "o2", "ana", 5), placed(2, "o2", "ana", 5), placed(1, "o1", "ana", 30), cancelled(3, "o2"), cancelled(3, "o2")},
			want:         map[string]view{"ana": {30, []string{"o1"}}},
			wantPosition: 3,
		},
		{
			name:         "unknown customers have nothing",
			events:       []Event{placed(1, "o1", "ana", 30)},
			want:         map[string]view{"cy": {0, nil}},
			wantPosition: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewProjection()
			for _, e := range tt.events {
				p.Apply(e)
			}
			for customer, want := range tt.want {
				if got := p.CustomerTotal(customer); got != want.total {
					t.Errorf("CustomerTotal(%q) = %d, want %d", customer, got, want.total)
				}
				if got := p.OpenOrders(customer); !slices.Equal(got, want.open) {
					t.Errorf("OpenOrders(%q) = %q, want %q", customer, got, want.open)
				}
			}
			if got := p.Position(); got != tt.wantPosition {
				t.Errorf("Position() = %d, want %d", got, tt.wantPosition)
			}
		})
	}
}

func TestOpenOrdersIsSortedAndACopy(t *testing.T) {
	p := NewProjection()
	for i, id := range []string{"o9", "o2", "o5"} {
		p.Apply(placed(i+1, id, "ana", 1))
	}
	got := p.OpenOrders("ana")
	if want := []string{"o2", "o5", "o9"}; !slices.Equal(got, want) {
		t.Fatalf("OpenOrders(\"ana\") = %q, want %q (sorted)", got, want)
	}
	got[0] = "hacked"
	if again := p.OpenOrders("ana"); !slices.Equal(again, []string{"o2", "o5", "o9"}) {
		t.Errorf("after the caller changed the result, OpenOrders(\"ana\") = %q: return a fresh slice", again)
	}
}

func TestRunConsumesUntilTheChannelCloses(t *testing.T) {
	p := NewProjection()
	events := make(chan Event, 3)
	events <- placed(1, "o1", "ana", 10)
	events <- placed(2, "o2", "ana", 20)
	events <- cancelled(3, "o1")
	close(events)
	if err := p.Run(context.Background(), events); err != nil {
		t.Errorf("Run with a closed channel = %v, want nil", err)
	}
	if got := p.Position(); got != 3 {
		t.Errorf("Position() after Run = %d, want 3", got)
	}
	if got := p.CustomerTotal("ana"); got != 20 {
		t.Errorf("CustomerTotal(\"ana\") after Run = %d, want 20", got)
	}
}

func TestRunStopsWhenTheContextIsCancelled(t *testing.T) {
	p := NewProjection()
	events := make(chan Event) // nobody ever sends
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, events) }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(time.Second): // a deadline for failing, not a synchronisation
		t.Fatal("Run did not return after its context was cancelled")
	}
}

func TestWaitFor(t *testing.T) {
	t.Run("already caught up returns at once", func(t *testing.T) {
		p := NewProjection()
		p.Apply(placed(1, "o1", "ana", 1))
		p.Apply(placed(2, "o2", "ana", 1))
		if err := p.WaitFor(context.Background(), 2); err != nil {
			t.Errorf("WaitFor(ctx, 2) at position 2 = %v, want nil", err)
		}
		if err := p.WaitFor(context.Background(), 1); err != nil {
			t.Errorf("WaitFor(ctx, 1) at position 2 = %v, want nil", err)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		p := NewProjection()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := p.WaitFor(ctx, 1); !errors.Is(err, context.Canceled) {
			t.Errorf("WaitFor(cancelled ctx, 1) at position 0 = %v, want context.Canceled", err)
		}
	})
	t.Run("blocks until the event is applied", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := NewProjection()
			done := make(chan error, 1)
			go func() { done <- p.WaitFor(context.Background(), 3) }()

			p.Apply(placed(1, "o1", "ana", 1))
			p.Apply(placed(2, "o2", "ana", 1))
			synctest.Wait() // the waiter has done everything it can
			select {
			case err := <-done:
				t.Fatalf("WaitFor(ctx, 3) returned %v at position 2, want it to keep waiting", err)
			default:
			}

			p.Apply(placed(3, "o3", "ana", 1))
			synctest.Wait()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("WaitFor(ctx, 3) after event 3 = %v, want nil", err)
				}
			default:
				t.Fatal("WaitFor(ctx, 3) is still blocked after event 3 was applied")
			}
		})
	})
	t.Run("many waiters are all released", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := NewProjection()
			var wg sync.WaitGroup
			errs := make([]error, 5)
			for i := range 5 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = p.WaitFor(context.Background(), i+1)
				}()
			}
			for seq := 1; seq <= 5; seq++ {
				p.Apply(placed(seq, fmt.Sprint("o", seq), "ana", 1))
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("WaitFor(ctx, %d) = %v, want nil", i+1, err)
				}
			}
		})
	})
	t.Run("deadline while waiting", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := NewProjection()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := p.WaitFor(ctx, 1); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("WaitFor with a 1-minute timeout and no events = %v, want context.DeadlineExceeded", err)
			}
		})
	})
}

// TestReadersDuringRun queries the projection from several goroutines while Run
// applies a stream of events, then waits for the last one and checks the result.
func TestReadersDuringRun(t *testing.T) {
	const n = 600
	customers := []string{"ana", "ben", "cy"}
	events := make(chan Event, n)
	wantTotal := map[string]int{}
	for seq := 1; seq <= n; seq++ {
		c := customers[seq%len(customers)]
		id := fmt.Sprint("o", seq)
		if seq%4 == 0 {
			// cancel the order placed three events earlier, by the same customer
			events <- cancelled(seq, fmt.Sprint("o", seq-3))
			wantTotal[c] -= seq - 3
			continue
		}
		events <- placed(seq, id, c, seq)
		wantTotal[c] += seq
	}
	close(events)

	p := NewProjection()
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for r := range 4 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			last := 0
			for {
				select {
				case <-stop:
					return
				default:
				}
				pos := p.Position()
				if pos < last {
					t.Errorf("reader %d saw Position() go back from %d to %d", r, last, pos)
					return
				}
				last = pos
				c := customers[pos%len(customers)]
				_ = p.CustomerTotal(c)
				_ = p.OpenOrders(c)
			}
		}()
	}
	runErr := make(chan error, 1)
	go func() { runErr <- p.Run(context.Background(), events) }()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := p.WaitFor(ctx, n); err != nil {
		t.Errorf("WaitFor(ctx, %d) = %v, want nil", n, err)
	}
	close(stop)
	readers.Wait()
	if err := <-runErr; err != nil {
		t.Errorf("Run = %v, want nil once the channel is closed", err)
	}
	for _, c := range customers {
		if got := p.CustomerTotal(c); got != wantTotal[c] {
			t.Errorf("CustomerTotal(%q) after %d events = %d, want %d", c, n, got, wantTotal[c])
		}
	}
}
