package accountactor

import "errors"

var (
	// ErrInvalidAmount is returned for amounts that are zero or negative.
	ErrInvalidAmount = errors.New("amount must be positive")
	// ErrInsufficientFunds is returned when a withdrawal exceeds the balance.
	ErrInsufficientFunds = errors.New("insufficient funds")
	// ErrStopped is returned by every method once the account has been stopped.
	ErrStopped = errors.New("account stopped")
)

// Account is a bank account whose state is owned by a single goroutine.
type Account struct {
	// TODO: a mailbox channel for requests, and a way to know the actor has stopped.
}

// NewAccount starts the account's goroutine with the given opening balance.
func NewAccount(opening int) *Account {
	// TODO: make the channels and start the goroutine that owns the state.
	return &Account{}
}

// Deposit adds amount to the balance.
func (a *Account) Deposit(amount int) error {
	// TODO
	return nil
}

// Withdraw takes amount from the balance if there is enough.
func (a *Account) Withdraw(amount int) error {
	// TODO
	return nil
}

// Balance returns the current balance.
func (a *Account) Balance() (int, error) {
	// TODO
	return 0, nil
}

// Statement returns the accepted operations in the order the account applied
// them: deposits as positive amounts, withdrawals as negative ones.
func (a *Account) Statement() ([]int, error) {
	// TODO
	return nil, nil
}

// Stop ends the account's goroutine. Afterwards every method returns
// ErrStopped. Stop may be called more than once, from several goroutines.
func (a *Account) Stop() {
	// TODO
}
