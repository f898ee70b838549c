package semvercompare

import "errors"

// ErrInvalid is wrapped by Parse's errors.
var ErrInvalid = errors.New("invalid version")

// Version is a parsed semantic version.
type Version struct {
	Major, Minor, Patch int
	Pre                 string // pre-release without the "-"; "" for a release
	Build               string // build metadata without the "+"
}

// Parse reads a version such as "v1.2.3-rc.1+build.7".
func Parse(s string) (Version, error) {
	// TODO: "v", then MAJOR.MINOR.PATCH, then optional -PRE and +BUILD.
	return Version{}, nil
}

// String formats v as "vMAJOR.MINOR.PATCH[-PRE][+BUILD]".
func (v Version) String() string {
	// TODO
	return ""
}

// Compare returns -1, 0 or +1 following Semantic Versioning precedence.
func Compare(a, b Version) int {
	// TODO: numbers first, then the pre-release rules.
	return 0
}

// IsPseudo reports whether v is a Go pseudo-version.
func IsPseudo(v Version) bool {
	// TODO: look at the last pre-release identifier.
	return false
}

// MajorSuffixOK reports whether modulePath has the /vN suffix that v's major
// version requires.
func MajorSuffixOK(modulePath string, v Version) bool {
	// TODO
	return false
}

// Latest returns the tag that "go get ...@latest" would choose.
func Latest(tags []string) (string, bool) {
	// TODO: the highest release, else the highest pre-release.
	return "", false
}
