package stockledger

import (
	"errors"
	"maps"
	"sync"
	"testing"
)

func TestTakeAndCount(t *testing.T) {
	type step struct {
		take      int
		wantErr   error
		wantCount int
	}
	tests := []struct {
		name  string
		start int
		steps []step
	}{
		{name: "take part of the stock", start: 5, steps: []step{{take: 3, wantCount: 2}}},
		{name: "take everything", start: 5, steps: []step{{take: 5, wantCount: 0}}},
		{name: "taking too much changes nothing", start: 5, steps: []step{{take: 3, wantCount: 2}, {take: 3, wantErr: ErrOutOfStock, wantCount: 2}}},
		{name: "an unknown item is out of stock", start: 0, steps: []step{{take: 1, wantErr: ErrOutOfStock, wantCount: 0}}},
		{name: "zero quantity is invalid", start: 5, steps: []step{{take: 0, wantErr: ErrInvalidQty, wantCount: 5}}},
		{name: "negative quantity is invalid", start: 5, steps: []step{{take: -2, wantErr: ErrInvalidQty, wantCount: 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLedger()
			l.Add("bolt", tt.start)
			if got := l.Count("bolt"); got != tt.start {
				t.Fatalf("after Add(\"bolt\", %d), Count(\"bolt\") = %d, want %d", tt.start, got, tt.start)
			}
			for _, s := range tt.steps {
				if err := l.Take("bolt", s.take); !errors.Is(err, s.wantErr) {
					t.Errorf("Take(\"bolt\", %d) = %v, want %v", s.take, err, s.wantErr)
				}
				if got := l.Count("bolt"); got != s.wantCount {
					t.Errorf("after Take(\"bolt\", %d), Count(\"bolt\") = %d, want %d", s.take, got, s.wantCount)
				}
			}
		})
	}
}

func TestAddIgnoresNonPositiveQuantities(t *testing.T) {
	l := NewLedger()
	l.Add("nut", 4)
	l.Add("nut", 0)
	l.Add("nut", -3)
	if got := l.Count("nut"); got != 4 {
		t.Errorf("after Add(nut, 4), Add(nut, 0), Add(nut, -3): Count(nut) = %d, want 4", got)
	}
}

func TestSnapshot(t *testing.T) {
	l := NewLedger()
	if got := l.Snapshot(); got == nil || len(got) != 0 {
		t.Fatalf("Snapshot() of an empty ledger = %v (nil: %t), want an empty, non-nil map", got, got == nil)
	}
	l.Add("bolt", 2)
	l.Add("nut", 7)
	l.Add("washer", 1)
	if err := l.Take("washer", 1); err != nil {
		t.Fatalf("Take(washer, 1) = %v, want nil", err)
	}
	want := map[string]int{"bolt": 2, "nut": 7}
	got := l.Snapshot()
	if !maps.Equal(got, want) {
		t.Fatalf("Snapshot() = %v, want %v (items at 0 left out)", got, want)
	}
	got["bolt"] = 100
	delete(got, "nut")
	if l.Count("bolt") != 2 || l.Count("nut") != 7 {
		t.Errorf("changing the map returned by Snapshot changed the ledger: Count(bolt) = %d, Count(nut) = %d; return a copy", l.Count("bolt"), l.Count("nut"))
	}
}

func TestConcurrentAddsAreAllCounted(t *testing.T) {
	l := NewLedger()
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			for range 40 {
				l.Add("bolt", 1)
				_ = l.Count("bolt")
				_ = l.Snapshot()
			}
		})
	}
	wg.Wait()
	if got := l.Count("bolt"); got != 2000 {
		t.Errorf("50 goroutines each called Add(bolt, 1) 40 times: Count(bolt) = %d, want 2000", got)
	}
}

func TestConcurrentTakesNeverOversell(t *testing.T) {
	l := NewLedger()
	l.Add("bolt", 10)
	var wg sync.WaitGroup
	results := make(chan error, 25)
	for range 25 {
		wg.Go(func() { results <- l.Take("bolt", 1) })
	}
	wg.Wait()
	close(results)
	ok := 0
	for err := range results {
		if err == nil {
			ok++
		}
	}
	if ok != 10 || l.Count("bolt") != 0 {
		t.Errorf("25 concurrent Take(bolt, 1) with 10 in stock: %d succeeded and %d are left, want 10 and 0", ok, l.Count("bolt"))
	}
}

func TestFill(t *testing.T) {
	tests := []struct {
		name       string
		orders     []Order
		wantFilled int
		wantStock  map[string]int
	}{
		{name: "no orders", orders: nil, wantFilled: 0, wantStock: map[string]int{"bolt": 10, "nut": 3}},
		{name: "every order can be filled", orders: []Order{{"bolt", 4}, {"nut", 3}, {"bolt", 6}}, wantFilled: 3, wantStock: map[string]int{}},
		{
			name:       "more orders than stock",
			orders:     []Order{{"nut", 1}, {"nut", 1}, {"nut", 1}, {"nut", 1}, {"nut", 1}, {"bolt", 1}},
			wantFilled: 4,
			wantStock:  map[string]int{"bolt": 9},
		},
		{name: "unknown items and bad quantities fail", orders: []Order{{"gear", 1}, {"bolt", 0}, {"bolt", 11}}, wantFilled: 0, wantStock: map[string]int{"bolt": 10, "nut": 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLedger()
			l.Add("bolt", 10)
			l.Add("nut", 3)
			if got := l.Fill(tt.orders); got != tt.wantFilled {
				t.Errorf("Fill(%v) = %d, want %d", tt.orders, got, tt.wantFilled)
			}
			if got := l.Snapshot(); !maps.Equal(got, tt.wantStock) {
				t.Errorf("after Fill(%v), Snapshot() = %v, want %v", tt.orders, got, tt.wantStock)
			}
		})
	}
}
