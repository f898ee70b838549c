package logqueue

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
)

type taken struct {
	line string
	err  error
}

// goTake calls q.Take in a new goroutine; the result arrives on the channel.
func goTake(q *Queue) chan taken {
	ch := make(chan taken, 1)
	go func() {
		line, err := q.Take()
		ch <- taken{line, err}
	}()
	return ch
}

// goPut calls q.Put(line) in a new goroutine; its error arrives on the channel.
func goPut(q *Queue, line string) chan error {
	ch := make(chan error, 1)
	go func() { ch <- q.Put(line) }()
	return ch
}

func TestPutThenTakeIsFirstInFirstOut(t *testing.T) {
	q := NewQueue(3)
	for _, line := range []string{"a", "b", "c"} {
		if err := q.Put(line); err != nil {
			t.Fatalf("Put(%q) on a queue with room = %v, want <nil>", line, err)
		}
	}
	if got := q.Len(); got != 3 {
		t.Errorf("after 3 Puts, Len() = %d, want 3", got)
	}
	for _, want := range []string{"a", "b", "c"} {
		if got, err := q.Take(); got != want || err != nil {
			t.Errorf("Take() = (%q, %v), want (%q, <nil>): lines come out in the order they went in", got, err, want)
		}
	}
	if got := q.Len(); got != 0 {
		t.Errorf("after taking every line, Len() = %d, want 0", got)
	}
}

func TestTakeWaitsForAPut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue(2)
		result := goTake(q)
		synctest.Wait() // the taker has run as far as it can
		select {
		case r := <-result:
			t.Fatalf("Take() on an empty open queue returned (%q, %v) at once, want it to wait for a Put", r.line, r.err)
		default:
		}
		if err := q.Put("hello"); err != nil {
			t.Fatalf("Put(\"hello\") = %v, want <nil>", err)
		}
		synctest.Wait()
		select {
		case r := <-result:
			if r.line != "hello" || r.err != nil {
				t.Errorf("the waiting Take() returned (%q, %v), want (\"hello\", <nil>)", r.line, r.err)
			}
		default:
			t.Errorf("Put(\"hello\") did not wake the waiting Take(); signal the takers' condition after adding a line")
			q.Close()
		}
	})
}

func TestPutWaitsWhileFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue(2)
		q.Put("a")
		q.Put("b")
		result := goPut(q, "c")
		synctest.Wait()
		select {
		case err := <-result:
			t.Fatalf("Put(\"c\") on a full queue of capacity 2 returned %v at once, want it to wait for a Take", err)
		default:
		}
		if got := q.Len(); got != 2 {
			t.Errorf("while Put(\"c\") waits, Len() = %d, want 2", got)
		}
		if got, err := q.Take(); got != "a" || err != nil {
			t.Errorf("Take() = (%q, %v), want (\"a\", <nil>)", got, err)
		}
		synctest.Wait()
		select {
		case err := <-result:
			if err != nil {
				t.Errorf("the waiting Put(\"c\") returned %v after a Take made room, want <nil>", err)
			}
		default:
			t.Fatalf("Take() did not wake the waiting Put(\"c\"); signal the putters' condition after removing a line")
		}
		for _, want := range []string{"b", "c"} {
			if got, err := q.Take(); got != want || err != nil {
				t.Errorf("Take() = (%q, %v), want (%q, <nil>)", got, err, want)
			}
		}
	})
}

func TestCapacityBelowOneMeansOne(t *testing.T) {
	for _, capacity := range []int{0, -5} {
		t.Run(fmt.Sprint("capacity ", capacity), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q := NewQueue(capacity)
				if err := q.Put("first"); err != nil {
					t.Fatalf("NewQueue(%d).Put(\"first\") = %v, want <nil>: the queue holds at least one line", capacity, err)
				}
				result := goPut(q, "second")
				synctest.Wait()
				select {
				case err := <-result:
					t.Errorf("NewQueue(%d): a second Put returned %v at once, want it to wait: the capacity is 1", capacity, err)
				default:
				}
				q.Close()
				synctest.Wait()
			})
		})
	}
}

func TestCloseWakesEveryWaitingTaker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue(2)
		var results []chan taken
		for range 3 {
			results = append(results, goTake(q))
		}
		synctest.Wait()
		q.Close()
		synctest.Wait()
		for i, result := range results {
			select {
			case r := <-result:
				if r.line != "" || !errors.Is(r.err, ErrClosed) {
					t.Errorf("waiting taker %d: Take() returned (%q, %v) after Close, want (\"\", ErrClosed)", i+1, r.line, r.err)
				}
			default:
				t.Fatalf("waiting taker %d of 3 was still blocked after Close(); Close must Broadcast, not Signal, to wake them all", i+1)
			}
		}
	})
}

func TestCloseWakesEveryWaitingPutter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue(1)
		q.Put("kept")
		results := []chan error{goPut(q, "x"), goPut(q, "y")}
		synctest.Wait()
		q.Close()
		synctest.Wait()
		for i, result := range results {
			select {
			case err := <-result:
				if !errors.Is(err, ErrClosed) {
					t.Errorf("waiting putter %d: Put returned %v after Close, want ErrClosed", i+1, err)
				}
			default:
				t.Fatalf("waiting putter %d of 2 was still blocked after Close(); Close must Broadcast to the putters too", i+1)
			}
		}
		if got, err := q.Take(); got != "kept" || err != nil {
			t.Errorf("after Close, Take() = (%q, %v), want (\"kept\", <nil>): the putters woken by Close add nothing", got, err)
		}
		if got, err := q.Take(); got != "" || !errors.Is(err, ErrClosed) {
			t.Errorf("on a closed, drained queue, Take() = (%q, %v), want (\"\", ErrClosed)", got, err)
		}
	})
}

func TestClosedQueueDrainsThenReportsClosed(t *testing.T) {
	q := NewQueue(4)
	q.Put("one")
	q.Put("two")
	q.Close()
	q.Close() // closing twice does nothing
	if err := q.Put("three"); !errors.Is(err, ErrClosed) {
		t.Errorf("Put(\"three\") on a closed queue = %v, want ErrClosed", err)
	}
	if got := q.Len(); got != 2 {
		t.Errorf("after Close, Len() = %d, want 2: the lines already in the queue stay", got)
	}
	for _, want := range []string{"one", "two"} {
		if got, err := q.Take(); got != want || err != nil {
			t.Errorf("Take() on a closed queue with lines left = (%q, %v), want (%q, <nil>)", got, err, want)
		}
	}
	for range 2 {
		if got, err := q.Take(); got != "" || !errors.Is(err, ErrClosed) {
			t.Errorf("Take() on a closed, empty queue = (%q, %v), want (\"\", ErrClosed)", got, err)
		}
	}
}

func TestManyProducersAndConsumers(t *testing.T) {
	const producers, perProducer, consumers = 8, 100, 4
	q := NewQueue(3)

	var (
		mu   sync.Mutex
		seen = make(map[string]int)
	)
	var consumed sync.WaitGroup
	for range consumers {
		consumed.Go(func() {
			for {
				line, err := q.Take()
				if err != nil {
					if !errors.Is(err, ErrClosed) {
						t.Errorf("Take() = (%q, %v), want a line or ErrClosed", line, err)
					}
					return
				}
				mu.Lock()
				seen[line]++
				mu.Unlock()
			}
		})
	}
	var produced sync.WaitGroup
	for p := range producers {
		produced.Go(func() {
			for i := range perProducer {
				line := Format("INFO", "job", "producer", fmt.Sprint(p), "i", fmt.Sprint(i))
				if err := q.Put(line); err != nil {
					t.Errorf("Put(%q) on an open queue = %v, want <nil>", line, err)
				}
			}
		})
	}
	produced.Wait()
	q.Close()
	consumed.Wait()

	if len(seen) != producers*perProducer {
		t.Errorf("%d producers put %d distinct lines each through a queue of capacity 3, consumers took %d distinct lines, want %d", producers, perProducer, len(seen), producers*perProducer)
	}
	for line, n := range seen {
		if n != 1 {
			t.Errorf("line %q was taken %d times, want once", line, n)
		}
	}
}
