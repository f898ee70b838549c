package calendar

// IsLeap reports whether year is a leap year in the Gregorian calendar.
func IsLeap(year int) bool {
	// TODO: divisible by 4, except century years, which must be divisible by 400.
	return false
}

// DaysIn returns how many days month has in year, where month 1 is January
// and 12 is December. It returns 0 when month is not between 1 and 12.
func DaysIn(year, month int) int {
	// TODO: a switch with several values per case keeps this short.
	return 0
}

// DayOfYear returns the position of a date within its year: 1 for January 1st,
// 365 (or 366 in a leap year) for December 31st. It returns 0 when the month
// does not exist or the day does not exist in that month.
func DayOfYear(year, month, day int) int {
	// TODO: add up the days of the months before month, then add day.
	return 0
}
