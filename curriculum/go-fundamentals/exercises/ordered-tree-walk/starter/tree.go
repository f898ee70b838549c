package orderedtreewalk

import (
	"cmp"
	"iter"
)

// Tree is a binary search tree mapping keys to values. The zero value is an
// empty tree.
type Tree[K cmp.Ordered, V any] struct {
	root *node[K, V]
	size int
}

type node[K cmp.Ordered, V any] struct {
	key         K
	value       V
	left, right *node[K, V]
}

// Put stores value under key, replacing any previous value.
func (t *Tree[K, V]) Put(key K, value V) {
	link := &t.root
	for *link != nil {
		n := *link
		switch {
		case key < n.key:
			link = &n.left
		case key > n.key:
			link = &n.right
		default:
			n.value = value
			return
		}
	}
	*link = &node[K, V]{key: key, value: value}
	t.size++
}

// Len returns the number of keys in the tree.
func (t *Tree[K, V]) Len() int { return t.size }

// All yields every key and value in ascending key order.
func (t *Tree[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		// TODO: an in-order walk (left, node, right) that stops when yield returns false.
	}
}

// Backward yields every key and value in descending key order.
func (t *Tree[K, V]) Backward() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		// TODO: right, node, left.
	}
}

// Keys yields every key in ascending order.
func (t *Tree[K, V]) Keys() iter.Seq[K] {
	return func(yield func(K) bool) {
		// TODO
	}
}

// Between yields the pairs with lo <= key < hi in ascending order.
func (t *Tree[K, V]) Between(lo, hi K) iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		// TODO: like All, but skip subtrees outside the range.
	}
}

// SameKeys reports whether a and b hold exactly the same keys.
func SameKeys[K cmp.Ordered, V, W any](a *Tree[K, V], b *Tree[K, W]) bool {
	// TODO: iter.Pull over a.Keys(), range over b.Keys().
	return false
}
