package channelownership

// Produce returns a channel with a buffer of buffer values (0 when buffer is
// negative) that delivers every item in order and is then closed. It returns
// at once: a goroutine does the sending.
func Produce(items []string, buffer int) <-chan string {
	out := make(chan string, max(buffer, 0))
	go func() {
		defer close(out)
		for _, item := range items {
			out <- item
		}
	}()
	return out
}

// Collect receives every value from in until in is closed and returns them in
// the order received.
func Collect(in <-chan string) []string {
	var got []string
	for s := range in {
		got = append(got, s)
	}
	return got
}

// Batch groups the values of in into slices of size (at least 1), sends each
// batch on the returned unbuffered channel and closes it once in is closed.
// The last batch may be shorter; an empty batch is never sent.
func Batch(in <-chan string, size int) <-chan []string {
	size = max(size, 1)
	out := make(chan []string)
	go func() {
		defer close(out)
		var current []string
		for s := range in {
			current = append(current, s)
			if len(current) == size {
				out <- current
				current = nil
			}
		}
		if len(current) > 0 {
			out <- current
		}
	}()
	return out
}
