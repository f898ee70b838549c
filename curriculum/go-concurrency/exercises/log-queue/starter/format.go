package logqueue

import (
	"bytes"
	"sync"
)

// buffers holds reusable buffers for Format. A buffer taken from it may
// still contain bytes from its previous use.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Format returns "[level] msg", followed by " key=value" for each pair in kv,
// in order. A key without a value (an odd number of kv) is written "key=".
// It builds the line in a buffer from buffers and returns the buffer after use.
func Format(level, msg string, kv ...string) string {
	// TODO: get a buffer from the pool, reset it, write the line, copy it
	// out as a string, put the buffer back.
	return ""
}
