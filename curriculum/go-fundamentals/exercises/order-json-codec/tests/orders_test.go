package orderjsoncodec

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

var placed = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func TestCentsMarshalJSON(t *testing.T) {
	tests := []struct {
		c    Cents
		want string
	}{
		{1205, `"12.05"`},
		{5, `"0.05"`},
		{0, `"0.00"`},
		{-350, `"-3.50"`},
		{-5, `"-0.05"`},
		{100000, `"1000.00"`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.c)
		if err != nil || string(got) != tt.want {
			t.Errorf("json.Marshal(Cents(%d)) = %s, %v; want %s, nil", int64(tt.c), got, err, tt.want)
		}
	}
}

func TestCentsUnmarshalJSON(t *testing.T) {
	good := map[string]Cents{`"12.05"`: 1205, `"0.05"`: 5, `"-3.50"`: -350, `"0.00"`: 0, `"1000.00"`: 100000}
	for in, want := range good {
		var c Cents = 777
		if err := json.Unmarshal([]byte(in), &c); err != nil || c != want {
			t.Errorf("json.Unmarshal(%s) into Cents = %d, %v; want %d, nil", in, int64(c), err, int64(want))
		}
	}
	for _, in := range []string{`12.05`, `"12.5"`, `"1.234"`, `"12"`, `"abc"`, `"-"`, `".50"`, `"1.-5"`, `"+1.00"`, `null`} {
		var c Cents
		if err := json.Unmarshal([]byte(in), &c); err == nil {
			t.Errorf("json.Unmarshal(%s) into Cents = %d, nil; want an error", in, int64(c))
		}
	}
}

func TestEncode(t *testing.T) {
	tests := []struct {
		name  string
		order Order
		want  string
	}{
		{
			name: "tags, total, and no payment token",
			order: Order{ID: "A-1", Customer: "Ana", PlacedAt: placed,
				Items: []Item{{SKU: "TEA", Quantity: 2, Price: 350}}, PaymentToken: "tok_123"},
			want: `{"id":"A-1","customer":"Ana","items":[{"sku":"TEA","qty":2,"price":"3.50"}],"placed_at":"2026-03-01T09:00:00Z","total":"7.00"}`,
		},
		{
			name: "note appears when set",
			order: Order{ID: "B-7", Customer: "Bo", Note: "gift wrap", PlacedAt: placed,
				Items: []Item{{SKU: "MUG", Quantity: 1, Price: 1299}, {SKU: "TEA", Quantity: 3, Price: 5}}},
			want: `{"id":"B-7","customer":"Bo","items":[{"sku":"MUG","qty":1,"price":"12.99"},{"sku":"TEA","qty":3,"price":"0.05"}],"note":"gift wrap","placed_at":"2026-03-01T09:00:00Z","total":"13.14"}`,
		},
		{
			name:  "nil items become an empty list",
			order: Order{ID: "C-0", Customer: "Cy", PlacedAt: placed},
			want:  `{"id":"C-0","customer":"Cy","items":[],"placed_at":"2026-03-01T09:00:00Z","total":"0.00"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Encode(tt.order)
			if err != nil {
				t.Fatalf("Encode(%+v) returned error %v", tt.order, err)
			}
			if string(got) != tt.want {
				t.Errorf("Encode(%+v) =\n  %s\nwant\n  %s", tt.order, got, tt.want)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	in := `{"id":"B-7","customer":"Bo","items":[{"sku":"MUG","qty":1,"price":"12.99"}],"note":"gift wrap","placed_at":"2026-03-01T09:00:00Z","total":"12.99"}`
	got, err := Decode(strings.NewReader(in))
	if err != nil {
		t.Fatalf("Decode(%s) returned error %v, want nil", in, err)
	}
	want := Order{ID: "B-7", Customer: "Bo", Note: "gift wrap", PlacedAt: placed, Items: []Item{{SKU: "MUG", Quantity: 1, Price: 1299}}}
	if !reflect.DeepEqual(got, want) || !got.PlacedAt.Equal(want.PlacedAt) {
		t.Errorf("Decode(%s) =\n  %+v\nwant\n  %+v", in, got, want)
	}
}

func TestDecodeRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"unknown field", `{"id":"X","customer":"Ana","items":[{"sku":"TEA","qyt":2,"price":"3.50"}],"placed_at":"2026-03-01T09:00:00Z"}`},
		{"payment token is not accepted", `{"id":"X","PaymentToken":"tok","placed_at":"2026-03-01T09:00:00Z"}`},
		{"price as a number", `{"id":"X","items":[{"sku":"TEA","qty":2,"price":3.5}],"placed_at":"2026-03-01T09:00:00Z"}`},
		{"broken JSON", `{"id":"X",`},
		{"empty input", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := Decode(strings.NewReader(tt.in)); err == nil {
				t.Errorf("Decode(%s) = %+v, nil; want an error", tt.in, got)
			}
		})
	}
	t.Run("missing id", func(t *testing.T) {
		for _, in := range []string{`{"customer":"Ana","placed_at":"2026-03-01T09:00:00Z"}`, `{"id":"","placed_at":"2026-03-01T09:00:00Z"}`} {
			if _, err := Decode(strings.NewReader(in)); !errors.Is(err, ErrMissingID) {
				t.Errorf("Decode(%s) error = %v, want ErrMissingID", in, err)
			}
		}
	})
}

func TestRoundTrip(t *testing.T) {
	o := Order{ID: "R-2", Customer: "Rae", Note: "ring twice", PlacedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Items: []Item{{SKU: "A", Quantity: 3, Price: -25}, {SKU: "B", Quantity: 1, Price: 100}}, PaymentToken: "secret"}
	data, err := Encode(o)
	if err != nil {
		t.Fatalf("Encode returned error %v", err)
	}
	if strings.Contains(string(data), "secret") {
		t.Errorf("Encode output %s contains the payment token", data)
	}
	back, err := Decode(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("Decode(Encode(o)) returned error %v; JSON was %s", err, data)
	}
	o.PaymentToken = ""
	if !reflect.DeepEqual(back, o) {
		t.Errorf("Decode(Encode(o)) = %+v, want %+v", back, o)
	}
}
