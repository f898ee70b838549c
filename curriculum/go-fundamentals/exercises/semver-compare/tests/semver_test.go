package semvercompare

import (
	"errors"
	"testing"
)

func mustParse(t *testing.T, s string) Version {
	t.Helper()
	v, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q) returned error %v, want none", s, err)
	}
	return v
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Version
	}{
		{"v1.2.3", Version{Major: 1, Minor: 2, Patch: 3}},
		{"v0.0.0", Version{}},
		{"v10.20.30", Version{Major: 10, Minor: 20, Patch: 30}},
		{"v1.0.0-rc.1", Version{Major: 1, Pre: "rc.1"}},
		{"v1.0.0-alpha-beta.x-y", Version{Major: 1, Pre: "alpha-beta.x-y"}},
		{"v2.1.0+build.007", Version{Major: 2, Minor: 1, Build: "build.007"}},
		{"v1.2.3-rc.1+linux.amd64", Version{Major: 1, Minor: 2, Patch: 3, Pre: "rc.1", Build: "linux.amd64"}},
		{"v0.0.0-20240115093000-1a2b3c4d5e6f", Version{Pre: "20240115093000-1a2b3c4d5e6f"}},
		{"v1.0.0-0", Version{Major: 1, Pre: "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Parse(%q) = %+v, %v; want %+v, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	for _, in := range []string{
		"", "1.2.3", "V1.2.3", "v1.2", "v1", "v1.2.3.4", "v1.02.3", "v01.2.3", "v1.2.03",
		"v1.2.3-", "v1.2.3-rc..1", "v1.2.3-rc_1", "v1.2.3-rc.01", "v1.2.3+", "v1.2.3+a..b",
		"v1.2.x", "v-1.2.3", "v1.2.3 ", "v1.2.3-é",
	} {
		t.Run(in, func(t *testing.T) {
			v, err := Parse(in)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q) = %+v, %v; want an error wrapping ErrInvalid", in, v, err)
			}
		})
	}
}

func TestString(t *testing.T) {
	for _, want := range []string{"v1.2.3", "v0.0.0", "v1.0.0-rc.1", "v2.1.0+build.007", "v1.2.3-rc.1+linux.amd64"} {
		v, err := Parse(want)
		if err != nil {
			t.Errorf("Parse(%q) returned error %v", want, err)
			continue
		}
		if got := v.String(); got != want {
			t.Errorf("Parse(%q).String() = %q, want %q", want, got, want)
		}
	}
	if got, want := (Version{Major: 3, Pre: "beta"}).String(), "v3.0.0-beta"; got != want {
		t.Errorf("Version{Major: 3, Pre: \"beta\"}.String() = %q, want %q", got, want)
	}
}

func TestCompare(t *testing.T) {
	// Each list is in strictly increasing order.
	chains := [][]string{
		{"v0.9.9", "v1.0.0", "v1.0.1", "v1.1.0", "v1.10.0", "v2.0.0", "v10.0.0"},
		{
			"v1.0.0-0", "v1.0.0-1", "v1.0.0-2", "v1.0.0-10", "v1.0.0-RC", "v1.0.0-alpha", "v1.0.0-alpha.1",
			"v1.0.0-alpha.beta", "v1.0.0-beta", "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0",
		},
		{"v1.4.0", "v1.4.1-0.20240115093000-1a2b3c4d5e6f", "v1.4.1"},
		{"v0.0.0-20230101000000-aaaaaaaaaaaa", "v0.0.0-20240101000000-aaaaaaaaaaaa", "v0.0.1"},
	}
	for _, chain := range chains {
		for i := range chain {
			for j := range chain {
				a, b := mustParse(t, chain[i]), mustParse(t, chain[j])
				want := 0
				if i < j {
					want = -1
				} else if i > j {
					want = +1
				}
				if got := Compare(a, b); got != want {
					t.Errorf("Compare(%s, %s) = %d, want %d", chain[i], chain[j], got, want)
				}
			}
		}
	}
	t.Run("build metadata is ignored", func(t *testing.T) {
		if got := Compare(mustParse(t, "v1.0.0+a"), mustParse(t, "v1.0.0+b")); got != 0 {
			t.Errorf("Compare(v1.0.0+a, v1.0.0+b) = %d, want 0", got)
		}
		if got := Compare(mustParse(t, "v1.0.0-rc.1+x"), mustParse(t, "v1.0.0-rc.1")); got != 0 {
			t.Errorf("Compare(v1.0.0-rc.1+x, v1.0.0-rc.1) = %d, want 0", got)
		}
	})
	t.Run("huge numeric identifiers", func(t *testing.T) {
		a := mustParse(t, "v1.0.0-99999999999999999999")
		b := mustParse(t, "v1.0.0-100000000000000000000")
		if got := Compare(a, b); got != -1 {
			t.Errorf("Compare(%v, %v) = %d, want -1 (compare numbers as numbers, whatever their size)", a, b, got)
		}
	})
}

func TestIsPseudo(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"v0.0.0-20240115093000-1a2b3c4d5e6f", true},
		{"v2.0.0-20240115093000-1a2b3c4d5e6f", true},
		{"v1.4.1-0.20240115093000-1a2b3c4d5e6f", true},
		{"v1.5.0-rc.1.0.20240115093000-1a2b3c4d5e6f", true},
		{"v1.5.0-rc.1.0.20240115093000-1a2b3c4d5e6f+incompatible", true},
		{"v1.2.3", false},
		{"v1.0.0-rc.1", false},
		{"v1.2.0-20240115093000-1a2b3c4d5e6f", false},
		{"v1.4.1-1.20240115093000-1a2b3c4d5e6f", false},
		{"v0.0.0-2024011509300-1a2b3c4d5e6f", false},
		{"v0.0.0-20240115093000-1A2B3C4D5E6F", false},
		{"v0.0.0-20240115093000-1a2b3c4d5e6", false},
		{"v0.0.0-20240115093000-1a2b3c4d5e6g", false},
		{"v0.0.0-20240115093000", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsPseudo(mustParse(t, tt.in)); got != tt.want {
				t.Errorf("IsPseudo(%s) = %t, want %t", tt.in, got, tt.want)
			}
		})
	}
}

func TestMajorSuffixOK(t *testing.T) {
	tests := []struct {
		path, version string
		want          bool
	}{
		{"example.com/lib", "v1.9.0", true},
		{"example.com/lib", "v0.3.0", true},
		{"example.com/lib", "v2.0.0", false},
		{"example.com/lib/v2", "v2.3.1", true},
		{"example.com/lib/v2", "v3.0.0", false},
		{"example.com/lib/v2", "v1.0.0", false},
		{"example.com/lib/v1", "v1.0.0", false},
		{"example.com/v8go", "v0.9.0", true},
		{"example.com/lib/v12", "v12.0.0", true},
		{"example.com/lib/v12", "v1.0.0", false},
		{"example.com/lib/v2x", "v2.0.0", false},
	}
	for _, tt := range tests {
		t.Run(tt.path+"@"+tt.version, func(t *testing.T) {
			if got := MajorSuffixOK(tt.path, mustParse(t, tt.version)); got != tt.want {
				t.Errorf("MajorSuffixOK(%q, %s) = %t, want %t", tt.path, tt.version, got, tt.want)
			}
		})
	}
}

func TestLatest(t *testing.T) {
	tests := []struct {
		name   string
		tags   []string
		want   string
		wantOK bool
	}{
		{"highest release wins", []string{"v1.2.0", "v1.10.0", "v1.9.3"}, "v1.10.0", true},
		{"a release beats a higher pre-release", []string{"v1.2.0", "v2.0.0-rc.1", "v1.3.0-beta"}, "v1.2.0", true},
		{"only pre-releases", []string{"v0.1.0-alpha", "v0.1.0-beta", "v0.1.0-alpha.3"}, "v0.1.0-beta", true},
		{"invalid tags are ignored", []string{"latest", "v1.0", "release-2", "v0.4.1"}, "v0.4.1", true},
		{"equal versions keep the first tag", []string{"v1.0.0+b", "v1.0.0+a"}, "v1.0.0+b", true},
		{"nothing valid", []string{"main", "1.0.0"}, "", false},
		{"no tags", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Latest(tt.tags)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Latest(%q) = %q, %t; want %q, %t", tt.tags, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
