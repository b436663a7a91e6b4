package badgerstore

import "sync"

// sessionCache holds the newest durable value of the sessions used lately,
// so that a turn reads its session without walking Badger's levels (twice:
// once for the turn function, once for the committer's version check).
//
// It is coherent because this process is the directory's only writer: the
// committer puts every session a batch writes into the cache once the batch
// is durable, before its turns are answered, so the next turn of a session
// finds the value the previous one wrote. A value read from Badger on a miss
// comes from a snapshot at some read timestamp; it is added only when no
// session written after that timestamp is in the cache or was evicted from
// it, so a late fill can never hide a newer commit. Eviction is random; an
// evicted session costs one Badger read the next time it is used.
type sessionCache struct {
	mu      sync.Mutex
	m       map[string]cachedSession // session key → newest durable value
	bytes   int64
	max     int64  // ≤ 0: disabled
	evicted uint64 // the newest commit timestamp of an entry evicted or deleted
}

type cachedSession struct {
	v  []byte // encoded session (version, state); never modified
	ts uint64 // the batch that wrote it, or the snapshot it was read at
}

// entryOverhead approximates what a map entry costs beyond its key and
// value bytes.
const entryOverhead = 64

func newSessionCache(maxBytes int64) *sessionCache {
	return &sessionCache{m: map[string]cachedSession{}, max: maxBytes}
}

// get returns the cached encoded session of key k. The value must not be
// modified.
func (c *sessionCache) get(k []byte) ([]byte, bool) {
	if c.max <= 0 {
		return nil, false
	}
	c.mu.Lock()
	e, ok := c.m[string(k)]
	c.mu.Unlock()
	return e.v, ok
}

// fill adds v, read from a snapshot at readTs, unless a newer write of any
// session may have been cached since: the entry itself, or an eviction.
func (c *sessionCache) fill(k []byte, v []byte, readTs uint64) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if readTs < c.evicted {
		return
	}
	if e, ok := c.m[string(k)]; ok && e.ts >= readTs {
		return
	}
	c.putLocked(string(k), cachedSession{v: v, ts: readTs})
}

// commit records the session writes of the batch at ts, now durable.
func (c *sessionCache) commit(writes map[string]stagedWrite, ts uint64) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, w := range writes {
		if tagOf(k) != tagSession {
			continue
		}
		if w.del {
			c.deleteLocked(k)
			c.evicted = max(c.evicted, ts)
			continue
		}
		if e, ok := c.m[k]; ok && e.ts > ts {
			continue // batches are applied in order; this is belt and braces
		}
		c.putLocked(k, cachedSession{v: w.v, ts: ts})
	}
}

func (c *sessionCache) putLocked(k string, e cachedSession) {
	if old, ok := c.m[k]; ok {
		c.bytes -= int64(len(old.v))
	} else {
		c.bytes += int64(len(k) + entryOverhead)
	}
	c.m[k] = e
	c.bytes += int64(len(e.v))
	if c.bytes <= c.max {
		return
	}
	// Evict at random (map order) down to 90% of the budget, keeping k.
	for ek, ee := range c.m {
		if c.bytes <= c.max*9/10 {
			break
		}
		if ek != k {
			c.deleteLocked(ek)
			c.evicted = max(c.evicted, ee.ts)
		}
	}
	if c.bytes > c.max { // larger than the whole budget
		c.deleteLocked(k)
		c.evicted = max(c.evicted, e.ts)
	}
}

func (c *sessionCache) deleteLocked(k string) {
	if old, ok := c.m[k]; ok {
		c.bytes -= int64(len(k) + entryOverhead + len(old.v))
		delete(c.m, k)
	}
}
