package stockledger

import "errors"

// ErrOutOfStock is returned by Take when there are not enough units.
var ErrOutOfStock = errors.New("out of stock")

// ErrInvalidQty is returned by Take when the quantity is not positive.
var ErrInvalidQty = errors.New("quantity must be positive")

// Order asks for Qty units of Item.
type Order struct {
	Item string
	Qty  int
}

// Ledger keeps the stock of a warehouse. It is safe for concurrent use.
type Ledger struct {
	// TODO: a sync.RWMutex and the map it guards.
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger {
	// TODO: make the map.
	return &Ledger{}
}

// Add adds qty units of item. A qty of 0 or less does nothing.
func (l *Ledger) Add(item string, qty int) {
	// TODO
}

// Take removes qty units of item, or returns ErrOutOfStock (changing nothing)
// if there are fewer in stock, or ErrInvalidQty if qty is not positive.
func (l *Ledger) Take(item string, qty int) error {
	// TODO: check and subtract under one lock.
	return nil
}

// Count returns how many units of item are in stock.
func (l *Ledger) Count(item string) int {
	// TODO
	return 0
}

// Snapshot returns a copy of the stock without items at 0. It is never nil.
func (l *Ledger) Snapshot() map[string]int {
	// TODO
	return nil
}

// Fill runs Take for every order, each in its own goroutine, waits for all of
// them and returns how many succeeded.
func (l *Ledger) Fill(orders []Order) int {
	// TODO: a sync.WaitGroup, and a safe way to count successes.
	return 0
}
