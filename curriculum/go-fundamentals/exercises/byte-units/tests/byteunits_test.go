package byteunits

import "testing"

func TestUnitValues(t *testing.T) {
	tests := []struct {
		name string
		got  Unit
		want int64
	}{
		{"Byte", Byte, 1},
		{"KiB", KiB, 1024},
		{"MiB", MiB, 1024 * 1024},
		{"GiB", GiB, 1024 * 1024 * 1024},
		{"TiB", TiB, 1024 * 1024 * 1024 * 1024},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if int64(tt.got) != tt.want {
				t.Errorf("%s = %d, want %d", tt.name, int64(tt.got), tt.want)
			}
		})
	}
}

func TestUnitString(t *testing.T) {
	tests := []struct {
		unit Unit
		want string
	}{
		{1, "B"},
		{1024, "KiB"},
		{1 << 20, "MiB"},
		{1 << 30, "GiB"},
		{1 << 40, "TiB"},
		{3, "Unit(3)"},
		{0, "Unit(0)"},
		{-1024, "Unit(-1024)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.unit.String(); got != tt.want {
				t.Errorf("Unit(%d).String() = %q, want %q", int64(tt.unit), got, tt.want)
			}
		})
	}
}

func TestInitFillsByName(t *testing.T) {
	want := map[string]int64{"b": 1, "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40}
	if len(byName) != len(want) {
		t.Errorf("after init, byName has %d entries, want %d (one per unit, keyed by lower-case name)", len(byName), len(want))
	}
	for name, size := range want {
		if got, ok := byName[name]; !ok || int64(got) != size {
			t.Errorf("after init, byName[%q] = %d, %v; want %d, true", name, int64(got), ok, size)
		}
	}
}

func TestParseUnit(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		want   int64
		wantOK bool
	}{
		{"exact name", "KiB", 1 << 10, true},
		{"bytes", "B", 1, true},
		{"lower case", "mib", 1 << 20, true},
		{"upper case", "GIB", 1 << 30, true},
		{"mixed case", "tIb", 1 << 40, true},
		{"unknown unit", "PiB", 0, false},
		{"decimal units are not binary units", "KB", 0, false},
		{"empty name", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseUnit(tt.input)
			if int64(got) != tt.want || ok != tt.wantOK {
				t.Errorf("ParseUnit(%q) = %d, %v; want %d, %v", tt.input, int64(got), ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		n    int64
		want string
	}{
		{"zero", 0, "0 B"},
		{"a few bytes", 7, "7 B"},
		{"just under a KiB", 1023, "1023 B"},
		{"exactly one KiB", 1024, "1.0 KiB"},
		{"one and a half KiB", 1536, "1.5 KiB"},
		{"rounds to one decimal", 1100, "1.1 KiB"},
		{"megabytes", 5 * 1024 * 1024, "5.0 MiB"},
		{"gigabytes", 1610612736, "1.5 GiB"},
		{"terabytes", 3 << 40, "3.0 TiB"},
		{"no unit above TiB", 2048 << 40, "2048.0 TiB"},
		{"negative bytes", -12, "-12 B"},
		{"negative KiB", -1536, "-1.5 KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Format(tt.n); got != tt.want {
				t.Errorf("Format(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}
