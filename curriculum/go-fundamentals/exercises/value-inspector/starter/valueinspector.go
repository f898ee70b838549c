// Package valueinspector looks inside interface values.
package valueinspector

import "fmt"

// Describe says what kind of value v holds; see the instructions for the
// exact format.
func Describe(v any) string {
	// TODO: use a type switch.
	return fmt.Sprint(v)
}

// Sum adds up the int, int64 and float64 values and counts the others as
// skipped.
func Sum(values ...any) (total float64, skipped int) {
	// TODO
	return 0, 0
}

// ValidationError reports what is wrong with a field.
type ValidationError struct {
	Field   string
	Problem string
}

func (e *ValidationError) Error() string {
	return e.Field + ": " + e.Problem
}

// Validate checks that username has 3 to 12 characters, all of them a-z or
// 0-9. It returns nil for a valid username.
//
// TODO: valid usernames are reported as errors. Find out why and fix it.
func Validate(username string) error {
	var err *ValidationError
	if n := len([]rune(username)); n < 3 || n > 12 {
		err = &ValidationError{Field: "username", Problem: "must be 3 to 12 characters"}
	} else {
		for _, r := range username {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
				err = &ValidationError{Field: "username", Problem: "may only contain a-z and 0-9"}
				break
			}
		}
	}
	return err
}
