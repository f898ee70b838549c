// Package playlisteditor edits playlists held in slices.
package playlisteditor

// Unique returns the distinct tracks, sorted, in a new slice. It does not
// change tracks.
func Unique(tracks []string) []string {
	// TODO: clone, sort, compact.
	return nil
}

// InsertAt returns a new playlist with names inserted before position at
// (clamped to 0..len(tracks)). It does not change tracks.
func InsertAt(tracks []string, at int, names ...string) []string {
	// TODO
	return nil
}

// Rotate rotates tracks left by k positions in place. A negative k rotates
// right.
func Rotate(tracks []string, k int) {
	// TODO: use copy.
}

// RemoveAll removes every occurrence of name in place and returns the
// shortened slice.
func RemoveAll(tracks []string, name string) []string {
	// TODO
	return tracks
}
