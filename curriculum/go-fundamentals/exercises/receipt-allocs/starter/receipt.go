package receiptallocs

import "fmt"

// Line is one item on a receipt.
type Line struct {
	Name  string
	Qty   int
	Cents int64 // price of one item in cents; negative for a refund
}

// formatCents writes c cents with two decimals.
// BUG: negative amounts come out wrong.
func formatCents(c int64) string {
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}

// AppendLine appends "<Name> x<Qty> <amount>\n" to dst.
// TODO: this allocates a new string on every call.
func AppendLine(dst []byte, l Line) []byte {
	return append(dst, fmt.Sprintf("%s x%d %s\n", l.Name, l.Qty, formatCents(int64(l.Qty)*l.Cents))...)
}

// Receipt returns every line followed by "TOTAL <sum>\n".
// TODO: every += copies the whole receipt so far.
func Receipt(lines []Line) string {
	s := ""
	var total int64
	for _, l := range lines {
		s += string(AppendLine(nil, l))
		total += int64(l.Qty) * l.Cents
	}
	return s + "TOTAL " + formatCents(total) + "\n"
}
