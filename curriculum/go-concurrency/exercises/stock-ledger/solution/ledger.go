package stockledger

import (
	"errors"
	"sync"
	"sync/atomic"
)

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
	mu    sync.RWMutex   // guards stock
	stock map[string]int // only positive counts are stored
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger {
	return &Ledger{stock: make(map[string]int)}
}

// Add adds qty units of item. A qty of 0 or less does nothing.
func (l *Ledger) Add(item string, qty int) {
	if qty <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stock[item] += qty
}

// Take removes qty units of item, or returns ErrOutOfStock (changing nothing)
// if there are fewer in stock, or ErrInvalidQty if qty is not positive.
func (l *Ledger) Take(item string, qty int) error {
	if qty <= 0 {
		return ErrInvalidQty
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	have := l.stock[item]
	switch {
	case have < qty:
		return ErrOutOfStock
	case have == qty:
		delete(l.stock, item)
	default:
		l.stock[item] = have - qty
	}
	return nil
}

// Count returns how many units of item are in stock.
func (l *Ledger) Count(item string) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.stock[item]
}

// Snapshot returns a copy of the stock without items at 0. It is never nil.
func (l *Ledger) Snapshot() map[string]int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	out := make(map[string]int, len(l.stock))
	for item, n := range l.stock {
		if n > 0 {
			out[item] = n
		}
	}
	return out
}

// Fill runs Take for every order, each in its own goroutine, waits for all of
// them and returns how many succeeded.
func (l *Ledger) Fill(orders []Order) int {
	var wg sync.WaitGroup
	var filled atomic.Int64
	for _, o := range orders {
		wg.Go(func() {
			if l.Take(o.Item, o.Qty) == nil {
				filled.Add(1)
			}
		})
	}
	wg.Wait()
	return int(filled.Load())
}
