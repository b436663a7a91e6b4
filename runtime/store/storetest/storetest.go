// Package storetest is the conformance suite every [store.Store] backend
// runs. It checks the turn transaction (dedupe, atomicity, per-session
// ordering) and, above all, that two sessions can never hold or book the same
// slot of the same staff member, however their turns interleave.
//
// A backend's test calls [Run] with a function opening a new, empty store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store {
//			s, err := badgerstore.Open(t.TempDir(), badgerstore.Options{})
//			if err != nil {
//				t.Fatal(err)
//			}
//			return s
//		})
//	}
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
)

// Run runs the conformance suite. open is called once per subtest and must
// return a new, empty store; Run closes it when the subtest ends (and some
// subtests close it earlier, so Close must tolerate being called twice).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"TurnCommits", testTurnCommits},
		{"InvalidKey", testInvalidKey},
		{"Dedupe", testDedupe},
		{"DedupeEmptyKey", testDedupeEmptyKey},
		{"DedupeConcurrentSameSession", testDedupeConcurrentSameSession},
		{"DedupeConcurrentAcrossSessions", testDedupeConcurrentAcrossSessions},
		{"TurnErrorCommitsNothing", testTurnErrorCommitsNothing},
		{"CanceledContext", testCanceledContext},
		{"ContextWhileWaiting", testContextWhileWaiting},
		{"SessionOrdering", testSessionOrdering},
		{"SessionsIndependent", testSessionsIndependent},
		{"BookAndView", testBookAndView},
		{"InvalidBooking", testInvalidBooking},
		{"BlindBookingConflict", testBlindBookingConflict},
		{"OverlapWithinWrites", testOverlapWithinWrites},
		{"DuplicateBookingID", testDuplicateBookingID},
		{"BookingRetrySeesWinner", testBookingRetrySeesWinner},
		{"BookingNonOverlapRace", testBookingNonOverlapRace},
		{"HoldBlocksOtherSessions", testHoldBlocksOtherSessions},
		{"ExpiredHoldDoesNotBlock", testExpiredHoldDoesNotBlock},
		{"OwnHoldDoesNotBlock", testOwnHoldDoesNotBlock},
		{"SetHoldsReplaces", testSetHoldsReplaces},
		{"HoldAgainstBooking", testHoldAgainstBooking},
		{"HoldRace", testHoldRace},
		{"CancelThenBook", testCancelThenBook},
		{"CancelUnknown", testCancelUnknown},
		{"Reschedule", testReschedule},
		{"ExchangeLog", testExchangeLog},
		{"ExchangeNeedsSession", testExchangeNeedsSession},
		{"Customer", testCustomer},
		{"CustomerBookings", testCustomerBookings},
		{"BookingExists", testBookingExists},
		{"BookingsRange", testBookingsRange},
		{"Records", testRecords},
		{"Outbox", testOutbox},
		{"BusinessIsolation", testBusinessIsolation},
		{"Close", testClose},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

const biz = "salon-lumiere"

// day is the calendar day most tests book on; now is the turn clock, the day
// before, so every slot of day is in the future.
var (
	day = time.Date(2030, 3, 4, 0, 0, 0, 0, time.UTC)
	now = day.Add(-24 * time.Hour).Add(10 * time.Hour)
)

// at returns day at hh:mm.
func at(hh, mm int) time.Time {
	return day.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

func key(session, dedupe string) store.TurnKey {
	return store.TurnKey{Business: biz, Session: session, Dedupe: dedupe, Now: now}
}

func booking(id, staff string, start time.Time, d time.Duration) store.Booking {
	return store.Booking{
		ID:       id,
		Service:  "coupe",
		Staff:    staff,
		Start:    start,
		End:      start.Add(d),
		BlockEnd: start.Add(d),
		Channel:  "whatsapp",
		Customer: store.Customer{Phone: "+33639980012", Name: "Camille"},
		Session:  "whatsapp:+33639980012",
	}
}

func hold(staff string, start time.Time, d time.Duration, expires time.Time) store.Hold {
	return store.Hold{Staff: staff, Start: start, End: start.Add(d), Expires: expires}
}

func ctxOf(t *testing.T) context.Context { return t.Context() }

// mustTurn runs a turn and fails the test on error.
func mustTurn(t *testing.T, s store.Store, k store.TurnKey, fn store.TurnFunc) store.TurnResult {
	t.Helper()
	res, err := s.Turn(ctxOf(t), k, fn)
	if err != nil {
		t.Fatalf("Turn(%s, %q): %v", k.Session, k.Dedupe, err)
	}
	return res
}

// write returns a TurnFunc committing w.
func write(w store.Writes) store.TurnFunc {
	return func(store.View) (store.Writes, error) { return w, nil }
}

func overlaps(aStart, aEnd, bStart, bEnd time.Time) bool {
	return aStart.Before(bEnd) && bStart.Before(aEnd)
}

func allBookings(t *testing.T, s store.Store, business string) []store.Booking {
	t.Helper()
	bs, err := s.Bookings(ctxOf(t), business, day.Add(-48*time.Hour), day.Add(72*time.Hour))
	if err != nil {
		t.Fatalf("Bookings: %v", err)
	}
	return bs
}

func confirmed(bs []store.Booking) []store.Booking {
	var out []store.Booking
	for _, b := range bs {
		if b.Status == store.StatusConfirmed {
			out = append(out, b)
		}
	}
	return out
}

func ids(bs []store.Booking) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.ID
	}
	return out
}

// viewBookings reads View.Bookings over the whole test day.
func viewBookings(t *testing.T, s store.Store, session string) []store.Booking {
	t.Helper()
	var got []store.Booking
	_, err := s.Turn(ctxOf(t), key(session, ""), func(v store.View) (store.Writes, error) {
		bs, err := v.Bookings(day, day.Add(24*time.Hour))
		got = bs
		return store.Writes{}, err
	})
	if err != nil {
		t.Fatalf("Turn reading bookings: %v", err)
	}
	return got
}

func viewHolds(t *testing.T, s store.Store, k store.TurnKey, from, to time.Time) []store.Hold {
	t.Helper()
	var got []store.Hold
	_, err := s.Turn(ctxOf(t), k, func(v store.View) (store.Writes, error) {
		hs, err := v.Holds(from, to)
		got = hs
		return store.Writes{}, err
	})
	if err != nil {
		t.Fatalf("Turn reading holds: %v", err)
	}
	return got
}

// assertNoOverlap fails when two confirmed bookings of one staff member, or a
// live hold and a booking or hold of different sessions, overlap.
func assertNoOverlap(t *testing.T, bs []store.Booking, hs []store.Hold) {
	t.Helper()
	bs = confirmed(bs)
	for i := range bs {
		for j := i + 1; j < len(bs); j++ {
			a, b := bs[i], bs[j]
			if a.Staff == b.Staff && overlaps(a.Start, a.BlockEnd, b.Start, b.BlockEnd) {
				t.Errorf("bookings %s [%s, %s) and %s [%s, %s) of %s overlap", a.ID, a.Start, a.BlockEnd, b.ID, b.Start, b.BlockEnd, a.Staff)
			}
		}
	}
	for i, h := range hs {
		for _, b := range bs {
			if h.Staff == b.Staff && h.Session != b.Session && overlaps(h.Start, h.End, b.Start, b.BlockEnd) {
				t.Errorf("hold of %s overlaps booking %s of %s", h.Session, b.ID, b.Session)
			}
		}
		for _, o := range hs[i+1:] {
			if h.Staff == o.Staff && h.Session != o.Session && overlaps(h.Start, h.End, o.Start, o.End) {
				t.Errorf("holds of %s and %s overlap on %s", h.Session, o.Session, h.Staff)
			}
		}
	}
}

func counterFn(seen *int) store.TurnFunc {
	return func(v store.View) (store.Writes, error) {
		st, err := v.Session()
		if err != nil {
			return store.Writes{}, err
		}
		n := 0
		if st != nil {
			n, err = strconv.Atoi(string(st))
			if err != nil {
				return store.Writes{}, fmt.Errorf("bad counter %q: %w", st, err)
			}
		}
		if seen != nil {
			*seen = n
		}
		next := []byte(strconv.Itoa(n + 1))
		return store.Writes{Session: next, Reply: next}, nil
	}
}

func sessionString(t *testing.T, s store.Store, business, session string) string {
	t.Helper()
	st, err := s.Session(ctxOf(t), business, session)
	if err != nil {
		t.Fatalf("Session(%s, %s): %v", business, session, err)
	}
	return string(st)
}

func testTurnCommits(t *testing.T, s store.Store) {
	if _, err := s.Session(ctxOf(t), biz, "web:1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Session before any turn: err = %v, want ErrNotFound", err)
	}
	var first []byte = []byte("sentinel")
	res := mustTurn(t, s, key("web:1", "m1"), func(v store.View) (store.Writes, error) {
		st, err := v.Session()
		first = st
		return store.Writes{Session: []byte(`{"step":"greet"}`), Reply: []byte("Bonjour")}, err
	})
	if first != nil {
		t.Errorf("View.Session of a new session = %q, want nil", first)
	}
	if res.Duplicate || string(res.Reply) != "Bonjour" {
		t.Errorf("result = %+v, want reply Bonjour, not duplicate", res)
	}
	if got := sessionString(t, s, biz, "web:1"); got != `{"step":"greet"}` {
		t.Errorf("Session = %q", got)
	}
	// A nil Session leaves the state unchanged.
	mustTurn(t, s, key("web:1", "m2"), func(v store.View) (store.Writes, error) {
		st, err := v.Session()
		if string(st) != `{"step":"greet"}` {
			t.Errorf("View.Session = %q", st)
		}
		return store.Writes{Reply: []byte("ok")}, err
	})
	if got := sessionString(t, s, biz, "web:1"); got != `{"step":"greet"}` {
		t.Errorf("Session after a turn without state = %q", got)
	}
	if _, err := s.Session(ctxOf(t), biz, "web:2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Session of another session: err = %v, want ErrNotFound", err)
	}
}

func testInvalidKey(t *testing.T, s store.Store) {
	for _, k := range []store.TurnKey{
		{Session: "web:1", Now: now},
		{Business: biz, Now: now},
	} {
		called := false
		_, err := s.Turn(ctxOf(t), k, func(store.View) (store.Writes, error) {
			called = true
			return store.Writes{}, nil
		})
		if err == nil || called {
			t.Errorf("Turn(%+v): err = %v, fn called = %v; want an error and no call", k, err, called)
		}
	}
}

func testDedupe(t *testing.T, s store.Store) {
	calls := 0
	fn := func(v store.View) (store.Writes, error) {
		calls++
		return store.Writes{Session: []byte("s" + strconv.Itoa(calls)), Reply: []byte("réponse " + strconv.Itoa(calls))}, nil
	}
	res := mustTurn(t, s, key("whatsapp:+33600000001", "SM1"), fn)
	if res.Duplicate || string(res.Reply) != "réponse 1" {
		t.Fatalf("first turn = %+v", res)
	}
	res = mustTurn(t, s, key("whatsapp:+33600000001", "SM1"), fn)
	if !res.Duplicate || string(res.Reply) != "réponse 1" {
		t.Errorf("second turn = {%q, %v}, want the stored reply and Duplicate", res.Reply, res.Duplicate)
	}
	if calls != 1 {
		t.Errorf("fn called %d times, want 1", calls)
	}
	if got := sessionString(t, s, biz, "whatsapp:+33600000001"); got != "s1" {
		t.Errorf("session = %q, want s1 (the duplicate must not write)", got)
	}
	// The dedupe key is the business's, whatever the session.
	res = mustTurn(t, s, key("voice:call-9", "SM1"), fn)
	if !res.Duplicate || calls != 1 {
		t.Errorf("same dedupe key from another session: %+v, calls %d; want Duplicate", res, calls)
	}
	// A new key runs again; an empty reply is stored and returned as empty.
	res = mustTurn(t, s, key("whatsapp:+33600000001", "SM2"), write(store.Writes{}))
	if res.Duplicate || len(res.Reply) != 0 {
		t.Errorf("turn with empty reply = %+v", res)
	}
	res = mustTurn(t, s, key("whatsapp:+33600000001", "SM2"), fn)
	if !res.Duplicate || len(res.Reply) != 0 {
		t.Errorf("duplicate of an empty reply = %+v", res)
	}
}

func testDedupeEmptyKey(t *testing.T, s store.Store) {
	for i := 1; i <= 3; i++ {
		res := mustTurn(t, s, key("web:1", ""), counterFn(nil))
		if res.Duplicate || string(res.Reply) != strconv.Itoa(i) {
			t.Errorf("turn %d without dedupe key = %+v", i, res)
		}
	}
}

func testDedupeConcurrentSameSession(t *testing.T, s store.Store) {
	dedupeConcurrent(t, s, func(int) string { return "whatsapp:+33600000002" })
	if got := sessionString(t, s, biz, "whatsapp:+33600000002"); got != "1" {
		t.Errorf("session = %q, want 1", got)
	}
}

func testDedupeConcurrentAcrossSessions(t *testing.T, s store.Store) {
	dedupeConcurrent(t, s, func(i int) string { return "web:" + strconv.Itoa(i) })
}

// dedupeConcurrent sends the same dedupe key from 8 goroutines: exactly one
// turn commits and every other one gets its reply as a duplicate.
func dedupeConcurrent(t *testing.T, s store.Store, session func(i int) string) {
	const n = 8
	var (
		wg      sync.WaitGroup
		results [n]store.TurnResult
		errs    [n]error
	)
	for i := range n {
		wg.Go(func() {
			results[i], errs[i] = s.Turn(ctxOf(t), key(session(i), "SMdup"), func(v store.View) (store.Writes, error) {
				w, err := counterFn(nil)(v)
				w.Reply = []byte("from " + session(i))
				return w, err
			})
		})
	}
	wg.Wait()
	fresh := 0
	var reply []byte
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("turn %d: %v", i, errs[i])
		}
		if !results[i].Duplicate {
			fresh++
			reply = results[i].Reply
		}
	}
	if fresh != 1 {
		t.Fatalf("%d turns committed the same dedupe key, want 1", fresh)
	}
	for i := range n {
		if !bytes.Equal(results[i].Reply, reply) {
			t.Errorf("turn %d reply = %q, want the committed %q", i, results[i].Reply, reply)
		}
	}
}

var errBoom = errors.New("engine exploded")

func testTurnErrorCommitsNothing(t *testing.T, s store.Store) {
	mustTurn(t, s, key("web:1", "m0"), write(store.Writes{Session: []byte("before")}))
	_, err := s.Turn(ctxOf(t), key("web:1", "m1"), func(store.View) (store.Writes, error) {
		return store.Writes{
			Session:  []byte("after"),
			Reply:    []byte("never"),
			Book:     []store.Booking{booking("B1", "marie", at(10, 0), time.Hour)},
			SetHolds: true,
			Holds:    []store.Hold{hold("marie", at(14, 0), time.Hour, now.Add(time.Hour))},
			Customer: &store.Customer{Phone: "+33639980012", Name: "Camille"},
			Records:  []store.Record{{Kind: "note", ID: "n1", At: now, Data: []byte("x")}},
			Outbox:   []store.Outbound{{ID: "o1", Channel: "whatsapp", To: "+33639980012", NotBefore: now, Body: []byte("x")}},
		}, errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("Turn error = %v, want the fn's error", err)
	}
	if got := sessionString(t, s, biz, "web:1"); got != "before" {
		t.Errorf("session = %q, want before", got)
	}
	if bs := allBookings(t, s, biz); len(bs) != 0 {
		t.Errorf("bookings = %v, want none", ids(bs))
	}
	if hs := viewHolds(t, s, key("web:2", ""), day, day.Add(24*time.Hour)); len(hs) != 0 {
		t.Errorf("holds = %v, want none", hs)
	}
	if _, err := s.Record(ctxOf(t), biz, "note", "n1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Record: err = %v, want ErrNotFound", err)
	}
	if out, err := s.Outbox(ctxOf(t), biz, now.Add(time.Hour)); err != nil || len(out) != 0 {
		t.Errorf("Outbox = %v, %v; want empty", out, err)
	}
	mustTurn(t, s, key("web:1", ""), func(v store.View) (store.Writes, error) {
		if _, err := v.Customer("+33639980012"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Customer: err = %v, want ErrNotFound", err)
		}
		return store.Writes{}, nil
	})
	// The dedupe mark was not committed: the same key runs again.
	res := mustTurn(t, s, key("web:1", "m1"), write(store.Writes{Reply: []byte("second")}))
	if res.Duplicate || string(res.Reply) != "second" {
		t.Errorf("retry after error = %+v, want a fresh run", res)
	}
}

func testCanceledContext(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(ctxOf(t))
	cancel()
	called := false
	_, err := s.Turn(ctx, key("web:1", "m1"), func(store.View) (store.Writes, error) {
		called = true
		return store.Writes{Session: []byte("x")}, nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Turn with a canceled context: err = %v, want context.Canceled", err)
	}
	if called {
		t.Errorf("fn was called with a canceled context")
	}
	if _, err := s.Session(ctxOf(t), biz, "web:1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Session: err = %v, want ErrNotFound", err)
	}
}

// testContextWhileWaiting checks that a turn queued behind another turn of
// its session gives up when its context ends, without running.
func testContextWhileWaiting(t *testing.T, s store.Store) {
	entered, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		_, err := s.Turn(ctxOf(t), key("web:1", "m1"), func(store.View) (store.Writes, error) {
			close(entered)
			<-release
			return store.Writes{Session: []byte("first")}, nil
		})
		first <- err
	}()
	<-entered
	ctx, cancel := context.WithTimeout(ctxOf(t), 200*time.Millisecond)
	defer cancel()
	called := false
	_, err := s.Turn(ctx, key("web:1", "m2"), func(store.View) (store.Writes, error) {
		called = true
		return store.Writes{Session: []byte("second")}, nil
	})
	if !errors.Is(err, context.DeadlineExceeded) || called {
		t.Errorf("turn waiting behind its session: err = %v, fn called = %v; want context.DeadlineExceeded, no call", err, called)
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatalf("first turn: %v", err)
	}
	if got := sessionString(t, s, biz, "web:1"); got != "first" {
		t.Errorf("session = %q, want first", got)
	}
	// The store still works for that session.
	mustTurn(t, s, key("web:1", "m3"), write(store.Writes{Session: []byte("third")}))
	if got := sessionString(t, s, biz, "web:1"); got != "third" {
		t.Errorf("session = %q, want third", got)
	}
}

// testSessionOrdering increments one counter from many goroutines: every
// turn must see the state the previous one left, so no update is lost and no
// two turns see the same value.
func testSessionOrdering(t *testing.T, s store.Store) {
	const workers, each = 16, 8
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seen = map[int]int{}
	)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				var n int
				res, err := s.Turn(ctxOf(t), key("whatsapp:+33600000003", fmt.Sprintf("w%d-%d", w, i)), func(v store.View) (store.Writes, error) {
					return counterFn(&n)(v)
				})
				if err != nil {
					t.Errorf("worker %d turn %d: %v", w, i, err)
					return
				}
				if string(res.Reply) != strconv.Itoa(n+1) {
					t.Errorf("reply %q does not follow the value %d the committed fn saw", res.Reply, n)
				}
				mu.Lock()
				seen[n]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if got, want := sessionString(t, s, biz, "whatsapp:+33600000003"), strconv.Itoa(workers*each); got != want {
		t.Errorf("counter = %s, want %s (lost updates)", got, want)
	}
	for n, c := range seen {
		if c != 1 {
			t.Errorf("%d committed turns started from counter %d", c, n)
		}
	}
}

func testSessionsIndependent(t *testing.T, s store.Store) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 5 {
				if _, err := s.Turn(ctxOf(t), key("web:"+strconv.Itoa(i), fmt.Sprintf("%d-%d", i, j)), counterFn(nil)); err != nil {
					t.Errorf("session %d: %v", i, err)
				}
			}
		})
	}
	wg.Wait()
	for i := range 8 {
		if got := sessionString(t, s, biz, "web:"+strconv.Itoa(i)); got != "5" {
			t.Errorf("session %d counter = %s, want 5", i, got)
		}
	}
}

func testBookAndView(t *testing.T, s store.Store) {
	b1 := booking("B1", "marie", at(10, 0), time.Hour)
	b1.BlockEnd = at(11, 15) // a 15-minute buffer
	b2 := booking("B2", "paul", at(10, 0), 30*time.Minute)
	res := mustTurn(t, s, key("whatsapp:+33639980012", "m1"), write(store.Writes{Book: []store.Booking{b1, b2}, Reply: []byte("booked")}))
	if string(res.Reply) != "booked" {
		t.Fatalf("reply = %q", res.Reply)
	}
	got := allBookings(t, s, biz)
	if len(got) != 2 {
		t.Fatalf("bookings = %v, want B1 and B2", ids(got))
	}
	byID := map[string]store.Booking{}
	for _, b := range got {
		byID[b.ID] = b
	}
	g := byID["B1"]
	if g.Status != store.StatusConfirmed || !g.Start.Equal(b1.Start) || !g.End.Equal(b1.End) || !g.BlockEnd.Equal(b1.BlockEnd) ||
		g.Staff != "marie" || g.Service != "coupe" || g.Channel != "whatsapp" || g.Customer != b1.Customer || g.Session != b1.Session {
		t.Errorf("stored B1 = %+v, want %+v confirmed", g, b1)
	}
	if !g.CancelledAt.IsZero() {
		t.Errorf("B1.CancelledAt = %v, want zero", g.CancelledAt)
	}
	// Views see confirmed bookings overlapping the range, half-open.
	cases := []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"whole day", day, day.Add(24 * time.Hour), []string{"B1", "B2"}},
		{"inside", at(10, 15), at(10, 45), []string{"B1", "B2"}},
		{"buffer only", at(11, 0), at(11, 10), []string{"B1"}},
		{"ends at start", at(9, 0), at(10, 0), nil},
		{"starts at block end", at(11, 15), at(12, 0), nil},
		{"other day", day.Add(24 * time.Hour), day.Add(48 * time.Hour), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mustTurn(t, s, key("web:1", ""), func(v store.View) (store.Writes, error) {
				bs, err := v.Bookings(c.from, c.to)
				if err != nil {
					return store.Writes{}, err
				}
				got := ids(bs)
				slices.Sort(got)
				if !slices.Equal(got, c.want) {
					t.Errorf("View.Bookings(%s, %s) = %v, want %v", c.from, c.to, got, c.want)
				}
				return store.Writes{}, nil
			})
		})
	}
	// A booking right after the buffer, and one for another staff member at
	// the same time, both fit.
	mustTurn(t, s, key("web:1", "m2"), write(store.Writes{Book: []store.Booking{
		booking("B3", "marie", at(11, 15), time.Hour),
		booking("B4", "lea", at(10, 0), time.Hour),
	}}))
	if n := len(allBookings(t, s, biz)); n != 4 {
		t.Errorf("%d bookings, want 4", n)
	}
}

func testInvalidBooking(t *testing.T, s store.Store) {
	cases := map[string]store.Booking{
		"no id":            booking("", "marie", at(10, 0), time.Hour),
		"end before start": booking("B1", "marie", at(10, 0), -time.Hour),
		"empty interval":   booking("B1", "marie", at(10, 0), 0),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := s.Turn(ctxOf(t), key("web:1", "m-"+name), write(store.Writes{Session: []byte("x"), Book: []store.Booking{b}}))
			if err == nil {
				t.Fatalf("booking %+v was accepted", b)
			}
			if bs := allBookings(t, s, biz); len(bs) != 0 {
				t.Errorf("bookings = %v", ids(bs))
			}
		})
	}
	if _, err := s.Session(ctxOf(t), biz, "web:1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an invalid turn committed its session: %v", err)
	}
}

// testBlindBookingConflict books over an existing booking without looking:
// the store keeps re-running the fn, then gives up with ErrConflict wrapping
// ErrSlotTaken, and commits nothing.
func testBlindBookingConflict(t *testing.T, s store.Store) {
	mustTurn(t, s, key("web:1", "m1"), write(store.Writes{Book: []store.Booking{booking("B1", "marie", at(10, 0), time.Hour)}}))
	calls := 0
	_, err := s.Turn(ctxOf(t), key("web:2", "m2"), func(store.View) (store.Writes, error) {
		calls++
		return store.Writes{Session: []byte("x"), Book: []store.Booking{booking("B2", "marie", at(10, 30), time.Hour)}}, nil
	})
	if !errors.Is(err, store.ErrConflict) || !errors.Is(err, store.ErrSlotTaken) {
		t.Fatalf("overlapping booking: err = %v, want ErrConflict and ErrSlotTaken", err)
	}
	if calls < 1 {
		t.Errorf("fn called %d times", calls)
	}
	if got := ids(allBookings(t, s, biz)); !slices.Equal(got, []string{"B1"}) {
		t.Errorf("bookings = %v, want [B1]", got)
	}
	if _, err := s.Session(ctxOf(t), biz, "web:2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the failed turn committed its session: %v", err)
	}
	res := mustTurn(t, s, key("web:2", "m2"), write(store.Writes{Reply: []byte("again")}))
	if res.Duplicate {
		t.Errorf("the failed turn committed its dedupe mark")
	}
}

func testOverlapWithinWrites(t *testing.T, s store.Store) {
	_, err := s.Turn(ctxOf(t), key("web:1", "m1"), write(store.Writes{Book: []store.Booking{
		booking("B1", "marie", at(10, 0), time.Hour),
		booking("B2", "marie", at(10, 59), time.Hour),
	}}))
	if !errors.Is(err, store.ErrSlotTaken) {
		t.Errorf("two overlapping bookings in one Writes: err = %v, want ErrSlotTaken", err)
	}
	if bs := allBookings(t, s, biz); len(bs) != 0 {
		t.Errorf("bookings = %v, want none", ids(bs))
	}
}

func testDuplicateBookingID(t *testing.T, s store.Store) {
	mustTurn(t, s, key("web:1", "m1"), write(store.Writes{Book: []store.Booking{booking("B1", "marie", at(10, 0), time.Hour)}}))
	_, err := s.Turn(ctxOf(t), key("web:2", "m2"), write(store.Writes{Book: []store.Booking{booking("B1", "paul", at(15, 0), time.Hour)}}))
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("booking an existing ID: err = %v, want ErrConflict", err)
	}
	bs := allBookings(t, s, biz)
	if len(bs) != 1 || bs[0].Staff != "marie" {
		t.Errorf("bookings = %+v, want the first B1 only", bs)
	}
}

// bookIfFree books b unless the view shows a confirmed booking or another
// session's live hold overlapping it; it records what it saw.
func bookIfFree(b store.Booking, seen *[]store.Booking) store.TurnFunc {
	return func(v store.View) (store.Writes, error) {
		bs, err := v.Bookings(b.Start, b.BlockEnd)
		if err != nil {
			return store.Writes{}, err
		}
		hs, err := v.Holds(b.Start, b.BlockEnd)
		if err != nil {
			return store.Writes{}, err
		}
		if seen != nil {
			*seen = bs
		}
		for _, o := range bs {
			if o.Staff == b.Staff {
				return store.Writes{Reply: []byte("taken by " + o.ID)}, nil
			}
		}
		for _, h := range hs {
			if h.Staff == b.Staff && h.Session != b.Session {
				return store.Writes{Reply: []byte("held by " + h.Session)}, nil
			}
		}
		return store.Writes{Book: []store.Booking{b}, Reply: []byte("booked " + b.ID)}, nil
	}
}

// testBookingRetrySeesWinner makes two sessions compute a booking of the same
// slot at the same time: one commits, and the other's fn runs again and sees
// the winner's booking.
func testBookingRetrySeesWinner(t *testing.T, s store.Store) {
	var (
		arrived sync.WaitGroup
		ready   = make(chan struct{})
		wg      sync.WaitGroup
		calls   [2]atomic.Int32
		seen    [2][]store.Booking
		results [2]store.TurnResult
		errs    [2]error
	)
	arrived.Add(2)
	go func() { arrived.Wait(); close(ready) }()
	for i := range 2 {
		wg.Go(func() {
			b := booking("B"+strconv.Itoa(i), "marie", at(10, 0), time.Hour)
			b.Session = "web:" + strconv.Itoa(i)
			inner := bookIfFree(b, &seen[i])
			results[i], errs[i] = s.Turn(ctxOf(t), key(b.Session, "m"+strconv.Itoa(i)), func(v store.View) (store.Writes, error) {
				w, err := inner(v)
				if calls[i].Add(1) == 1 {
					arrived.Done()
					select {
					case <-ready:
					case <-time.After(5 * time.Second):
						t.Logf("session %d: the other turn's fn did not run concurrently", i)
					}
				}
				return w, err
			})
		})
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Fatalf("turn %d: %v", i, errs[i])
		}
	}
	bs := allBookings(t, s, biz)
	if len(bs) != 1 {
		t.Fatalf("bookings = %v, want exactly one", ids(bs))
	}
	winner := bs[0].ID
	loser := 1
	if winner == "B1" {
		loser = 0
	}
	if string(results[1-loser].Reply) != "booked "+winner {
		t.Errorf("winner reply = %q", results[1-loser].Reply)
	}
	if string(results[loser].Reply) != "taken by "+winner {
		t.Errorf("loser reply = %q, want taken by %s", results[loser].Reply, winner)
	}
	if calls[loser].Load() < 2 {
		t.Errorf("loser fn called %d times, want a re-run", calls[loser].Load())
	}
	if got := ids(seen[loser]); !slices.Equal(got, []string{winner}) {
		t.Errorf("loser's last view of bookings = %v, want [%s]", got, winner)
	}
}

// testBookingNonOverlapRace lets many sessions race for overlapping slots of
// two staff members: the committed bookings never overlap, and every session
// that did not book saw a booking that overlaps its slot, so exactly a
// maximal non-overlapping set commits.
func testBookingNonOverlapRace(t *testing.T, s store.Store) {
	const perStaff = 20
	type want struct {
		b     store.Booking
		reply string
	}
	wants := make([]want, 0, 2*perStaff)
	for _, staff := range []string{"marie", "paul"} {
		for i := range perStaff {
			b := booking(fmt.Sprintf("%s-%02d", staff, i), staff, at(9, 0).Add(time.Duration(i)*20*time.Minute), 50*time.Minute)
			b.BlockEnd = b.End.Add(10 * time.Minute)
			b.Session = fmt.Sprintf("web:%s-%d", staff, i)
			wants = append(wants, want{b: b})
		}
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range wants {
		wg.Go(func() {
			<-start
			res, err := s.Turn(ctxOf(t), key(wants[i].b.Session, "race-"+wants[i].b.ID), bookIfFree(wants[i].b, nil))
			if err != nil {
				t.Errorf("%s: %v", wants[i].b.ID, err)
				return
			}
			wants[i].reply = string(res.Reply)
		})
	}
	close(start)
	wg.Wait()
	bs := allBookings(t, s, biz)
	assertNoOverlap(t, bs, nil)
	committed := map[string]store.Booking{}
	for _, b := range bs {
		committed[b.ID] = b
	}
	for _, w := range wants {
		_, ok := committed[w.b.ID]
		switch {
		case ok && w.reply != "booked "+w.b.ID:
			t.Errorf("%s committed but replied %q", w.b.ID, w.reply)
		case !ok && w.reply == "booked "+w.b.ID:
			t.Errorf("%s replied booked but is not stored", w.b.ID)
		case !ok:
			var other string
			if _, err := fmt.Sscanf(w.reply, "taken by %s", &other); err != nil {
				t.Errorf("%s reply = %q", w.b.ID, w.reply)
				continue
			}
			o, found := committed[other]
			if !found || o.Staff != w.b.Staff || !overlaps(o.Start, o.BlockEnd, w.b.Start, w.b.BlockEnd) {
				t.Errorf("%s lost to %s, which is not a committed overlapping booking", w.b.ID, other)
			}
		}
	}
	if len(committed) < 2*perStaff/5 { // a maximal set of these intervals has at least one in five
		t.Errorf("only %d bookings committed out of %d requests", len(committed), len(wants))
	}
}

func testHoldBlocksOtherSessions(t *testing.T, s store.Store) {
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{SetHolds: true, Holds: []store.Hold{hold("marie", at(10, 0), time.Hour, now.Add(10*time.Minute))}}))
	hs := viewHolds(t, s, key("web:b", ""), at(10, 30), at(10, 45))
	if len(hs) != 1 || hs[0].Session != "web:a" || hs[0].Staff != "marie" || !hs[0].Start.Equal(at(10, 0)) ||
		!hs[0].End.Equal(at(11, 0)) || !hs[0].Expires.Equal(now.Add(10*time.Minute)) {
		t.Fatalf("View.Holds = %+v, want web:a's hold", hs)
	}
	b := booking("B1", "marie", at(10, 30), time.Hour)
	b.Session = "web:b"
	_, err := s.Turn(ctxOf(t), key("web:b", "b1"), write(store.Writes{Book: []store.Booking{b}}))
	if !errors.Is(err, store.ErrSlotTaken) || !errors.Is(err, store.ErrConflict) {
		t.Errorf("booking over another session's live hold: err = %v, want ErrConflict and ErrSlotTaken", err)
	}
	_, err = s.Turn(ctxOf(t), key("web:b", "b2"), write(store.Writes{SetHolds: true, Holds: []store.Hold{hold("marie", at(9, 30), time.Hour, now.Add(time.Hour))}}))
	if !errors.Is(err, store.ErrSlotTaken) {
		t.Errorf("hold over another session's live hold: err = %v, want ErrSlotTaken", err)
	}
	// Adjacent slots and other staff members are free.
	mustTurn(t, s, key("web:b", "b3"), write(store.Writes{
		SetHolds: true,
		Holds:    []store.Hold{hold("marie", at(11, 0), time.Hour, now.Add(time.Hour)), hold("paul", at(10, 0), time.Hour, now.Add(time.Hour))},
	}))
	b4 := booking("B4", "marie", at(9, 0), time.Hour)
	b4.Session = "web:b"
	mustTurn(t, s, key("web:b", "b4"), write(store.Writes{Book: []store.Booking{b4}}))
	if n := len(viewHolds(t, s, key("web:c", ""), day, day.Add(24*time.Hour))); n != 3 {
		t.Errorf("%d live holds, want 3", n)
	}
	if got := ids(allBookings(t, s, biz)); !slices.Equal(got, []string{"B4"}) {
		t.Errorf("bookings = %v, want [B4]", got)
	}
}

func testExpiredHoldDoesNotBlock(t *testing.T, s store.Store) {
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{SetHolds: true, Holds: []store.Hold{hold("marie", at(10, 0), time.Hour, now.Add(10*time.Minute))}}))
	later := key("web:b", "")
	later.Now = now.Add(10 * time.Minute) // Expires is not after Now: dead
	if hs := viewHolds(t, s, later, day, day.Add(24*time.Hour)); len(hs) != 0 {
		t.Errorf("View.Holds after expiry = %+v, want none", hs)
	}
	b := booking("B1", "marie", at(10, 0), time.Hour)
	b.Session = "web:b"
	later.Dedupe = "b1"
	mustTurn(t, s, later, write(store.Writes{Book: []store.Booking{b}}))
	// A hold over an expired hold is fine too.
	later.Dedupe = "b2"
	later.Session = "web:c"
	mustTurn(t, s, later, write(store.Writes{SetHolds: true, Holds: []store.Hold{hold("marie", at(11, 0), time.Hour, later.Now.Add(time.Minute))}}))
	// A hold that is already dead when written is not kept.
	later.Dedupe = "b3"
	mustTurn(t, s, later, write(store.Writes{SetHolds: true, Holds: []store.Hold{hold("paul", at(11, 0), time.Hour, later.Now)}}))
	for _, h := range viewHolds(t, s, key("web:z", ""), day, day.Add(24*time.Hour)) {
		if h.Staff == "paul" {
			t.Errorf("a hold dead when written was kept: %+v", h)
		}
	}
}

func testOwnHoldDoesNotBlock(t *testing.T, s store.Store) {
	k := key("web:a", "a1")
	mustTurn(t, s, k, write(store.Writes{SetHolds: true, Holds: []store.Hold{hold("marie", at(10, 0), time.Hour, now.Add(time.Hour))}}))
	b := booking("B1", "marie", at(10, 0), time.Hour)
	b.Session = "web:a"
	k.Dedupe = "a2"
	mustTurn(t, s, k, write(store.Writes{Book: []store.Booking{b}}))
	// Holding more of the same session's own slots is fine too.
	k.Dedupe = "a3"
	mustTurn(t, s, k, write(store.Writes{SetHolds: true, Holds: []store.Hold{
		hold("marie", at(10, 30), time.Hour, now.Add(time.Hour)),
		hold("marie", at(10, 45), time.Hour, now.Add(time.Hour)),
	}}))
	// The booking then releases the session's holds in the same Writes.
	b2 := booking("B2", "marie", at(11, 0), time.Hour)
	b2.Session = "web:a"
	k.Dedupe = "a4"
	mustTurn(t, s, k, write(store.Writes{Book: []store.Booking{b2}, SetHolds: true}))
	if hs := viewHolds(t, s, key("web:b", ""), day, day.Add(24*time.Hour)); len(hs) != 0 {
		t.Errorf("holds after release = %+v", hs)
	}
	if got := ids(allBookings(t, s, biz)); !slices.Equal(got, []string{"B1", "B2"}) {
		t.Errorf("bookings = %v", got)
	}
}

func testSetHoldsReplaces(t *testing.T, s store.Store) {
	exp := now.Add(time.Hour)
	k := key("web:a", "a1")
	mustTurn(t, s, k, write(store.Writes{SetHolds: true, Holds: []store.Hold{hold("marie", at(10, 0), time.Hour, exp), hold("paul", at(14, 0), time.Hour, exp)}}))
	k.Dedupe = "a2"
	// Holds without SetHolds are ignored: the old holds stay.
	mustTurn(t, s, k, write(store.Writes{Holds: []store.Hold{hold("lea", at(8, 0), time.Hour, exp)}}))
	if n := len(viewHolds(t, s, key("web:b", ""), day, day.Add(24*time.Hour))); n != 2 {
		t.Fatalf("%d holds, want 2", n)
	}
	k.Dedupe = "a3"
	mustTurn(t, s, k, write(store.Writes{SetHolds: true, Holds: []store.Hold{hold("marie", at(16, 0), time.Hour, exp)}}))
	hs := viewHolds(t, s, key("web:b", ""), day, day.Add(24*time.Hour))
	if len(hs) != 1 || !hs[0].Start.Equal(at(16, 0)) || hs[0].Session != "web:a" {
		t.Fatalf("holds after replace = %+v, want marie at 16:00", hs)
	}
	// The released slots are free for another session.
	b := booking("B1", "marie", at(10, 0), time.Hour)
	b.Session = "web:b"
	mustTurn(t, s, key("web:b", "b1"), write(store.Writes{Book: []store.Booking{b}, SetHolds: true, Holds: []store.Hold{hold("paul", at(14, 0), time.Hour, exp)}}))
	// Other sessions' holds are untouched by a session's SetHolds.
	k.Dedupe = "a4"
	mustTurn(t, s, k, write(store.Writes{SetHolds: true}))
	hs = viewHolds(t, s, key("web:c", ""), day, day.Add(24*time.Hour))
	if len(hs) != 1 || hs[0].Session != "web:b" {
		t.Errorf("holds = %+v, want only web:b's", hs)
	}
}

func testHoldAgainstBooking(t *testing.T, s store.Store) {
	b := booking("B1", "marie", at(10, 0), time.Hour)
	b.Session = "web:a"
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{Book: []store.Booking{b}}))
	_, err := s.Turn(ctxOf(t), key("web:b", "b1"), write(store.Writes{SetHolds: true, Holds: []store.Hold{hold("marie", at(10, 30), time.Hour, now.Add(time.Hour))}}))
	if !errors.Is(err, store.ErrSlotTaken) {
		t.Errorf("hold over another session's booking: err = %v, want ErrSlotTaken", err)
	}
	// Cancelling the booking frees the slot.
	mustTurn(t, s, key("web:a", "a2"), write(store.Writes{Cancel: []string{"B1"}}))
	mustTurn(t, s, key("web:b", "b2"), write(store.Writes{SetHolds: true, Holds: []store.Hold{hold("marie", at(10, 30), time.Hour, now.Add(time.Hour))}}))
}

// testHoldRace lets many sessions race to hold overlapping slots: the live
// holds never overlap across sessions.
func testHoldRace(t *testing.T, s store.Store) {
	const n = 16
	var wg sync.WaitGroup
	var held atomic.Int32
	for i := range n {
		wg.Go(func() {
			h := hold("marie", at(9, 0).Add(time.Duration(i)*15*time.Minute), time.Hour, now.Add(time.Hour))
			sess := "web:" + strconv.Itoa(i)
			res, err := s.Turn(ctxOf(t), key(sess, "h"+strconv.Itoa(i)), func(v store.View) (store.Writes, error) {
				hs, err := v.Holds(h.Start, h.End)
				if err != nil {
					return store.Writes{}, err
				}
				for _, o := range hs {
					if o.Staff == h.Staff && o.Session != sess {
						return store.Writes{Reply: []byte("busy")}, nil
					}
				}
				return store.Writes{SetHolds: true, Holds: []store.Hold{h}, Reply: []byte("held")}, nil
			})
			if err != nil {
				t.Errorf("session %d: %v", i, err)
			} else if string(res.Reply) == "held" {
				held.Add(1)
			}
		})
	}
	wg.Wait()
	hs := viewHolds(t, s, key("web:x", ""), day, day.Add(24*time.Hour))
	assertNoOverlap(t, nil, hs)
	if int(held.Load()) != len(hs) || len(hs) == 0 {
		t.Errorf("%d turns replied held, %d holds stored", held.Load(), len(hs))
	}
}

func testCancelThenBook(t *testing.T, s store.Store) {
	b := booking("B1", "marie", at(10, 0), time.Hour)
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{Book: []store.Booking{b}}))
	later := key("web:a", "a2")
	later.Now = now.Add(time.Hour)
	nb := booking("B2", "marie", at(10, 30), time.Hour)
	mustTurn(t, s, later, write(store.Writes{Cancel: []string{"B1"}, Book: []store.Booking{nb}}))
	bs := allBookings(t, s, biz)
	if len(bs) != 2 {
		t.Fatalf("bookings = %v", ids(bs))
	}
	for _, g := range bs {
		switch g.ID {
		case "B1":
			if g.Status != store.StatusCancelled || !g.CancelledAt.Equal(later.Now) {
				t.Errorf("B1 = %s cancelled at %v, want cancelled at %v", g.Status, g.CancelledAt, later.Now)
			}
		case "B2":
			if g.Status != store.StatusConfirmed {
				t.Errorf("B2 status = %s", g.Status)
			}
		}
	}
	if got := ids(viewBookings(t, s, "web:z")); !slices.Equal(got, []string{"B2"}) {
		t.Errorf("View.Bookings = %v, want [B2] (cancelled bookings are not shown)", got)
	}
	// Cancelling twice keeps the first cancellation time.
	again := key("web:a", "a3")
	again.Now = now.Add(2 * time.Hour)
	mustTurn(t, s, again, write(store.Writes{Cancel: []string{"B1"}}))
	for _, g := range allBookings(t, s, biz) {
		if g.ID == "B1" && !g.CancelledAt.Equal(later.Now) {
			t.Errorf("B1.CancelledAt = %v after a second cancel, want %v", g.CancelledAt, later.Now)
		}
	}
}

func testCancelUnknown(t *testing.T, s store.Store) {
	_, err := s.Turn(ctxOf(t), key("web:a", "a1"), write(store.Writes{Session: []byte("x"), Cancel: []string{"NOPE"}}))
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("cancel of an unknown booking: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Session(ctxOf(t), biz, "web:a"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the failed turn committed its session")
	}
}

func testReschedule(t *testing.T, s store.Store) {
	old := booking("B1", "marie", at(10, 0), time.Hour)
	other := booking("B2", "marie", at(14, 0), time.Hour)
	other.Customer = store.Customer{Phone: "+33700000000"}
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{Book: []store.Booking{old, other}}))
	// Moving B1 onto B2's slot fails; moving it to 15:00 works.
	moved := old
	moved.ID, moved.Start, moved.End, moved.BlockEnd = "B3", at(14, 30), at(15, 30), at(15, 30)
	_, err := s.Turn(ctxOf(t), key("web:a", "a2"), write(store.Writes{Cancel: []string{"B1"}, Book: []store.Booking{moved}}))
	if !errors.Is(err, store.ErrSlotTaken) {
		t.Fatalf("reschedule onto a taken slot: err = %v, want ErrSlotTaken", err)
	}
	moved.Start, moved.End, moved.BlockEnd = at(15, 0), at(16, 0), at(16, 0)
	mustTurn(t, s, key("web:a", "a3"), write(store.Writes{Cancel: []string{"B1"}, Book: []store.Booking{moved}}))
	bs := allBookings(t, s, biz)
	got := map[string]string{}
	for _, b := range bs {
		got[b.ID] = b.Status
	}
	want := map[string]string{"B1": store.StatusCancelled, "B2": store.StatusConfirmed, "B3": store.StatusConfirmed}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	// The freed 10:00 slot can be booked by anyone.
	mustTurn(t, s, key("web:b", "b1"), write(store.Writes{Book: []store.Booking{booking("B4", "marie", at(10, 0), time.Hour)}}))
}

func testCustomer(t *testing.T, s store.Store) {
	const phone = "+33639980012"
	read := func() (store.Customer, error) {
		var c store.Customer
		var cerr error
		mustTurn(t, s, key("web:r", ""), func(v store.View) (store.Writes, error) {
			c, cerr = v.Customer(phone)
			return store.Writes{}, nil
		})
		return c, cerr
	}
	if _, err := read(); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Customer before upsert: err = %v, want ErrNotFound", err)
	}
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{Customer: &store.Customer{Phone: phone, Name: "Camille"}}))
	if c, err := read(); err != nil || c != (store.Customer{Phone: phone, Name: "Camille"}) {
		t.Errorf("Customer = %+v, %v", c, err)
	}
	// An update sets the fields it carries and keeps the others.
	mustTurn(t, s, key("web:a", "a2"), write(store.Writes{Customer: &store.Customer{Phone: phone, Language: "fr"}}))
	if c, err := read(); err != nil || c != (store.Customer{Phone: phone, Name: "Camille", Language: "fr"}) {
		t.Errorf("Customer after update = %+v, %v", c, err)
	}
	mustTurn(t, s, key("web:a", "a3"), write(store.Writes{Customer: &store.Customer{Phone: phone, Name: "Camille Martin", Language: "en"}}))
	if c, err := read(); err != nil || c != (store.Customer{Phone: phone, Name: "Camille Martin", Language: "en"}) {
		t.Errorf("Customer after second update = %+v, %v", c, err)
	}
	_, err := s.Turn(ctxOf(t), key("web:a", "a4"), write(store.Writes{Customer: &store.Customer{Name: "No Phone"}}))
	if err == nil {
		t.Errorf("a customer without a phone was accepted")
	}
}

func testCustomerBookings(t *testing.T, s store.Store) {
	camille := store.Customer{Phone: "+33639980012", Name: "Camille"}
	b1 := booking("B1", "marie", at(10, 0), time.Hour)
	b2 := booking("B2", "paul", at(9, 0), time.Hour)
	b3 := booking("B3", "marie", at(12, 0), time.Hour)
	b3.Customer = store.Customer{Phone: "+33700000000"}
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{Book: []store.Booking{b1, b2, b3}}))
	mustTurn(t, s, key("web:a", "a2"), write(store.Writes{Cancel: []string{"B2"}}))
	mustTurn(t, s, key("web:r", ""), func(v store.View) (store.Writes, error) {
		bs, err := v.CustomerBookings(camille.Phone)
		if err != nil {
			return store.Writes{}, err
		}
		got := map[string]string{}
		for _, b := range bs {
			got[b.ID] = b.Status
			if b.Customer != camille {
				t.Errorf("%s customer = %+v", b.ID, b.Customer)
			}
		}
		if want := map[string]string{"B1": store.StatusConfirmed, "B2": store.StatusCancelled}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("CustomerBookings = %v, want %v", got, want)
		}
		none, err := v.CustomerBookings("+33111111111")
		if err != nil || len(none) != 0 {
			t.Errorf("CustomerBookings of a stranger = %v, %v", none, err)
		}
		return store.Writes{}, nil
	})
}

// testBookingExists: a turn sees which booking IDs are used, whatever the
// booking's status, in its own business only.
func testBookingExists(t *testing.T, s store.Store) {
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{Book: []store.Booking{
		booking("B1", "marie", at(10, 0), time.Hour), booking("B2", "paul", at(9, 0), time.Hour)}}))
	mustTurn(t, s, key("web:a", "a2"), write(store.Writes{Cancel: []string{"B2"}}))
	mustTurn(t, s, key("web:r", ""), func(v store.View) (store.Writes, error) {
		for id, want := range map[string]bool{"B1": true, "B2": true, "B3": false, "b1": false, "": false} {
			got, err := v.BookingExists(id)
			if err != nil || got != want {
				t.Errorf("BookingExists(%q) = %v, %v; want %v", id, got, err, want)
			}
		}
		return store.Writes{}, nil
	})
	other := key("web:o", "")
	other.Business = "garage-martin"
	mustTurn(t, s, other, func(v store.View) (store.Writes, error) {
		if got, err := v.BookingExists("B1"); err != nil || got {
			t.Errorf("BookingExists(B1) in another business = %v, %v; want false", got, err)
		}
		return store.Writes{}, nil
	})
}

func testBookingsRange(t *testing.T, s store.Store) {
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{Book: []store.Booking{
		booking("B-late", "marie", at(16, 0), time.Hour),
		booking("B-early", "paul", at(8, 0), time.Hour),
		booking("B-mid", "marie", at(11, 0), time.Hour),
		booking("B-prev", "marie", at(0, 0).Add(-time.Hour), 3*time.Hour), // starts the day before
		booking("B-next", "marie", at(0, 0).Add(24*time.Hour), time.Hour),
	}}))
	mustTurn(t, s, key("web:a", "a2"), write(store.Writes{Cancel: []string{"B-mid"}}))
	got, err := s.Bookings(ctxOf(t), biz, day, day.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"B-early", "B-mid", "B-late"}; !slices.Equal(ids(got), want) {
		t.Errorf("Bookings(day) = %v, want %v (Start in range, any status, by Start)", ids(got), want)
	}
	got, err = s.Bookings(ctxOf(t), biz, at(11, 0), at(16, 0))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"B-mid"}; !slices.Equal(ids(got), want) {
		t.Errorf("Bookings(11:00, 16:00) = %v, want %v (half-open)", ids(got), want)
	}
	// The booking started the day before still blocks the morning.
	mustTurn(t, s, key("web:r", ""), func(v store.View) (store.Writes, error) {
		bs, err := v.Bookings(at(1, 0), at(1, 30))
		if got := ids(bs); !slices.Equal(got, []string{"B-prev"}) {
			t.Errorf("View.Bookings(01:00, 01:30) = %v, want [B-prev]", got)
		}
		return store.Writes{}, err
	})
	_, err = s.Turn(ctxOf(t), key("web:b", "b1"), write(store.Writes{Book: []store.Booking{booking("B-x", "marie", at(1, 0), time.Hour)}}))
	if !errors.Is(err, store.ErrSlotTaken) {
		t.Errorf("booking over a booking that spans midnight: err = %v, want ErrSlotTaken", err)
	}
}

func testRecords(t *testing.T, s store.Store) {
	ctx := ctxOf(t)
	if _, err := s.Record(ctx, biz, "status", "SM1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Record before put: err = %v, want ErrNotFound", err)
	}
	r1 := store.Record{Kind: "status", ID: "SM1", Session: "whatsapp:+33639980012", At: now.Add(2 * time.Minute), Data: []byte("sent")}
	r2 := store.Record{Kind: "status", ID: "SM2", At: now.Add(time.Minute), Data: []byte("delivered")}
	r3 := store.Record{Kind: "call", ID: "SM1", At: now, Data: []byte(`{"duration":42}`)}
	for _, r := range []store.Record{r1, r2, r3} {
		if err := s.PutRecord(ctx, biz, r); err != nil {
			t.Fatalf("PutRecord: %v", err)
		}
	}
	got, err := s.Record(ctx, biz, "status", "SM1")
	if err != nil || got.ID != "SM1" || got.Session != r1.Session || !got.At.Equal(r1.At) || string(got.Data) != "sent" {
		t.Errorf("Record = %+v, %v", got, err)
	}
	r1.Data, r1.At = []byte("read"), now.Add(3*time.Minute)
	if err := s.PutRecord(ctx, biz, r1); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Record(ctx, biz, "status", "SM1"); string(got.Data) != "read" {
		t.Errorf("Record after replace = %q, want read", got.Data)
	}
	// Records written by a turn.
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{Records: []store.Record{{Kind: "status", ID: "SM0", At: now.Add(-time.Minute), Data: []byte("queued")}}}))
	list, err := s.Records(ctx, biz, "status")
	if err != nil {
		t.Fatal(err)
	}
	var gotIDs []string
	for _, r := range list {
		gotIDs = append(gotIDs, r.ID)
		if r.Kind != "status" {
			t.Errorf("Records(status) returned kind %q", r.Kind)
		}
	}
	if want := []string{"SM0", "SM2", "SM1"}; !slices.Equal(gotIDs, want) {
		t.Errorf("Records(status) = %v, want %v oldest first", gotIDs, want)
	}
	if list, err := s.Records(ctx, biz, "nothing"); err != nil || len(list) != 0 {
		t.Errorf("Records of an unknown kind = %v, %v", list, err)
	}
	if err := s.PutRecord(ctx, biz, store.Record{Kind: "status"}); err == nil {
		t.Errorf("PutRecord without an ID was accepted")
	}
	// A turn reads records through its view: one a committed turn wrote,
	// one PutRecord wrote, and ErrNotFound for none.
	mustTurn(t, s, key("web:b", "b1"), func(v store.View) (store.Writes, error) {
		if r, err := v.Record("status", "SM0"); err != nil || string(r.Data) != "queued" || r.ID != "SM0" || r.Kind != "status" {
			t.Errorf("View.Record(status, SM0) = %+v, %v", r, err)
		}
		if r, err := v.Record("status", "SM1"); err != nil || string(r.Data) != "read" {
			t.Errorf("View.Record(status, SM1) = %+v, %v", r, err)
		}
		if _, err := v.Record("status", "SM9"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("View.Record of a missing record: err = %v, want ErrNotFound", err)
		}
		return store.Writes{}, nil
	})
}

func testOutbox(t *testing.T, s store.Store) {
	ctx := ctxOf(t)
	o1 := store.Outbound{ID: "rem-1", Channel: "whatsapp", Session: "whatsapp:+33639980012", To: "+33639980012", NotBefore: now.Add(time.Hour), Body: []byte("Rappel")}
	o2 := store.Outbound{ID: "rem-2", Channel: "whatsapp", To: "+33639980013", NotBefore: now, Body: []byte("Confirmation")}
	o3 := store.Outbound{ID: "rem-3", Channel: "web", To: "web:1", NotBefore: now.Add(30 * time.Minute), Body: []byte("x")}
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{Outbox: []store.Outbound{o1, o2}}))
	mustTurn(t, s, key("web:b", "b1"), write(store.Writes{Outbox: []store.Outbound{o3}}))
	check := func(at time.Time, want ...string) {
		t.Helper()
		out, err := s.Outbox(ctx, biz, at)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range out {
			got = append(got, o.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Outbox(%s) = %v, want %v", at, got, want)
		}
	}
	check(now.Add(-time.Second))
	check(now, "rem-2")
	check(now.Add(time.Hour), "rem-2", "rem-3", "rem-1")
	out, _ := s.Outbox(ctx, biz, now)
	if len(out) == 1 && (out[0].Channel != "whatsapp" || out[0].To != o2.To || string(out[0].Body) != "Confirmation" || !out[0].NotBefore.Equal(now)) {
		t.Errorf("Outbox entry = %+v", out[0])
	}
	if err := s.AckOutbox(ctx, biz, "rem-2", "rem-1", "unknown"); err != nil {
		t.Fatalf("AckOutbox: %v", err)
	}
	check(now.Add(time.Hour), "rem-3")
	if err := s.AckOutbox(ctx, biz); err != nil {
		t.Errorf("AckOutbox with no ids: %v", err)
	}
}

func testBusinessIsolation(t *testing.T, s store.Store) {
	// "a" and "ab" share a prefix: their keys must still not mix.
	for _, b := range []string{"a", "ab", "a/b"} {
		k := store.TurnKey{Business: b, Session: "web:1", Dedupe: "m1", Now: now}
		res := mustTurn(t, s, k, write(store.Writes{
			Session:  []byte("state of " + b),
			Reply:    []byte("reply of " + b),
			Book:     []store.Booking{booking("B1", "marie", at(10, 0), time.Hour)},
			SetHolds: true,
			Holds:    []store.Hold{hold("marie", at(12, 0), time.Hour, now.Add(time.Hour))},
			Customer: &store.Customer{Phone: "+33639980012", Name: b},
			Outbox:   []store.Outbound{{ID: "o1", Channel: "web", To: b, NotBefore: now}},
		}))
		if res.Duplicate {
			t.Errorf("business %q: dedupe key of another business seen", b)
		}
		if err := s.PutRecord(ctxOf(t), b, store.Record{Kind: "k", ID: "r1", At: now, Data: []byte(b)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range []string{"a", "ab", "a/b"} {
		if got := sessionString(t, s, b, "web:1"); got != "state of "+b {
			t.Errorf("business %q session = %q", b, got)
		}
		if bs := allBookings(t, s, b); len(bs) != 1 {
			t.Errorf("business %q has %d bookings, want 1", b, len(bs))
		}
		k := store.TurnKey{Business: b, Session: "web:2", Now: now}
		if hs := viewHolds(t, s, k, day, day.Add(24*time.Hour)); len(hs) != 1 {
			t.Errorf("business %q sees %d holds, want 1", b, len(hs))
		}
		mustTurn(t, s, k, func(v store.View) (store.Writes, error) {
			c, err := v.Customer("+33639980012")
			if err != nil || c.Name != b {
				t.Errorf("business %q customer = %+v, %v", b, c, err)
			}
			bs, err := v.CustomerBookings("+33639980012")
			if err != nil || len(bs) != 1 {
				t.Errorf("business %q customer bookings = %d, %v", b, len(bs), err)
			}
			return store.Writes{}, nil
		})
		if r, err := s.Record(ctxOf(t), b, "k", "r1"); err != nil || string(r.Data) != b {
			t.Errorf("business %q record = %q, %v", b, r.Data, err)
		}
		if rs, err := s.Records(ctxOf(t), b, "k"); err != nil || len(rs) != 1 {
			t.Errorf("business %q records = %d, %v", b, len(rs), err)
		}
		if out, err := s.Outbox(ctxOf(t), b, now); err != nil || len(out) != 1 || out[0].To != b {
			t.Errorf("business %q outbox = %+v, %v", b, out, err)
		}
	}
	if err := s.AckOutbox(ctxOf(t), "a", "o1"); err != nil {
		t.Fatal(err)
	}
	if out, _ := s.Outbox(ctxOf(t), "ab", now); len(out) != 1 {
		t.Errorf("acking business a's outbox removed business ab's")
	}
	if _, err := s.Session(ctxOf(t), "c", "web:1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown business: err = %v, want ErrNotFound", err)
	}
}

func testClose(t *testing.T, s store.Store) {
	mustTurn(t, s, key("web:a", "a1"), write(store.Writes{Session: []byte("x")}))
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	ctx := ctxOf(t)
	called := false
	_, err := s.Turn(ctx, key("web:a", "a2"), func(store.View) (store.Writes, error) {
		called = true
		return store.Writes{}, nil
	})
	if !errors.Is(err, store.ErrClosed) || called {
		t.Errorf("Turn after Close: err = %v, called = %v; want ErrClosed", err, called)
	}
	checks := map[string]error{}
	_, checks["Bookings"] = s.Bookings(ctx, biz, day, day.Add(time.Hour))
	_, checks["Session"] = s.Session(ctx, biz, "web:a")
	checks["PutRecord"] = s.PutRecord(ctx, biz, store.Record{Kind: "k", ID: "1"})
	_, checks["Record"] = s.Record(ctx, biz, "k", "1")
	_, checks["Records"] = s.Records(ctx, biz, "k")
	_, checks["Outbox"] = s.Outbox(ctx, biz, now)
	checks["AckOutbox"] = s.AckOutbox(ctx, biz, "1")
	for name, err := range checks {
		if !errors.Is(err, store.ErrClosed) {
			t.Errorf("%s after Close: err = %v, want ErrClosed", name, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// viewExchanges reads a session's exchange log as "entry|reply" strings,
// in a turn that writes nothing.
func viewExchanges(t *testing.T, s store.Store, session string) []string {
	t.Helper()
	var out []string
	mustTurn(t, s, key(session, ""), func(v store.View) (store.Writes, error) {
		log, err := v.Exchanges()
		out = nil
		for _, e := range log {
			out = append(out, string(e.Entry)+"|"+string(e.Reply))
		}
		return store.Writes{}, err
	})
	return out
}

func testExchangeLog(t *testing.T, s store.Store) {
	const a, b = "whatsapp:+33639980012", "whatsapp:+33639980013"
	if got := viewExchanges(t, s, a); len(got) != 0 {
		t.Fatalf("log of a new session = %q, want empty", got)
	}
	var want []string
	for i := 1; i <= store.ExchangeLog+3; i++ {
		e, r := fmt.Sprintf("exchange %d", i), fmt.Sprintf("reply %d", i)
		k := key(a, "sm-"+strconv.Itoa(i))
		if i%3 == 0 {
			k = key(a, "") // no dedupe mark: the reply is kept all the same
		}
		mustTurn(t, s, k, write(store.Writes{Session: []byte("s"), Exchange: []byte(e), Reply: []byte(r)}))
		want = append(want, e+"|"+r)
		if len(want) > store.ExchangeLog {
			want = want[1:]
		}
		if got := viewExchanges(t, s, a); !slices.Equal(got, want) {
			t.Fatalf("after %d turns: log = %q, want %q", i, got, want)
		}
	}
	// A provider retry appends nothing.
	mustTurn(t, s, key(a, "sm-4"), write(store.Writes{Session: []byte("s"), Exchange: []byte("retried"), Reply: []byte("again")}))
	if got := viewExchanges(t, s, a); !slices.Equal(got, want) {
		t.Fatalf("after a retry: log = %q, want %q", got, want)
	}
	// Another session's log is its own.
	mustTurn(t, s, key(b, "sm-b"), write(store.Writes{Session: []byte("s"), Exchange: []byte("b's")}))
	if got := viewExchanges(t, s, b); !slices.Equal(got, []string{"b's|"}) {
		t.Fatalf("log of b = %q", got)
	}
	// A turn that writes the session without an exchange logs none: the
	// log keeps the exchanges of the last ExchangeLog session writes.
	mustTurn(t, s, key(a, "sm-quiet"), write(store.Writes{Session: []byte("s")}))
	if got := viewExchanges(t, s, a); !slices.Equal(got, want[1:]) {
		t.Fatalf("after a turn without exchange: log = %q, want %q", got, want[1:])
	}
	// A failed turn logs nothing.
	_, err := s.Turn(ctxOf(t), key(a, "sm-fail"), func(store.View) (store.Writes, error) {
		return store.Writes{Session: []byte("s"), Exchange: []byte("failed")}, errors.New("engine failed")
	})
	if err == nil {
		t.Fatal("a failing turn function did not fail the turn")
	}
	if got := viewExchanges(t, s, a); !slices.Equal(got, want[1:]) {
		t.Fatalf("after a failed turn: log = %q, want %q", got, want[1:])
	}
}

func testExchangeNeedsSession(t *testing.T, s store.Store) {
	_, err := s.Turn(ctxOf(t), key("whatsapp:+33639980012", "sm-1"), write(store.Writes{Exchange: []byte("orphan")}))
	if err == nil {
		t.Fatal("an exchange without a session was committed")
	}
	if got := viewExchanges(t, s, "whatsapp:+33639980012"); len(got) != 0 {
		t.Fatalf("log = %q after a refused turn", got)
	}
}

// DedupeRetention checks a store opened with a short dedupe retention: a
// retry within it is a duplicate, and once expire has returned (it waits
// until marks older than the retention may be gone, pruning them if the
// backend needs a nudge) the same key runs as a new turn, while a key
// committed just before still answers as a duplicate only if it is younger
// than the retention.
func DedupeRetention(t *testing.T, s store.Store, expire func()) {
	t.Helper()
	calls := 0
	fn := func(v store.View) (store.Writes, error) {
		calls++
		return store.Writes{Session: []byte("s" + strconv.Itoa(calls)), Reply: []byte("réponse " + strconv.Itoa(calls))}, nil
	}
	k := key("whatsapp:+33600000077", "SM-retention")
	if res := mustTurn(t, s, k, fn); res.Duplicate {
		t.Fatalf("first turn = %+v", res)
	}
	if res := mustTurn(t, s, k, fn); !res.Duplicate || string(res.Reply) != "réponse 1" {
		t.Fatalf("retry within the retention = {%q, %v}, want the stored reply and Duplicate", res.Reply, res.Duplicate)
	}
	expire()
	res := mustTurn(t, s, k, fn)
	if res.Duplicate || string(res.Reply) != "réponse 2" || calls != 2 {
		t.Fatalf("same key after the retention = {%q, %v}, %d calls; want a new turn", res.Reply, res.Duplicate, calls)
	}
	if res := mustTurn(t, s, k, fn); !res.Duplicate || string(res.Reply) != "réponse 2" {
		t.Errorf("retry of the new turn = {%q, %v}, want its reply and Duplicate", res.Reply, res.Duplicate)
	}
}
