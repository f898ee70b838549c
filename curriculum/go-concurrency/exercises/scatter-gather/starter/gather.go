package scattergather

// MapAll calls f on every input, each call in its own goroutine, and returns
// the results in input order once every call has finished.
func MapAll(inputs []string, f func(string) string) []string {
	// TODO: one goroutine per input; collect (index, result) pairs from a channel.
	return nil
}

// Gather calls f on every input concurrently, waits for every call, and
// returns the results in input order with the errors, in input order, joined
// by errors.Join (nil when every call succeeded).
func Gather(inputs []int, f func(int) (int, error)) ([]int, error) {
	// TODO: like MapAll, but also keep each call's error at its index.
	return nil, nil
}
