package configerrors

import (
	"errors"
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
	// TODO: build the message from e.Line and e.Err.
	return ""
}

// Unwrap gives errors.Is and errors.As access to the wrapped error.
func (e *ParseError) Unwrap() error {
	// TODO: return the wrapped error.
	return nil
}

// Parse reads "key = value" lines. Blank lines and lines starting with '#'
// are skipped. It stops at the first problem and returns a *ParseError.
func Parse(text string) (map[string]string, error) {
	// TODO: split into lines, skip blanks and comments, cut at "=".
	return nil, nil
}

// String returns the value of key, or an error wrapping ErrMissingKey.
func String(cfg map[string]string, key string) (string, error) {
	// TODO: look the key up; wrap ErrMissingKey with %w when it is absent.
	return "", nil
}

// Int returns the value of key as an int. A value that is not a number gives
// an error wrapping the *strconv.NumError from strconv.Atoi.
func Int(cfg map[string]string, key string) (int, error) {
	// TODO: use String, then strconv.Atoi; wrap its error with %w.
	return 0, nil
}
