package channelownership

// Produce returns a channel with a buffer of buffer values (0 when buffer is
// negative) that delivers every item in order and is then closed. It returns
// at once: a goroutine does the sending.
func Produce(items []string, buffer int) <-chan string {
	// TODO: make the channel, send from a goroutine, close it when done.
	out := make(chan string)
	close(out)
	return out
}

// Collect receives every value from in until in is closed and returns them in
// the order received.
func Collect(in <-chan string) []string {
	// TODO: range over in.
	return nil
}

// Batch groups the values of in into slices of size (at least 1), sends each
// batch on the returned unbuffered channel and closes it once in is closed.
// The last batch may be shorter; an empty batch is never sent.
func Batch(in <-chan string, size int) <-chan []string {
	// TODO: a goroutine that owns the output channel.
	out := make(chan []string)
	close(out)
	return out
}
