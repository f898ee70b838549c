package orderprojection

import (
	"context"
	"slices"
	"sync"
)

// Kind says what happened to an order.
type Kind int

const (
	OrderPlaced Kind = iota + 1
	OrderCancelled
)

// Event is one entry of the global event log. Seq numbers start at 1 and
// increase by one; Customer and Amount are set only for OrderPlaced.
type Event struct {
	Seq      int
	Kind     Kind
	OrderID  string
	Customer string
	Amount   int
}

type order struct {
	customer string
	amount   int
}

// Projection is a read model of open orders per customer, built from events.
type Projection struct {
	mu       sync.RWMutex
	position int
	open     map[string]order           // order id -> open order
	byCust   map[string]map[string]bool // customer -> ids of their open orders
	totals   map[string]int             // customer -> sum of open amounts
	changed  chan struct{}              // closed and replaced after every applied event
}

// NewProjection returns an empty projection at position 0.
func NewProjection() *Projection {
	return &Projection{
		open:    make(map[string]order),
		byCust:  make(map[string]map[string]bool),
		totals:  make(map[string]int),
		changed: make(chan struct{}),
	}
}

// Apply updates the projection with e. Events whose Seq is not after the
// current position were already applied and are ignored.
func (p *Projection) Apply(e Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e.Seq <= p.position {
		return
	}
	switch e.Kind {
	case OrderPlaced:
		if _, dup := p.open[e.OrderID]; !dup {
			p.open[e.OrderID] = order{customer: e.Customer, amount: e.Amount}
			if p.byCust[e.Customer] == nil {
				p.byCust[e.Customer] = make(map[string]bool)
			}
			p.byCust[e.Customer][e.OrderID] = true
			p.totals[e.Customer] += e.Amount
		}
	case OrderCancelled:
		if o, ok := p.open[e.OrderID]; ok {
			delete(p.open, e.OrderID)
			delete(p.byCust[o.customer], e.OrderID)
			p.totals[o.customer] -= o.amount
		}
	}
	p.position = e.Seq
	close(p.changed)
	p.changed = make(chan struct{})
}

// Run applies events from the channel until it is closed (returning nil) or
// ctx is done (returning ctx.Err()).
func (p *Projection) Run(ctx context.Context, events <-chan Event) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case e, ok := <-events:
			if !ok {
				return nil
			}
			p.Apply(e)
		}
	}
}

// Position returns the Seq of the last applied event.
func (p *Projection) Position() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.position
}

// CustomerTotal returns the sum of the amounts of customer's open orders.
func (p *Projection) CustomerTotal(customer string) int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.totals[customer]
}

// OpenOrders returns the ids of customer's open orders, sorted.
func (p *Projection) OpenOrders(customer string) []string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var ids []string
	for id := range p.byCust[customer] {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// WaitFor blocks until the projection has applied the event with the given
// Seq (or a later one), or ctx is done.
func (p *Projection) WaitFor(ctx context.Context, seq int) error {
	for {
		p.mu.RLock()
		reached, changed := p.position >= seq, p.changed
		p.mu.RUnlock()
		if reached {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
