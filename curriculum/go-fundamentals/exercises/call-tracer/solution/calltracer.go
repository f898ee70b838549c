// Package calltracer builds small tools out of closures and defer.
package calltracer

// Counter returns two functions sharing one count: next returns 1, 2, 3, ...
// and reset makes the following next return 1 again.
func Counter() (next func() int, reset func()) {
	n := 0
	next = func() int {
		n++
		return n
	}
	reset = func() { n = 0 }
	return next, reset
}

// Enter appends "enter <name>" to *log and returns a function that appends
// "exit <name>". Use it as: defer Enter(&log, name)()
func Enter(log *[]string, name string) func() {
	*log = append(*log, "enter "+name)
	return func() {
		*log = append(*log, "exit "+name)
	}
}

// Countdown defers one append per loop iteration, so the values come out in
// reverse: Countdown(3) returns [2 1 0].
func Countdown(n int) (out []int) {
	for i := range n {
		defer func() { out = append(out, i) }()
	}
	return out
}

// SafeCall calls f and returns its result and true. If f panics, SafeCall
// recovers and returns 0, false.
func SafeCall(f func() int) (result int, ok bool) {
	defer func() {
		if recover() != nil {
			result, ok = 0, false
		}
	}()
	return f(), true
}
