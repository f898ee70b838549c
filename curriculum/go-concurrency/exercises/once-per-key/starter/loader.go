package onceperkey

// Loader calls a load function at most once per key and remembers the
// result. It is safe for concurrent use.
type Loader[K comparable, V any] struct {
	load func(K) (V, error)
	// TODO: a mutex and a map from keys to entries (each with a sync.Once).
}

// NewLoader returns an empty Loader that fetches values with load.
func NewLoader[K comparable, V any](load func(K) (V, error)) *Loader[K, V] {
	return &Loader[K, V]{load: load}
}

// Get returns the value and error of load(key), calling load only the first
// time key is requested (or the first time after Forget(key)).
func (l *Loader[K, V]) Get(key K) (V, error) {
	// TODO: find or create the key's entry under the lock, then load outside it.
	var zero V
	return zero, nil
}

// Forget drops the remembered result for key.
func (l *Loader[K, V]) Forget(key K) {
	// TODO
}
