package calendar

// IsLeap reports whether year is a leap year in the Gregorian calendar.
func IsLeap(year int) bool {
	if year%100 == 0 {
		return year%400 == 0
	}
	return year%4 == 0
}

// DaysIn returns how many days month has in year, where month 1 is January
// and 12 is December. It returns 0 when month is not between 1 and 12.
func DaysIn(year, month int) int {
	switch month {
	case 1, 3, 5, 7, 8, 10, 12:
		return 31
	case 4, 6, 9, 11:
		return 30
	case 2:
		if IsLeap(year) {
			return 29
		}
		return 28
	default:
		return 0
	}
}

// DayOfYear returns the position of a date within its year: 1 for January 1st,
// 365 (or 366 in a leap year) for December 31st. It returns 0 when the month
// does not exist or the day does not exist in that month.
func DayOfYear(year, month, day int) int {
	if day < 1 || day > DaysIn(year, month) {
		return 0
	}
	total := day
	for m := range month - 1 {
		total += DaysIn(year, m+1)
	}
	return total
}
