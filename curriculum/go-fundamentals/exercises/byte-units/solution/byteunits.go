// Package byteunits formats byte counts with binary units (KiB, MiB, ...).
package byteunits

import (
	"fmt"
	"strings"
)

// Unit is a size unit, measured in bytes.
type Unit int64

// The units, each 1024 times the one before.
const (
	Byte Unit = 1 << (10 * iota)
	KiB
	MiB
	GiB
	TiB
)

// units lists every unit from the largest to the smallest.
var units = []Unit{TiB, GiB, MiB, KiB, Byte}

// byName maps lower-case unit names ("b", "kib", ...) to units.
// It is filled by init.
var byName map[string]Unit

func init() {
	byName = make(map[string]Unit, len(units))
	for _, u := range units {
		byName[strings.ToLower(u.String())] = u
	}
}

// String returns the unit's name: "B", "KiB", "MiB", "GiB" or "TiB".
// Any other value is written as "Unit(<n>)".
func (u Unit) String() string {
	switch u {
	case Byte:
		return "B"
	case KiB:
		return "KiB"
	case MiB:
		return "MiB"
	case GiB:
		return "GiB"
	case TiB:
		return "TiB"
	}
	return fmt.Sprintf("Unit(%d)", int64(u))
}

// ParseUnit returns the unit with the given name, ignoring case, and true.
// It returns 0 and false for an unknown name.
func ParseUnit(name string) (Unit, bool) {
	u, ok := byName[strings.ToLower(name)]
	return u, ok
}

// Format writes n bytes the way a disk-usage tool does: "1023 B", "1.5 KiB",
// "3.0 TiB". Negative sizes get a leading "-".
func Format(n int64) string {
	if n < 0 {
		return "-" + Format(-n)
	}
	if n < int64(KiB) {
		return fmt.Sprintf("%d B", n)
	}
	for _, u := range units {
		if n >= int64(u) {
			return fmt.Sprintf("%.1f %s", float64(n)/float64(u), u)
		}
	}
	return fmt.Sprintf("%d B", n) // not reached: Byte always fits
}
