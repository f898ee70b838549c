package eventsourcedcart

import (
	"errors"
	"slices"
	"sync"
)

// EventKind says what happened to a cart.
type EventKind int

const (
	ItemAdded EventKind = iota + 1
	ItemRemoved
	CheckedOut
)

// Event is one fact in a cart's history. SKU and Qty are empty for CheckedOut.
type Event struct {
	Kind EventKind
	SKU  string
	Qty  int
}

var (
	ErrConflict   = errors.New("stream changed since it was loaded")
	ErrCheckedOut = errors.New("cart is checked out")
	ErrInvalidQty = errors.New("quantity must be positive")
	ErrNotInCart  = errors.New("not that many in the cart")
	ErrEmptyCart  = errors.New("cart is empty")
)

// Store keeps an append-only list of events per stream. It is safe for concurrent use.
type Store struct {
	mu      sync.Mutex
	streams map[string][]Event
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{streams: make(map[string][]Event)}
}

// Load returns a copy of the events of stream id and its version (the number of events).
func (s *Store) Load(id string) ([]Event, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	events := s.streams[id]
	return slices.Clone(events), len(events)
}

// Append adds events to stream id if its version is still expectedVersion;
// otherwise it changes nothing and returns ErrConflict.
func (s *Store) Append(id string, expectedVersion int, events ...Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.streams[id]) != expectedVersion {
		return ErrConflict
	}
	s.streams[id] = append(s.streams[id], events...)
	return nil
}

// Cart is the state of a cart, rebuilt from its events.
type Cart struct {
	Items      map[string]int
	CheckedOut bool
	Version    int
}

// Apply changes the cart according to one event.
func (c *Cart) Apply(e Event) {
	if c.Items == nil {
		c.Items = make(map[string]int)
	}
	switch e.Kind {
	case ItemAdded:
		c.Items[e.SKU] += e.Qty
	case ItemRemoved:
		c.Items[e.SKU] -= e.Qty
		if c.Items[e.SKU] <= 0 {
			delete(c.Items, e.SKU)
		}
	case CheckedOut:
		c.CheckedOut = true
	}
	c.Version++
}

// Replay rebuilds a cart from its history.
func Replay(events []Event) Cart {
	c := Cart{Items: make(map[string]int)}
	for _, e := range events {
		c.Apply(e)
	}
	return c
}

// handle loads the cart, lets decide turn the current state into new events,
// and appends them, starting again whenever another writer got there first.
func handle(s *Store, id string, decide func(Cart) ([]Event, error)) error {
	for {
		events, version := s.Load(id)
		newEvents, err := decide(Replay(events))
		if err != nil {
			return err
		}
		err = s.Append(id, version, newEvents...)
		if !errors.Is(err, ErrConflict) {
			return err
		}
	}
}

// AddItem records that qty of sku were put in cart id.
func AddItem(s *Store, id, sku string, qty int) error {
	return handle(s, id, func(c Cart) ([]Event, error) {
		switch {
		case c.CheckedOut:
			return nil, ErrCheckedOut
		case qty <= 0:
			return nil, ErrInvalidQty
		}
		return []Event{{Kind: ItemAdded, SKU: sku, Qty: qty}}, nil
	})
}

// RemoveItem records that qty of sku were taken out of cart id.
func RemoveItem(s *Store, id, sku string, qty int) error {
	return handle(s, id, func(c Cart) ([]Event, error) {
		switch {
		case c.CheckedOut:
			return nil, ErrCheckedOut
		case qty <= 0:
			return nil, ErrInvalidQty
		case qty > c.Items[sku]:
			return nil, ErrNotInCart
		}
		return []Event{{Kind: ItemRemoved, SKU: sku, Qty: qty}}, nil
	})
}

// Checkout records that cart id was checked out.
func Checkout(s *Store, id string) error {
	return handle(s, id, func(c Cart) ([]Event, error) {
		switch {
		case c.CheckedOut:
			return nil, ErrCheckedOut
		case len(c.Items) == 0:
			return nil, ErrEmptyCart
		}
		return []Event{{Kind: CheckedOut}}, nil
	})
}
