package loglevelreport

import (
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

const sampleLog = `2026-03-01T09:15:02Z INFO  listening on :8080
2026-03-01T09:15:07Z ERROR db: connection refused

2026-03-01T09:15:09Z WARN   slow request   
2026-03-01T10:00:00+02:00 DEBUG cache warm
2026-03-01T09:16:00Z ERROR db: connection refused
2026-03-01T09:17:00Z WARN
`

func TestParse(t *testing.T) {
	entries, err := Parse(strings.NewReader(sampleLog))
	if err != nil {
		t.Fatalf("Parse(sample log) returned error %v, want nil", err)
	}
	want := []Entry{
		{time.Date(2026, 3, 1, 9, 15, 2, 0, time.UTC), "INFO", "listening on :8080"},
		{time.Date(2026, 3, 1, 9, 15, 7, 0, time.UTC), "ERROR", "db: connection refused"},
		{time.Date(2026, 3, 1, 9, 15, 9, 0, time.UTC), "WARN", "slow request"},
		{time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC), "DEBUG", "cache warm"},
		{time.Date(2026, 3, 1, 9, 16, 0, 0, time.UTC), "ERROR", "db: connection refused"},
		{time.Date(2026, 3, 1, 9, 17, 0, 0, time.UTC), "WARN", ""},
	}
	if len(entries) != len(want) {
		t.Fatalf("Parse(sample log) returned %d entries, want %d (blank lines are skipped): %+v", len(entries), len(want), entries)
	}
	for i, w := range want {
		g := entries[i]
		if !g.Time.Equal(w.Time) || g.Level != w.Level || g.Message != w.Message {
			t.Errorf("entry %d = {%v %q %q}, want {%v %q %q}", i, g.Time, g.Level, g.Message, w.Time, w.Level, w.Message)
		}
	}
}

func TestParseEmptyInput(t *testing.T) {
	for _, in := range []string{"", "\n\n   \n"} {
		entries, err := Parse(strings.NewReader(in))
		if err != nil || len(entries) != 0 {
			t.Errorf("Parse(%q) = %v, %v; want no entries and nil", in, entries, err)
		}
	}
}

func TestParseMalformed(t *testing.T) {
	good := "2026-03-01T09:15:02Z INFO ok\n"
	tests := []struct {
		name string
		bad  string
	}{
		{"no spaces at all", "garbage"},
		{"timestamp only", "2026-03-01T09:15:02Z"},
		{"not a timestamp", "yesterday INFO hello"},
		{"timestamp without zone", "2026-03-01T09:15:02 INFO hello"},
		{"unknown level", "2026-03-01T09:15:02Z NOTICE hello"},
		{"lower-case level", "2026-03-01T09:15:02Z info hello"},
		{"two spaces before the level", "2026-03-01T09:15:02Z  INFO hello"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good + "\n" + tt.bad + "\n" + good
			entries, err := Parse(strings.NewReader(in))
			if err == nil {
				t.Fatalf("Parse with line 3 = %q returned nil error, want line 3: malformed line", tt.bad)
			}
			if entries != nil {
				t.Errorf("Parse returned %d entries with the error, want nil", len(entries))
			}
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("Parse error %q does not wrap ErrMalformed", err)
			}
			if got, want := err.Error(), "line 3: malformed line"; got != want {
				t.Errorf("Parse error = %q, want %q (count every line, blank ones too)", got, want)
			}
		})
	}
}

func TestParseLongLine(t *testing.T) {
	long := strings.Repeat("x", 300_000)
	in := "2026-03-01T09:15:02Z ERROR " + long + "\n2026-03-01T09:15:03Z INFO after\n"
	entries, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatalf("Parse with a 300 kB line returned error %v, want nil (give the scanner a bigger buffer)", err)
	}
	if len(entries) != 2 || len(entries[0].Message) != len(long) || entries[1].Message != "after" {
		t.Errorf("Parse with a 300 kB line: got %d entries, want 2 with the long message intact", len(entries))
	}
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

func TestParseReaderError(t *testing.T) {
	diskErr := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("2026-03-01T09:15:02Z INFO ok\n"), failingReader{diskErr})
	entries, err := Parse(r)
	if !errors.Is(err, diskErr) {
		t.Errorf("Parse on a failing reader: errors.Is(err, readerErr) = false; err = %v", err)
	}
	if entries != nil {
		t.Errorf("Parse on a failing reader returned %d entries, want nil", len(entries))
	}
}

func TestCountByLevel(t *testing.T) {
	entries := []Entry{{Level: "INFO"}, {Level: "ERROR"}, {Level: "INFO"}, {Level: "WARN"}}
	want := map[string]int{"INFO": 2, "ERROR": 1, "WARN": 1}
	if got := CountByLevel(entries); !maps.Equal(got, want) {
		t.Errorf("CountByLevel(INFO ERROR INFO WARN) = %v, want %v", got, want)
	}
	if got := CountByLevel(nil); got == nil || len(got) != 0 {
		t.Errorf("CountByLevel(nil) = %#v, want an empty, non-nil map", got)
	}
}

func TestTopMessages(t *testing.T) {
	msgs := func(level string, texts ...string) []Entry {
		var es []Entry
		for _, m := range texts {
			es = append(es, Entry{Level: level, Message: m})
		}
		return es
	}
	entries := slices.Concat(
		msgs("ERROR", "timeout", "disk full", "timeout", "auth failed"),
		msgs("WARN", "timeout", "timeout", "timeout"),
		msgs("ERROR", "disk full", "bad gateway", "timeout"),
	)
	tests := []struct {
		name  string
		level string
		n     int
		want  []MessageCount
	}{
		{"top two errors", "ERROR", 2, []MessageCount{{"timeout", 3}, {"disk full", 2}}},
		{"ties are alphabetical", "ERROR", 4, []MessageCount{{"timeout", 3}, {"disk full", 2}, {"auth failed", 1}, {"bad gateway", 1}}},
		{"n larger than the number of messages", "WARN", 10, []MessageCount{{"timeout", 3}}},
		{"level without entries", "DEBUG", 3, nil},
		{"n is zero", "ERROR", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TopMessages(entries, tt.level, tt.n)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("TopMessages(entries, %q, %d) = %v, want %v", tt.level, tt.n, got, tt.want)
			}
		})
	}
}
