package sequencepipeline

import "iter"

// Count yields start, start+step, start+2*step, ... without end.
func Count(start, step int) iter.Seq[int] {
	return func(yield func(int) bool) {
		// TODO: loop forever, stop when yield returns false.
	}
}

// Filter yields the values of seq for which keep returns true.
func Filter[V any](seq iter.Seq[V], keep func(V) bool) iter.Seq[V] {
	return func(yield func(V) bool) {
		// TODO: range over seq.
	}
}

// Map yields f(v) for every value v of seq.
func Map[V, W any](seq iter.Seq[V], f func(V) W) iter.Seq[W] {
	return func(yield func(W) bool) {
		// TODO
	}
}

// Take yields at most the first n values of seq.
func Take[V any](seq iter.Seq[V], n int) iter.Seq[V] {
	return func(yield func(V) bool) {
		// TODO: stop after n values without asking seq for one more.
	}
}

// Enumerate pairs every value of seq with its index, starting at 0.
func Enumerate[V any](seq iter.Seq[V]) iter.Seq2[int, V] {
	return func(yield func(int, V) bool) {
		// TODO
	}
}
