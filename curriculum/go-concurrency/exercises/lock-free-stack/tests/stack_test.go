package lockfreestack

import (
	"slices"
	"sync"
	"testing"
)

func TestSequentialLIFO(t *testing.T) {
	var s Stack[string]
	if v, ok := s.Pop(); ok {
		t.Fatalf("Pop() on an empty stack = (%q, true), want (\"\", false)", v)
	}
	for _, v := range []string{"a", "b", "c"} {
		s.Push(v)
	}
	if got := s.Len(); got != 3 {
		t.Errorf("Len() after 3 pushes = %d, want 3", got)
	}
	if v, ok := s.Peek(); v != "c" || !ok {
		t.Errorf("Peek() after pushing a, b, c = (%q, %t), want (\"c\", true)", v, ok)
	}
	if got := s.Len(); got != 3 {
		t.Errorf("Len() after Peek = %d, want 3 (Peek must not remove)", got)
	}
	for _, want := range []string{"c", "b", "a"} {
		if v, ok := s.Pop(); v != want || !ok {
			t.Errorf("Pop() = (%q, %t), want (%q, true)", v, ok, want)
		}
	}
	if v, ok := s.Pop(); ok {
		t.Errorf("Pop() on an emptied stack = (%q, true), want (\"\", false)", v)
	}
	if v, ok := s.Peek(); ok {
		t.Errorf("Peek() on an emptied stack = (%q, true), want (\"\", false)", v)
	}
	if got := s.Len(); got != 0 {
		t.Errorf("Len() on an emptied stack = %d, want 0", got)
	}
}

func TestLenTracksPushAndPop(t *testing.T) {
	var s Stack[int]
	steps := []struct {
		push bool
		want int
	}{{true, 1}, {true, 2}, {false, 1}, {true, 2}, {true, 3}, {false, 2}, {false, 1}, {false, 0}, {false, 0}}
	for i, step := range steps {
		if step.push {
			s.Push(i)
		} else {
			s.Pop()
		}
		if got := s.Len(); got != step.want {
			op := "Pop"
			if step.push {
				op = "Push"
			}
			t.Fatalf("step %d (%s): Len() = %d, want %d", i, op, got, step.want)
		}
	}
}

func TestConcurrentPushes(t *testing.T) {
	const goroutines, each = 8, 500
	var s Stack[int]
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				s.Push(g*each + i)
			}
		}()
	}
	wg.Wait()
	if got := s.Len(); got != goroutines*each {
		t.Errorf("Len() after %d concurrent pushes = %d, want %d (a lost update?)", goroutines*each, got, goroutines*each)
	}
	var got []int
	for {
		v, ok := s.Pop()
		if !ok {
			break
		}
		got = append(got, v)
		if len(got) > goroutines*each {
			t.Fatalf("Pop() returned more than the %d values pushed", goroutines*each)
		}
	}
	slices.Sort(got)
	for i, v := range got {
		if v != i {
			t.Fatalf("after popping everything, sorted values[%d] = %d, want %d: a value was lost or duplicated", i, v, i)
		}
	}
	if len(got) != goroutines*each {
		t.Errorf("popped %d values, want %d", len(got), goroutines*each)
	}
}

func TestConcurrentPushAndPop(t *testing.T) {
	const goroutines, each = 8, 400
	var s Stack[int]
	var wg sync.WaitGroup
	popped := make([][]int, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				s.Push(g*each + i)
				if v, ok := s.Pop(); ok {
					popped[g] = append(popped[g], v)
				}
			}
		}()
	}
	wg.Wait()
	all := slices.Concat(popped...)
	for {
		v, ok := s.Pop()
		if !ok {
			break
		}
		all = append(all, v)
		if len(all) > goroutines*each {
			break
		}
	}
	slices.Sort(all)
	want := make([]int, goroutines*each)
	for i := range want {
		want[i] = i
	}
	if !slices.Equal(all, want) {
		t.Errorf("values popped concurrently plus those left over: %d values, want each of 0..%d exactly once", len(all), goroutines*each-1)
	}
}
