package onceperkey

import "sync"

// entry holds the result of loading one key; once makes sure it is loaded a
// single time.
type entry[V any] struct {
	once sync.Once
	val  V
	err  error
}

// Loader calls a load function at most once per key and remembers the
// result. It is safe for concurrent use.
type Loader[K comparable, V any] struct {
	load    func(K) (V, error)
	mu      sync.Mutex // guards entries, not the loading itself
	entries map[K]*entry[V]
}

// NewLoader returns an empty Loader that fetches values with load.
func NewLoader[K comparable, V any](load func(K) (V, error)) *Loader[K, V] {
	return &Loader[K, V]{load: load, entries: make(map[K]*entry[V])}
}

// Get returns the value and error of load(key), calling load only the first
// time key is requested (or the first time after Forget(key)).
func (l *Loader[K, V]) Get(key K) (V, error) {
	l.mu.Lock()
	e, ok := l.entries[key]
	if !ok {
		e = &entry[V]{}
		l.entries[key] = e
	}
	l.mu.Unlock()

	e.once.Do(func() { e.val, e.err = l.load(key) })
	return e.val, e.err
}

// Forget drops the remembered result for key.
func (l *Loader[K, V]) Forget(key K) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.entries, key)
}
