package accountactor

import (
	"errors"
	"slices"
	"sync"
	"testing"
)

type op struct {
	name   string // "deposit" or "withdraw"
	amount int
	want   error
}

func (o op) apply(a *Account) error {
	if o.name == "deposit" {
		return a.Deposit(o.amount)
	}
	return a.Withdraw(o.amount)
}

func TestOperationsInOneGoroutine(t *testing.T) {
	tests := []struct {
		name          string
		opening       int
		ops           []op
		wantBalance   int
		wantStatement []int
	}{
		{name: "opening balance only", opening: 70, wantBalance: 70},
		{
			name:          "deposits and withdrawals",
			opening:       100,
			ops:           []op{{"deposit", 50, nil}, {"withdraw", 30, nil}, {"deposit", 5, nil}},
			wantBalance:   125,
			wantStatement: []int{50, -30, 5},
		},
		{
			name:          "withdrawing the whole balance is allowed",
			opening:       40,
			ops:           []op{{"withdraw", 40, nil}},
			wantBalance:   0,
			wantStatement: []int{-40},
		},
		{
			name:          "overdraft is refused and not recorded",
			opening:       10,
			ops:           []op{{"withdraw", 11, ErrInsufficientFunds}, {"deposit", 1, nil}, {"withdraw", 11, nil}},
			wantBalance:   0,
			wantStatement: []int{1, -11},
		},
		{
			name:          "zero and negative amounts are invalid",
			opening:       10,
			ops:           []op{{"deposit", 0, ErrInvalidAmount}, {"deposit", -5, ErrInvalidAmount}, {"withdraw", 0, ErrInvalidAmount}, {"withdraw", -1, ErrInvalidAmount}},
			wantBalance:   10,
			wantStatement: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewAccount(tt.opening)
			defer a.Stop()
			for _, o := range tt.ops {
				if err := o.apply(a); !errors.Is(err, o.want) || (err == nil) != (o.want == nil) {
					t.Errorf("%s(%d) = %v, want %v", o.name, o.amount, err, o.want)
				}
			}
			if got, err := a.Balance(); got != tt.wantBalance || err != nil {
				t.Errorf("Balance() = (%d, %v), want (%d, nil)", got, err, tt.wantBalance)
			}
			if got, err := a.Statement(); !slices.Equal(got, tt.wantStatement) || err != nil {
				t.Errorf("Statement() = (%v, %v), want (%v, nil)", got, err, tt.wantStatement)
			}
		})
	}
}

func TestStatementIsACopy(t *testing.T) {
	a := NewAccount(0)
	defer a.Stop()
	a.Deposit(10)
	a.Deposit(20)
	first, _ := a.Statement()
	if len(first) > 0 {
		first[0] = 999
	}
	again, _ := a.Statement()
	if want := []int{10, 20}; !slices.Equal(again, want) {
		t.Errorf("Statement() after the caller changed an earlier result = %v, want %v: return a copy, not the actor's own slice", again, want)
	}
}

func TestConcurrentDeposits(t *testing.T) {
	const goroutines, each = 50, 20
	a := NewAccount(100)
	defer a.Stop()
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				a.Deposit(1)
			}
		}()
	}
	wg.Wait()
	want := 100 + goroutines*each
	if got, err := a.Balance(); got != want || err != nil {
		t.Errorf("Balance() after %d concurrent deposits of 1 onto 100 = (%d, %v), want (%d, nil)", goroutines*each, got, err, want)
	}
	if st, _ := a.Statement(); len(st) != goroutines*each {
		t.Errorf("Statement() has %d entries, want %d", len(st), goroutines*each)
	}
}

func TestConcurrentWithdrawalsNeverOverdraw(t *testing.T) {
	const opening, goroutines = 50, 120
	a := NewAccount(opening)
	defer a.Stop()
	errs := make([]error, goroutines)
	var wg sync.WaitGroup
	for i := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = a.Withdraw(1)
		}()
	}
	wg.Wait()
	ok, refused := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, ErrInsufficientFunds):
			refused++
		default:
			t.Errorf("Withdraw(1) = %v, want nil or ErrInsufficientFunds", err)
		}
	}
	if ok != opening || refused != goroutines-opening {
		t.Errorf("%d concurrent Withdraw(1) on a balance of %d: %d succeeded and %d were refused, want %d and %d", goroutines, opening, ok, refused, opening, goroutines-opening)
	}
	if got, _ := a.Balance(); got != 0 {
		t.Errorf("Balance() afterwards = %d, want 0", got)
	}
}

func TestOneCallersOrderIsKept(t *testing.T) {
	a := NewAccount(0)
	defer a.Stop()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; i <= 5; i++ {
			a.Deposit(i)
		}
	}()
	wg.Wait()
	if got, want := mustStatement(t, a), []int{1, 2, 3, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("Statement() after Deposit(1)...Deposit(5) = %v, want %v", got, want)
	}
}

func mustStatement(t *testing.T, a *Account) []int {
	t.Helper()
	st, err := a.Statement()
	if err != nil {
		t.Fatalf("Statement() error = %v", err)
	}
	return st
}

func TestStop(t *testing.T) {
	a := NewAccount(30)
	a.Deposit(5)
	a.Stop()
	if err := a.Deposit(1); !errors.Is(err, ErrStopped) {
		t.Errorf("Deposit(1) after Stop = %v, want ErrStopped", err)
	}
	if err := a.Withdraw(1); !errors.Is(err, ErrStopped) {
		t.Errorf("Withdraw(1) after Stop = %v, want ErrStopped", err)
	}
	if _, err := a.Balance(); !errors.Is(err, ErrStopped) {
		t.Errorf("Balance() after Stop: error = %v, want ErrStopped", err)
	}
	if _, err := a.Statement(); !errors.Is(err, ErrStopped) {
		t.Errorf("Statement() after Stop: error = %v, want ErrStopped", err)
	}
	a.Stop() // a second Stop must return, not block or panic
}

func TestStopWhileBusy(t *testing.T) {
	a := NewAccount(0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				err := a.Deposit(1)
				if err == nil {
					mu.Lock()
					accepted++
					mu.Unlock()
				} else if !errors.Is(err, ErrStopped) {
					t.Errorf("Deposit(1) while stopping = %v, want nil or ErrStopped", err)
				}
			}
		}()
	}
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.Stop()
		}()
	}
	wg.Wait()
	if _, err := a.Balance(); !errors.Is(err, ErrStopped) {
		t.Errorf("Balance() after concurrent Stops: error = %v, want ErrStopped", err)
	}
	if accepted > 200 {
		t.Errorf("%d deposits were accepted, want at most 200", accepted)
	}
}
