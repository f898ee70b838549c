package signupvalidation

import (
	"errors"
)

// Signup holds what a user typed into the sign-up form.
type Signup struct {
	Username string
	Email    string
	Password string
	Age      int
}

// Sentinel errors describing what is wrong with a field.
var (
	ErrRequired   = errors.New("is required")
	ErrTooShort   = errors.New("is too short")
	ErrInvalid    = errors.New("is not valid")
	ErrOutOfRange = errors.New("is out of range")
)

// FieldError says which field has which problem.
type FieldError struct {
	Field string
	Err   error
}

// Error returns "<Field> <Err>", e.g. "email is required".
func (e *FieldError) Error() string {
	// TODO
	return ""
}

// Unwrap returns the sentinel error, so errors.Is can find it.
func (e *FieldError) Unwrap() error {
	// TODO
	return nil
}

// Validate checks every field and returns all problems joined with
// errors.Join, or nil when the sign-up is valid.
func Validate(s Signup) error {
	// TODO: collect *FieldError values in a slice, then join them.
	return nil
}

// Fields lists the Field of every *FieldError inside err, in order.
func Fields(err error) []string {
	// TODO: walk the tree of errors: Unwrap() []error and Unwrap() error.
	return nil
}
