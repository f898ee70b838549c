// Package slugtable builds URL slugs and aligned text tables.
package slugtable

// Slugify turns a title into a lower-case, hyphen-separated slug made of its
// letters and digits.
func Slugify(title string) string {
	// TODO: use a strings.Builder and range over the runes.
	return ""
}

// Table lays rows out in columns padded to the widest cell (in characters),
// separated by " | ", one line per row.
func Table(rows [][]string) string {
	// TODO
	return ""
}
