package loglevelreport

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
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

var levels = map[string]bool{"DEBUG": true, "INFO": true, "WARN": true, "ERROR": true}

// Parse reads log lines from r. See the instructions for the format.
func Parse(r io.Reader) ([]Entry, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024+1)
	var entries []Entry
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		e, ok := parseLine(line)
		if !ok {
			return nil, fmt.Errorf("line %d: %w", n, ErrMalformed)
		}
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading log: %w", err)
	}
	return entries, nil
}

func parseLine(line string) (Entry, bool) {
	stamp, rest, ok := strings.Cut(line, " ")
	if !ok {
		return Entry{}, false
	}
	t, err := time.Parse(time.RFC3339, stamp)
	if err != nil {
		return Entry{}, false
	}
	level, msg, _ := strings.Cut(rest, " ")
	if !levels[level] {
		return Entry{}, false
	}
	return Entry{Time: t, Level: level, Message: strings.TrimSpace(msg)}, true
}

// CountByLevel counts the entries of each level.
func CountByLevel(entries []Entry) map[string]int {
	counts := make(map[string]int)
	for _, e := range entries {
		counts[e.Level]++
	}
	return counts
}

// TopMessages returns the n most frequent messages at the given level, most
// frequent first, ties in alphabetical order.
func TopMessages(entries []Entry, level string, n int) []MessageCount {
	if n <= 0 {
		return nil
	}
	counts := make(map[string]int)
	for _, e := range entries {
		if e.Level == level {
			counts[e.Message]++
		}
	}
	list := make([]MessageCount, 0, len(counts))
	for msg, c := range counts {
		list = append(list, MessageCount{Message: msg, Count: c})
	}
	slices.SortFunc(list, func(a, b MessageCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	return list[:min(n, len(list))]
}
