package eventsourcedcart

import (
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"
)

func added(sku string, qty int) Event   { return Event{Kind: ItemAdded, SKU: sku, Qty: qty} }
func removed(sku string, qty int) Event { return Event{Kind: ItemRemoved, SKU: sku, Qty: qty} }

var checkedOut = Event{Kind: CheckedOut}

func TestReplay(t *testing.T) {
	tests := []struct {
		name        string
		events      []Event
		wantItems   map[string]int
		wantChecked bool
	}{
		{"no events is an empty cart", nil, map[string]int{}, false},
		{"adds accumulate", []Event{added("pen", 2), added("ink", 1), added("pen", 3)}, map[string]int{"pen": 5, "ink": 1}, false},
		{"removes subtract", []Event{added("pen", 5), removed("pen", 2)}, map[string]int{"pen": 3}, false},
		{"an item removed completely disappears", []Event{added("pen", 2), added("ink", 1), removed("pen", 2)}, map[string]int{"ink": 1}, false},
		{"checkout is remembered", []Event{added("pen", 1), checkedOut}, map[string]int{"pen": 1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Replay(tt.events)
			if got.Items == nil {
				t.Fatalf("Replay(%v).Items is nil, want a non-nil map", tt.events)
			}
			if !maps.Equal(got.Items, tt.wantItems) || got.CheckedOut != tt.wantChecked || got.Version != len(tt.events) {
				t.Errorf("Replay(%v) = {Items: %v, CheckedOut: %t, Version: %d}, want {Items: %v, CheckedOut: %t, Version: %d}",
					tt.events, got.Items, got.CheckedOut, got.Version, tt.wantItems, tt.wantChecked, len(tt.events))
			}
		})
	}
}

func TestStoreOptimisticConcurrency(t *testing.T) {
	s := NewStore()
	if events, v := s.Load("cart-1"); len(events) != 0 || v != 0 {
		t.Errorf("Load of an unknown stream = (%v, %d), want (no events, 0)", events, v)
	}
	if err := s.Append("cart-1", 0, added("pen", 1), added("ink", 2)); err != nil {
		t.Fatalf("Append(\"cart-1\", 0, 2 events) on a new stream = %v, want nil", err)
	}
	if err := s.Append("cart-1", 0, added("pad", 1)); !errors.Is(err, ErrConflict) {
		t.Errorf("Append with expected version 0 to a stream at version 2 = %v, want ErrConflict", err)
	}
	if err := s.Append("cart-1", 3, added("pad", 1)); !errors.Is(err, ErrConflict) {
		t.Errorf("Append with expected version 3 to a stream at version 2 = %v, want ErrConflict", err)
	}
	if err := s.Append("cart-1", 2, removed("ink", 1)); err != nil {
		t.Errorf("Append with the right expected version 2 = %v, want nil", err)
	}
	events, v := s.Load("cart-1")
	want := []Event{added("pen", 1), added("ink", 2), removed("ink", 1)}
	if !slices.Equal(events, want) || v != 3 {
		t.Errorf("Load(\"cart-1\") = (%v, %d), want (%v, 3)", events, v, want)
	}
	if other, v := s.Load("cart-2"); len(other) != 0 || v != 0 {
		t.Errorf("Load(\"cart-2\") = (%v, %d), want (no events, 0): streams are separate", other, v)
	}
}

func TestLoadReturnsACopy(t *testing.T) {
	s := NewStore()
	s.Append("c", 0, added("pen", 1))
	events, _ := s.Load("c")
	if len(events) == 1 {
		events[0].Qty = 99
	}
	again, _ := s.Load("c")
	if want := []Event{added("pen", 1)}; !slices.Equal(again, want) {
		t.Errorf("after the caller changed a loaded event, Load = %v, want %v: the log must not change", again, want)
	}
}

func TestCommands(t *testing.T) {
	type step struct {
		desc string
		run  func(s *Store) error
		want error
	}
	add := func(sku string, qty int) func(*Store) error {
		return func(s *Store) error { return AddItem(s, "c", sku, qty) }
	}
	remove := func(sku string, qty int) func(*Store) error {
		return func(s *Store) error { return RemoveItem(s, "c", sku, qty) }
	}
	checkout := func(s *Store) error { return Checkout(s, "c") }
	tests := []struct {
		name       string
		steps      []step
		wantEvents []Event
	}{
		{
			name: "add, remove, checkout",
			steps: []step{
				{"AddItem(pen, 3)", add("pen", 3), nil},
				{"RemoveItem(pen, 1)", remove("pen", 1), nil},
				{"Checkout", checkout, nil},
			},
			wantEvents: []Event{added("pen", 3), removed("pen", 1), checkedOut},
		},
		{
			name: "invalid quantities record nothing",
			steps: []step{
				{"AddItem(pen, 0)", add("pen", 0), ErrInvalidQty},
				{"AddItem(pen, -2)", add("pen", -2), ErrInvalidQty},
				{"RemoveItem(pen, 0)", remove("pen", 0), ErrInvalidQty},
			},
		},
		{
			name: "cannot remove more than is in the cart",
			steps: []step{
				{"AddItem(pen, 2)", add("pen", 2), nil},
				{"RemoveItem(pen, 3)", remove("pen", 3), ErrNotInCart},
				{"RemoveItem(ink, 1)", remove("ink", 1), ErrNotInCart},
			},
			wantEvents: []Event{added("pen", 2)},
		},
		{
			name:  "an empty cart cannot be checked out",
			steps: []step{{"Checkout", checkout, ErrEmptyCart}},
		},
		{
			name: "a cart whose items were all removed is empty",
			steps: []step{
				{"AddItem(pen, 1)", add("pen", 1), nil},
				{"RemoveItem(pen, 1)", remove("pen", 1), nil},
				{"Checkout", checkout, ErrEmptyCart},
			},
			wantEvents: []Event{added("pen", 1), removed("pen", 1)},
		},
		{
			name: "nothing changes after checkout",
			steps: []step{
				{"AddItem(pen, 1)", add("pen", 1), nil},
				{"Checkout", checkout, nil},
				{"AddItem(ink, 1)", add("ink", 1), ErrCheckedOut},
				{"RemoveItem(pen, 1)", remove("pen", 1), ErrCheckedOut},
				{"Checkout again", checkout, ErrCheckedOut},
			},
			wantEvents: []Event{added("pen", 1), checkedOut},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStore()
			for _, st := range tt.steps {
				if err := st.run(s); !errors.Is(err, st.want) {
					t.Errorf("%s = %v, want %v", st.desc, err, st.want)
				}
			}
			if got, _ := s.Load("c"); !slices.Equal(got, tt.wantEvents) {
				t.Errorf("event log = %v, want %v", got, tt.wantEvents)
			}
		})
	}
}

func TestOnlyOneWriterWinsAVersion(t *testing.T) {
	const writers = 20
	s := NewStore()
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Append("c", 0, added("pen", 1))
		}()
	}
	wg.Wait()
	wins, conflicts := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case errors.Is(err, ErrConflict):
			conflicts++
		}
	}
	if wins != 1 || conflicts != writers-1 {
		t.Errorf("%d concurrent Append(\"c\", 0, ...) calls: %d succeeded and %d got ErrConflict, want 1 and %d", writers, wins, conflicts, writers-1)
	}
}

func TestConcurrentCommandsAreAllApplied(t *testing.T) {
	const shoppers = 30
	s := NewStore()
	var wg sync.WaitGroup
	errs := make([]error, shoppers)
	for i := range shoppers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = AddItem(s, "shared", "apple", 1)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("concurrent AddItem #%d = %v, want nil: retry when Append reports ErrConflict", i, err)
		}
	}
	events, v := s.Load("shared")
	cart := Replay(events)
	if cart.Items["apple"] != shoppers || v != shoppers {
		t.Errorf("after %d concurrent AddItem(apple, 1): %d apples at version %d, want %d apples at version %d",
			shoppers, cart.Items["apple"], v, shoppers, shoppers)
	}
}

func TestCheckoutRacingWithAdds(t *testing.T) {
	s := NewStore()
	if err := AddItem(s, "c", "apple", 1); err != nil {
		t.Fatalf("AddItem = %v, want nil", err)
	}
	const shoppers = 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted, refused := 1, 0
	for range shoppers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := AddItem(s, "c", "apple", 1)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				accepted++
			case errors.Is(err, ErrCheckedOut):
				refused++
			default:
				t.Errorf("AddItem racing with Checkout = %v, want nil or ErrCheckedOut", err)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := Checkout(s, "c"); err != nil {
			t.Errorf("Checkout racing with AddItem = %v, want nil", err)
		}
	}()
	wg.Wait()
	events, _ := s.Load("c")
	cart := Replay(events)
	if !cart.CheckedOut || len(events) == 0 || events[len(events)-1] != checkedOut {
		t.Fatalf("event log %v does not end with the checkout", events)
	}
	if cart.Items["apple"] != accepted || accepted+refused != shoppers+1 {
		t.Errorf("%d adds were accepted and %d refused, but the cart holds %d apples: every accepted add, and only those, must be in the log",
			accepted, refused, cart.Items["apple"])
	}
}
