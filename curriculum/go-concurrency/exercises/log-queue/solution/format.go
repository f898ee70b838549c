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
	b := buffers.Get().(*bytes.Buffer)
	b.Reset() // whoever used it last may have left bytes in it
	b.WriteByte('[')
	b.WriteString(level)
	b.WriteString("] ")
	b.WriteString(msg)
	for i := 0; i < len(kv); i += 2 {
		b.WriteByte(' ')
		b.WriteString(kv[i])
		b.WriteByte('=')
		if i+1 < len(kv) {
			b.WriteString(kv[i+1])
		}
	}
	s := b.String() // a copy: safe to keep after the buffer goes back
	buffers.Put(b)
	return s
}
