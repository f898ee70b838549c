package configerrors

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors: compare against them with errors.Is.
var (
	ErrSyntax       = errors.New("syntax error")
	ErrDuplicateKey = errors.New("duplicate key")
	ErrMissingKey   = errors.New("missing key")
)

// ParseError reports a problem on one line of a config text.
type ParseError struct {
	Line int    // 1-based line number
	Key  string // the key on that line, "" if there is none
	Err  error  // what went wrong, usually one of the sentinel errors
}

// Error formats the problem as "line <Line>: <Err>".
func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d: %v", e.Line, e.Err)
}

// Unwrap gives errors.Is and errors.As access to the wrapped error.
func (e *ParseError) Unwrap() error {
	return e.Err
}

// Parse reads "key = value" lines. Blank lines and lines starting with '#'
// are skipped. It stops at the first problem and returns a *ParseError.
func Parse(text string) (map[string]string, error) {
	cfg := make(map[string]string)
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, found := strings.Cut(line, "=")
		key = strings.TrimSpace(key)
		if !found {
			return nil, &ParseError{Line: i + 1, Err: ErrSyntax}
		}
		if key == "" {
			return nil, &ParseError{Line: i + 1, Key: key, Err: ErrSyntax}
		}
		if _, dup := cfg[key]; dup {
			return nil, &ParseError{Line: i + 1, Key: key, Err: ErrDuplicateKey}
		}
		cfg[key] = strings.TrimSpace(value)
	}
	return cfg, nil
}

// String returns the value of key, or an error wrapping ErrMissingKey.
func String(cfg map[string]string, key string) (string, error) {
	value, ok := cfg[key]
	if !ok {
		return "", fmt.Errorf("config: %w: %q", ErrMissingKey, key)
	}
	return value, nil
}

// Int returns the value of key as an int. A value that is not a number gives
// an error wrapping the *strconv.NumError from strconv.Atoi.
func Int(cfg map[string]string, key string) (int, error) {
	value, err := String(cfg, key)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(value)
	if err != nil {
		return 0, fmt.Errorf("config: key %q: %w", key, err)
	}
	return n, nil
}
