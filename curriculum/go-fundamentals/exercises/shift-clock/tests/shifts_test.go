package shiftclock

import (
	"errors"
	"testing"
	"time"
)

var ward = time.FixedZone("UTC+2", 2*60*60)

func at(year int, month time.Month, day, hour, min int) time.Time {
	return time.Date(year, month, day, hour, min, 0, 0, ward)
}

func TestParseShift(t *testing.T) {
	tests := []struct {
		name               string
		day, from, to      string
		wantStart, wantEnd time.Time
	}{
		{"day shift", "2026-03-02", "08:00", "16:30", at(2026, 3, 2, 8, 0), at(2026, 3, 2, 16, 30)},
		{"night shift ends the next day", "2026-03-02", "22:00", "06:00", at(2026, 3, 2, 22, 0), at(2026, 3, 3, 6, 0)},
		{"new year's eve crosses into the next year", "2026-12-31", "23:00", "07:00", at(2026, 12, 31, 23, 0), at(2027, 1, 1, 7, 0)},
		{"end of February", "2026-02-28", "20:00", "04:15", at(2026, 2, 28, 20, 0), at(2026, 3, 1, 4, 15)},
		{"one minute", "2026-03-02", "23:59", "00:00", at(2026, 3, 2, 23, 59), at(2026, 3, 3, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseShift("Ines", tt.day, tt.from, tt.to, ward)
			if err != nil {
				t.Fatalf("ParseShift(%q, %q, %q) returned error %v", tt.day, tt.from, tt.to, err)
			}
			if !s.Start.Equal(tt.wantStart) || !s.End.Equal(tt.wantEnd) || s.Worker != "Ines" {
				t.Errorf("ParseShift(%q, %q, %q) = {%s %v → %v}, want {Ines %v → %v}", tt.day, tt.from, tt.to, s.Worker, s.Start, s.End, tt.wantStart, tt.wantEnd)
			}
			if _, off := s.Start.Zone(); off != 2*60*60 {
				t.Errorf("ParseShift: Start is in a zone with offset %ds, want the given location (+7200s)", off)
			}
		})
	}
}

func TestParseShiftErrors(t *testing.T) {
	if _, err := ParseShift("Ines", "2026-03-02", "09:00", "09:00", ward); !errors.Is(err, ErrZeroLength) {
		t.Errorf("ParseShift with from == to: error = %v, want ErrZeroLength", err)
	}
	bad := [][3]string{
		{"2026-3-2", "08:00", "16:00"},
		{"2026-02-30", "08:00", "16:00"},
		{"2026-03-02", "8am", "16:00"},
		{"2026-03-02", "08:00", "25:00"},
		{"", "08:00", "16:00"},
	}
	for _, b := range bad {
		if s, err := ParseShift("Ines", b[0], b[1], b[2], ward); err == nil {
			t.Errorf("ParseShift(%q, %q, %q) = %+v, nil; want an error", b[0], b[1], b[2], s)
		}
	}
}

func TestDurationAndFormat(t *testing.T) {
	s := Shift{Worker: "Ines", Start: at(2026, 3, 2, 22, 0), End: at(2026, 3, 3, 6, 0)}
	if got := s.Duration(); got != 8*time.Hour {
		t.Errorf("Duration() of 22:00 to 06:00 = %v, want 8h0m0s", got)
	}
	if got, want := s.Format(), "Mon 2 Mar 22:00-06:00 (8h0m0s)"; got != want {
		t.Errorf("Format() = %q, want %q", got, want)
	}
	short := Shift{Start: at(2026, 3, 14, 7, 5), End: at(2026, 3, 14, 11, 50)}
	if got, want := short.Format(), "Sat 14 Mar 07:05-11:50 (4h45m0s)"; got != want {
		t.Errorf("Format() = %q, want %q", got, want)
	}
}

func TestStatus(t *testing.T) {
	s := Shift{Worker: "Ines", Start: at(2026, 3, 2, 22, 0), End: at(2026, 3, 3, 6, 0)}
	tests := []struct {
		name string
		now  time.Time
		want string
	}{
		{"well before", at(2026, 3, 2, 20, 30), "starts in 1h30m0s"},
		{"seconds are truncated", at(2026, 3, 2, 21, 58).Add(30 * time.Second), "starts in 1m0s"},
		{"exactly at the start", at(2026, 3, 2, 22, 0), "ends in 8h0m0s"},
		{"after midnight", at(2026, 3, 3, 5, 15), "ends in 45m0s"},
		{"exactly at the end", at(2026, 3, 3, 6, 0), "ended 0s ago"},
		{"later", at(2026, 3, 3, 8, 0).Add(59 * time.Second), "ended 2h0m0s ago"},
		{"same instant in another zone", time.Date(2026, 3, 2, 19, 0, 0, 0, time.UTC), "starts in 1h0m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			b := Board{Now: func() time.Time { calls++; return tt.now }}
			if got := b.Status(s); got != tt.want {
				t.Errorf("Status at %v = %q, want %q", tt.now, got, tt.want)
			}
			if calls != 1 {
				t.Errorf("Status called Now %d times, want exactly 1", calls)
			}
		})
	}
}

func TestWeeklyHours(t *testing.T) {
	monday := at(2026, 3, 2, 0, 0)
	shifts := []Shift{
		{Start: at(2026, 3, 1, 22, 0), End: at(2026, 3, 2, 6, 0)},   // Sun night: 6h inside
		{Start: at(2026, 3, 3, 8, 0), End: at(2026, 3, 3, 16, 30)},  // Tue: 8h30m
		{Start: at(2026, 3, 8, 22, 0), End: at(2026, 3, 9, 6, 0)},   // next Sun night: 2h inside
		{Start: at(2026, 2, 20, 8, 0), End: at(2026, 2, 20, 16, 0)}, // before the week
		{Start: at(2026, 3, 9, 8, 0), End: at(2026, 3, 9, 16, 0)},   // after the week
	}
	if got, want := WeeklyHours(shifts, monday), 16*time.Hour+30*time.Minute; got != want {
		t.Errorf("WeeklyHours(week of Mon 2 Mar) = %v, want %v", got, want)
	}
	if got, want := WeeklyHours(shifts, at(2026, 3, 9, 0, 0)), 14*time.Hour; got != want {
		t.Errorf("WeeklyHours(week of Mon 9 Mar) = %v, want %v", got, want)
	}
	if got := WeeklyHours(nil, monday); got != 0 {
		t.Errorf("WeeklyHours(nil) = %v, want 0s", got)
	}
}
