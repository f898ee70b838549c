// Package gridsearch walks two-dimensional grids.
package gridsearch

// Table returns an n×n multiplication table: cell [r][c] is (r+1)*(c+1).
// It returns nil for n <= 0.
func Table(n int) [][]int {
	if n <= 0 {
		return nil
	}
	table := make([][]int, n)
	for r := range n {
		table[r] = make([]int, n)
		for c := range n {
			table[r][c] = (r + 1) * (c + 1)
		}
	}
	return table
}

// Find returns the row and column of the first cell equal to target, reading
// row by row, and true. If there is none it returns -1, -1, false.
func Find(grid [][]int, target int) (row, col int, found bool) {
	row, col = -1, -1
search:
	for r, cells := range grid {
		for c, v := range cells {
			if v == target {
				row, col, found = r, c, true
				break search
			}
		}
	}
	return row, col, found
}

// CleanRows returns the indexes of the rows that do not contain banned.
func CleanRows(grid [][]int, banned int) []int {
	var clean []int
rows:
	for r, cells := range grid {
		for _, v := range cells {
			if v == banned {
				continue rows
			}
		}
		clean = append(clean, r)
	}
	return clean
}
