package hello

import "testing"

func TestHello(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{name: "greets a person by name", input: "Ana", want: "Hello, Ana!"},
		{name: "works for any name", input: "Gopher", want: "Hello, Gopher!"},
		{name: "keeps spaces inside the name", input: "Mary Jane", want: "Hello, Mary Jane!"},
		{name: "empty name greets the world", input: "", want: "Hello, World!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Hello(tt.input)
			if got != tt.want {
				t.Errorf("Hello(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}
