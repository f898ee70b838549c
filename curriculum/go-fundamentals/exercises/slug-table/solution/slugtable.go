// Package slugtable builds URL slugs and aligned text tables.
package slugtable

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Slugify turns a title into a lower-case, hyphen-separated slug made of its
// letters and digits.
func Slugify(title string) string {
	var b strings.Builder
	b.Grow(len(title))
	pendingHyphen := false
	for _, r := range title {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			pendingHyphen = true
			continue
		}
		if pendingHyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		pendingHyphen = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Table lays rows out in columns padded to the widest cell (in characters),
// separated by " | ", one line per row.
func Table(rows [][]string) string {
	var widths []int
	for _, row := range rows {
		for c, cell := range row {
			if c == len(widths) {
				widths = append(widths, 0)
			}
			widths[c] = max(widths[c], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for c, cell := range row {
			b.WriteString(cell)
			if c < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[c]-utf8.RuneCountInString(cell)))
				b.WriteString(" | ")
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}
