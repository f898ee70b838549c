package shiftclock

import (
	"errors"
	"time"
)

// ErrZeroLength is returned for a shift that starts and ends at the same time.
var ErrZeroLength = errors.New("shift has zero length")

// Shift is one worker's shift.
type Shift struct {
	Worker     string
	Start, End time.Time
}

// ParseShift builds a shift from a day ("2006-01-02") and two times ("15:04")
// in loc. A shift whose end is earlier than its start ends the next day.
func ParseShift(worker, day, from, to string, loc *time.Location) (Shift, error) {
	// TODO: time.ParseInLocation, then AddDate for night shifts.
	return Shift{Worker: worker}, nil
}

// Duration returns how long the shift lasts.
func (s Shift) Duration() time.Duration {
	// TODO
	return 0
}

// Format describes the shift, e.g. "Mon 2 Mar 22:00-06:00 (8h0m0s)".
func (s Shift) Format() string {
	// TODO: s.Start.Format with a layout.
	return ""
}

// Board reports on shifts using an injected clock.
type Board struct {
	Now func() time.Time
}

// Status says when the shift starts or ends, seen at b.Now().
func (b Board) Status(s Shift) string {
	// TODO: call b.Now() once; truncate durations to minutes.
	return ""
}

// WeeklyHours adds up the time of all shifts inside [weekStart, weekStart+7 days).
func WeeklyHours(shifts []Shift, weekStart time.Time) time.Duration {
	// TODO: sum the overlap of every shift with the week.
	return 0
}
