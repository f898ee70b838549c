package orderprojection

import (
	"context"
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

// Projection is a read model of open orders per customer, built from events.
type Projection struct {
	mu sync.RWMutex
	// TODO: the position, the open orders and whatever makes the queries and
	// WaitFor easy.
}

// NewProjection returns an empty projection at position 0.
func NewProjection() *Projection {
	// TODO
	return &Projection{}
}

// Apply updates the projection with e. Events whose Seq is not after the
// current position were already applied and are ignored.
func (p *Projection) Apply(e Event) {
	// TODO
}

// Run applies events from the channel until it is closed (returning nil) or
// ctx is done (returning ctx.Err()).
func (p *Projection) Run(ctx context.Context, events <-chan Event) error {
	// TODO
	return nil
}

// Position returns the Seq of the last applied event.
func (p *Projection) Position() int {
	// TODO
	return 0
}

// CustomerTotal returns the sum of the amounts of customer's open orders.
func (p *Projection) CustomerTotal(customer string) int {
	// TODO
	return 0
}

// OpenOrders returns the ids of customer's open orders, sorted.
func (p *Projection) OpenOrders(customer string) []string {
	// TODO
	return nil
}

// WaitFor blocks until the projection has applied the event with the given
// Seq (or a later one), or ctx is done.
func (p *Projection) WaitFor(ctx context.Context, seq int) error {
	// TODO
	return nil
}
