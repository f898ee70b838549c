// Package requestlog builds the structured logger of a small web service and
// writes one log record for every request the service handles.
package requestlog

import (
	"errors"
	"io"
	"log/slog"
	"time"
)

// ErrUnknownFormat is wrapped by the error NewLogger returns for a format it
// does not know.
var ErrUnknownFormat = errors.New("unknown log format")

// Options configure NewLogger.
type Options struct {
	Format   string     // "text" or "" for key=value lines, "json" for JSON lines
	Level    slog.Level // records below this level are dropped; zero means slog.LevelInfo
	Service  string     // when not empty, every record carries service=<Service>
	OmitTime bool       // when true, records have no time attribute
}

// NewLogger returns a logger that writes records to w as the options say.
func NewLogger(w io.Writer, opts Options) (*slog.Logger, error) {
	// TODO: slog.HandlerOptions with the level (and a ReplaceAttr when
	// OmitTime is set), a text or JSON handler, then the service attribute.
	return nil, nil
}

// Secret holds a value that must never appear in a log, such as an API token.
type Secret string

// LogValue implements slog.LogValuer: handlers log this value instead of the
// secret itself.
func (s Secret) LogValue() slog.Value {
	// TODO: "[redacted]", or "" for an empty secret.
	return slog.Value{}
}

// LevelFor returns the level at which a response with the given HTTP status
// is logged.
func LevelFor(status int) slog.Level {
	// TODO: info below 400, warning for 4xx, error from 500.
	return 0
}

// Request describes one request the service has handled.
type Request struct {
	Method   string
	Path     string
	Status   int
	Duration time.Duration
	User     string // "" for an anonymous request
	Token    Secret // "" when the request carried no token
}

// LogRequest writes one record with the message "request" describing r.
func LogRequest(logger *slog.Logger, r Request) {
	// TODO: an "http" group, then user and token when they are not empty.
}

// ForRequest returns a logger whose records all carry request_id=<requestID>.
// An empty id gives back logger itself.
func ForRequest(logger *slog.Logger, requestID string) *slog.Logger {
	// TODO
	return nil
}
