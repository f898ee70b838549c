package channelownership

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// feed returns a channel, owned by a goroutine of the test, that delivers
// values and is then closed.
func feed(values ...string) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, v := range values {
			ch <- v
		}
	}()
	return ch
}

func TestProduceDeliversItemsInOrderThenCloses(t *testing.T) {
	tests := []struct {
		name   string
		items  []string
		buffer int
	}{
		{name: "unbuffered", items: []string{"ant", "bee", "cat"}, buffer: 0},
		{name: "buffer smaller than the items", items: []string{"ant", "bee", "cat", "dog"}, buffer: 2},
		{name: "buffer larger than the items", items: []string{"ant"}, buffer: 5},
		{name: "no items", items: nil, buffer: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := Produce(tt.items, tt.buffer)
			if ch == nil {
				t.Fatalf("Produce(%q, %d) returned a nil channel", tt.items, tt.buffer)
			}
			var got []string
			for range len(tt.items) {
				v, ok := <-ch
				if !ok {
					break
				}
				got = append(got, v)
			}
			if !slices.Equal(got, tt.items) {
				t.Fatalf("Produce(%q, %d) delivered %q, want %q", tt.items, tt.buffer, got, tt.items)
			}
			if v, ok := <-ch; ok {
				t.Errorf("Produce(%q, %d): after every item, received %q; want the channel closed", tt.items, tt.buffer, v)
			}
		})
	}
}

func TestProduceChannelHasTheRequestedBuffer(t *testing.T) {
	for _, tt := range []struct{ buffer, wantCap int }{{0, 0}, {1, 1}, {4, 4}, {-3, 0}} {
		t.Run(fmt.Sprintf("buffer %d", tt.buffer), func(t *testing.T) {
			ch := Produce(nil, tt.buffer)
			if got := cap(ch); got != tt.wantCap {
				t.Errorf("cap(Produce(nil, %d)) = %d, want %d", tt.buffer, got, tt.wantCap)
			}
		})
	}
}

func TestProduceReturnsBeforeAnyoneReceives(t *testing.T) {
	// Produce runs on the test goroutine; if it sent the items itself on an
	// unbuffered channel, it would wait forever for a receiver.
	returned := make(chan (<-chan string))
	go func() { returned <- Produce([]string{"x", "y"}, 0) }()
	var ch <-chan string
	select {
	case ch = <-returned:
	case <-time.After(time.Second): // a deadline for failing, not a synchronisation
		t.Fatalf("Produce([x y], 0) did not return while nobody was receiving; send from a goroutine")
	}
	if got := Collect(ch); !slices.Equal(got, []string{"x", "y"}) {
		t.Errorf("Collect(Produce([x y], 0)) = %q, want [x y]", got)
	}
}

func TestCollect(t *testing.T) {
	tests := []struct {
		name   string
		values []string
	}{
		{name: "several values in order", values: []string{"one", "two", "three"}},
		{name: "a single value", values: []string{"solo"}},
		{name: "closed without values", values: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Collect(feed(tt.values...))
			if !slices.Equal(got, tt.values) {
				t.Errorf("Collect(channel delivering %q) = %q, want %q", tt.values, got, tt.values)
			}
		})
	}
}

func TestBatch(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		size   int
		want   [][]string
	}{
		{name: "last batch is shorter", values: []string{"a", "b", "c", "d", "e"}, size: 2, want: [][]string{{"a", "b"}, {"c", "d"}, {"e"}}},
		{name: "batches fill exactly", values: []string{"a", "b", "c", "d"}, size: 2, want: [][]string{{"a", "b"}, {"c", "d"}}},
		{name: "one batch holds everything", values: []string{"a", "b"}, size: 10, want: [][]string{{"a", "b"}}},
		{name: "size 0 means batches of 1", values: []string{"a", "b"}, size: 0, want: [][]string{{"a"}, {"b"}}},
		{name: "no values, no batches", values: nil, size: 3, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := Batch(feed(tt.values...), tt.size)
			if out == nil {
				t.Fatalf("Batch(%q, %d) returned a nil channel", tt.values, tt.size)
			}
			var got [][]string
			for b := range out {
				got = append(got, b)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("Batch(%q, %d) delivered %q, want %q", tt.values, tt.size, got, tt.want)
			}
		})
	}
}

func TestBatchesDoNotShareMemory(t *testing.T) {
	var got [][]string
	for b := range Batch(feed("a", "b", "c", "d"), 2) {
		got = append(got, b)
	}
	if len(got) != 2 {
		t.Fatalf("Batch([a b c d], 2) delivered %d batches, want 2", len(got))
	}
	got[0][0] = "changed"
	if got[1][0] != "c" {
		t.Errorf("changing the first batch changed the second one to %q; start a new slice for each batch", got[1])
	}
}
