package badgerstore

import (
	"hash/maphash"
	"math/bits"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"
)

// markFilters answers, per business, "this dedupe mark certainly does not
// exist" without reading Badger. Nearly every turn carries a fresh provider
// message id, and reading its mark from Badger finds nothing only after
// walking every memtable and every level: about 3% of the server's CPU under
// load. A Bloom filter per business answers instead:
//
//   - a background scan adds the marks the business had when its filter was
//     made (on its first turn since the store opened);
//   - the committer adds the marks of each batch before the batch becomes
//     visible to readers, under the same lock that orders the scan's
//     snapshot, so every mark is either in the snapshot or added;
//   - until the scan completes, the filter knows nothing and turns read
//     Badger as before.
//
// A filter never forgets a mark, so a mark that was deleted only costs a
// read. It grows by segments of doubling size as marks accumulate.
type markFilters struct {
	seed maphash.Seed
	byID atomic.Pointer[map[string]*markFilter] // copied on write: rare
	// mu orders the creation of a filter (its scan's snapshot) with the
	// batches becoming visible, and guards the copy of byID.
	mu sync.Mutex
}

func newMarkFilters() *markFilters {
	f := &markFilters{seed: maphash.MakeSeed()}
	f.byID.Store(&map[string]*markFilter{})
	return f
}

// markMayExist reports whether the dedupe mark key of business may exist: false
// only when its filter is complete and certain that it does not. The first
// call for a business starts its filter.
func (s *Store) markMayExist(business string, key []byte) bool {
	f := (*s.marks.byID.Load())[business]
	if f == nil {
		s.startMarkFilter(business)
		return true
	}
	return !f.ready.Load() || f.mayHave(s.marks.hash(key))
}

// startMarkFilter makes the filter of business and scans its marks in the
// background, at a snapshot taken while no batch can become visible.
func (s *Store) startMarkFilter(business string) {
	m := s.marks
	m.mu.Lock()
	old := *m.byID.Load()
	if old[business] != nil {
		m.mu.Unlock()
		return
	}
	f := newMarkFilter()
	byID := make(map[string]*markFilter, len(old)+1)
	for k, v := range old {
		byID[k] = v
	}
	byID[business] = f
	m.byID.Store(&byID)
	s.mu.RLock() // Close waits for the scans it lets start
	if s.closed {
		s.mu.RUnlock()
		m.mu.Unlock()
		return
	}
	s.scans.Add(1)
	s.mu.RUnlock()
	snap := s.readTxn()
	txn := snap.txn
	m.mu.Unlock()

	go func() {
		defer s.scans.Done()
		defer snap.release()
		p := prefix(business, tagDedupe)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: p})
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%1024 == 0 {
				select {
				case <-s.closing:
					return // never ready: turns read Badger until Close
				default:
				}
			}
			f.add(m.hash(it.Item().Key()))
		}
		f.ready.Store(true)
	}()
}

// commitMarks adds the marks of a durable batch to their businesses'
// filters, then runs publish, which makes the batch visible: a reader that
// sees the batch finds its marks in the filters.
func (s *Store) commitMarks(marks []string, publish func()) {
	m := s.marks
	m.mu.Lock()
	defer m.mu.Unlock()
	byID := *m.byID.Load()
	var last string
	var f *markFilter
	for _, k := range marks {
		biz := k[:max(0, strings.IndexByte(k, 0))]
		if f == nil || biz != last {
			f, last = byID[biz], biz
		}
		if f != nil {
			f.add(maphash.String(m.seed, k))
		}
	}
	publish()
}

func (m *markFilters) hash(key []byte) uint64 { return maphash.Bytes(m.seed, key) }

// markFilter is a scalable Bloom filter: segments of doubling capacity, each
// with about a 1% false positive rate when full; marks go to the newest.
type markFilter struct {
	ready atomic.Bool
	mu    sync.Mutex // serialises add
	segs  atomic.Pointer[[]*bloom]
}

const firstSegmentMarks = 1 << 14

func newMarkFilter() *markFilter {
	f := &markFilter{}
	segs := []*bloom{newBloom(firstSegmentMarks)}
	f.segs.Store(&segs)
	return f
}

func (f *markFilter) add(h uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	segs := *f.segs.Load()
	last := segs[len(segs)-1]
	if last.n >= last.capacity {
		grown := append(segs[:len(segs):len(segs)], newBloom(2*last.capacity))
		f.segs.Store(&grown)
		last = grown[len(grown)-1]
	}
	last.add(h)
}

func (f *markFilter) mayHave(h uint64) bool {
	for _, b := range *f.segs.Load() {
		if b.has(h) {
			return true
		}
	}
	return false
}

// bloom is a Bloom filter of 2^k bits, at least 10 per mark of its capacity,
// probed 7 times by double hashing. Bits are set and read atomically: the
// committer adds while turns read.
type bloom struct {
	words    []atomic.Uint64
	mask     uint64 // bits - 1
	capacity int
	n        int // marks added; under markFilter.mu
}

const bloomProbes = 7

func newBloom(capacity int) *bloom {
	nbits := uint64(1) << bits.Len64(uint64(capacity*10-1))
	return &bloom{words: make([]atomic.Uint64, nbits/64), mask: nbits - 1, capacity: capacity}
}

func (b *bloom) add(h uint64) {
	h2 := h>>33 | h<<31 | 1
	for i := range uint64(bloomProbes) {
		bit := (h + i*h2) & b.mask
		b.words[bit>>6].Or(1 << (bit & 63))
	}
	b.n++
}

func (b *bloom) has(h uint64) bool {
	h2 := h>>33 | h<<31 | 1
	for i := range uint64(bloomProbes) {
		bit := (h + i*h2) & b.mask
		if b.words[bit>>6].Load()&(1<<(bit&63)) == 0 {
			return false
		}
	}
	return true
}
