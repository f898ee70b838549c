package hello

// Hello returns a friendly greeting for name, such as "Hello, Ana!".
// When name is empty it greets the whole world instead: "Hello, World!".
func Hello(name string) string {
	// TODO: build and return the greeting.
	return ""
}
