// Package gridsearch walks two-dimensional grids.
package gridsearch

// Table returns an n×n multiplication table: cell [r][c] is (r+1)*(c+1).
// It returns nil for n <= 0.
func Table(n int) [][]int {
	// TODO: use range over n for the rows and the columns.
	return nil
}

// Find returns the row and column of the first cell equal to target, reading
// row by row, and true. If there is none it returns -1, -1, false.
func Find(grid [][]int, target int) (row, col int, found bool) {
	// TODO: leave both loops with a labelled break.
	return 0, 0, false
}

// CleanRows returns the indexes of the rows that do not contain banned.
func CleanRows(grid [][]int, banned int) []int {
	// TODO: skip a row with a labelled continue.
	return nil
}
