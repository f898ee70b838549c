package valueinspector

import (
	"errors"
	"testing"
	"time"
)

type celsius float64

func (c celsius) String() string { return "a temperature" }

// both is an error and a Stringer.
type both struct{}

func (both) Error() string  { return "as an error" }
func (both) String() string { return "as a stringer" }

func TestDescribe(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"nil", nil, "nil"},
		{"int", 42, "int 42"},
		{"negative int", -7, "int -7"},
		{"float64", 2.5, "float64 2.5"},
		{"whole float64", 3.0, "float64 3"},
		{"string is quoted", "hi", `string "hi"`},
		{"empty string", "", `string ""`},
		{"bool", true, "bool true"},
		{"slice of ints", []int{1, 2, 3}, "[]int of length 3"},
		{"nil slice of ints", []int(nil), "[]int of length 0"},
		{"error", errors.New("disk full"), "error: disk full"},
		{"stringer", celsius(21), "stringer: a temperature"},
		{"standard library stringer", 90 * time.Second, "stringer: 1m30s"},
		{"error wins over stringer", both{}, "error: as an error"},
		{"map", map[string]int{"a": 1}, "other map[string]int"},
		{"int64 is not int", int64(5), "other int64"},
		{"slice of strings", []string{"x"}, "other []string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Describe(tt.v); got != tt.want {
				t.Errorf("Describe(%#v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestSum(t *testing.T) {
	tests := []struct {
		name    string
		values  []any
		total   float64
		skipped int
	}{
		{"mixed values", []any{1, 2.5, "three", int64(4), nil}, 7.5, 2},
		{"only ints", []any{1, 2, 3}, 6, 0},
		{"only skipped", []any{"a", true, []int{1}}, 0, 3},
		{"int32 is not one of the summed types", []any{int32(5), 1}, 1, 1},
		{"nothing", nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, skipped := Sum(tt.values...)
			if total != tt.total || skipped != tt.skipped {
				t.Errorf("Sum(%#v...) = %v, %d; want %v, %d", tt.values, total, skipped, tt.total, tt.skipped)
			}
		})
	}
}

func TestValidateAcceptsValidNames(t *testing.T) {
	for _, name := range []string{"gopher", "abc", "r2d2", "twelvechars1"} {
		t.Run(name, func(t *testing.T) {
			if err := Validate(name); err != nil {
				t.Errorf("Validate(%q) = %#v, want nil (a nil *ValidationError stored in an error is not a nil error)", name, err)
			}
		})
	}
}

func TestValidateRejectsInvalidNames(t *testing.T) {
	tests := []struct {
		name    string
		problem string
	}{
		{"ab", "must be 3 to 12 characters"},
		{"", "must be 3 to 12 characters"},
		{"thirteenchars", "must be 3 to 12 characters"},
		{"Gopher", "may only contain a-z and 0-9"},
		{"go pher", "may only contain a-z and 0-9"},
		{"göpher", "may only contain a-z and 0-9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.name)
			if err == nil {
				t.Fatalf("Validate(%q) = nil, want a *ValidationError", tt.name)
			}
			verr, ok := err.(*ValidationError)
			if !ok || verr == nil {
				t.Fatalf("Validate(%q) = %#v, want a non-nil *ValidationError", tt.name, err)
			}
			if verr.Field != "username" || verr.Problem != tt.problem {
				t.Errorf("Validate(%q) = %+v, want Field %q and Problem %q", tt.name, *verr, "username", tt.problem)
			}
		})
	}
}
