package configerrors

import (
	"errors"
	"maps"
	"strconv"
	"testing"
)

func TestParseErrorMethods(t *testing.T) {
	e := &ParseError{Line: 4, Key: "port", Err: ErrDuplicateKey}
	if got, want := e.Error(), "line 4: duplicate key"; got != want {
		t.Errorf("(&ParseError{Line: 4, Err: ErrDuplicateKey}).Error() = %q, want %q", got, want)
	}
	if got := e.Unwrap(); got != ErrDuplicateKey {
		t.Errorf("Unwrap() = %v, want ErrDuplicateKey", got)
	}
	if !errors.Is(e, ErrDuplicateKey) {
		t.Errorf("errors.Is(&ParseError{Err: ErrDuplicateKey}, ErrDuplicateKey) = false, want true (does Unwrap return Err?)")
	}
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		name string
		text string
		want map[string]string
	}{
		{name: "empty text gives an empty map", text: "", want: map[string]string{}},
		{name: "one setting", text: "name = billing", want: map[string]string{"name": "billing"}},
		{
			name: "comments and blank lines are skipped",
			text: "# service settings\nname = billing\n\n   # indented comment\nport = 8080\n",
			want: map[string]string{"name": "billing", "port": "8080"},
		},
		{name: "spaces are trimmed", text: "   retries   =    3   ", want: map[string]string{"retries": "3"}},
		{name: "no spaces at all", text: "mode=fast", want: map[string]string{"mode": "fast"}},
		{name: "empty value is allowed", text: "debug =", want: map[string]string{"debug": ""}},
		{name: "only the first = separates", text: "dsn = user=ana", want: map[string]string{"dsn": "user=ana"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.text)
			if err != nil {
				t.Fatalf("Parse(%q) returned error %v, want nil", tt.text, err)
			}
			if got == nil {
				t.Fatalf("Parse(%q) returned a nil map, want %v", tt.text, tt.want)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("Parse(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		wantErr  error
		wantLine int
		wantKey  string
		wantMsg  string
	}{
		{name: "line without =", text: "name = billing\nport 8080", wantErr: ErrSyntax, wantLine: 2, wantKey: "", wantMsg: "line 2: syntax error"},
		{name: "empty key", text: "# header\n\n = 3", wantErr: ErrSyntax, wantLine: 3, wantKey: "", wantMsg: "line 3: syntax error"},
		{
			name:    "duplicate key reports the second line",
			text:    "port = 80\nname = x\n\nport = 8080",
			wantErr: ErrDuplicateKey, wantLine: 4, wantKey: "port", wantMsg: "line 4: duplicate key",
		},
		{name: "stops at the first problem", text: "a = 1\nbroken\na = 2", wantErr: ErrSyntax, wantLine: 2, wantMsg: "line 2: syntax error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.text)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, nil; want an error", tt.text, got)
			}
			if got != nil {
				t.Errorf("Parse(%q) returned map %v with the error, want a nil map", tt.text, got)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Parse(%q): errors.Is(err, %v) = false; err = %v", tt.text, tt.wantErr, err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): error %v (%T) is not a *ParseError", tt.text, err, err)
			}
			if pe.Line != tt.wantLine || pe.Key != tt.wantKey {
				t.Errorf("Parse(%q): ParseError{Line: %d, Key: %q}, want {Line: %d, Key: %q}", tt.text, pe.Line, pe.Key, tt.wantLine, tt.wantKey)
			}
			if err.Error() != tt.wantMsg {
				t.Errorf("Parse(%q): error message %q, want %q", tt.text, err.Error(), tt.wantMsg)
			}
		})
	}
}

func TestString(t *testing.T) {
	cfg := map[string]string{"name": "billing", "debug": ""}
	for _, key := range []string{"name", "debug"} {
		got, err := String(cfg, key)
		if err != nil || got != cfg[key] {
			t.Errorf("String(cfg, %q) = %q, %v; want %q, nil", key, got, err, cfg[key])
		}
	}

	_, err := String(cfg, "port")
	if err == nil {
		t.Fatalf("String(cfg, %q) returned a nil error for a missing key", "port")
	}
	if !errors.Is(err, ErrMissingKey) {
		t.Errorf("String(cfg, %q): errors.Is(err, ErrMissingKey) = false; err = %v (wrap it with %%w)", "port", err)
	}
	if want := `config: missing key: "port"`; err.Error() != want {
		t.Errorf("String(cfg, %q): error message %q, want %q", "port", err.Error(), want)
	}
}

func TestInt(t *testing.T) {
	cfg := map[string]string{"port": "8080", "retries": "-2", "bad": "eighty"}

	for key, want := range map[string]int{"port": 8080, "retries": -2} {
		got, err := Int(cfg, key)
		if err != nil || got != want {
			t.Errorf("Int(cfg, %q) = %d, %v; want %d, nil", key, got, err, want)
		}
	}

	t.Run("missing key", func(t *testing.T) {
		got, err := Int(cfg, "timeout")
		if got != 0 || !errors.Is(err, ErrMissingKey) {
			t.Errorf("Int(cfg, %q) = %d, %v; want 0 and an error matching ErrMissingKey", "timeout", got, err)
		}
	})

	t.Run("not a number", func(t *testing.T) {
		got, err := Int(cfg, "bad")
		if err == nil {
			t.Fatalf("Int(cfg, %q) = %d, nil; want an error", "bad", got)
		}
		if got != 0 {
			t.Errorf("Int(cfg, %q) returned %d with the error, want 0", "bad", got)
		}
		var numErr *strconv.NumError
		if !errors.As(err, &numErr) {
			t.Fatalf("Int(cfg, %q): errors.As(err, &numErr) = false; err = %v (wrap the strconv error with %%w)", "bad", err)
		}
		if numErr.Num != "eighty" {
			t.Errorf("Int(cfg, %q): NumError.Num = %q, want %q", "bad", numErr.Num, "eighty")
		}
		if want := `config: key "bad": strconv.Atoi: parsing "eighty": invalid syntax`; err.Error() != want {
			t.Errorf("Int(cfg, %q): error message %q, want %q", "bad", err.Error(), want)
		}
	})
}
