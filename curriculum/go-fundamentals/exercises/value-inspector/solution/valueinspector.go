// Package valueinspector looks inside interface values.
package valueinspector

import "fmt"

// Describe says what kind of value v holds; see the instructions for the
// exact format.
func Describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int:
		return fmt.Sprintf("int %d", x)
	case float64:
		return fmt.Sprintf("float64 %g", x)
	case string:
		return fmt.Sprintf("string %q", x)
	case bool:
		return fmt.Sprintf("bool %t", x)
	case []int:
		return fmt.Sprintf("[]int of length %d", len(x))
	case error:
		return "error: " + x.Error()
	case fmt.Stringer:
		return "stringer: " + x.String()
	default:
		return fmt.Sprintf("other %T", x)
	}
}

// Sum adds up the int, int64 and float64 values and counts the others as
// skipped.
func Sum(values ...any) (total float64, skipped int) {
	for _, v := range values {
		switch x := v.(type) {
		case int:
			total += float64(x)
		case int64:
			total += float64(x)
		case float64:
			total += x
		default:
			skipped++
		}
	}
	return total, skipped
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
func Validate(username string) error {
	if n := len([]rune(username)); n < 3 || n > 12 {
		return &ValidationError{Field: "username", Problem: "must be 3 to 12 characters"}
	}
	for _, r := range username {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return &ValidationError{Field: "username", Problem: "may only contain a-z and 0-9"}
		}
	}
	return nil
}
