// Package requestlog builds the structured logger of a small web service and
// writes one log record for every request the service handles.
package requestlog

import (
	"context"
	"errors"
	"fmt"
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
	handlerOpts := &slog.HandlerOptions{Level: opts.Level}
	if opts.OmitTime {
		handlerOpts.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
			// Only the record's own time sits at the top level under slog.TimeKey;
			// an attribute called "time" inside a group belongs to the caller.
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		}
	}

	var h slog.Handler
	switch opts.Format {
	case "", "text":
		h = slog.NewTextHandler(w, handlerOpts)
	case "json":
		h = slog.NewJSONHandler(w, handlerOpts)
	default:
		return nil, fmt.Errorf("requestlog: %w %q", ErrUnknownFormat, opts.Format)
	}

	logger := slog.New(h)
	if opts.Service != "" {
		logger = logger.With(slog.String("service", opts.Service))
	}
	return logger, nil
}

// Secret holds a value that must never appear in a log, such as an API token.
type Secret string

// LogValue implements slog.LogValuer: handlers log this value instead of the
// secret itself.
func (s Secret) LogValue() slog.Value {
	if s == "" {
		return slog.StringValue("")
	}
	return slog.StringValue("[redacted]")
}

// LevelFor returns the level at which a response with the given HTTP status
// is logged.
func LevelFor(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	default:
		return slog.LevelInfo
	}
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
	attrs := []slog.Attr{
		slog.Group("http",
			slog.String("method", r.Method),
			slog.String("path", r.Path),
			slog.Int("status", r.Status),
			slog.Int64("duration_ms", r.Duration.Milliseconds()),
		),
	}
	if r.User != "" {
		attrs = append(attrs, slog.String("user", r.User))
	}
	if r.Token != "" {
		attrs = append(attrs, slog.Any("token", r.Token))
	}
	logger.LogAttrs(context.Background(), LevelFor(r.Status), "request", attrs...)
}

// ForRequest returns a logger whose records all carry request_id=<requestID>.
// An empty id gives back logger itself.
func ForRequest(logger *slog.Logger, requestID string) *slog.Logger {
	if requestID == "" {
		return logger
	}
	return logger.With(slog.String("request_id", requestID))
}
