package badgerstore

// Stats returns how many batches and requests the committer committed.
func (s *Store) Stats() (batches, requests int64) { return s.batches.Load(), s.committed.Load() }
