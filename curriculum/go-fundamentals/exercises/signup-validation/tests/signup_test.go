package signupvalidation

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

var valid = Signup{Username: "ana", Email: "ana@example.com", Password: "correct horse", Age: 34}

func TestFieldError(t *testing.T) {
	e := &FieldError{Field: "email", Err: ErrRequired}
	if got, want := e.Error(), "email is required"; got != want {
		t.Errorf("(&FieldError{Field: %q, Err: ErrRequired}).Error() = %q, want %q", "email", got, want)
	}
	if !errors.Is(e, ErrRequired) {
		t.Errorf("errors.Is(&FieldError{Err: ErrRequired}, ErrRequired) = false, want true (does Unwrap return Err?)")
	}
}

func TestValidateAcceptsAValidSignup(t *testing.T) {
	edges := []Signup{
		valid,
		{Username: "abc", Email: "a@b", Password: "12345678", Age: 13},
		{Username: "zoë", Email: "x@y.z", Password: "pässwörd", Age: 130},
	}
	for _, s := range edges {
		if err := Validate(s); err != nil {
			t.Errorf("Validate(%+v) = %q, want nil", s, err)
		}
	}
}

func TestValidateReportsEachRule(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Signup)
		wantMsg string
		wantErr error
	}{
		{"empty username", func(s *Signup) { s.Username = "" }, "username is required", ErrRequired},
		{"two-letter username", func(s *Signup) { s.Username = "al" }, "username is too short", ErrTooShort},
		{"empty email", func(s *Signup) { s.Email = "" }, "email is required", ErrRequired},
		{"email without @", func(s *Signup) { s.Email = "ana.example.com" }, "email is not valid", ErrInvalid},
		{"email with two @", func(s *Signup) { s.Email = "ana@x@example.com" }, "email is not valid", ErrInvalid},
		{"email with nothing before @", func(s *Signup) { s.Email = "@example.com" }, "email is not valid", ErrInvalid},
		{"email with nothing after @", func(s *Signup) { s.Email = "ana@" }, "email is not valid", ErrInvalid},
		{"empty password", func(s *Signup) { s.Password = "" }, "password is required", ErrRequired},
		{"seven-byte password", func(s *Signup) { s.Password = "1234567" }, "password is too short", ErrTooShort},
		{"age 12", func(s *Signup) { s.Age = 12 }, "age is out of range", ErrOutOfRange},
		{"age 131", func(s *Signup) { s.Age = 131 }, "age is out of range", ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid
			tt.edit(&s)
			err := Validate(s)
			if err == nil {
				t.Fatalf("Validate(%+v) = nil, want %q", s, tt.wantMsg)
			}
			if err.Error() != tt.wantMsg {
				t.Errorf("Validate(%+v) = %q, want %q", s, err.Error(), tt.wantMsg)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Validate(%+v): errors.Is(err, %q) = false, want true", s, tt.wantErr)
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Errorf("Validate(%+v): errors.As(err, &fieldErr) = false; every problem should be a *FieldError", s)
			}
		})
	}
}

func TestValidateJoinsAllProblems(t *testing.T) {
	s := Signup{Username: "al", Email: "al.example.com", Password: "hunter2hunter2", Age: 9}
	err := Validate(s)
	want := "username is too short\nemail is not valid\nage is out of range"
	if err == nil {
		t.Fatalf("Validate(%+v) = nil, want %q", s, want)
	}
	if err.Error() != want {
		t.Errorf("Validate(%+v) = %q, want %q", s, err.Error(), want)
	}
	for _, target := range []error{ErrTooShort, ErrInvalid, ErrOutOfRange} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(Validate(...), %q) = false, want true", target)
		}
	}
	if errors.Is(err, ErrRequired) {
		t.Errorf("errors.Is(Validate(...), %q) = true, want false: no field is empty", ErrRequired)
	}

	empty := Validate(Signup{})
	wantEmpty := "username is required\nemail is required\npassword is required\nage is out of range"
	if empty == nil || empty.Error() != wantEmpty {
		t.Errorf("Validate(Signup{}) = %v, want %q", empty, wantEmpty)
	}
}

func TestFields(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{name: "nil error", err: nil, want: nil},
		{name: "unrelated error", err: errors.New("boom"), want: nil},
		{name: "a single field error", err: &FieldError{Field: "age", Err: ErrOutOfRange}, want: []string{"age"}},
		{
			name: "joined errors in order",
			err:  errors.Join(&FieldError{"email", ErrInvalid}, errors.New("other"), &FieldError{"password", ErrTooShort}),
			want: []string{"email", "password"},
		},
		{
			name: "wrapped with %w",
			err:  fmt.Errorf("signup: %w", &FieldError{"username", ErrRequired}),
			want: []string{"username"},
		},
		{
			name: "nested joins inside a wrap",
			err: fmt.Errorf("form: %w", errors.Join(
				&FieldError{"username", ErrTooShort},
				errors.Join(&FieldError{"email", ErrRequired}, fmt.Errorf("x: %w", &FieldError{"age", ErrOutOfRange})),
			)),
			want: []string{"username", "email", "age"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fields(tt.err); !slices.Equal(got, tt.want) {
				t.Errorf("Fields(%q) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}

	t.Run("the result of Validate", func(t *testing.T) {
		err := fmt.Errorf("signup: %w", Validate(Signup{Username: "ana", Age: 200}))
		want := []string{"email", "password", "age"}
		if got := Fields(err); !slices.Equal(got, want) {
			t.Errorf("Fields(wrapped Validate error) = %q, want %q", got, want)
		}
	})
}
