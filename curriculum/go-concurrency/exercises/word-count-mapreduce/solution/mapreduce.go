package wordcountmapreduce

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
)

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
	workers = max(workers, 1)

	// Map: each worker writes only its own slots, so no lock is needed.
	mapped := make([][]Pair[K, V], len(inputs))
	parallel(len(inputs), workers, func(i int) {
		mapped[i] = mapFn(inputs[i])
	})

	// Shuffle: in input order, so each key's values keep a deterministic order.
	groups := make(map[K][]V)
	for _, pairs := range mapped {
		for _, p := range pairs {
			groups[p.Key] = append(groups[p.Key], p.Value)
		}
	}
	keys := slices.Sorted(maps.Keys(groups))

	// Reduce: one slot per key, already in sorted order.
	out := make([]Pair[K, Out], len(keys))
	parallel(len(keys), workers, func(i int) {
		k := keys[i]
		out[i] = Pair[K, Out]{Key: k, Value: reduceFn(k, groups[k])}
	})
	return out
}

// parallel calls f(0) ... f(n-1) using at most workers goroutines and returns
// when all calls have finished.
func parallel(n, workers int, f func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				f(i)
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// WordCount counts how often each word occurs in docs, using MapReduce.
func WordCount(docs []string, workers int) []Pair[string, int] {
	mapFn := func(doc string) []Pair[string, int] {
		words := strings.FieldsFunc(strings.ToLower(doc), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		pairs := make([]Pair[string, int], len(words))
		for i, w := range words {
			pairs[i] = Pair[string, int]{Key: w, Value: 1}
		}
		return pairs
	}
	reduceFn := func(_ string, ones []int) int {
		total := 0
		for _, n := range ones {
			total += n
		}
		return total
	}
	return MapReduce(docs, workers, mapFn, reduceFn)
}
