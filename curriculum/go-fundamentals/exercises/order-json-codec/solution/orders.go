package orderjsoncodec

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ErrMissingID is returned by Decode for an order without an id.
var ErrMissingID = errors.New("order has no id")

// Cents is an amount of money in cents. In JSON it is a string like "12.05".
type Cents int64

// MarshalJSON writes c as a JSON string with two decimals.
func (c Cents) MarshalJSON() ([]byte, error) {
	sign, n := "", int64(c)
	if n < 0 {
		sign, n = "-", -n
	}
	return json.Marshal(fmt.Sprintf("%s%d.%02d", sign, n/100, n%100))
}

// UnmarshalJSON reads a JSON string with exactly two decimals.
func (c *Cents) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("price must be a string like \"12.05\": %w", err)
	}
	digits, negative := strings.CutPrefix(s, "-")
	whole, frac, ok := strings.Cut(digits, ".")
	if !ok || whole == "" || len(frac) != 2 || !allDigits(whole) || !allDigits(frac) {
		return fmt.Errorf("invalid price %q", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return fmt.Errorf("invalid price %q: %w", s, err)
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := w*100 + f
	if negative {
		v = -v
	}
	*c = Cents(v)
	return nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Item is one line of an order.
type Item struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"qty"`
	Price    Cents  `json:"price"`
}

// Order is a customer's order.
type Order struct {
	ID           string    `json:"id"`
	Customer     string    `json:"customer"`
	Items        []Item    `json:"items"`
	Note         string    `json:"note,omitempty"`
	PlacedAt     time.Time `json:"placed_at"`
	PaymentToken string    `json:"-"`
}

// wire is the JSON form of an order: its fields plus the total.
type wire struct {
	Order
	Total Cents `json:"total"`
}

// Encode returns the order's JSON with an extra "total" field.
func Encode(o Order) ([]byte, error) {
	if o.Items == nil {
		o.Items = []Item{}
	}
	var total Cents
	for _, it := range o.Items {
		total += Cents(it.Quantity) * it.Price
	}
	return json.Marshal(wire{Order: o, Total: total})
}

// Decode reads one order strictly: unknown fields are errors, "total" is ignored.
func Decode(r io.Reader) (Order, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var w wire
	if err := dec.Decode(&w); err != nil {
		return Order{}, fmt.Errorf("decode order: %w", err)
	}
	if w.ID == "" {
		return Order{}, ErrMissingID
	}
	return w.Order, nil
}
