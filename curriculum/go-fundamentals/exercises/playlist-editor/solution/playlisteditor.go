// Package playlisteditor edits playlists held in slices.
package playlisteditor

import "slices"

// Unique returns the distinct tracks, sorted, in a new slice. It does not
// change tracks.
func Unique(tracks []string) []string {
	out := slices.Clone(tracks)
	slices.Sort(out)
	return slices.Compact(out)
}

// InsertAt returns a new playlist with names inserted before position at
// (clamped to 0..len(tracks)). It does not change tracks.
func InsertAt(tracks []string, at int, names ...string) []string {
	at = max(0, min(at, len(tracks)))
	out := make([]string, 0, len(tracks)+len(names))
	out = append(out, tracks[:at]...)
	out = append(out, names...)
	return append(out, tracks[at:]...)
}

// Rotate rotates tracks left by k positions in place. A negative k rotates
// right.
func Rotate(tracks []string, k int) {
	n := len(tracks)
	if n == 0 {
		return
	}
	k %= n
	if k < 0 {
		k += n
	}
	if k == 0 {
		return
	}
	saved := slices.Clone(tracks[:k])
	copy(tracks, tracks[k:])
	copy(tracks[n-k:], saved)
}

// RemoveAll removes every occurrence of name in place and returns the
// shortened slice.
func RemoveAll(tracks []string, name string) []string {
	return slices.DeleteFunc(tracks, func(t string) bool { return t == name })
}
