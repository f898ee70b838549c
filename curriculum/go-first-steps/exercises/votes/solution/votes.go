package votes

// Tally counts how many votes each candidate received. Blank ballots (empty
// strings) are spoiled and not counted. It always returns a non-nil map.
func Tally(ballots []string) map[string]int {
	counts := make(map[string]int)
	for _, ballot := range ballots {
		if ballot == "" {
			continue
		}
		counts[ballot]++
	}
	return counts
}

// Candidates lists every candidate once, in the order in which they first
// appear on the ballots. Blank ballots are skipped.
func Candidates(ballots []string) []string {
	var names []string
	seen := make(map[string]bool)
	for _, ballot := range ballots {
		if ballot == "" || seen[ballot] {
			continue
		}
		seen[ballot] = true
		names = append(names, ballot)
	}
	return names
}

// Winner returns the candidate with the most votes and true. It returns ""
// and false when there are no valid votes or when the first place is tied.
func Winner(ballots []string) (string, bool) {
	best, bestVotes, tied := "", 0, false
	for name, votes := range Tally(ballots) {
		switch {
		case votes > bestVotes:
			best, bestVotes, tied = name, votes, false
		case votes == bestVotes:
			tied = true
		}
	}
	if bestVotes == 0 || tied {
		return "", false
	}
	return best, true
}
