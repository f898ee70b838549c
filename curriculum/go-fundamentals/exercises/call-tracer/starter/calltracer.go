// Package calltracer builds small tools out of closures and defer.
package calltracer

// Counter returns two functions sharing one count: next returns 1, 2, 3, ...
// and reset makes the following next return 1 again.
func Counter() (next func() int, reset func()) {
	// TODO: declare the count here and capture it in both closures.
	return func() int { return 0 }, func() {}
}

// Enter appends "enter <name>" to *log and returns a function that appends
// "exit <name>". Use it as: defer Enter(&log, name)()
func Enter(log *[]string, name string) func() {
	// TODO
	return func() {}
}

// Countdown defers one append per loop iteration, so the values come out in
// reverse: Countdown(3) returns [2 1 0].
func Countdown(n int) (out []int) {
	// TODO: defer inside a loop, appending to the named result out.
	return out
}

// SafeCall calls f and returns its result and true. If f panics, SafeCall
// recovers and returns 0, false.
func SafeCall(f func() int) (result int, ok bool) {
	// TODO: recover in a deferred function.
	return 0, false
}
