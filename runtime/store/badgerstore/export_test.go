package badgerstore

// Stats returns how many batches and requests the committer committed.
func (s *Store) Stats() (batches, requests int64) { return s.batches.Load(), s.committed.Load() }

// Retries returns how many turn attempts conflicted and ran again.
func (s *Store) Retries() int64 { return s.retries.Load() }
