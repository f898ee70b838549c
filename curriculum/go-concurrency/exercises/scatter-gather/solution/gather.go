package scattergather

import "errors"

// MapAll calls f on every input, each call in its own goroutine, and returns
// the results in input order once every call has finished.
func MapAll(inputs []string, f func(string) string) []string {
	type result struct {
		i int
		v string
	}
	results := make(chan result, len(inputs))
	for i, in := range inputs {
		go func() { results <- result{i, f(in)} }()
	}
	var out []string
	if len(inputs) > 0 {
		out = make([]string, len(inputs))
	}
	for range len(inputs) {
		r := <-results
		out[r.i] = r.v
	}
	return out
}

// Gather calls f on every input concurrently, waits for every call, and
// returns the results in input order with the errors, in input order, joined
// by errors.Join (nil when every call succeeded).
func Gather(inputs []int, f func(int) (int, error)) ([]int, error) {
	type result struct {
		i   int
		v   int
		err error
	}
	results := make(chan result, len(inputs))
	for i, in := range inputs {
		go func() {
			v, err := f(in)
			results <- result{i, v, err}
		}()
	}
	out := make([]int, len(inputs))
	errs := make([]error, len(inputs))
	for range len(inputs) {
		r := <-results
		out[r.i], errs[r.i] = r.v, r.err
	}
	return out, errors.Join(errs...)
}
