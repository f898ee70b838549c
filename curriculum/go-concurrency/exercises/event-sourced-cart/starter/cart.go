package eventsourcedcart

import (
	"errors"
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
	// TODO
	return nil, 0
}

// Append adds events to stream id if its version is still expectedVersion;
// otherwise it changes nothing and returns ErrConflict.
func (s *Store) Append(id string, expectedVersion int, events ...Event) error {
	// TODO
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
	// TODO
}

// Replay rebuilds a cart from its history.
func Replay(events []Event) Cart {
	// TODO: start from an empty cart and Apply every event.
	return Cart{}
}

// AddItem records that qty of sku were put in cart id.
func AddItem(s *Store, id, sku string, qty int) error {
	// TODO: load, replay, validate, append; start again on ErrConflict.
	return nil
}

// RemoveItem records that qty of sku were taken out of cart id.
func RemoveItem(s *Store, id, sku string, qty int) error {
	// TODO
	return nil
}

// Checkout records that cart id was checked out.
func Checkout(s *Store, id string) error {
	// TODO
	return nil
}
