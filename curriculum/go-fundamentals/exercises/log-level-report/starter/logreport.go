package loglevelreport

import (
	"errors"
	"io"
	"time"
)

// ErrMalformed is wrapped by the error Parse returns for a bad line.
var ErrMalformed = errors.New("malformed line")

// Entry is one parsed log line.
type Entry struct {
	Time    time.Time
	Level   string
	Message string
}

// MessageCount says how often a message occurred.
type MessageCount struct {
	Message string
	Count   int
}

// Parse reads log lines from r. See the instructions for the format.
func Parse(r io.Reader) ([]Entry, error) {
	// TODO: bufio.NewScanner(r), a bigger buffer, one Entry per non-blank line.
	return nil, nil
}

// CountByLevel counts the entries of each level.
func CountByLevel(entries []Entry) map[string]int {
	// TODO
	return nil
}

// TopMessages returns the n most frequent messages at the given level, most
// frequent first, ties in alphabetical order.
func TopMessages(entries []Entry, level string, n int) []MessageCount {
	// TODO: count in a map, copy into a slice, sort, cut to n.
	return nil
}
