package pgstore_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/pgstore"
	"github.com/accueil-pme/accueil/runtime/store/pgstore/pgtest"
	"github.com/accueil-pme/accueil/runtime/store/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func open(t testing.TB, dsn string) *pgstore.Store {
	t.Helper()
	s, err := pgstore.Open(t.Context(), dsn, pgstore.Options{MaxConns: 8})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// TestConformance runs the suite against two Stores sharing one database,
// as two hosts would: calls alternate between them, so every invariant must
// hold through the database alone, not through locks inside one process.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		dsn := pgtest.DSN(t)
		return &twoHosts{hosts: [2]*pgstore.Store{open(t, dsn), open(t, dsn)}}
	})
}

// twoHosts spreads calls over two Stores on the same database.
type twoHosts struct {
	hosts [2]*pgstore.Store
	next  atomic.Uint32
}

func (h *twoHosts) pick() *pgstore.Store { return h.hosts[h.next.Add(1)%2] }

func (h *twoHosts) Turn(ctx context.Context, k store.TurnKey, fn store.TurnFunc) (store.TurnResult, error) {
	return h.pick().Turn(ctx, k, fn)
}

func (h *twoHosts) Bookings(ctx context.Context, business string, from, to time.Time) ([]store.Booking, error) {
	return h.pick().Bookings(ctx, business, from, to)
}

func (h *twoHosts) Session(ctx context.Context, business, session string) ([]byte, error) {
	return h.pick().Session(ctx, business, session)
}

func (h *twoHosts) PutRecord(ctx context.Context, business string, r store.Record) error {
	return h.pick().PutRecord(ctx, business, r)
}

func (h *twoHosts) Record(ctx context.Context, business, kind, id string) (store.Record, error) {
	return h.pick().Record(ctx, business, kind, id)
}

func (h *twoHosts) Records(ctx context.Context, business, kind string) ([]store.Record, error) {
	return h.pick().Records(ctx, business, kind)
}

func (h *twoHosts) Outbox(ctx context.Context, business string, now time.Time) ([]store.Outbound, error) {
	return h.pick().Outbox(ctx, business, now)
}

func (h *twoHosts) AckOutbox(ctx context.Context, business string, ids ...string) error {
	return h.pick().AckOutbox(ctx, business, ids...)
}

func (h *twoHosts) Health() error {
	return errors.Join(h.hosts[0].Health(), h.hosts[1].Health())
}

func (h *twoHosts) Close() error {
	return errors.Join(h.hosts[0].Close(), h.hosts[1].Close())
}

// TestReopen checks that the schema migration is idempotent, safe when
// hosts start together, and that state survives a restart.
func TestReopen(t *testing.T) {
	dsn := pgtest.DSN(t)
	var wg sync.WaitGroup
	stores := make([]*pgstore.Store, 3)
	for i := range stores {
		wg.Go(func() {
			s, err := pgstore.Open(t.Context(), dsn, pgstore.Options{MaxConns: 2})
			if err != nil {
				t.Errorf("concurrent Open %d: %v", i, err)
				return
			}
			stores[i] = s
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	k := store.TurnKey{Business: "salon", Session: "web:1", Dedupe: "m1", Now: time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)}
	if _, err := stores[0].Turn(t.Context(), k, func(store.View) (store.Writes, error) {
		return store.Writes{Session: []byte("state"), Reply: []byte("hello")}, nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, s := range stores {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	s := open(t, dsn)
	defer s.Close()
	res, err := s.Turn(t.Context(), k, func(store.View) (store.Writes, error) {
		return store.Writes{}, errors.New("ran again")
	})
	if err != nil || !res.Duplicate || string(res.Reply) != "hello" {
		t.Errorf("turn after reopen = %+v, %v; want the stored reply", res, err)
	}
	if st, err := s.Session(t.Context(), "salon", "web:1"); err != nil || string(st) != "state" {
		t.Errorf("session after reopen = %q, %v", st, err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if _, err := pgstore.Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", pgstore.Options{}); err == nil {
		t.Errorf("Open of an unreachable server succeeded")
	}
	if _, err := pgstore.Open(ctx, "::not a dsn::", pgstore.Options{}); err == nil {
		t.Errorf("Open of a malformed DSN succeeded")
	}
}

// TestDedupeRetention: an expired mark is ignored at once and replaced by
// the next turn with its key, on two hosts; PruneDedupe deletes only
// expired marks.
func TestDedupeRetention(t *testing.T) {
	dsn := pgtest.DSN(t)
	var hosts [2]*pgstore.Store
	for i := range hosts {
		s, err := pgstore.Open(t.Context(), dsn, pgstore.Options{MaxConns: 4, DedupeRetention: time.Second, PruneInterval: time.Hour})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		hosts[i] = s
	}
	storetest.DedupeRetention(t, &twoHosts{hosts: hosts}, func() { time.Sleep(1200 * time.Millisecond) })

	// The mark the last turn wrote is fresh: pruning keeps it.
	if n, err := hosts[0].PruneDedupe(t.Context()); err != nil || n != 0 {
		t.Fatalf("PruneDedupe right after a turn = %d, %v; want 0 deleted", n, err)
	}
	time.Sleep(1200 * time.Millisecond)
	if n, err := hosts[1].PruneDedupe(t.Context()); err != nil || n != 1 {
		t.Fatalf("PruneDedupe after the retention = %d, %v; want 1 deleted", n, err)
	}
}
