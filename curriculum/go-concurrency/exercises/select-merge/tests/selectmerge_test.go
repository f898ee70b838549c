package selectmerge

import (
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

func TestTrySend(t *testing.T) {
	t.Run("room in the buffer: sends", func(t *testing.T) {
		ch := make(chan int, 1)
		if !TrySend(ch, 7) {
			t.Fatalf("TrySend on an empty buffered channel = false, want true")
		}
		if len(ch) != 1 || <-ch != 7 {
			t.Errorf("after TrySend(ch, 7), the channel does not hold 7")
		}
	})
	t.Run("full buffer: gives up at once", func(t *testing.T) {
		ch := make(chan int, 1)
		ch <- 1
		if TrySend(ch, 2) {
			t.Errorf("TrySend on a full channel = true, want false")
		}
		if len(ch) != 1 || <-ch != 1 {
			t.Errorf("TrySend on a full channel changed its contents")
		}
	})
	t.Run("unbuffered with nobody receiving: gives up at once", func(t *testing.T) {
		if TrySend(make(chan int), 3) {
			t.Errorf("TrySend on an unbuffered channel without a receiver = true, want false")
		}
	})
	t.Run("unbuffered with a waiting receiver: sends", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ch := make(chan int)
			got := make(chan int, 1)
			go func() { got <- <-ch }()
			synctest.Wait() // the receiver is now blocked on ch
			sent := TrySend(ch, 4)
			close(ch) // releases the receiver if nothing was sent
			v := <-got
			if !sent {
				t.Errorf("TrySend with a receiver waiting = false, want true")
			} else if v != 4 {
				t.Errorf("the receiver got %d, want 4", v)
			}
		})
	})
}

func TestReceive(t *testing.T) {
	tests := []struct {
		name      string
		sendAfter time.Duration // < 0: never send
		closeIt   bool
		timeout   time.Duration
		want      int
		wantErr   error
		wantTook  time.Duration
	}{
		{name: "value already waiting", sendAfter: 0, timeout: time.Second, want: 42, wantTook: 0},
		{name: "value arrives before the timeout", sendAfter: 300 * time.Millisecond, timeout: time.Second, want: 42, wantTook: 300 * time.Millisecond},
		{name: "nothing arrives: times out", sendAfter: -1, timeout: 2 * time.Second, wantErr: ErrTimeout, wantTook: 2 * time.Second},
		{name: "value after the timeout is too late", sendAfter: 5 * time.Second, timeout: time.Second, wantErr: ErrTimeout, wantTook: time.Second},
		{name: "closed channel", sendAfter: -1, closeIt: true, timeout: time.Second, wantErr: ErrClosed, wantTook: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ch := make(chan int, 1)
				if tt.closeIt {
					close(ch)
				}
				sent := make(chan struct{})
				if tt.sendAfter >= 0 {
					go func() {
						defer close(sent)
						time.Sleep(tt.sendAfter) // fake time inside the bubble
						ch <- 42
					}()
					synctest.Wait()
				} else {
					close(sent)
				}
				start := time.Now()
				got, err := Receive(ch, tt.timeout)
				took := time.Since(start)
				if got != tt.want || !errors.Is(err, tt.wantErr) {
					t.Errorf("Receive(ch, %v) = (%d, %v), want (%d, %v)", tt.timeout, got, err, tt.want, tt.wantErr)
				}
				if took != tt.wantTook {
					t.Errorf("Receive(ch, %v) returned after %v, want %v", tt.timeout, took, tt.wantTook)
				}
				<-sent // let the sender finish before the bubble ends
			})
		})
	}
}

// send returns a channel holding values, then closed. Its buffer means the
// sending goroutine never waits, even if nobody reads.
func send(values ...int) <-chan int {
	ch := make(chan int, len(values))
	go func() {
		defer close(ch)
		for _, v := range values {
			ch <- v
		}
	}()
	return ch
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name string
		a, b []int
	}{
		{name: "both inputs have values", a: []int{1, 2, 3}, b: []int{10, 20, 30}},
		{name: "a closes long before b", a: []int{1}, b: []int{10, 20, 30, 40, 50}},
		{name: "b closes long before a", a: []int{1, 2, 3, 4, 5}, b: []int{10}},
		{name: "a is empty", a: nil, b: []int{10, 20}},
		{name: "both are empty", a: nil, b: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				out := Merge(send(tt.a...), send(tt.b...))
				if out == nil {
					t.Fatalf("Merge returned a nil channel")
				}
				var fromA, fromB []int
				for v := range out {
					switch {
					case v < 10:
						fromA = append(fromA, v)
					default:
						fromB = append(fromB, v)
					}
				}
				if !slices.Equal(fromA, tt.a) || !slices.Equal(fromB, tt.b) {
					t.Errorf("Merge(%v, %v) delivered %v from a and %v from b, want every value once, in order (a zero value means a closed input was still read)", tt.a, tt.b, fromA, fromB)
				}
			})
		})
	}
}

func TestMergeWaitsForBothInputsToClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := make(chan int), make(chan int)
		out := Merge(a, b)
		close(a)
		synctest.Wait()
		select {
		case v, ok := <-out:
			if !ok {
				t.Fatalf("Merge closed its output while b was still open")
			}
			t.Fatalf("Merge delivered %d though nothing was sent", v)
		default:
		}
		go func() { b <- 10; close(b) }()
		if v, ok := <-out; !ok || v != 10 {
			t.Errorf("after a closed, <-out = (%d, %t), want (10, true)", v, ok)
		}
		if _, ok := <-out; ok {
			t.Errorf("out still open after both inputs closed")
		}
	})
}
