package receiptallocs

import "strconv"

// Line is one item on a receipt.
type Line struct {
	Name  string
	Qty   int
	Cents int64 // price of one item in cents; negative for a refund
}

// appendCents appends c cents with two decimals, e.g. "-0.05" or "12.30".
func appendCents(dst []byte, c int64) []byte {
	if c < 0 {
		dst = append(dst, '-')
		c = -c
	}
	dst = strconv.AppendInt(dst, c/100, 10)
	dst = append(dst, '.')
	if c%100 < 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, c%100, 10)
}

// AppendLine appends "<Name> x<Qty> <amount>\n" to dst.
func AppendLine(dst []byte, l Line) []byte {
	dst = append(dst, l.Name...)
	dst = append(dst, " x"...)
	dst = strconv.AppendInt(dst, int64(l.Qty), 10)
	dst = append(dst, ' ')
	dst = appendCents(dst, int64(l.Qty)*l.Cents)
	return append(dst, '\n')
}

// Receipt returns every line followed by "TOTAL <sum>\n".
func Receipt(lines []Line) string {
	size := 32
	for _, l := range lines {
		size += len(l.Name) + 48
	}
	buf := make([]byte, 0, size)
	var total int64
	for _, l := range lines {
		buf = AppendLine(buf, l)
		total += int64(l.Qty) * l.Cents
	}
	buf = append(buf, "TOTAL "...)
	buf = appendCents(buf, total)
	buf = append(buf, '\n')
	return string(buf)
}
