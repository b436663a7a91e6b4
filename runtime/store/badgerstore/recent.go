package badgerstore

// recentKeys remembers the dedupe marks written by the last batches the
// committer sent, so that checking a turn's mark rarely reads Badger. The
// turn function's snapshot found the mark absent; the committer only needs
// to know whether a batch sent since that snapshot wrote it, and recentKeys
// answers that without a read when it still holds every such batch. A miss
// in Badger walks the memtables and every level's filters, and a fresh
// mark is always a miss. Only the committer goroutine uses it.
type recentKeys struct {
	m     map[string]recentWrite // mark → its newest write among the batches held
	held  []recentBatch          // the batches held, oldest first
	first uint64                 // every batch from first on is held
	max   int                    // batches held at most
}

type recentWrite struct {
	ts  uint64
	del bool
}

type recentBatch struct {
	ts   uint64
	keys []string
}

// newRecentKeys starts after the batch at lastTs: nothing newer exists.
func newRecentKeys(lastTs uint64, max int) *recentKeys {
	return &recentKeys{m: map[string]recentWrite{}, first: lastTs + 1, max: max}
}

// add records the dedupe marks, the keys of writes that are marks, sent in
// the batch at ts. Every batch sent must be added, in order.
func (r *recentKeys) add(ts uint64, marks []string, writes map[string]stagedWrite) {
	b := recentBatch{ts: ts, keys: marks}
	for _, k := range marks {
		r.m[k] = recentWrite{ts: ts, del: writes[k].del}
	}
	r.held = append(r.held, b)
	if len(r.held) <= r.max {
		return
	}
	old := r.held[0]
	r.held[0] = recentBatch{}
	r.held = r.held[1:]
	for _, k := range old.keys {
		if r.m[k].ts == old.ts {
			delete(r.m, k)
		}
	}
	r.first = old.ts + 1
}

// writtenSince reports whether mark k exists after the batches sent since
// the snapshot at since, given that it was absent at since. known is false
// when some batch after since is no longer held: the caller must read.
func (r *recentKeys) writtenSince(k []byte, since uint64) (written, known bool) {
	if since+1 < r.first {
		return false, false
	}
	w, ok := r.m[string(k)]
	return ok && w.ts > since && !w.del, true
}
