package cart

import (
	"errors"
	"fmt"
	"slices"
)

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
	if product == "" {
		return errors.New("add: the product name is empty")
	}
	if priceCents < 0 {
		return fmt.Errorf("add %q: the price %d is negative", product, priceCents)
	}
	if quantity < 1 {
		return fmt.Errorf("add %q: %w", product, ErrInvalidQuantity)
	}
	for i := range c.lines {
		if c.lines[i].Product == product {
			// Index into the slice: the loop variable of `for _, line := range` is a copy.
			c.lines[i].Quantity += quantity
			return nil
		}
	}
	c.lines = append(c.lines, Line{Product: product, PriceCents: priceCents, Quantity: quantity})
	return nil
}

// Remove takes product out of the cart completely. If the product is not in
// the cart it returns an error that wraps ErrNotInCart.
func (c *Cart) Remove(product string) error {
	for i, line := range c.lines {
		if line.Product == product {
			c.lines = slices.Delete(c.lines, i, i+1)
			return nil
		}
	}
	return fmt.Errorf("remove %q: %w", product, ErrNotInCart)
}

// Total returns the price of everything in the cart, in cents.
func (c *Cart) Total() int {
	total := 0
	for _, line := range c.lines {
		total += line.PriceCents * line.Quantity
	}
	return total
}

// Lines returns the lines of the cart. Changing the returned slice must not
// change the cart.
func (c *Cart) Lines() []Line {
	return slices.Clone(c.lines)
}
