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

// ascend visits the subtree in order and reports whether to keep going.
func (n *node[K, V]) ascend(yield func(K, V) bool) bool {
	if n == nil {
		return true
	}
	return n.left.ascend(yield) && yield(n.key, n.value) && n.right.ascend(yield)
}

// descend visits the subtree in reverse order and reports whether to keep going.
func (n *node[K, V]) descend(yield func(K, V) bool) bool {
	if n == nil {
		return true
	}
	return n.right.descend(yield) && yield(n.key, n.value) && n.left.descend(yield)
}

// between visits the keys in [lo, hi) and reports whether to keep going.
func (n *node[K, V]) between(lo, hi K, yield func(K, V) bool) bool {
	if n == nil {
		return true
	}
	if lo < n.key && !n.left.between(lo, hi, yield) {
		return false
	}
	if lo <= n.key && n.key < hi && !yield(n.key, n.value) {
		return false
	}
	if n.key < hi {
		return n.right.between(lo, hi, yield)
	}
	return true
}

// All yields every key and value in ascending key order.
func (t *Tree[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		t.root.ascend(yield)
	}
}

// Backward yields every key and value in descending key order.
func (t *Tree[K, V]) Backward() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		t.root.descend(yield)
	}
}

// Keys yields every key in ascending order.
func (t *Tree[K, V]) Keys() iter.Seq[K] {
	return func(yield func(K) bool) {
		for k := range t.All() {
			if !yield(k) {
				return
			}
		}
	}
}

// Between yields the pairs with lo <= key < hi in ascending order.
func (t *Tree[K, V]) Between(lo, hi K) iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		if lo >= hi {
			return
		}
		t.root.between(lo, hi, yield)
	}
}

// SameKeys reports whether a and b hold exactly the same keys.
func SameKeys[K cmp.Ordered, V, W any](a *Tree[K, V], b *Tree[K, W]) bool {
	next, stop := iter.Pull(a.Keys())
	defer stop()
	for kb := range b.Keys() {
		ka, ok := next()
		if !ok || ka != kb {
			return false
		}
	}
	_, more := next()
	return !more
}
