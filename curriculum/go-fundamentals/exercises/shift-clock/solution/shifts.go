package shiftclock

import (
	"errors"
	"fmt"
	"time"
)

// ErrZeroLength is returned for a shift that starts and ends at the same time.
var ErrZeroLength = errors.New("shift has zero length")

// Shift is one worker's shift.
type Shift struct {
	Worker     string
	Start, End time.Time
}

const stamp = "2006-01-02 15:04"

// ParseShift builds a shift from a day ("2006-01-02") and two times ("15:04")
// in loc. A shift whose end is earlier than its start ends the next day.
func ParseShift(worker, day, from, to string, loc *time.Location) (Shift, error) {
	start, err := time.ParseInLocation(stamp, day+" "+from, loc)
	if err != nil {
		return Shift{}, fmt.Errorf("shift start: %w", err)
	}
	end, err := time.ParseInLocation(stamp, day+" "+to, loc)
	if err != nil {
		return Shift{}, fmt.Errorf("shift end: %w", err)
	}
	if end.Equal(start) {
		return Shift{}, ErrZeroLength
	}
	if end.Before(start) {
		end = end.AddDate(0, 0, 1)
	}
	return Shift{Worker: worker, Start: start, End: end}, nil
}

// Duration returns how long the shift lasts.
func (s Shift) Duration() time.Duration {
	return s.End.Sub(s.Start)
}

// Format describes the shift, e.g. "Mon 2 Mar 22:00-06:00 (8h0m0s)".
func (s Shift) Format() string {
	return fmt.Sprintf("%s-%s (%v)", s.Start.Format("Mon 2 Jan 15:04"), s.End.Format("15:04"), s.Duration())
}

// Board reports on shifts using an injected clock.
type Board struct {
	Now func() time.Time
}

// Status says when the shift starts or ends, seen at b.Now().
func (b Board) Status(s Shift) string {
	now := b.Now()
	switch {
	case now.Before(s.Start):
		return fmt.Sprintf("starts in %v", s.Start.Sub(now).Truncate(time.Minute))
	case now.Before(s.End):
		return fmt.Sprintf("ends in %v", s.End.Sub(now).Truncate(time.Minute))
	default:
		return fmt.Sprintf("ended %v ago", now.Sub(s.End).Truncate(time.Minute))
	}
}

// WeeklyHours adds up the time of all shifts inside [weekStart, weekStart+7 days).
func WeeklyHours(shifts []Shift, weekStart time.Time) time.Duration {
	weekEnd := weekStart.AddDate(0, 0, 7)
	var total time.Duration
	for _, s := range shifts {
		from, to := s.Start, s.End
		if from.Before(weekStart) {
			from = weekStart
		}
		if to.After(weekEnd) {
			to = weekEnd
		}
		if to.After(from) {
			total += to.Sub(from)
		}
	}
	return total
}
