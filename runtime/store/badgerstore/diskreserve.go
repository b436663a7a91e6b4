package badgerstore

import (
	"errors"
	"fmt"
	"time"
)

// errDiskLow marks a turn refused because the data directory's file system
// is nearly full.
var errDiskLow = errors.New("badgerstore: the disk is nearly full")

// diskCheckEvery is how often the committer reads the free space.
const diskCheckEvery = time.Second

// reserve is the free space the store keeps on its file system. Badger
// writes its memtables and tables through memory mappings of files it
// creates at full size: on a full disk such a write kills the process
// (SIGBUS) instead of failing. So turns are refused (and /health says
// why) while less than this is free: a new memtable's file (twice its
// size), the table its flush writes, and room for a compaction.
func (o Options) reserve() uint64 {
	if o.DiskReserveBytes < 0 {
		return 0
	}
	if o.DiskReserveBytes > 0 {
		return uint64(o.DiskReserveBytes)
	}
	return uint64(4*o.MemTableSize) + 64<<20
}

// lowDisk says, reading the free space at most every diskCheckEvery, why
// the disk is too full for a turn, or nil. Committer only.
func (s *Store) lowDisk() error {
	need := s.opts.reserve()
	if need == 0 {
		return nil
	}
	if now := time.Now(); now.After(s.diskAt) {
		s.diskAt = now.Add(diskCheckEvery)
		free, ok := s.freeBytes(s.dir)
		s.diskErr = nil
		if ok && free < need {
			s.diskErr = fmt.Errorf("%w: %d MiB free in %s, under the %d MiB kept in reserve: free some space (the store takes turns again by itself)",
				errDiskLow, free>>20, s.dir, need>>20)
		}
		switch {
		case s.diskErr != nil && s.broken == nil:
			s.setHealth(s.diskErr)
			if !s.diskSaid {
				s.log.Error("store: refusing turns", "err", s.diskErr)
				s.diskSaid = true
			}
		case s.diskErr == nil && s.diskSaid:
			s.diskSaid = false
			if s.broken == nil {
				s.setHealth(nil)
			}
			s.log.Info("store: the disk has room again; turns are accepted")
		}
	}
	return s.diskErr
}
