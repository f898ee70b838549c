package signupvalidation

import (
	"errors"
	"strings"
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
	return e.Field + " " + e.Err.Error()
}

// Unwrap returns the sentinel error, so errors.Is can find it.
func (e *FieldError) Unwrap() error {
	return e.Err
}

// Validate checks every field and returns all problems joined with
// errors.Join, or nil when the sign-up is valid.
func Validate(s Signup) error {
	var errs []error
	fail := func(field string, err error) {
		errs = append(errs, &FieldError{Field: field, Err: err})
	}

	switch {
	case s.Username == "":
		fail("username", ErrRequired)
	case len(s.Username) < 3:
		fail("username", ErrTooShort)
	}

	switch local, domain, _ := strings.Cut(s.Email, "@"); {
	case s.Email == "":
		fail("email", ErrRequired)
	case strings.Count(s.Email, "@") != 1 || local == "" || domain == "":
		fail("email", ErrInvalid)
	}

	switch {
	case s.Password == "":
		fail("password", ErrRequired)
	case len(s.Password) < 8:
		fail("password", ErrTooShort)
	}

	if s.Age < 13 || s.Age > 130 {
		fail("age", ErrOutOfRange)
	}

	return errors.Join(errs...)
}

// Fields lists the Field of every *FieldError inside err, in order.
func Fields(err error) []string {
	var fields []string
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *FieldError:
			fields = append(fields, e.Field)
		case interface{ Unwrap() []error }:
			for _, child := range e.Unwrap() {
				walk(child)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return fields
}
