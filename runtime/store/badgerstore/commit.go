package badgerstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/accueil-pme/accueil/runtime/store"
)

// The committer runs Badger in managed mode: it numbers its batches itself
// (one commit timestamp per batch) and readers read at s.visible, the newest
// batch that is durable. Nothing ever waits for a commit in flight except
// the callers of that commit, which keeps two things overlapping that plain
// Badger transactions serialise:
//
//   - turn functions run on the durable state while a batch syncs (a plain
//     read transaction waits for every commit in flight to finish);
//   - the committer checks and stages the next batch while the previous one
//     syncs, against that batch's writes over the durable state, and hands
//     it to Badger the moment the previous one is durable.
//
// At most one batch is in flight, so a batch is sent only once every batch
// it was checked against is durable.

// errBroken is wrapped by every write after a commit failed.
var errBroken = errors.New("an earlier commit failed")

// stage holds one request's writes over the state of the batch being built
// until the request is known to fit and pass its checks. Reads see, newest
// first: the request's own writes, the earlier requests of the batch, the
// batch in flight, then the durable state.
type stage struct {
	base   *badger.Txn            // durable state, at the newest durable batch
	cache  *sessionCache          // newest durable sessions: newer than base
	recent *recentKeys            // dedupe marks of the batches sent lately
	prev   map[string]stagedWrite // the batch in flight, read-only
	batch  map[string]stagedWrite // earlier requests of this batch
	writes map[string]stagedWrite
	order  []string
	bytes  int64
}

type stagedWrite struct {
	key  []byte // the key the map holds as a string, for Badger: no copy back
	v    []byte
	del  bool
	meta byte // Badger's user meta byte: 0, or metaReplyRef for a mark
}

func (st *stage) get(k []byte) ([]byte, bool, error) {
	if w, ok := st.writes[string(k)]; ok {
		return w.v, !w.del, nil
	}
	if w, ok := st.batch[string(k)]; ok {
		return w.v, !w.del, nil
	}
	if w, ok := st.prev[string(k)]; ok {
		return w.v, !w.del, nil
	}
	if tagOf(k) == tagSession {
		if v, ok := st.cache.get(k); ok {
			return v, true, nil
		}
	}
	return getValue(st.base, k)
}

// written reports whether the dedupe mark k exists, knowing that it was
// absent from the durable state at since.
func (st *stage) written(k []byte, since uint64) (bool, error) {
	if w, ok := st.writes[string(k)]; ok {
		return !w.del, nil
	}
	if w, ok := st.batch[string(k)]; ok {
		return !w.del, nil
	}
	if ok, known := st.recent.writtenSince(k, since); known {
		return ok, nil
	}
	_, ok, err := st.get(k)
	return ok, err
}

func (st *stage) getJSON(k []byte, v any) error {
	raw, ok, err := st.get(k)
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

func (st *stage) put(k []byte, w stagedWrite) {
	w.key = k
	if _, ok := st.writes[string(k)]; ok {
		st.writes[string(k)] = w
	} else {
		ks := string(k)
		st.order = append(st.order, ks)
		st.writes[ks] = w
	}
	st.bytes += int64(len(k) + len(w.v) + 32)
}

func (st *stage) set(k, v []byte) {
	if v == nil {
		v = []byte{}
	}
	st.put(k, stagedWrite{v: v})
}

// setMeta is set with Badger's user meta byte.
func (st *stage) setMeta(k, v []byte, meta byte) { st.put(k, stagedWrite{v: v, meta: meta}) }

func (st *stage) del(k []byte) { st.put(k, stagedWrite{del: true}) }

func (st *stage) setJSON(k []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %q: %w", k, err)
	}
	st.set(k, raw)
	return nil
}

func (st *stage) reset() {
	clear(st.writes)
	st.order = st.order[:0]
	st.bytes = 0
}

// request is work for the committer: a turn attempt or a write outside turns.
type request struct {
	state sync.Mutex // guards taken/gone
	taken bool
	gone  bool
	op    applier
	done  chan struct{}
	err   error
}

// applier stages a request's writes (see stage).
type applier interface {
	apply(st *stage) error
}

// applyFunc is a func as an applier.
type applyFunc func(st *stage) error

func (f applyFunc) apply(st *stage) error { return f(st) }

// take marks the request as being committed; false if its caller gave up.
func (r *request) take() bool {
	r.state.Lock()
	defer r.state.Unlock()
	if r.gone {
		return false
	}
	r.taken = true
	return true
}

// abandon withdraws a request the committer has not taken yet.
func (r *request) abandon() bool {
	r.state.Lock()
	defer r.state.Unlock()
	if r.taken {
		return false
	}
	r.gone = true
	return true
}

// submit hands r to the committer and waits until its batch is durable. If
// ctx ends before the committer takes r, r is withdrawn and ctx's error
// returned; once taken, submit waits for the outcome so it never reports a
// committed turn as failed.
func (s *Store) submit(ctx context.Context, r *request) error {
	select {
	case s.reqs <- r:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
		if r.abandon() {
			return ctx.Err()
		}
		<-r.done
		return r.err
	}
}

// readTxn returns a read-only transaction on the newest durable state, in
// a snapshot whose release ends it. Open read timestamps hold back the
// discard timestamp, so compaction keeps the versions they see.
func (s *Store) readTxn() *snapshot {
	s.readMu.Lock()
	ts := s.visible.Load()
	s.readers[ts]++
	s.readMu.Unlock()
	return &snapshot{s: s, txn: s.db.NewTransactionAt(ts, false), ts: ts}
}

// snapshot is a read transaction of readTxn.
type snapshot struct {
	s        *Store
	txn      *badger.Txn
	ts       uint64
	released bool
}

// release ends the snapshot's transaction; later calls do nothing.
func (r *snapshot) release() {
	if r.released {
		return
	}
	r.released = true
	r.txn.Discard()
	s := r.s
	s.readMu.Lock()
	if s.readers[r.ts]--; s.readers[r.ts] == 0 {
		delete(s.readers, r.ts)
	}
	s.readMu.Unlock()
}

// publish makes the batch at ts visible to readers and lets compaction drop
// the versions no reader can see any more.
func (s *Store) publish(ts uint64) {
	s.readMu.Lock()
	s.visible.Store(ts)
	discard := ts
	for r := range s.readers {
		discard = min(discard, r)
	}
	s.readMu.Unlock()
	s.db.SetDiscardTs(discard)
}

// batch is what one Badger transaction commits.
type batch struct {
	ts       uint64
	base     *badger.Txn // the durable state the batch is checked against
	release  func()      // releases base
	txn      *badger.Txn // the writes, staged as requests pass their checks
	txnErr   error       // staging into txn failed: the batch is not sent
	rec      []byte      // the batch's record for the write-ahead log (see logrecord.go)
	writes   map[string]stagedWrite
	marks    []string // the keys of writes that are dedupe marks
	size     int64
	count    int64
	applied  []*request // requests whose writes are in writes
	finished []*request // requests that failed their checks: answered with the batch
	done     chan struct{}
	sent     bool // handed to Badger
	err      error
	unlogged bool // Badger committed it, the write-ahead log failed to take it
}

func (b *batch) requests() int { return len(b.applied) + len(b.finished) }

// discard drops a batch that holds no request.
func (b *batch) discard() {
	b.release()
	b.txn.Discard()
}

// commitLoop is the single committer. It stages every request that arrives
// into the batch being built while the previous batch syncs, and sends that
// batch as soon as the previous one is durable.
func (s *Store) commitLoop() {
	defer close(s.committerDone)
	defer func() {
		close(s.toSend)
		<-s.senderDone
	}()
	var (
		reqs     = s.reqs
		inflight *batch
		cur      *batch
		held     *request // did not fit in cur: the first of the next batch
		prev     map[string]stagedWrite
		st       = &stage{cache: s.sessions, recent: s.recent, writes: map[string]stagedWrite{}}
	)
	for {
		if held != nil && cur == nil {
			cur = s.newBatch()
			s.stageRequest(cur, prev, st, held)
			held = nil
		}
		if inflight == nil && cur != nil && cur.requests() > 0 {
			prev = s.send(cur)
			inflight, cur = cur, nil
			continue
		}
		if inflight == nil && reqs == nil {
			if cur != nil {
				cur.discard()
			}
			return
		}
		in := reqs
		if held != nil || (cur != nil && cur.requests() >= s.opts.MaxBatch) {
			in = nil
		}
		var wait chan struct{}
		if inflight != nil {
			wait = inflight.done
		}
		var healTick <-chan time.Time
		var healTimer *time.Timer
		if inflight == nil && (s.unlogged != nil || s.diskErr != nil) {
			// Mend without waiting for a turn: a load balancer that takes
			// this host out while /health says 503 sends it none.
			d := diskCheckEvery // a full disk: read the free space again
			if s.unlogged != nil {
				d = max(time.Until(s.healAt), 10*time.Millisecond)
			}
			healTimer = time.NewTimer(d)
			healTick = healTimer.C
		}
		select {
		case <-healTick:
			if s.broken != nil && s.unlogged != nil {
				s.heal()
			}
			if s.diskErr != nil {
				s.lowDisk() // room again: Health says so without a turn
			}
		case r, ok := <-in:
			if !ok {
				reqs = nil
				continue
			}
			if cur == nil {
				cur = s.newBatch()
			}
			if !s.stageRequest(cur, prev, st, r) {
				held = r
			}
		case <-wait:
			if inflight.sent && inflight.err != nil && s.broken == nil {
				s.broken = inflight.err
				if inflight.unlogged {
					s.unlogged = inflight
				}
				s.log.Error("store: a commit failed; turns fail until it is mended", "err", s.broken)
			}
			inflight = nil
			if cur != nil && s.broken != nil {
				// Staged over a batch that failed: fail it unsent.
				s.fail(cur, s.broken)
				cur = nil
			}
			if cur != nil && cur.requests() == 0 {
				// Every request in it was withdrawn: start afresh.
				cur.discard()
				cur = nil
			}
			if cur == nil {
				// The next batch reads the batch that was in flight from
				// the durable state. cur, if any, is sent next and keeps
				// reading it from prev: its base predates it.
				prev = nil
			}
		}
		if healTimer != nil {
			healTimer.Stop()
		}
	}
}

func (s *Store) newBatch() *batch {
	snap := s.readTxn()
	b := &batch{
		base:    snap.txn,
		release: snap.release,
		txn:     s.db.NewTransactionAt(snap.txn.ReadTs(), true),
		// Sized as the last batch: growing a map from empty rehashes it
		// several times per batch.
		writes: make(map[string]stagedWrite, s.lastWrites),
		done:   make(chan struct{}),
	}
	if s.wal != nil {
		var buf []byte
		select {
		case buf = <-s.recBufs:
		default:
		}
		b.rec = newRecord(buf)
	}
	return b
}

// stageRequest checks r against the batch and stages its writes; false
// means r does not fit and must start the next batch.
func (s *Store) stageRequest(b *batch, prev map[string]stagedWrite, st *stage, r *request) bool {
	if !r.take() {
		return true
	}
	if s.broken != nil && s.unlogged != nil {
		s.heal()
	}
	if s.broken != nil {
		r.err = fmt.Errorf("%w: %w", errBroken, s.broken)
		b.finished = append(b.finished, r)
		return true
	}
	if err := s.lowDisk(); err != nil {
		r.err = err
		b.finished = append(b.finished, r)
		return true
	}
	st.base, st.prev, st.batch = b.base, prev, b.writes
	st.reset()
	err := r.op.apply(st)
	if err == nil && (b.size+st.bytes > s.maxSize || b.count+int64(len(st.order)) > s.maxCount) {
		if len(b.applied) > 0 {
			return false
		}
		err = fmt.Errorf("turn writes %d bytes, more than a transaction holds (%d): raise MemTableSize", st.bytes, s.maxSize)
	}
	if err != nil {
		r.err = err
		b.finished = append(b.finished, r)
		return true
	}
	for _, k := range st.order {
		w := st.writes[k]
		if _, ok := b.writes[k]; !ok && tagOf(k) == tagDedupe {
			b.marks = append(b.marks, k)
		}
		b.writes[k] = w
		if b.txnErr != nil {
			continue
		}
		var expiresAt uint64
		switch {
		case w.del:
			b.txnErr = b.txn.Delete(w.key)
		case tagOf(k) == tagDedupe && (s.opts.DedupeRetention > 0 || w.meta != 0):
			e := badger.NewEntry(w.key, w.v).WithMeta(w.meta)
			if s.opts.DedupeRetention > 0 {
				e = e.WithTTL(s.opts.DedupeRetention)
			}
			expiresAt = e.ExpiresAt
			b.txnErr = b.txn.SetEntry(e)
		default:
			b.txnErr = b.txn.Set(w.key, w.v)
		}
		if s.wal != nil {
			b.rec = appendWrite(b.rec, k, w, expiresAt)
		}
	}
	b.size += st.bytes
	b.count += int64(len(st.order))
	b.applied = append(b.applied, r)
	return true
}

// healRetry is how often the committer tries again to append the batch the
// write-ahead log failed to take.
const healRetry = time.Second

// heal appends and syncs again the record of the batch the log failed to
// take (s.unlogged), at most every healRetry, and on success finishes that
// batch's commit (it becomes visible, its dedupe marks count) and accepts
// turns again. Badger has the batch, so no other state needs mending; its
// turns were answered with an error, and their retries find their marks.
// The committer calls it with no batch in flight: the log writer is idle.
func (s *Store) heal() {
	if time.Now().Before(s.healAt) {
		return
	}
	b := s.unlogged
	s.toLog <- b.rec
	if err := <-s.logged; err != nil {
		s.healAt = time.Now().Add(healRetry)
		return
	}
	s.sessions.commit(b.writes, b.ts)
	s.commitMarks(b.marks, func() { s.publish(b.ts) })
	s.unlogged, s.broken = nil, nil
	s.setHealth(nil)
	s.log.Info("store: the write-ahead log takes records again; turns are accepted")
}

// setHealth records why turns fail (nil: they do not).
func (s *Store) setHealth(err error) {
	if err == nil {
		s.health.Store(nil)
		return
	}
	s.health.Store(&err)
}

// Health returns nil while the store accepts turns, and otherwise why not:
// a commit failed (a full disk, say) and the store mends itself once the
// write-ahead log takes records again, or, when Badger itself failed, it
// must be reopened (the server restarted).
func (s *Store) Health() error {
	if p := s.health.Load(); p != nil {
		return *p
	}
	return nil
}

// send hands b to the sender goroutine, which commits it to Badger while
// the log writer syncs its record, then makes it visible to readers and
// answers b's requests. It returns b's writes, which the next batch reads
// over the durable state.
func (s *Store) send(b *batch) map[string]stagedWrite {
	b.release()
	b.base = nil
	s.lastWrites = len(b.writes)
	if len(b.applied) == 0 {
		b.txn.Discard()
		s.finish(b, nil)
		return nil
	}
	if b.txnErr != nil {
		// Part of a request may be in txn: give up the whole batch.
		b.txn.Discard()
		s.finish(b, fmt.Errorf("stage writes: %w", b.txnErr))
		return nil
	}
	s.lastTs++
	b.ts = s.lastTs
	s.batches.Add(1)
	s.committed.Add(int64(len(b.applied)))
	b.sent = true
	// A commit that fails breaks the store, so its marks never mislead.
	s.recent.add(b.ts, b.marks, b.writes)
	if b.rec != nil {
		setRecordTs(b.rec, b.ts)
	}
	s.toSend <- b // never blocks: at most one batch is in flight
	return b.writes
}

// sendLoop commits the batches the committer sends, one at a time.
//
// It is its own goroutine, and it commits synchronously, for latency: a
// batch's commit waits for Badger's writer goroutine, which the Go
// scheduler runs only once this goroutine blocks. Handing the batch over
// with Badger's asynchronous CommitAt would instead start a callback
// goroutine that takes the writer's place at the head of the run queue,
// leaving the writer behind every runnable turn: under load that waited
// ~0.3-0.5 ms per batch, more than the two disk syncs themselves.
func (s *Store) sendLoop() {
	defer close(s.senderDone)
	if s.wal != nil {
		go s.logLoop()
		defer func() {
			close(s.toLog)
			<-s.loggerDone
		}()
	}
	for b := range s.toSend {
		s.commitBatch(b)
	}
}

// logLoop appends each record the sender hands it to the write-ahead log
// and syncs it, while the sender commits the same batch to Badger: the
// batch's disk sync and Badger's work on it (its memtable, on the CPU)
// overlap instead of following each other, which shortens every batch by
// the shorter of the two.
func (s *Store) logLoop() {
	defer close(s.loggerDone)
	for rec := range s.toLog {
		s.logged <- s.appendLog(rec)
	}
}

// appendAndSync is the log writer's work on one record.
func (s *Store) appendAndSync(rec []byte) error {
	err := s.wal.Append(rec)
	if err == nil {
		err = s.wal.Sync()
	}
	return err
}

// commitBatch makes b durable and visible, then answers its requests.
//
// The record goes to the log while Badger applies the batch. The log's
// checkpoints need every earlier record applied when one is appended, and
// they are: the previous batch was applied before this one was sent. Either
// step may fail without the other: the requests then get the error and the
// store is broken (a batch only the log refused is appended again: see
// heal), and a record the log did sync is replayed at
// the next Open, so those turns may turn out committed; their retries then
// find the dedupe mark, as after any commit whose answer was lost.
func (s *Store) commitBatch(b *batch) {
	if s.wal != nil {
		s.toLog <- b.rec
	}
	err := b.txn.CommitAt(b.ts, nil)
	if err != nil {
		err = fmt.Errorf("commit: %w", err)
	}
	if s.wal != nil {
		if logErr := <-s.logged; logErr != nil {
			if err == nil {
				// Badger has the batch, the log does not: kept to be
				// appended again (see heal).
				err = fmt.Errorf("commit: %w", logErr)
				b.unlogged = true
			}
		} else {
			select {
			case s.recBufs <- b.rec:
			default:
			}
		}
		if !b.unlogged {
			b.rec = nil
		}
	}
	if err != nil {
		s.setHealth(err) // before the turns hear of it
		s.finish(b, err)
		return
	}
	s.sessions.commit(b.writes, b.ts)
	s.commitMarks(b.marks, func() { s.publish(b.ts) })
	s.finish(b, nil)
}

// finish answers b's requests: the applied ones with err, the others with
// their own error. Conflicting requests learn their fate only now, so that
// their retry reads a snapshot holding the turns that beat them. b.done is
// closed first: the committer sends the next batch while they wake up.
func (s *Store) finish(b *batch, err error) {
	b.err = err
	close(b.done)
	for _, r := range b.applied {
		r.err = err
		close(r.done)
	}
	for _, r := range b.finished {
		close(r.done)
	}
}

// fail answers every request of a batch that is not sent.
func (s *Store) fail(b *batch, err error) {
	b.release()
	b.txn.Discard()
	for _, r := range b.applied {
		r.err = fmt.Errorf("%w: %w", errBroken, err)
	}
	b.applied = append(b.applied, b.finished...)
	b.finished = nil
	for _, r := range b.applied {
		close(r.done)
	}
	close(b.done)
}
