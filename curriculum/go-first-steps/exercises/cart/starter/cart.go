package cart

import "errors"

// ErrInvalidQuantity is wrapped by Add when the quantity is zero or negative.
var ErrInvalidQuantity = errors.New("quantity must be at least 1")

// ErrNotInCart is wrapped by Remove when the product is not in the cart.
var ErrNotInCart = errors.New("product is not in the cart")

// Line is one product in the cart.
type Line struct {
	Product    string
	PriceCents int
	Quantity   int
}

// Cart is a shopping cart. Its lines stay in the order in which products were
// first added. The zero value is an empty cart, ready to use.
type Cart struct {
	lines []Line
}

// Add puts quantity units of product, at priceCents each, into the cart.
// If the product is already in the cart its quantity grows and its original
// price is kept. Add returns an error, and changes nothing, when product is
// empty, when priceCents is negative, or when quantity is less than 1; in the
// last case the error wraps ErrInvalidQuantity.
func (c *Cart) Add(product string, priceCents, quantity int) error {
	// TODO: validate, then either update the existing line or append a new one.
	return nil
}

// Remove takes product out of the cart completely. If the product is not in
// the cart it returns an error that wraps ErrNotInCart.
func (c *Cart) Remove(product string) error {
	// TODO: find the line and delete it from c.lines.
	return nil
}

// Total returns the price of everything in the cart, in cents.
func (c *Cart) Total() int {
	// TODO: add up price times quantity for every line.
	return 0
}

// Lines returns the lines of the cart. Changing the returned slice must not
// change the cart.
func (c *Cart) Lines() []Line {
	// TODO: return a copy of c.lines.
	return nil
}
