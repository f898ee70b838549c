package calendar

import (
	"fmt"
	"testing"
)

func TestIsLeap(t *testing.T) {
	tests := []struct {
		year int
		want bool
		why  string
	}{
		{year: 2024, want: true, why: "is divisible by 4"},
		{year: 2023, want: false, why: "is not divisible by 4"},
		{year: 1996, want: true, why: "is divisible by 4"},
		{year: 1900, want: false, why: "is a century year not divisible by 400"},
		{year: 2100, want: false, why: "is a century year not divisible by 400"},
		{year: 2000, want: true, why: "is a century year divisible by 400"},
		{year: 1600, want: true, why: "is a century year divisible by 400"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %s", tt.year, tt.why), func(t *testing.T) {
			if got := IsLeap(tt.year); got != tt.want {
				t.Errorf("IsLeap(%d) = %t, want %t: %d %s", tt.year, got, tt.want, tt.year, tt.why)
			}
		})
	}
}

func TestDaysIn(t *testing.T) {
	tests := []struct {
		name  string
		year  int
		month int
		want  int
	}{
		{name: "January has 31 days", year: 2023, month: 1, want: 31},
		{name: "April has 30 days", year: 2023, month: 4, want: 30},
		{name: "July has 31 days", year: 2023, month: 7, want: 31},
		{name: "August has 31 days too", year: 2023, month: 8, want: 31},
		{name: "November has 30 days", year: 2023, month: 11, want: 30},
		{name: "December has 31 days", year: 2023, month: 12, want: 31},
		{name: "February has 28 days in a common year", year: 2023, month: 2, want: 28},
		{name: "February has 29 days in a leap year", year: 2024, month: 2, want: 29},
		{name: "February 1900 has 28 days", year: 1900, month: 2, want: 28},
		{name: "month 0 does not exist", year: 2023, month: 0, want: 0},
		{name: "month 13 does not exist", year: 2023, month: 13, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DaysIn(tt.year, tt.month); got != tt.want {
				t.Errorf("DaysIn(%d, %d) = %d, want %d", tt.year, tt.month, got, tt.want)
			}
		})
	}
}

func TestDayOfYear(t *testing.T) {
	tests := []struct {
		name             string
		year, month, day int
		want             int
	}{
		{name: "the first day of the year", year: 2023, month: 1, day: 1, want: 1},
		{name: "the first day of February", year: 2023, month: 2, day: 1, want: 32},
		{name: "March 1st in a common year", year: 2023, month: 3, day: 1, want: 60},
		{name: "March 1st in a leap year", year: 2024, month: 3, day: 1, want: 61},
		{name: "a day in the middle of the year", year: 2023, month: 7, day: 14, want: 195},
		{name: "the last day of a common year", year: 2023, month: 12, day: 31, want: 365},
		{name: "the last day of a leap year", year: 2024, month: 12, day: 31, want: 366},
		{name: "February 29th in a leap year", year: 2024, month: 2, day: 29, want: 60},
		{name: "February 29th does not exist in a common year", year: 2023, month: 2, day: 29, want: 0},
		{name: "April 31st does not exist", year: 2023, month: 4, day: 31, want: 0},
		{name: "day 0 does not exist", year: 2023, month: 6, day: 0, want: 0},
		{name: "month 13 does not exist", year: 2023, month: 13, day: 1, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DayOfYear(tt.year, tt.month, tt.day); got != tt.want {
				t.Errorf("DayOfYear(%d, %d, %d) = %d, want %d", tt.year, tt.month, tt.day, got, tt.want)
			}
		})
	}
}
