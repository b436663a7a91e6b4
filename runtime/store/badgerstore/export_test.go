package badgerstore

// Batches returns how many batches and requests the committer committed.
func (s *Store) Batches() (batches, requests int64) {
	st := s.CommitStats()
	return st.Commits, st.Turns
}

// Retries returns how many turn attempts conflicted and ran again.
func (s *Store) Retries() int64 { return s.CommitStats().Retries }
