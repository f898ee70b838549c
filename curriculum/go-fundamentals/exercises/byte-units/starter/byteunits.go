// Package byteunits formats byte counts with binary units (KiB, MiB, ...).
package byteunits

// Unit is a size unit, measured in bytes.
type Unit int64

// The units, each 1024 times the one before.
//
// TODO: these values are wrong (they are 1, 2, 3, 4, 5). Change the
// expression so that Byte is 1, KiB is 1024, MiB is 1024*1024, and so on.
const (
	Byte Unit = iota + 1
	KiB
	MiB
	GiB
	TiB
)

// byName maps lower-case unit names ("b", "kib", ...) to units.
// It is filled by init.
var byName map[string]Unit

func init() {
	// TODO: create byName and fill it for the five units.
}

// String returns the unit's name: "B", "KiB", "MiB", "GiB" or "TiB".
// Any other value is written as "Unit(<n>)".
func (u Unit) String() string {
	// TODO
	return ""
}

// ParseUnit returns the unit with the given name, ignoring case, and true.
// It returns 0 and false for an unknown name.
func ParseUnit(name string) (Unit, bool) {
	// TODO: look the name up in byName.
	return 0, false
}

// Format writes n bytes the way a disk-usage tool does: "1023 B", "1.5 KiB",
// "3.0 TiB". Negative sizes get a leading "-".
func Format(n int64) string {
	// TODO
	return ""
}
