package wordcountmapreduce

import "cmp"

// Pair is one key with one value.
type Pair[K cmp.Ordered, V any] struct {
	Key   K
	Value V
}

// MapReduce maps every input with up to workers goroutines, groups the
// emitted values by key, reduces every key with up to workers goroutines, and
// returns one pair per key, sorted by key.
func MapReduce[In any, K cmp.Ordered, V, Out any](
	inputs []In,
	workers int,
	mapFn func(In) []Pair[K, V],
	reduceFn func(K, []V) Out,
) []Pair[K, Out] {
	// TODO: map in parallel, shuffle (group by key, in input order), sort the
	// keys, reduce in parallel.
	return nil
}

// WordCount counts how often each word occurs in docs, using MapReduce.
func WordCount(docs []string, workers int) []Pair[string, int] {
	// TODO: a mapper that emits (word, 1) for every word and a reducer that sums.
	return nil
}
