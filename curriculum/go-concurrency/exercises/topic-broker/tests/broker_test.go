package topicbroker

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// drain takes every message already waiting in s's buffer, without blocking,
// and reports whether the channel has been closed.
func drain(s *Subscription) (msgs []string, closed bool) {
	if s == nil {
		return nil, false
	}
	for {
		select {
		case m, ok := <-s.Messages():
			if !ok {
				return msgs, true
			}
			msgs = append(msgs, m)
		default:
			return msgs, false
		}
	}
}

func TestFanOutByTopic(t *testing.T) {
	b := NewBroker()
	news1 := b.Subscribe("news", 10, DropNewest)
	news2 := b.Subscribe("news", 10, DropNewest)
	sports := b.Subscribe("sports", 10, DropNewest)

	publishes := []struct {
		topic, msg string
		want       int
	}{
		{"news", "rain expected", 2},
		{"sports", "3-1", 1},
		{"news", "sun later", 2},
		{"weather", "nobody listens", 0},
	}
	for _, p := range publishes {
		if got := b.Publish(p.topic, p.msg); got != p.want {
			t.Errorf("Publish(%q, %q) = %d, want %d subscribers reached", p.topic, p.msg, got, p.want)
		}
	}
	for name, tc := range map[string]struct {
		sub  *Subscription
		want []string
	}{
		"first news subscriber":  {news1, []string{"rain expected", "sun later"}},
		"second news subscriber": {news2, []string{"rain expected", "sun later"}},
		"sports subscriber":      {sports, []string{"3-1"}},
	} {
		t.Run(name, func(t *testing.T) {
			got, closed := drain(tc.sub)
			if !slices.Equal(got, tc.want) || closed {
				t.Errorf("received %q (closed: %t), want %q (closed: false)", got, closed, tc.want)
			}
		})
	}
}

func TestDropNewestKeepsTheSubscriber(t *testing.T) {
	b := NewBroker()
	slow := b.Subscribe("ticks", 2, DropNewest)
	var results []int
	for i := 1; i <= 5; i++ {
		results = append(results, b.Publish("ticks", "t"+strconv.Itoa(i)))
	}
	if want := []int{1, 1, 0, 0, 0}; !slices.Equal(results, want) {
		t.Errorf("Publish results for 5 messages into a buffer of 2 = %v, want %v", results, want)
	}
	got, closed := drain(slow)
	if want := []string{"t1", "t2"}; !slices.Equal(got, want) || closed {
		t.Errorf("slow subscriber received %q (closed: %t), want %q (closed: false)", got, closed, want)
	}
	if got := slow.Dropped(); got != 3 {
		t.Errorf("Dropped() = %d, want 3", got)
	}
	b.Publish("ticks", "t6")
	if got, _ := drain(slow); !slices.Equal(got, []string{"t6"}) {
		t.Errorf("after catching up, subscriber received %q, want [\"t6\"]", got)
	}
}

func TestDisconnectClosesOnlyTheSlowSubscriber(t *testing.T) {
	b := NewBroker()
	slow := b.Subscribe("orders", 1, Disconnect)
	fast := b.Subscribe("orders", 10, Disconnect)
	var results []int
	for _, m := range []string{"o1", "o2", "o3"} {
		results = append(results, b.Publish("orders", m))
	}
	if want := []int{2, 1, 1}; !slices.Equal(results, want) {
		t.Errorf("Publish results = %v, want %v (the slow subscriber is gone after o2)", results, want)
	}
	if got, closed := drain(slow); !slices.Equal(got, []string{"o1"}) || !closed {
		t.Errorf("slow Disconnect subscriber received %q (closed: %t), want [\"o1\"] and then a closed channel", got, closed)
	}
	if got, closed := drain(fast); !slices.Equal(got, []string{"o1", "o2", "o3"}) || closed {
		t.Errorf("fast subscriber received %q (closed: %t), want [o1 o2 o3] (closed: false)", got, closed)
	}
	if got := slow.Dropped(); got != 0 {
		t.Errorf("Dropped() of a disconnected subscriber = %d, want 0", got)
	}
	b.Unsubscribe(slow) // already disconnected: must not panic
}

func TestBufferBelowOneMeansOne(t *testing.T) {
	b := NewBroker()
	s := b.Subscribe("x", 0, DropNewest)
	b.Publish("x", "a")
	b.Publish("x", "b")
	if got, _ := drain(s); !slices.Equal(got, []string{"a"}) {
		t.Errorf("Subscribe with buffer 0, two publishes: received %q, want [\"a\"] (a buffer of 1)", got)
	}
}

func TestUnsubscribe(t *testing.T) {
	b := NewBroker()
	s := b.Subscribe("news", 5, DropNewest)
	b.Publish("news", "before")
	b.Unsubscribe(s)
	if got := b.Publish("news", "after"); got != 0 {
		t.Errorf("Publish after the only subscriber left = %d, want 0", got)
	}
	if got, closed := drain(s); !slices.Equal(got, []string{"before"}) || !closed {
		t.Errorf("unsubscribed subscriber received %q (closed: %t), want [\"before\"] and then a closed channel", got, closed)
	}
	b.Unsubscribe(s) // a second time: must not panic
}

func TestClose(t *testing.T) {
	b := NewBroker()
	a := b.Subscribe("a", 5, DropNewest)
	c := b.Subscribe("c", 5, Disconnect)
	b.Close()
	for name, s := range map[string]*Subscription{"a": a, "c": c} {
		if _, closed := drain(s); !closed {
			t.Errorf("after Close, the channel of the subscriber to %q is still open", name)
		}
	}
	if got := b.Publish("a", "late"); got != 0 {
		t.Errorf("Publish after Close = %d, want 0", got)
	}
	late := b.Subscribe("a", 5, DropNewest)
	if _, closed := drain(late); !closed {
		t.Errorf("Subscribe after Close returned a subscription whose channel is open, want it closed")
	}
	b.Close() // a second time: must not panic
}

func TestPublishNeverBlocks(t *testing.T) {
	b := NewBroker()
	b.Subscribe("firehose", 1, DropNewest) // never read
	b.Subscribe("firehose", 1, Disconnect) // never read
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 10000 {
			b.Publish("firehose", strconv.Itoa(i))
		}
	}()
	select {
	case <-done:
	case <-time.After(time.Second): // a deadline for failing, not a synchronisation
		t.Fatal("10000 Publish calls with subscribers that never read did not finish: Publish must not block")
	}
}

// TestConcurrentPublishers has several publishers and a live reader. Every
// message must be either received or counted as dropped, and each publisher's
// messages must arrive in the order it sent them.
func TestConcurrentPublishers(t *testing.T) {
	const publishers, each = 8, 300
	b := NewBroker()
	sub := b.Subscribe("events", 16, DropNewest)
	if sub.Messages() == nil {
		t.Fatal("Subscribe returned a subscription with a nil Messages() channel")
	}
	var received []string
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		for m := range sub.Messages() {
			received = append(received, m)
		}
	}()

	// Subscribers come and go while messages are published.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				s := b.Subscribe("events", 1, Disconnect)
				b.Unsubscribe(s)
			}
		}()
	}
	for p := range publishers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				b.Publish("events", fmt.Sprintf("p%d-%d", p, i))
			}
		}()
	}
	wg.Wait()
	b.Unsubscribe(sub)
	<-readerDone

	if got := len(received) + sub.Dropped(); got != publishers*each {
		t.Errorf("received %d + dropped %d = %d, want %d: every message is either delivered or counted", len(received), sub.Dropped(), got, publishers*each)
	}
	last := make(map[string]int)
	for _, m := range received {
		pub, idx, _ := strings.Cut(m, "-")
		n, _ := strconv.Atoi(idx)
		if prev, seen := last[pub]; seen && n <= prev {
			t.Fatalf("publisher %s: message %d arrived after message %d; one publisher's messages must keep their order", pub, n, prev)
		}
		last[pub] = n
	}
}
