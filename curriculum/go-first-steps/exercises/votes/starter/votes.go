package votes

// Tally counts how many votes each candidate received. Blank ballots (empty
// strings) are spoiled and not counted. It always returns a non-nil map.
func Tally(ballots []string) map[string]int {
	// TODO: make a map, then range over the ballots and count.
	return nil
}

// Candidates lists every candidate once, in the order in which they first
// appear on the ballots. Blank ballots are skipped.
func Candidates(ballots []string) []string {
	// TODO: append names you have not seen before; a map can remember which ones you have seen.
	return nil
}

// Winner returns the candidate with the most votes and true. It returns ""
// and false when there are no valid votes or when the first place is tied.
func Winner(ballots []string) (string, bool) {
	// TODO: count with Tally, then look for the highest count.
	return "", false
}
