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
	mu sync.Mutex
	// TODO: the subscribers of each topic, and whether the broker is closed.
}

// NewBroker returns an empty broker.
func NewBroker() *Broker {
	return &Broker{}
}

// Subscribe registers a subscriber to topic with a buffer of the given size
// (at least 1) and the given overflow policy.
func (b *Broker) Subscribe(topic string, buffer int, policy Policy) *Subscription {
	// TODO: make the buffered channel and register the subscription.
	return &Subscription{topic: topic, policy: policy}
}

// Publish offers msg to every subscriber of topic without ever blocking and
// returns how many of them received it.
func (b *Broker) Publish(topic, msg string) int {
	// TODO: a non-blocking send to each subscriber; apply the policy when a buffer is full.
	return 0
}

// Unsubscribe ends s and closes its channel. It is safe to call more than once.
func (b *Broker) Unsubscribe(s *Subscription) {
	// TODO
}

// Close ends every subscription. Later Publish calls deliver nothing and later
// subscriptions start closed.
func (b *Broker) Close() {
	// TODO
}
