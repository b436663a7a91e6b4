package badgerstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/internal/turncheck"
)

var (
	errDuplicate      = errors.New("dedupe key committed by a concurrent turn")
	errSessionChanged = errors.New("session changed since the turn read it")
)

// Turn implements store.Store. Turns of one session are serialised in
// process (this directory has one owner); the function then runs on a
// snapshot, and the committer checks and commits its writes in a batch with
// other sessions' turns, re-running it when another turn of the batch or an
// earlier one took its slot or dedupe key.
func (s *Store) Turn(ctx context.Context, k store.TurnKey, fn store.TurnFunc) (store.TurnResult, error) {
	if err := ctx.Err(); err != nil {
		return store.TurnResult{}, err
	}
	if err := turncheck.Key(&k); err != nil {
		return store.TurnResult{}, fmt.Errorf("badgerstore: turn: %w", err)
	}
	done, err := s.enter()
	if err != nil {
		return store.TurnResult{}, err
	}
	defer done()
	unlock, err := s.locks.Lock(ctx, sessionKey{k.Business, k.Session}, s.closing, store.ErrClosed)
	if err != nil {
		return store.TurnResult{}, err
	}
	defer unlock()

	var last error
	for attempt := 1; attempt <= s.opts.MaxAttempts; attempt++ {
		if err := ctx.Err(); err != nil {
			return store.TurnResult{}, err
		}
		res, w, version, readTs, dup, err := s.run(k, fn)
		if err != nil || dup {
			return res, err
		}
		if err := turncheck.Writes(k, &w); err != nil {
			return store.TurnResult{}, fmt.Errorf("badgerstore: turn of session %s: %w", k.Session, err)
		}
		t := &turn{key: k, w: w, version: version, readTs: readTs}
		t.req = request{op: t, done: make(chan struct{})}
		err = s.submit(ctx, &t.req)
		if err == nil {
			return store.TurnResult{Reply: w.Reply}, nil
		}
		if !turncheck.IsRetry(err) {
			return store.TurnResult{}, fmt.Errorf("badgerstore: turn of session %s: %w", k.Session, err)
		}
		last = err
		s.retries.Add(1)
	}
	return store.TurnResult{}, turncheck.GiveUp("badgerstore", k, s.opts.MaxAttempts, last)
}

// run reads the dedupe mark and the session and calls fn on a snapshot.
// readTs is the snapshot's timestamp: the dedupe mark was absent at it.
func (s *Store) run(k store.TurnKey, fn store.TurnFunc) (res store.TurnResult, w store.Writes, version, readTs uint64, dup bool, err error) {
	snap := s.readTxn()
	defer snap.release()
	txn := snap.txn
	readTs = txn.ReadTs()
	if k.Dedupe != "" {
		if mark := key(k.Business, tagDedupe, k.Dedupe); s.markMayExist(k.Business, mark) {
			item, err := txn.Get(mark)
			if err == nil {
				var reply []byte
				if reply, err = markReply(txn, k.Business, item); err == nil {
					return store.TurnResult{Reply: reply, Duplicate: true}, w, 0, 0, true, nil
				}
			}
			if !errors.Is(err, badger.ErrKeyNotFound) {
				return res, w, 0, 0, false, fmt.Errorf("badgerstore: read dedupe mark: %w", err)
			}
		}
	}
	version, state, ok, err := s.readSession(txn, k.Business, k.Session)
	if err != nil {
		return res, w, 0, 0, false, fmt.Errorf("badgerstore: read session %s: %w", k.Session, err)
	}
	if !ok {
		state = nil
	}
	v := &view{txn: txn, key: k, state: state, version: version}
	w, err = fn(v)
	v.txn = nil
	return res, w, version, readTs, false, err
}

// view is the store.View of one attempt, on a read-only snapshot.
type view struct {
	txn     *badger.Txn
	key     store.TurnKey
	state   []byte
	version uint64 // of the session read; 0 if none
}

var errViewDone = errors.New("badgerstore: view used after its turn function returned")

func (v *view) Session() ([]byte, error) {
	if v.txn == nil {
		return nil, errViewDone
	}
	if v.state == nil {
		return nil, nil
	}
	return bytes.Clone(v.state), nil
}

// scan calls fn for every calendar bucket whose day [from, to) touches.
func (v *view) scan(from, to time.Time, fn func(staff string, b *bucket)) error {
	if v.txn == nil {
		return errViewDone
	}
	if !from.Before(to) {
		return nil
	}
	first, last := days(micros(from), micros(to))
	p := prefix(v.key.Business, tagBucket)
	it := v.txn.NewIterator(badger.IteratorOptions{Prefix: p, PrefetchValues: true, PrefetchSize: 16})
	defer it.Close()
	for it.Seek(appendInt(bytes.Clone(p), first)); it.Valid(); it.Next() {
		k := it.Item().Key()
		if readInt(k[len(p):]) > last {
			break
		}
		var b bucket
		if err := it.Item().Value(func(raw []byte) error { return json.Unmarshal(raw, &b) }); err != nil {
			return fmt.Errorf("badgerstore: decode calendar %q: %w", k, err)
		}
		fn(string(k[len(p)+8:]), &b)
	}
	return nil
}

func (v *view) Bookings(from, to time.Time) ([]store.Booking, error) {
	lo, hi := micros(from), micros(to)
	seen := map[string]bool{}
	var idList []string
	err := v.scan(from, to, func(_ string, b *bucket) {
		for _, e := range b.B {
			if e.S < hi && lo < e.E && !seen[e.ID] {
				seen[e.ID] = true
				idList = append(idList, e.ID)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	out, err := loadBookings(v.txn, v.key.Business, idList)
	if err != nil {
		return nil, fmt.Errorf("badgerstore: view bookings: %w", err)
	}
	sortBookings(out)
	return out, nil
}

func (v *view) Holds(from, to time.Time) ([]store.Hold, error) {
	lo, hi, now := micros(from), micros(to), micros(v.key.Now)
	seen := map[store.Hold]bool{}
	var out []store.Hold
	err := v.scan(from, to, func(staff string, b *bucket) {
		for _, e := range b.H {
			if e.S < hi && lo < e.E && e.X > now {
				h := e.hold(staff)
				if !seen[h] {
					seen[h] = true
					out = append(out, h)
				}
			}
		}
	})
	slices.SortFunc(out, func(a, b store.Hold) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		if c := cmpString(a.Staff, b.Staff); c != 0 {
			return c
		}
		return cmpString(a.Session, b.Session)
	})
	return out, err
}

func (v *view) CustomerBookings(phone string) ([]store.Booking, error) {
	if v.txn == nil {
		return nil, errViewDone
	}
	if phone == "" {
		return nil, nil
	}
	p := append(key(v.key.Business, tagPhone, phone), 0)
	it := v.txn.NewIterator(badger.IteratorOptions{Prefix: p})
	var idList []string
	for it.Rewind(); it.Valid(); it.Next() {
		idList = append(idList, string(it.Item().Key()[len(p):]))
	}
	it.Close()
	out, err := loadBookings(v.txn, v.key.Business, idList)
	if err != nil {
		return nil, fmt.Errorf("badgerstore: customer bookings: %w", err)
	}
	sortBookings(out)
	return out, nil
}

func (v *view) BookingExists(id string) (bool, error) {
	if v.txn == nil {
		return false, errViewDone
	}
	_, err := v.txn.Get(key(v.key.Business, tagBooking, id))
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("badgerstore: booking %s: %w", id, err)
	}
	return true, nil
}

func (v *view) Exchanges() ([]store.Exchange, error) {
	if v.txn == nil {
		return nil, errViewDone
	}
	var log []store.Exchange
	// A slot holds the exchange of the newest version that wrote it; one
	// older than the session's last ExchangeLog versions (or newer than
	// the session, if it was ever rewritten) is not part of the log.
	for seq := v.version; seq > 0 && seq+store.ExchangeLog > v.version; seq-- {
		raw, ok, err := getValue(v.txn, exchangeKey(v.key.Business, v.key.Session, seq))
		if err != nil {
			return nil, fmt.Errorf("badgerstore: exchange log of %s: %w", v.key.Session, err)
		}
		if got, exchange, reply, _, valid := decodeSlot(raw); ok && valid && got == seq {
			log = append(log, store.Exchange{Entry: exchange, Reply: reply})
		}
	}
	slices.Reverse(log)
	return log, nil
}

func (v *view) Record(kind, id string) (store.Record, error) {
	if v.txn == nil {
		return store.Record{}, errViewDone
	}
	var r store.Record
	if err := getJSON(v.txn, key(v.key.Business, tagRecord, kind, id), &r); err != nil {
		return store.Record{}, fmt.Errorf("badgerstore: record %s/%s: %w", kind, id, err)
	}
	return r, nil
}

func (v *view) Customer(phone string) (store.Customer, error) {
	if v.txn == nil {
		return store.Customer{}, errViewDone
	}
	var c store.Customer
	if err := getJSON(v.txn, key(v.key.Business, tagCustomer, phone), &c); err != nil {
		return store.Customer{}, fmt.Errorf("badgerstore: customer %s: %w", phone, err)
	}
	return c, nil
}

func sortBookings(bs []store.Booking) {
	slices.SortFunc(bs, func(a, b store.Booking) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return cmpString(a.ID, b.ID)
	})
}

// bucket lists what occupies one staff member on one UTC day: the confirmed
// bookings and the holds (live or not yet pruned) touching that day.
type bucket struct {
	B []bookingEntry `json:"b,omitempty"`
	H []holdEntry    `json:"h,omitempty"`
}

type bookingEntry struct {
	ID      string `json:"i"`
	S       int64  `json:"s"` // start, µs
	E       int64  `json:"e"` // block end, µs
	Session string `json:"n,omitempty"`
}

type holdEntry struct {
	S       int64  `json:"s"`
	E       int64  `json:"e"`
	X       int64  `json:"x"` // expires, µs
	Session string `json:"n"`
}

func (e holdEntry) hold(staff string) store.Hold {
	return store.Hold{Staff: staff, Start: fromMicros(e.S), End: fromMicros(e.E), Session: e.Session, Expires: fromMicros(e.X)}
}

// turn is one attempt's writes, checked and applied by the committer.
type turn struct {
	key     store.TurnKey
	w       store.Writes
	version uint64  // the session version the function read; 0 if none
	readTs  uint64  // the snapshot the function ran on, without the dedupe mark
	req     request // the turn's request to the committer (one allocation for both)
}

// apply checks the turn against the state st sees (committed data and the
// earlier turns of the batch) and stages its writes. A *turncheck.Conflict
// error means the function must run again on fresh state.
func (t *turn) apply(st *stage) error {
	k, w := t.key, t.w
	biz := k.Business
	var markKey []byte
	if k.Dedupe != "" {
		markKey = key(biz, tagDedupe, k.Dedupe)
		if ok, err := st.written(markKey, t.readTs); err != nil {
			return err
		} else if ok {
			return turncheck.Retry(errDuplicate)
		}
	}
	sessKey := key(biz, tagSession, k.Session)
	var version uint64
	if raw, ok, err := st.get(sessKey); err != nil {
		return err
	} else if ok {
		if version, _, err = decodeSession(raw); err != nil {
			return err
		}
	}
	if version != t.version {
		return turncheck.Retry(errSessionChanged)
	}

	cal := calendar{st: st, biz: biz}
	now := micros(k.Now)
	for _, id := range w.Cancel {
		var b store.Booking
		if err := st.getJSON(key(biz, tagBooking, id), &b); err != nil {
			return fmt.Errorf("cancel booking %q: %w", id, err)
		}
		if b.Status != store.StatusConfirmed {
			continue
		}
		if err := cal.removeBooking(b); err != nil {
			return err
		}
		b.Status, b.CancelledAt = store.StatusCancelled, k.Now
		if err := st.setJSON(key(biz, tagBooking, id), b); err != nil {
			return err
		}
	}
	for _, b := range w.Book {
		bk := key(biz, tagBooking, b.ID)
		if _, ok, err := st.get(bk); err != nil {
			return err
		} else if ok {
			return turncheck.Retry(fmt.Errorf("booking id %q is already used", b.ID))
		}
		e := bookingEntry{ID: b.ID, S: micros(b.Start), E: micros(b.BlockEnd), Session: b.Session}
		if err := cal.check(b.Staff, e.S, e.E, k.Session, now, true); err != nil {
			return turncheck.Retry(err)
		}
		if err := cal.each(b.Staff, e.S, e.E, func(bk *bucket) { bk.B = append(bk.B, e) }); err != nil {
			return err
		}
		if err := st.setJSON(bk, b); err != nil {
			return err
		}
		st.set(startKey(biz, micros(b.Start), b.ID), nil)
		if b.Customer.Phone != "" {
			st.set(key(biz, tagPhone, b.Customer.Phone, b.ID), nil)
		}
	}
	if w.SetHolds {
		hk := key(biz, tagHolds, k.Session)
		var old []store.Hold
		if err := st.getJSON(hk, &old); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		for _, h := range old {
			if err := cal.removeHold(h); err != nil {
				return err
			}
		}
		for _, h := range w.Holds {
			e := holdEntry{S: micros(h.Start), E: micros(h.End), X: micros(h.Expires), Session: h.Session}
			if err := cal.check(h.Staff, e.S, e.E, k.Session, now, false); err != nil {
				return turncheck.Retry(err)
			}
			err := cal.each(h.Staff, e.S, e.E, func(bk *bucket) {
				bk.H = slices.DeleteFunc(bk.H, func(o holdEntry) bool { return o.X <= now })
				bk.H = append(bk.H, e)
			})
			if err != nil {
				return err
			}
		}
		if len(w.Holds) == 0 {
			st.del(hk)
		} else if err := st.setJSON(hk, w.Holds); err != nil {
			return err
		}
	}
	if err := cal.flush(); err != nil {
		return err
	}
	if w.Session != nil {
		st.set(sessKey, encodeSession(version+1, w.Session))
	}
	// The reply goes into the exchange's slot when the session advances
	// (see replyref.go): a slot is only found again by its session version.
	replyInSlot := w.Exchange != nil && w.Session != nil
	if w.Exchange != nil {
		st.set(exchangeKey(biz, k.Session, version+1), encodeSlot(version+1, w.Exchange, w.Reply, replyInSlot))
	}
	switch {
	case markKey != nil && replyInSlot:
		st.setMeta(markKey, encodeReplyRef(version+1, k.Session), metaReplyRef)
	case markKey != nil:
		st.set(markKey, bytes.Clone(w.Reply))
	}
	if w.Customer != nil {
		ck := key(biz, tagCustomer, w.Customer.Phone)
		var old store.Customer
		if err := st.getJSON(ck, &old); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := st.setJSON(ck, turncheck.MergeCustomer(old, *w.Customer)); err != nil {
			return err
		}
	}
	for _, r := range w.Records {
		if err := st.setJSON(key(biz, tagRecord, r.Kind, r.ID), r); err != nil {
			return err
		}
	}
	for _, o := range w.Outbox {
		if err := st.setJSON(key(biz, tagOutbound, o.ID), o); err != nil {
			return err
		}
	}
	return nil
}

// calendar reads and changes the per (day, staff) buckets of one turn.
type calendar struct {
	st      *stage
	biz     string
	buckets map[string]*bucket
	order   []string
}

func (c *calendar) get(day int64, staff string) (*bucket, error) {
	k := bucketKey(c.biz, day, staff)
	if b, ok := c.buckets[string(k)]; ok {
		return b, nil
	}
	b := &bucket{}
	if err := c.st.getJSON(k, b); err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if c.buckets == nil {
		c.buckets = map[string]*bucket{} // most turns touch no bucket
	}
	c.buckets[string(k)] = b
	c.order = append(c.order, string(k))
	return b, nil
}

// each calls fn on every bucket of staff that [start, end) touches.
func (c *calendar) each(staff string, start, end int64, fn func(*bucket)) error {
	first, last := days(start, end)
	for d := first; d <= last; d++ {
		b, err := c.get(d, staff)
		if err != nil {
			return err
		}
		fn(b)
	}
	return nil
}

// check returns a *turncheck.SlotError when [start, end) of staff overlaps a
// confirmed booking (of any session when booking, of another session when
// holding) or a live hold of another session.
func (c *calendar) check(staff string, start, end int64, session string, now int64, booking bool) error {
	var slot error
	err := c.each(staff, start, end, func(b *bucket) {
		if slot != nil {
			return
		}
		for _, e := range b.B {
			if e.S < end && start < e.E && (booking || e.Session != session) {
				slot = &turncheck.SlotError{Staff: staff, Start: fromMicros(start), End: fromMicros(end), With: "booking " + e.ID}
				return
			}
		}
		for _, h := range b.H {
			if h.S < end && start < h.E && h.X > now && h.Session != session {
				slot = &turncheck.SlotError{Staff: staff, Start: fromMicros(start), End: fromMicros(end), With: "a hold of another conversation"}
				return
			}
		}
	})
	if err != nil {
		return err
	}
	return slot
}

func (c *calendar) removeBooking(b store.Booking) error {
	return c.each(b.Staff, micros(b.Start), micros(b.BlockEnd), func(bk *bucket) {
		bk.B = slices.DeleteFunc(bk.B, func(e bookingEntry) bool { return e.ID == b.ID })
	})
}

func (c *calendar) removeHold(h store.Hold) error {
	e := holdEntry{S: micros(h.Start), E: micros(h.End), X: micros(h.Expires), Session: h.Session}
	return c.each(h.Staff, e.S, e.E, func(bk *bucket) {
		bk.H = slices.DeleteFunc(bk.H, func(o holdEntry) bool { return o == e })
	})
}

// flush stages every bucket read (they are few), deleting empty ones.
func (c *calendar) flush() error {
	for _, k := range c.order {
		b := c.buckets[k]
		if len(b.B) == 0 && len(b.H) == 0 {
			c.st.del([]byte(k))
			continue
		}
		if err := c.st.setJSON([]byte(k), b); err != nil {
			return err
		}
	}
	return nil
}

func putUint64(b []byte, v uint64) { binary.BigEndian.PutUint64(b, v) }
func getUint64(b []byte) uint64    { return binary.BigEndian.Uint64(b) }
