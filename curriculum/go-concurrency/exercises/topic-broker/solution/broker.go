package topicbroker

import (
	"sync"
	"sync/atomic"
)

// Policy says what happens when a subscriber's buffer is full.
type Policy int

const (
	// DropNewest discards the message for that subscriber and counts it as dropped.
	DropNewest Policy = iota
	// Disconnect removes the subscriber and closes its channel.
	Disconnect
)

// Subscription receives the messages of one topic.
type Subscription struct {
	topic   string
	policy  Policy
	ch      chan string
	dropped atomic.Int64
}

// Messages returns the channel the subscription's messages arrive on. It is
// closed when the subscription ends.
func (s *Subscription) Messages() <-chan string { return s.ch }

// Dropped returns how many messages were discarded because the buffer was full.
func (s *Subscription) Dropped() int { return int(s.dropped.Load()) }

// Broker delivers published messages to the subscribers of their topic.
type Broker struct {
	mu     sync.Mutex
	topics map[string]map[*Subscription]struct{}
	closed bool
}

// NewBroker returns an empty broker.
func NewBroker() *Broker {
	return &Broker{topics: make(map[string]map[*Subscription]struct{})}
}

// Subscribe registers a subscriber to topic with a buffer of the given size
// (at least 1) and the given overflow policy.
func (b *Broker) Subscribe(topic string, buffer int, policy Policy) *Subscription {
	s := &Subscription{topic: topic, policy: policy, ch: make(chan string, max(buffer, 1))}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		close(s.ch)
		return s
	}
	if b.topics[topic] == nil {
		b.topics[topic] = make(map[*Subscription]struct{})
	}
	b.topics[topic][s] = struct{}{}
	return s
}

// Publish offers msg to every subscriber of topic without ever blocking and
// returns how many of them received it.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	delivered := 0
	for s := range b.topics[topic] {
		select {
		case s.ch <- msg:
			delivered++
		default:
			if s.policy == Disconnect {
				b.remove(s)
			} else {
				s.dropped.Add(1)
			}
		}
	}
	return delivered
}

// remove deletes s and closes its channel; the caller holds b.mu.
func (b *Broker) remove(s *Subscription) {
	subs := b.topics[s.topic]
	if _, ok := subs[s]; !ok {
		return
	}
	delete(subs, s)
	if len(subs) == 0 {
		delete(b.topics, s.topic)
	}
	close(s.ch)
}

// Unsubscribe ends s and closes its channel. It is safe to call more than once.
func (b *Broker) Unsubscribe(s *Subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.remove(s)
}

// Close ends every subscription. Later Publish calls deliver nothing and later
// subscriptions start closed.
func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for _, subs := range b.topics {
		for s := range subs {
			close(s.ch)
		}
	}
	b.topics = nil
}
