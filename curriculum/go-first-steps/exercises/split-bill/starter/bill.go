package splitbill

// Tip returns percent per cent of totalCents, rounded to the nearest whole cent
// (a half cent rounds up). Tip(1000, 15) is 150, Tip(1005, 10) is 101.
func Tip(totalCents, percent int) int {
	// TODO: compute the tip using integer arithmetic only.
	return 0
}

// Split shares totalCents between people as evenly as possible in whole cents.
// It returns what each person pays and the cents left over that cannot be shared.
// If people is zero or negative nobody can pay: share is 0 and leftover is the whole total.
func Split(totalCents, people int) (share, leftover int) {
	// TODO: use integer division and the remainder operator.
	return 0, 0
}

// FormatCents writes an amount of cents as dollars and cents:
// 1205 becomes "$12.05", 7 becomes "$0.07" and -150 becomes "-$1.50".
func FormatCents(cents int) string {
	// TODO: split cents into dollars and cents and format them with fmt.Sprintf.
	return ""
}
