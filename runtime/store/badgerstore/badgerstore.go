package badgerstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore/internal/wal"
	"github.com/accueil-pme/accueil/runtime/store/internal/keylock"
	"github.com/accueil-pme/accueil/runtime/store/internal/turncheck"
)

// Options configures a Store. The zero value is durable and ready to use.
type Options struct {
	// NoSync, when true, acknowledges turns before they are synced to disk:
	// faster, but a power cut or a kernel crash can lose acknowledged turns
	// (a killed process loses nothing). The zero value syncs every batch:
	// each is appended to the store's write-ahead log, synced, before its
	// turns are answered (see the package doc).
	NoSync bool `json:"no_sync,omitempty"`
	// LogSegmentSize is the size in bytes of the write-ahead log's segment
	// files, in the directory's "wal" folder. The log keeps the segment in
	// use, a spare, and up to four full segments waiting for Badger to
	// flush their records: 2 to 6 segments on disk. 0 means 16 MiB.
	LogSegmentSize int64 `json:"log_segment_size,omitempty"`
	// GCInterval is how often the value log is garbage collected.
	// 0 means 5 minutes; a negative value disables the collection.
	GCInterval time.Duration `json:"gc_interval,omitempty"`
	// GCDiscardRatio is the fraction of stale data that makes a value log
	// file worth rewriting. 0 means 0.5.
	GCDiscardRatio float64 `json:"gc_discard_ratio,omitempty"`
	// MaxBatch is how many waiting turns the committer merges into one
	// synced transaction. 0 means 256; 1 commits every turn on its own.
	MaxBatch int `json:"max_batch,omitempty"`
	// DedupeRetention is how long a dedupe mark (and the reply stored with
	// it) is kept: Badger then treats it as absent and drops it at its next
	// compaction. 0 means store.DefaultDedupeRetention; a negative value
	// keeps marks forever.
	DedupeRetention time.Duration `json:"dedupe_retention,omitempty"`
	// MaxAttempts is how many times a conflicting turn runs before Turn
	// returns store.ErrConflict. 0 means 10.
	MaxAttempts int `json:"max_attempts,omitempty"`
	// MemTableSize is Badger's memtable size in bytes; it also bounds a
	// batch (15% of it). 0 means 16 MiB, not Badger's 64 MiB: the
	// write-ahead log keeps a segment until the memtables holding its
	// records are flushed, so smaller memtables keep the log short (64 MiB
	// measured no faster, docs/benchmarks.md).
	MemTableSize int64 `json:"mem_table_size,omitempty"`
	// SessionCacheBytes bounds the in-memory copy of recently used
	// sessions, which spares a turn two Badger reads of its session.
	// 0 means 32 MiB; a negative value disables the cache.
	SessionCacheBytes int64 `json:"session_cache_bytes,omitempty"`
	// DiskReserveBytes is the free space kept on the data directory's file
	// system: below it, Open fails and turns are refused (Health says why)
	// until there is room again. Badger writes through memory mappings, and
	// on a full disk such a write kills the process. 0 means four memtables
	// and 64 MiB (128 MiB by default); a negative value keeps none.
	DiskReserveBytes int64 `json:"disk_reserve_bytes,omitempty"`
	// Logger receives Badger's warnings and errors and the store's own
	// (value log GC failures). nil means slog.Default().
	Logger *slog.Logger `json:"-"`
}

func (o Options) withDefaults() Options {
	if o.GCInterval == 0 {
		o.GCInterval = 5 * time.Minute
	}
	if o.GCDiscardRatio == 0 {
		o.GCDiscardRatio = 0.5
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 256
	}
	if o.DedupeRetention == 0 {
		o.DedupeRetention = store.DefaultDedupeRetention
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = turncheck.DefaultMaxAttempts
	}
	if o.MemTableSize <= 0 {
		o.MemTableSize = 16 << 20
	}
	if o.SessionCacheBytes == 0 {
		o.SessionCacheBytes = 32 << 20
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Store is a store.Store in a Badger directory. It is safe for concurrent
// use; only one process may open a directory at a time.
type Store struct {
	db    *badger.DB
	dir   string
	wal   *wal.Log // nil with NoSync
	opts  Options
	log   *slog.Logger
	locks keylock.Locks[sessionKey]
	// sessions caches the newest durable value of recent sessions.
	sessions *sessionCache
	recent   *recentKeys // committer only
	marks    *markFilters
	scans    sync.WaitGroup // mark filter scans

	reqs          chan *request
	committerDone chan struct{}
	toSend        chan *batch // committer → sender, at most one batch in flight
	recBufs       chan []byte // batch record buffers, back from the sender
	senderDone    chan struct{}
	toLog         chan []byte   // sender → log writer: a batch's record (with a log only)
	logged        chan error    // log writer → sender: the record is synced, or why not
	loggerDone    chan struct{} // the log writer returned
	gcStop        chan struct{}
	gcDone        chan struct{}

	batches   atomic.Int64 // committed transactions, for tests
	committed atomic.Int64 // requests in them
	retries   atomic.Int64 // turn attempts that conflicted and ran again

	// Badger runs in managed mode: batch n commits at timestamp n and
	// visible is the newest durable one, which readers read at.
	visible atomic.Uint64
	readMu  sync.Mutex
	readers map[uint64]int // open read timestamps → count
	lastTs  uint64         // committer only
	broken  error          // committer only: the commit that failed
	// Committer only: the free space read last (see lowDisk), and when to
	// read it again; freeBytes reads it (tests replace it).
	diskAt    time.Time
	diskErr   error
	diskSaid  bool
	freeBytes func(dir string) (uint64, bool)
	// unlogged is the batch Badger committed and the log failed to take
	// (a full disk): while it is set the store is broken, and the
	// committer appends it again before taking new turns (see heal).
	unlogged *batch                // committer only
	healAt   time.Time             // committer only: no heal attempt before
	health   atomic.Pointer[error] // why turns fail, nil while they are accepted
	// appendLog appends and syncs a record; tests replace it to fail.
	appendLog func(rec []byte) error
	maxSize   int64 // bytes in one batch
	maxCount  int64 // entries in one batch

	mu       sync.RWMutex
	closed   bool
	closing  chan struct{}
	inflight sync.WaitGroup
	exit     func() // inflight.Done, made once: enter returns it

	lastWrites int // writes of the last batch sent; the committer's alone
}

// Open opens (creating if needed) the store in dir.
//
// # Errors
//
// Open fails when dir cannot be created or is already open in another
// process (Badger's directory lock), or when the data in it is corrupt.
func Open(dir string, opts Options) (*Store, error) {
	opts = opts.withDefaults()
	if need := opts.reserve(); need > 0 {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("badgerstore: open %s: %w", dir, err)
		}
		if free, ok := freeBytes(dir); ok && free < need {
			return nil, fmt.Errorf("badgerstore: open %s: %w: %d MiB free, under the %d MiB kept in reserve (Badger writes through memory mappings, and a full disk would kill the server): free some space",
				dir, errDiskLow, free>>20, need>>20)
		}
	}
	bo := badger.DefaultOptions(dir).
		WithSyncWrites(false). // the write-ahead log makes batches durable

		WithDetectConflicts(false). // the committer is the only writer and checks conflicts itself
		WithNumVersionsToKeep(1).
		WithMemTableSize(opts.MemTableSize).
		WithMetricsEnabled(false). // expvar counters on every read and write; nothing reads them
		WithCompression(options.None).
		WithBlockCacheSize(0).
		WithLogger(badgerLogger{opts.Logger})
	db, err := badger.OpenManaged(bo)
	if err != nil {
		return nil, fmt.Errorf("badgerstore: open %s: %w", dir, err)
	}
	log, err := openLog(db, dir, opts)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("badgerstore: open %s: %w", dir, err)
	}
	s := &Store{
		db:            db,
		dir:           dir,
		wal:           log,
		recBufs:       make(chan []byte, 2),
		opts:          opts,
		log:           opts.Logger,
		reqs:          make(chan *request, opts.MaxBatch),
		committerDone: make(chan struct{}),
		toSend:        make(chan *batch, 1),
		senderDone:    make(chan struct{}),
		toLog:         make(chan []byte),
		logged:        make(chan error, 1),
		loggerDone:    make(chan struct{}),
		gcStop:        make(chan struct{}),
		gcDone:        make(chan struct{}),
		closing:       make(chan struct{}),
		readers:       map[uint64]int{},
		freeBytes:     freeBytes,
		sessions:      newSessionCache(opts.SessionCacheBytes),
		recent:        newRecentKeys(db.MaxVersion(), 256),
		marks:         newMarkFilters(),
		lastTs:        db.MaxVersion(),
		maxSize:       db.MaxBatchSize() * 8 / 10,
		maxCount:      db.MaxBatchCount() * 8 / 10,
	}
	s.appendLog = s.appendAndSync
	s.exit = s.inflight.Done
	s.publish(s.lastTs)
	go s.sendLoop()
	go s.commitLoop()
	go s.gcLoop()
	return s, nil
}

// Close stops accepting work, lets the turns in flight finish, commits what
// is queued, stops the value log GC and closes the database. Calling it again
// returns nil.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.closing)
	s.mu.Unlock()

	s.inflight.Wait()
	close(s.reqs)
	<-s.committerDone
	close(s.gcStop)
	<-s.gcDone
	s.scans.Wait()
	var err error
	if s.wal != nil {
		// Closing Badger flushes its memtables to synced tables: the log's
		// records are then no longer needed.
		err = s.wal.Close(s.db.Close)
	} else {
		err = s.db.Close()
	}
	if err != nil {
		return fmt.Errorf("badgerstore: close: %w", err)
	}
	return nil
}

// syncBadgerFiles makes every write Badger has accepted durable, synced or
// not: the write-ahead log's checkpoint. Badger writes through memory
// mappings of its memtables' logs (*.mem) and value log (*.vlog); fsync on
// a file flushes what was written through any mapping of it. Tables and the
// manifest Badger syncs itself. A memtable log removed meanwhile was
// flushed to a table first.
func syncBadgerFiles(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".mem") && !strings.HasSuffix(name, ".vlog") {
			continue
		}
		f, err := os.Open(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
		err = f.Sync()
		f.Close()
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("checkpoint: sync %s: %w", name, err)
		}
	}
	if runtime.GOOS == "windows" {
		return nil // a directory handle cannot be synced there
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("checkpoint: sync %s: %w", dir, err)
	}
	return nil
}

// openLog opens the write-ahead log in dir/wal, replaying into db what a
// crash left in it. With opts.NoSync it only does that, then drops the log
// and returns nil.
func openLog(db *badger.DB, dir string, opts Options) (*wal.Log, error) {
	path := filepath.Join(dir, "wal")
	if opts.NoSync {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
	}
	replayed := 0
	log, err := wal.Open(path, wal.Options{
		SegmentSize: opts.LogSegmentSize,
		Checkpoint:  func() error { return syncBadgerFiles(dir) },
		// A segment is no longer needed once Badger has flushed every
		// memtable that was in use when it was retired: the flush writes a
		// synced table, then removes the memtable's log.
		Horizon: func() (uint64, error) {
			fids, err := memtableFids(dir)
			return slices.Max(append(fids, 0)), err
		},
		Persisted: func(mark uint64) (bool, error) {
			fids, err := memtableFids(dir)
			return err == nil && (len(fids) == 0 || slices.Min(fids) > mark), err
		},
		Logger: opts.Logger,
	}, func(payload []byte) error {
		replayed++
		return replayRecord(db, payload)
	})
	if err != nil {
		return nil, err
	}
	if replayed > 0 {
		opts.Logger.Info("badgerstore: replayed the write-ahead log", "batches", replayed, "dir", path)
	}
	if opts.NoSync {
		// Badger's files are synced by the replay's checkpoint: the log's
		// records are no longer needed.
		return nil, log.Close(func() error { return nil })
	}
	return log, nil
}

// memtableFids returns the file ids of Badger's memtable logs in dir
// ("00042.mem"): the memtables not yet flushed to tables.
func memtableFids(dir string) ([]uint64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var fids []uint64
	for _, e := range entries {
		base, ok := strings.CutSuffix(e.Name(), ".mem")
		if !ok {
			continue
		}
		fid, err := strconv.ParseUint(base, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("unexpected memtable file %s", e.Name())
		}
		fids = append(fids, fid)
	}
	return fids, nil
}

// replayRecord writes a batch's record back into Badger, at the batch's
// timestamp.
func replayRecord(db *badger.DB, payload []byte) error {
	var txn *badger.Txn
	ts, err := decodeRecord(payload, func(e *badger.Entry, del bool) error {
		if del {
			return txn.Delete(e.Key)
		}
		return txn.SetEntry(e)
	}, func(ts uint64) { txn = db.NewTransactionAt(ts, true) })
	if err != nil {
		if txn != nil {
			txn.Discard()
		}
		return err
	}
	if err := txn.CommitAt(ts, nil); err != nil {
		return fmt.Errorf("replay batch %d: %w", ts, err)
	}
	return nil
}

// enter registers a call in flight; it fails with ErrClosed after Close.
func (s *Store) enter() (func(), error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, store.ErrClosed
	}
	s.inflight.Add(1)
	return s.exit, nil
}

func (s *Store) gcLoop() {
	defer close(s.gcDone)
	if s.opts.GCInterval < 0 {
		<-s.gcStop
		return
	}
	tick := time.NewTicker(s.opts.GCInterval)
	defer tick.Stop()
	for {
		select {
		case <-s.gcStop:
			return
		case <-tick.C:
			s.collect()
		}
	}
}

// collect runs value log GC until a pass rewrites nothing.
func (s *Store) collect() {
	for {
		select {
		case <-s.gcStop:
			return
		default:
		}
		err := s.db.RunValueLogGC(s.opts.GCDiscardRatio)
		if err == nil {
			continue
		}
		if !errors.Is(err, badger.ErrNoRewrite) && !errors.Is(err, badger.ErrRejected) {
			s.log.Warn("badgerstore: value log GC failed", "err", err)
		}
		return
	}
}

// view runs fn in a read-only transaction, after checking ctx and Close.
func (s *Store) view(ctx context.Context, business string, fn func(txn *badger.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := turncheck.Name("business", business); err != nil {
		return fmt.Errorf("badgerstore: %w", err)
	}
	done, err := s.enter()
	if err != nil {
		return err
	}
	defer done()
	snap := s.readTxn()
	defer snap.release()
	return fn(snap.txn)
}

// Bookings implements store.Store.
func (s *Store) Bookings(ctx context.Context, business string, from, to time.Time) ([]store.Booking, error) {
	var out []store.Booking
	err := s.view(ctx, business, func(txn *badger.Txn) error {
		if !from.Before(to) {
			return nil
		}
		p := prefix(business, tagStart)
		lo, hi := startKey(business, micros(from), ""), startKey(business, micros(to), "")
		it := txn.NewIterator(badger.IteratorOptions{Prefix: p})
		defer it.Close()
		var idList []string
		for it.Seek(lo); it.Valid(); it.Next() {
			k := it.Item().Key()
			if bytes.Compare(k, hi) >= 0 {
				break
			}
			idList = append(idList, string(k[len(p)+8:]))
		}
		var err error
		out, err = loadBookings(txn, business, idList)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("badgerstore: list bookings: %w", err)
	}
	return out, nil
}

func loadBookings(txn *badger.Txn, business string, idList []string) ([]store.Booking, error) {
	out := make([]store.Booking, 0, len(idList))
	for _, id := range idList {
		var b store.Booking
		if err := getJSON(txn, key(business, tagBooking, id), &b); err != nil {
			return nil, fmt.Errorf("booking %s: %w", id, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// CommitStats returns the committer's counters.
func (s *Store) CommitStats() store.CommitStats {
	return store.CommitStats{Commits: s.batches.Load(), Turns: s.committed.Load(), Retries: s.retries.Load()}
}

// Session implements store.Store.
func (s *Store) Session(ctx context.Context, business, session string) ([]byte, error) {
	var out []byte
	err := s.view(ctx, business, func(txn *badger.Txn) error {
		_, st, ok, err := s.readSession(txn, business, session)
		if err != nil {
			return err
		}
		if !ok {
			return store.ErrNotFound
		}
		out = bytes.Clone(st) // st may be the cache's
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("badgerstore: session %s: %w", session, err)
	}
	return out, nil
}

// readSession reads a session from the cache, or from txn (the durable
// state) on a miss. The state returned must not be modified.
func (s *Store) readSession(txn *badger.Txn, business, session string) (version uint64, state []byte, ok bool, err error) {
	k := key(business, tagSession, session)
	v, ok := s.sessions.get(k)
	if !ok {
		if v, ok, err = getValue(txn, k); err != nil || !ok {
			return 0, nil, false, err
		}
		s.sessions.fill(k, v, txn.ReadTs())
	}
	version, state, err = decodeSession(v)
	return version, state, err == nil, err
}

func encodeSession(version uint64, state []byte) []byte {
	v := make([]byte, 8, 8+len(state))
	putUint64(v, version)
	return append(v, state...)
}

func decodeSession(v []byte) (uint64, []byte, error) {
	if len(v) < 8 {
		return 0, nil, errors.New("corrupt session value")
	}
	return getUint64(v), v[8:], nil
}

// PutRecord implements store.Store.
func (s *Store) PutRecord(ctx context.Context, business string, r store.Record) error {
	if err := turncheck.Name("business", business); err != nil {
		return fmt.Errorf("badgerstore: put record: %w", err)
	}
	if err := turncheck.Record(time.Now(), &r); err != nil {
		return fmt.Errorf("badgerstore: put record: %w", err)
	}
	err := s.write(ctx, func(st *stage) error {
		return st.setJSON(key(business, tagRecord, r.Kind, r.ID), r)
	})
	if err != nil {
		return fmt.Errorf("badgerstore: put record %s/%s: %w", r.Kind, r.ID, err)
	}
	return nil
}

// Record implements store.Store.
func (s *Store) Record(ctx context.Context, business, kind, id string) (store.Record, error) {
	var r store.Record
	err := s.view(ctx, business, func(txn *badger.Txn) error {
		return getJSON(txn, key(business, tagRecord, kind, id), &r)
	})
	if err != nil {
		return store.Record{}, fmt.Errorf("badgerstore: record %s/%s: %w", kind, id, err)
	}
	return r, nil
}

// Records implements store.Store.
func (s *Store) Records(ctx context.Context, business, kind string) ([]store.Record, error) {
	var out []store.Record
	err := s.view(ctx, business, func(txn *badger.Txn) error {
		return scanJSON(txn, append(key(business, tagRecord, kind), 0), func(r store.Record) { out = append(out, r) })
	})
	if err != nil {
		return nil, fmt.Errorf("badgerstore: records %s: %w", kind, err)
	}
	slices.SortStableFunc(out, func(a, b store.Record) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmpString(a.ID, b.ID)
	})
	return out, nil
}

// Outbox implements store.Store.
func (s *Store) Outbox(ctx context.Context, business string, now time.Time) ([]store.Outbound, error) {
	var out []store.Outbound
	err := s.view(ctx, business, func(txn *badger.Txn) error {
		return scanJSON(txn, prefix(business, tagOutbound), func(o store.Outbound) {
			if !o.NotBefore.After(now) {
				out = append(out, o)
			}
		})
	})
	if err != nil {
		return nil, fmt.Errorf("badgerstore: outbox: %w", err)
	}
	slices.SortStableFunc(out, func(a, b store.Outbound) int {
		if c := a.NotBefore.Compare(b.NotBefore); c != 0 {
			return c
		}
		return cmpString(a.ID, b.ID)
	})
	return out, nil
}

// AckOutbox implements store.Store.
func (s *Store) AckOutbox(ctx context.Context, business string, ids ...string) error {
	if err := turncheck.Name("business", business); err != nil {
		return fmt.Errorf("badgerstore: ack outbox: %w", err)
	}
	err := s.write(ctx, func(st *stage) error {
		for _, id := range ids {
			st.del(key(business, tagOutbound, id))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("badgerstore: ack outbox: %w", err)
	}
	return nil
}

// write commits apply through the committer, outside a turn.
func (s *Store) write(ctx context.Context, apply func(st *stage) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	done, err := s.enter()
	if err != nil {
		return err
	}
	defer done()
	return s.submit(ctx, &request{op: applyFunc(apply), done: make(chan struct{})})
}

func getValue(txn *badger.Txn, k []byte) ([]byte, bool, error) {
	item, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	v, err := item.ValueCopy(nil)
	return v, err == nil, err
}

func getJSON(txn *badger.Txn, k []byte, v any) error {
	raw, ok, err := getValue(txn, k)
	if err != nil {
		return err
	}
	if !ok {
		return store.ErrNotFound
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("decode %q: %w", k, err)
	}
	return nil
}

func scanJSON[T any](txn *badger.Txn, p []byte, fn func(T)) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: p, PrefetchValues: true, PrefetchSize: 64})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var v T
		err := it.Item().Value(func(raw []byte) error { return json.Unmarshal(raw, &v) })
		if err != nil {
			return fmt.Errorf("decode %q: %w", it.Item().Key(), err)
		}
		fn(v)
	}
	return nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// badgerLogger sends Badger's logs to slog; its chatty info goes to debug.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any)   { b.l.Error("badger: " + trim(fmt.Sprintf(f, a...))) }
func (b badgerLogger) Warningf(f string, a ...any) { b.l.Warn("badger: " + trim(fmt.Sprintf(f, a...))) }
func (b badgerLogger) Infof(f string, a ...any)    { b.debug(f, a) }
func (b badgerLogger) Debugf(f string, a ...any)   { b.debug(f, a) }

// debug formats only when debug logs are on: Badger logs four lines per
// write.
func (b badgerLogger) debug(f string, a []any) {
	if b.l.Enabled(context.Background(), slog.LevelDebug) {
		b.l.Debug("badger: " + trim(fmt.Sprintf(f, a...)))
	}
}

func trim(s string) string { return string(bytes.TrimSpace([]byte(s))) }

var _ store.Store = (*Store)(nil)

// sessionKey names a conversation for the in-process session locks.
type sessionKey struct{ business, session string }
