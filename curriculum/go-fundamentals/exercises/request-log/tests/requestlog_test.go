package requestlog

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// withoutTime is the tests' own ReplaceAttr: it removes the record's time so
// that the output is the same on every run.
func withoutTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// testLogger returns a text logger without times that writes into buf.
func testLogger(buf *bytes.Buffer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: level, ReplaceAttr: withoutTime}))
}

func TestLevelFor(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   slog.Level
	}{
		{"200 OK is info", 200, slog.LevelInfo},
		{"204 No Content is info", 204, slog.LevelInfo},
		{"302 Found is info", 302, slog.LevelInfo},
		{"399 is still info", 399, slog.LevelInfo},
		{"400 Bad Request is a warning", 400, slog.LevelWarn},
		{"404 Not Found is a warning", 404, slog.LevelWarn},
		{"499 is still a warning", 499, slog.LevelWarn},
		{"500 Internal Server Error is an error", 500, slog.LevelError},
		{"503 Service Unavailable is an error", 503, slog.LevelError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LevelFor(tt.status); got != tt.want {
				t.Errorf("LevelFor(%d) = %v, want %v", tt.status, got, tt.want)
			}
		})
	}
}

func TestSecret(t *testing.T) {
	t.Run("a secret is redacted", func(t *testing.T) {
		v := Secret("tok_live_51Hq").LogValue()
		if v.Kind() != slog.KindString || v.String() != "[redacted]" {
			t.Errorf("Secret(%q).LogValue() = %v (kind %v), want the string %q", "tok_live_51Hq", v, v.Kind(), "[redacted]")
		}
	})
	t.Run("an empty secret stays empty", func(t *testing.T) {
		v := Secret("").LogValue()
		if v.Kind() != slog.KindString || v.String() != "" {
			t.Errorf("Secret(\"\").LogValue() = %v (kind %v), want the empty string", v, v.Kind())
		}
	})

	const token = "tok_live_51Hq"
	handlers := []struct {
		name string
		new  func(*bytes.Buffer) slog.Handler
		want string
	}{
		{
			name: "text handler never prints the secret",
			new: func(b *bytes.Buffer) slog.Handler {
				return slog.NewTextHandler(b, &slog.HandlerOptions{ReplaceAttr: withoutTime})
			},
			want: "level=INFO msg=login auth.user=ana auth.token=[redacted]\n",
		},
		{
			name: "json handler never prints the secret",
			new: func(b *bytes.Buffer) slog.Handler {
				return slog.NewJSONHandler(b, &slog.HandlerOptions{ReplaceAttr: withoutTime})
			},
			want: `{"level":"INFO","msg":"login","auth":{"user":"ana","token":"[redacted]"}}` + "\n",
		},
	}
	for _, h := range handlers {
		t.Run(h.name, func(t *testing.T) {
			var buf bytes.Buffer
			slog.New(h.new(&buf)).Info("login", slog.Group("auth", "user", "ana", "token", Secret(token)))
			got := buf.String()
			if strings.Contains(got, token) {
				t.Errorf("logging Secret(%q) wrote %q: the secret leaked into the log", token, got)
			} else if got != h.want {
				t.Errorf("logging Secret(%q) wrote %q, want %q", token, got, h.want)
			}
		})
	}
}

func TestNewLoggerFormats(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{
			name: "text format writes key=value lines",
			opts: Options{Format: "text", OmitTime: true},
			want: "level=INFO msg=started port=8080\n",
		},
		{
			name: "empty format means text",
			opts: Options{OmitTime: true},
			want: "level=INFO msg=started port=8080\n",
		},
		{
			name: "json format writes one object per line",
			opts: Options{Format: "json", OmitTime: true},
			want: `{"level":"INFO","msg":"started","port":8080}` + "\n",
		},
		{
			name: "service comes right after the message in text",
			opts: Options{Service: "billing", OmitTime: true},
			want: "level=INFO msg=started service=billing port=8080\n",
		},
		{
			name: "service comes right after the message in json",
			opts: Options{Format: "json", Service: "billing", OmitTime: true},
			want: `{"level":"INFO","msg":"started","service":"billing","port":8080}` + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			logger, err := NewLogger(&buf, tt.opts)
			if err != nil || logger == nil {
				t.Fatalf("NewLogger(w, %+v) = %v, %v; want a logger and a nil error", tt.opts, logger, err)
			}
			logger.Info("started", "port", 8080)
			if got := buf.String(); got != tt.want {
				t.Errorf("with NewLogger(w, %+v), logger.Info(\"started\", \"port\", 8080) wrote\n%q\nwant\n%q", tt.opts, got, tt.want)
			}
		})
	}
}

func TestNewLoggerLevel(t *testing.T) {
	tests := []struct {
		name  string
		level slog.Level
		want  string
	}{
		{
			name:  "zero level keeps info and drops debug",
			level: 0,
			want:  "level=INFO msg=two\nlevel=WARN msg=three\nlevel=ERROR msg=four\n",
		},
		{
			name:  "debug level keeps everything",
			level: slog.LevelDebug,
			want:  "level=DEBUG msg=one\nlevel=INFO msg=two\nlevel=WARN msg=three\nlevel=ERROR msg=four\n",
		},
		{
			name:  "warn level drops debug and info",
			level: slog.LevelWarn,
			want:  "level=WARN msg=three\nlevel=ERROR msg=four\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			opts := Options{Level: tt.level, OmitTime: true}
			logger, err := NewLogger(&buf, opts)
			if err != nil || logger == nil {
				t.Fatalf("NewLogger(w, %+v) = %v, %v; want a logger and a nil error", opts, logger, err)
			}
			logger.Debug("one")
			logger.Info("two")
			logger.Warn("three")
			logger.Error("four")
			if got := buf.String(); got != tt.want {
				t.Errorf("with Level %v, logging one record per level wrote\n%q\nwant\n%q", tt.level, got, tt.want)
			}
		})
	}
}

func TestNewLoggerTime(t *testing.T) {
	t.Run("time is kept unless OmitTime is set", func(t *testing.T) {
		var buf bytes.Buffer
		opts := Options{Format: "json"}
		logger, err := NewLogger(&buf, opts)
		if err != nil || logger == nil {
			t.Fatalf("NewLogger(w, %+v) = %v, %v; want a logger and a nil error", opts, logger, err)
		}
		logger.Info("started")
		var record map[string]any
		if err := json.Unmarshal(buf.Bytes(), &record); err != nil {
			t.Fatalf("with NewLogger(w, %+v), logger.Info wrote %q, which is not a JSON object: %v", opts, buf.String(), err)
		}
		stamp, ok := record["time"].(string)
		if !ok {
			t.Fatalf("with NewLogger(w, %+v), logger.Info wrote %q; want a \"time\" key", opts, buf.String())
		}
		if _, err := time.Parse(time.RFC3339Nano, stamp); err != nil {
			t.Errorf("the record's time %q is not a timestamp: %v", stamp, err)
		}
	})

	t.Run("OmitTime keeps a time attribute inside a group", func(t *testing.T) {
		var buf bytes.Buffer
		opts := Options{OmitTime: true}
		logger, err := NewLogger(&buf, opts)
		if err != nil || logger == nil {
			t.Fatalf("NewLogger(w, %+v) = %v, %v; want a logger and a nil error", opts, logger, err)
		}
		logger.Info("scheduled", slog.Group("job", slog.String("time", "03:00")))
		want := "level=INFO msg=scheduled job.time=03:00\n"
		if got := buf.String(); got != want {
			t.Errorf("with OmitTime, logging the attribute job.time wrote %q, want %q (remove only the top-level time)", got, want)
		}
	})
}

func TestNewLoggerUnknownFormat(t *testing.T) {
	tests := []struct {
		name   string
		format string
	}{
		{"a format that does not exist", "xml"},
		{"formats are lower case", "JSON"},
		{"spaces are not trimmed", " text"},
	}
	for _, tt := range tests {
		format := tt.format
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			logger, err := NewLogger(&buf, Options{Format: format})
			if err == nil {
				t.Fatalf("NewLogger(w, Options{Format: %q}) returned a nil error, want one wrapping ErrUnknownFormat", format)
			}
			if logger != nil {
				t.Errorf("NewLogger(w, Options{Format: %q}) returned a logger with the error, want nil", format)
			}
			if !errors.Is(err, ErrUnknownFormat) {
				t.Errorf("NewLogger(w, Options{Format: %q}): errors.Is(err, ErrUnknownFormat) = false; err = %v (wrap it with %%w)", format, err)
			}
			want := `requestlog: unknown log format "` + format + `"`
			if err.Error() != want {
				t.Errorf("NewLogger(w, Options{Format: %q}): error message %q, want %q", format, err.Error(), want)
			}
		})
	}
}

func TestLogRequest(t *testing.T) {
	tests := []struct {
		name  string
		level slog.Level
		req   Request
		want  string
	}{
		{
			name: "signed-in request at info",
			req:  Request{Method: "GET", Path: "/invoices", Status: 200, Duration: 12 * time.Millisecond, User: "ana"},
			want: "level=INFO msg=request http.method=GET http.path=/invoices http.status=200 http.duration_ms=12 user=ana\n",
		},
		{
			name: "anonymous request has no user",
			req:  Request{Method: "GET", Path: "/health", Status: 204, Duration: 1 * time.Millisecond},
			want: "level=INFO msg=request http.method=GET http.path=/health http.status=204 http.duration_ms=1\n",
		},
		{
			name: "client error is a warning",
			req:  Request{Method: "GET", Path: "/invoices/999", Status: 404, Duration: 3 * time.Millisecond, User: "ana"},
			want: "level=WARN msg=request http.method=GET http.path=/invoices/999 http.status=404 http.duration_ms=3 user=ana\n",
		},
		{
			name: "server error with a token is an error and hides the token",
			req:  Request{Method: "POST", Path: "/payments", Status: 503, Duration: 2 * time.Second, User: "bob", Token: "tok_live_51Hq"},
			want: "level=ERROR msg=request http.method=POST http.path=/payments http.status=503 http.duration_ms=2000 user=bob token=[redacted]\n",
		},
		{
			name: "duration is cut to whole milliseconds",
			req:  Request{Method: "GET", Path: "/", Status: 200, Duration: 1999 * time.Microsecond},
			want: "level=INFO msg=request http.method=GET http.path=/ http.status=200 http.duration_ms=1\n",
		},
		{
			name:  "a warning below the logger's level is dropped",
			level: slog.LevelError,
			req:   Request{Method: "GET", Path: "/missing", Status: 404, Duration: time.Millisecond},
			want:  "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			LogRequest(testLogger(&buf, tt.level), tt.req)
			if got := buf.String(); got != tt.want {
				t.Errorf("LogRequest(logger, %+v) wrote\n%q\nwant\n%q", tt.req, got, tt.want)
			}
		})
	}

	t.Run("json nests the http group", func(t *testing.T) {
		var buf bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: withoutTime}))
		req := Request{Method: "POST", Path: "/login", Status: 401, Duration: 7 * time.Millisecond, Token: "tok_test_x"}
		LogRequest(logger, req)
		want := `{"level":"WARN","msg":"request","http":{"method":"POST","path":"/login","status":401,"duration_ms":7},"token":"[redacted]"}` + "\n"
		if got := buf.String(); got != want {
			t.Errorf("LogRequest(json logger, %+v) wrote\n%q\nwant\n%q", req, got, want)
		}
	})
}

func TestForRequest(t *testing.T) {
	t.Run("every record carries the request id", func(t *testing.T) {
		var buf bytes.Buffer
		base := testLogger(&buf, slog.LevelInfo)
		logger := ForRequest(base, "r-7f2")
		if logger == nil {
			t.Fatalf("ForRequest(logger, %q) = nil, want a logger", "r-7f2")
		}
		logger.Info("cache miss", "key", "invoice:42")
		LogRequest(logger, Request{Method: "GET", Path: "/invoices/42", Status: 200, Duration: 5 * time.Millisecond})
		want := "level=INFO msg=\"cache miss\" request_id=r-7f2 key=invoice:42\n" +
			"level=INFO msg=request request_id=r-7f2 http.method=GET http.path=/invoices/42 http.status=200 http.duration_ms=5\n"
		if got := buf.String(); got != want {
			t.Errorf("logging through ForRequest(logger, %q) wrote\n%q\nwant\n%q", "r-7f2", got, want)
		}
	})

	t.Run("the original logger is unchanged", func(t *testing.T) {
		var buf bytes.Buffer
		base := testLogger(&buf, slog.LevelInfo)
		_ = ForRequest(base, "r-7f2")
		base.Info("shutdown")
		if got, want := buf.String(), "level=INFO msg=shutdown\n"; got != want {
			t.Errorf("after ForRequest(base, %q), base.Info(\"shutdown\") wrote %q, want %q (derive a new logger with With)", "r-7f2", got, want)
		}
	})

	t.Run("an empty id gives back the same logger", func(t *testing.T) {
		var buf bytes.Buffer
		base := testLogger(&buf, slog.LevelInfo)
		if got := ForRequest(base, ""); got != base {
			t.Errorf("ForRequest(base, \"\") returned a different logger, want base itself (add nothing when there is no id)")
		}
	})
}

func TestServiceRequestInJSON(t *testing.T) {
	var buf bytes.Buffer
	opts := Options{Format: "json", Service: "billing", OmitTime: true}
	base, err := NewLogger(&buf, opts)
	if err != nil || base == nil {
		t.Fatalf("NewLogger(w, %+v) = %v, %v; want a logger and a nil error", opts, base, err)
	}
	logger := ForRequest(base, "r-1")
	if logger == nil {
		t.Fatalf("ForRequest(logger, %q) = nil, want a logger", "r-1")
	}
	req := Request{Method: "DELETE", Path: "/invoices/7", Status: 500, Duration: 40 * time.Millisecond, User: "ana", Token: "tok_live_9z"}
	LogRequest(logger, req)
	want := `{"level":"ERROR","msg":"request","service":"billing","request_id":"r-1",` +
		`"http":{"method":"DELETE","path":"/invoices/7","status":500,"duration_ms":40},"user":"ana","token":"[redacted]"}` + "\n"
	if got := buf.String(); got != want {
		t.Errorf("NewLogger + ForRequest + LogRequest(%+v) wrote\n%s\nwant\n%s", req, got, want)
	}
}
