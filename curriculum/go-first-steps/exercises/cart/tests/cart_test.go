package cart

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// add describes one call to Cart.Add.
type add struct {
	product  string
	price    int
	quantity int
}

func (a add) String() string {
	return fmt.Sprintf("Add(%q, %d, %d)", a.product, a.price, a.quantity)
}

// fill adds every item to a new cart and fails the test if any Add returns an error.
func fill(t *testing.T, adds []add) *Cart {
	t.Helper()
	c := &Cart{}
	for _, a := range adds {
		if err := c.Add(a.product, a.price, a.quantity); err != nil {
			t.Fatalf("%v returned the error %q, want nil", a, err)
		}
	}
	return c
}

func TestZeroValueCartIsEmpty(t *testing.T) {
	var c Cart
	if got := c.Total(); got != 0 {
		t.Errorf("Total() of a new cart = %d, want 0", got)
	}
	if got := c.Lines(); len(got) != 0 {
		t.Errorf("Lines() of a new cart = %+v, want no lines", got)
	}
}

func TestAdd(t *testing.T) {
	tests := []struct {
		name      string
		adds      []add
		wantLines []Line
		wantTotal int
	}{
		{
			name:      "one product",
			adds:      []add{{"tea", 250, 2}},
			wantLines: []Line{{Product: "tea", PriceCents: 250, Quantity: 2}},
			wantTotal: 500,
		},
		{
			name: "products keep the order in which they were added",
			adds: []add{{"tea", 250, 1}, {"scone", 300, 2}, {"jam", 425, 1}},
			wantLines: []Line{
				{Product: "tea", PriceCents: 250, Quantity: 1},
				{Product: "scone", PriceCents: 300, Quantity: 2},
				{Product: "jam", PriceCents: 425, Quantity: 1},
			},
			wantTotal: 1275,
		},
		{
			name: "adding a product again increases its quantity",
			adds: []add{{"tea", 250, 2}, {"scone", 300, 1}, {"tea", 250, 3}},
			wantLines: []Line{
				{Product: "tea", PriceCents: 250, Quantity: 5},
				{Product: "scone", PriceCents: 300, Quantity: 1},
			},
			wantTotal: 1550,
		},
		{
			name:      "adding a product again keeps its first price",
			adds:      []add{{"tea", 250, 1}, {"tea", 999, 1}},
			wantLines: []Line{{Product: "tea", PriceCents: 250, Quantity: 2}},
			wantTotal: 500,
		},
		{
			name:      "free products are allowed",
			adds:      []add{{"sticker", 0, 3}},
			wantLines: []Line{{Product: "sticker", PriceCents: 0, Quantity: 3}},
			wantTotal: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fill(t, tt.adds)
			if got := c.Lines(); !slices.Equal(got, tt.wantLines) {
				t.Errorf("after %v:\nLines() = %+v\nwant      %+v", tt.adds, got, tt.wantLines)
			}
			if got := c.Total(); got != tt.wantTotal {
				t.Errorf("after %v: Total() = %d, want %d", tt.adds, got, tt.wantTotal)
			}
		})
	}
}

func TestAddRejectsBadInput(t *testing.T) {
	tests := []struct {
		name    string
		bad     add
		wantErr error // nil means any error will do
	}{
		{name: "zero quantity", bad: add{"scone", 300, 0}, wantErr: ErrInvalidQuantity},
		{name: "negative quantity", bad: add{"scone", 300, -2}, wantErr: ErrInvalidQuantity},
		{name: "negative quantity for a product already in the cart", bad: add{"tea", 250, -1}, wantErr: ErrInvalidQuantity},
		{name: "negative price", bad: add{"scone", -300, 1}},
		{name: "empty product name", bad: add{"", 300, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fill(t, []add{{"tea", 250, 2}})
			want := []Line{{Product: "tea", PriceCents: 250, Quantity: 2}}
			if got := c.Lines(); !slices.Equal(got, want) {
				t.Fatalf(`setting up: after Add("tea", 250, 2), Lines() = %+v, want %+v (make TestAdd pass first)`, got, want)
			}
			err := c.Add(tt.bad.product, tt.bad.price, tt.bad.quantity)
			switch {
			case err == nil:
				t.Errorf("%v returned nil, want an error", tt.bad)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("%v returned %q, want an error wrapping %q (use fmt.Errorf with %%w)", tt.bad, err, tt.wantErr)
			case tt.wantErr != nil && !strings.Contains(err.Error(), tt.bad.product):
				t.Errorf("%v returned %q, want the message to name the product %q", tt.bad, err, tt.bad.product)
			}
			if got := c.Lines(); !slices.Equal(got, want) {
				t.Errorf("a rejected %v changed the cart: Lines() = %+v, want %+v", tt.bad, got, want)
			}
		})
	}
}

func TestRemove(t *testing.T) {
	tests := []struct {
		name      string
		remove    string
		wantLines []Line
	}{
		{
			name:   "removes the first product",
			remove: "tea",
			wantLines: []Line{
				{Product: "scone", PriceCents: 300, Quantity: 2},
				{Product: "jam", PriceCents: 425, Quantity: 1},
			},
		},
		{
			name:   "removes a product from the middle",
			remove: "scone",
			wantLines: []Line{
				{Product: "tea", PriceCents: 250, Quantity: 1},
				{Product: "jam", PriceCents: 425, Quantity: 1},
			},
		},
		{
			name:   "removes the last product",
			remove: "jam",
			wantLines: []Line{
				{Product: "tea", PriceCents: 250, Quantity: 1},
				{Product: "scone", PriceCents: 300, Quantity: 2},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fill(t, []add{{"tea", 250, 1}, {"scone", 300, 2}, {"jam", 425, 1}})
			if err := c.Remove(tt.remove); err != nil {
				t.Fatalf("Remove(%q) returned the error %q, want nil", tt.remove, err)
			}
			if got := c.Lines(); !slices.Equal(got, tt.wantLines) {
				t.Errorf("after Remove(%q):\nLines() = %+v\nwant      %+v", tt.remove, got, tt.wantLines)
			}
		})
	}
}

func TestRemoveMissingProduct(t *testing.T) {
	c := fill(t, []add{{"tea", 250, 1}})
	err := c.Remove("coffee")
	switch {
	case err == nil:
		t.Errorf(`Remove("coffee") on a cart without coffee returned nil, want an error wrapping ErrNotInCart`)
	case !errors.Is(err, ErrNotInCart):
		t.Errorf(`Remove("coffee") returned %q, want an error wrapping %q (use fmt.Errorf with %%w)`, err, ErrNotInCart)
	case !strings.Contains(err.Error(), "coffee"):
		t.Errorf(`Remove("coffee") returned %q, want the message to name the product "coffee"`, err)
	}
	if got := c.Total(); got != 250 {
		t.Errorf(`after a failed Remove("coffee"): Total() = %d, want 250`, got)
	}
}

func TestLinesReturnsACopy(t *testing.T) {
	c := fill(t, []add{{"tea", 250, 1}, {"scone", 300, 2}})
	lines := c.Lines()
	if len(lines) != 2 {
		t.Fatalf("Lines() = %+v, want 2 lines", lines)
	}
	lines[0].Quantity = 100
	if got := c.Total(); got != 850 {
		t.Errorf("changing the slice returned by Lines() changed the cart: Total() = %d, want 850", got)
	}
}
