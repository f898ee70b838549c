package logqueue

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name  string
		level string
		msg   string
		kv    []string
		want  string
	}{
		{name: "no fields", level: "INFO", msg: "started", want: "[INFO] started"},
		{name: "one pair", level: "WARN", msg: "disk low", kv: []string{"free", "3%"}, want: "[WARN] disk low free=3%"},
		{name: "pairs keep their order", level: "INFO", msg: "request", kv: []string{"path", "/home", "status", "200", "ms", "12"}, want: "[INFO] request path=/home status=200 ms=12"},
		{name: "a key without a value ends with =", level: "ERROR", msg: "lost job", kv: []string{"id"}, want: "[ERROR] lost job id="},
		{name: "odd fields after a pair", level: "DEBUG", msg: "tick", kv: []string{"n", "1", "extra"}, want: "[DEBUG] tick n=1 extra="},
		{name: "empty message", level: "INFO", msg: "", want: "[INFO] "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Format(tt.level, tt.msg, tt.kv...); got != tt.want {
				t.Errorf("Format(%q, %q, %q) = %q, want %q", tt.level, tt.msg, tt.kv, got, tt.want)
			}
		})
	}
}

func TestFormatResetsPooledBuffers(t *testing.T) {
	// Leave dirty buffers in the pool, as a careless user of it would.
	for range 16 {
		dirty := new(bytes.Buffer)
		dirty.WriteString("LEFTOVER ")
		buffers.Put(dirty)
	}
	for i := range 16 {
		want := fmt.Sprintf("[INFO] line n=%d", i)
		if got := Format("INFO", "line", "n", fmt.Sprint(i)); got != want {
			t.Fatalf("with dirty buffers in the pool, Format(\"INFO\", \"line\", \"n\", \"%d\") = %q, want %q; Reset a buffer from the pool before writing to it", i, got, want)
		}
	}
}

func TestFormatFromManyGoroutines(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				want := fmt.Sprintf("[INFO] worker %d i=%d", g, i)
				if got := Format("INFO", fmt.Sprint("worker ", g), "i", fmt.Sprint(i)); got != want {
					t.Errorf("concurrent Format(\"INFO\", \"worker %d\", \"i\", \"%d\") = %q, want %q; each call needs its own buffer from the pool", g, i, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
