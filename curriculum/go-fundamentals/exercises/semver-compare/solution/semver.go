package semvercompare

import (
	"cmp"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
)

// ErrInvalid is wrapped by Parse's errors.
var ErrInvalid = errors.New("invalid version")

// Version is a parsed semantic version.
type Version struct {
	Major, Minor, Patch int
	Pre                 string // pre-release without the "-"; "" for a release
	Build               string // build metadata without the "+"
}

// numeric reports whether s is "0" or digits without a leading zero.
func numeric(s string) bool {
	return allDigits(s) && (s == "0" || s[0] != '0')
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// identifiers reports whether s is a valid dot-separated identifier list.
func identifiers(s string, strictNumbers bool) bool {
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return false
		}
		for _, r := range id {
			ok := r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-'
			if !ok {
				return false
			}
		}
		if strictNumbers && allDigits(id) && !numeric(id) {
			return false
		}
	}
	return true
}

// Parse reads a version such as "v1.2.3-rc.1+build.7".
func Parse(s string) (Version, error) {
	invalid := fmt.Errorf("%w: %q", ErrInvalid, s)
	rest, ok := strings.CutPrefix(s, "v")
	if !ok {
		return Version{}, invalid
	}
	rest, build, hasBuild := strings.Cut(rest, "+")
	core, pre, hasPre := strings.Cut(rest, "-")
	if hasBuild && !identifiers(build, false) || hasPre && !identifiers(pre, true) {
		return Version{}, invalid
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return Version{}, invalid
	}
	var nums [3]int
	for i, p := range parts {
		if !numeric(p) {
			return Version{}, invalid
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return Version{}, invalid
		}
		nums[i] = n
	}
	return Version{Major: nums[0], Minor: nums[1], Patch: nums[2], Pre: pre, Build: build}, nil
}

// String formats v as "vMAJOR.MINOR.PATCH[-PRE][+BUILD]".
func (v Version) String() string {
	s := fmt.Sprintf("v%d.%d.%d", v.Major, v.Minor, v.Patch)
	if v.Pre != "" {
		s += "-" + v.Pre
	}
	if v.Build != "" {
		s += "+" + v.Build
	}
	return s
}

// Compare returns -1, 0 or +1 following Semantic Versioning precedence.
func Compare(a, b Version) int {
	if c := cmp.Or(cmp.Compare(a.Major, b.Major), cmp.Compare(a.Minor, b.Minor), cmp.Compare(a.Patch, b.Patch)); c != 0 {
		return c
	}
	switch {
	case a.Pre == b.Pre:
		return 0
	case a.Pre == "":
		return +1
	case b.Pre == "":
		return -1
	}
	as, bs := strings.Split(a.Pre, "."), strings.Split(b.Pre, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := compareIdent(as[i], bs[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

func compareIdent(x, y string) int {
	xn, yn := allDigits(x), allDigits(y)
	switch {
	case xn && yn:
		// Compare by length first, so that numbers of any size work.
		return cmp.Or(cmp.Compare(len(x), len(y)), strings.Compare(x, y))
	case xn:
		return -1
	case yn:
		return +1
	default:
		return strings.Compare(x, y)
	}
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// IsPseudo reports whether v is a Go pseudo-version.
func IsPseudo(v Version) bool {
	if v.Pre == "" {
		return false
	}
	ids := strings.Split(v.Pre, ".")
	stamp, hash, ok := strings.Cut(ids[len(ids)-1], "-")
	if !ok || len(stamp) != 14 || !allDigits(stamp) || len(hash) != 12 || !isHex(hash) {
		return false
	}
	if len(ids) == 1 {
		return v.Minor == 0 && v.Patch == 0
	}
	return ids[len(ids)-2] == "0"
}

// MajorSuffixOK reports whether modulePath has the /vN suffix that v's major
// version requires.
func MajorSuffixOK(modulePath string, v Version) bool {
	last := path.Base(modulePath)
	digits, isV := strings.CutPrefix(last, "v")
	hasSuffix := isV && allDigits(digits) && strings.Contains(modulePath, "/")
	if v.Major <= 1 {
		return !hasSuffix
	}
	return hasSuffix && last == "v"+strconv.Itoa(v.Major)
}

// Latest returns the tag that "go get ...@latest" would choose.
func Latest(tags []string) (string, bool) {
	var bestRel, bestPre string
	var relV, preV Version
	for _, tag := range tags {
		v, err := Parse(tag)
		if err != nil {
			continue
		}
		if v.Pre == "" {
			if bestRel == "" || Compare(v, relV) > 0 {
				bestRel, relV = tag, v
			}
		} else if bestPre == "" || Compare(v, preV) > 0 {
			bestPre, preV = tag, v
		}
	}
	if bestRel != "" {
		return bestRel, true
	}
	return bestPre, bestPre != ""
}
