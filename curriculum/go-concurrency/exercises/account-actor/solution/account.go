package accountactor

import (
	"errors"
	"slices"
)

var (
	// ErrInvalidAmount is returned for amounts that are zero or negative.
	ErrInvalidAmount = errors.New("amount must be positive")
	// ErrInsufficientFunds is returned when a withdrawal exceeds the balance.
	ErrInsufficientFunds = errors.New("insufficient funds")
	// ErrStopped is returned by every method once the account has been stopped.
	ErrStopped = errors.New("account stopped")
)

type kind int

const (
	deposit kind = iota
	withdraw
	balance
	statement
	stop
)

type request struct {
	kind   kind
	amount int
	reply  chan response
}

type response struct {
	balance int
	entries []int
	err     error
}

// Account is a bank account whose state is owned by a single goroutine.
type Account struct {
	mailbox chan request
	done    chan struct{}
}

// NewAccount starts the account's goroutine with the given opening balance.
func NewAccount(opening int) *Account {
	a := &Account{mailbox: make(chan request), done: make(chan struct{})}
	go a.run(opening)
	return a
}

// run is the only code that touches the balance and the statement.
func (a *Account) run(balanceNow int) {
	var entries []int
	for req := range a.mailbox {
		var resp response
		switch req.kind {
		case deposit:
			balanceNow += req.amount
			entries = append(entries, req.amount)
		case withdraw:
			if req.amount > balanceNow {
				resp.err = ErrInsufficientFunds
			} else {
				balanceNow -= req.amount
				entries = append(entries, -req.amount)
			}
		case balance:
		case statement:
			resp.entries = slices.Clone(entries)
		case stop:
			close(a.done)
			req.reply <- resp
			return
		}
		resp.balance = balanceNow
		req.reply <- resp
	}
}

// ask sends a request and waits for its reply, or reports ErrStopped.
func (a *Account) ask(k kind, amount int) response {
	req := request{kind: k, amount: amount, reply: make(chan response, 1)}
	select {
	case a.mailbox <- req:
		return <-req.reply
	case <-a.done:
		return response{err: ErrStopped}
	}
}

// Deposit adds amount to the balance.
func (a *Account) Deposit(amount int) error {
	if amount <= 0 {
		return ErrInvalidAmount
	}
	return a.ask(deposit, amount).err
}

// Withdraw takes amount from the balance if there is enough.
func (a *Account) Withdraw(amount int) error {
	if amount <= 0 {
		return ErrInvalidAmount
	}
	return a.ask(withdraw, amount).err
}

// Balance returns the current balance.
func (a *Account) Balance() (int, error) {
	r := a.ask(balance, 0)
	return r.balance, r.err
}

// Statement returns the accepted operations in the order the account applied
// them: deposits as positive amounts, withdrawals as negative ones.
func (a *Account) Statement() ([]int, error) {
	r := a.ask(statement, 0)
	return r.entries, r.err
}

// Stop ends the account's goroutine. Afterwards every method returns
// ErrStopped. Stop may be called more than once, from several goroutines.
func (a *Account) Stop() {
	a.ask(stop, 0)
}
