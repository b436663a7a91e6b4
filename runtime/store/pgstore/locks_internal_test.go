package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/pgstore/pgtest"
)

// TestStoppedHostDoesNotHoldOthers: a host stopped inside a turn holds a
// staff member's calendar lock; another host's booking on that calendar
// fails after LockTimeout instead of waiting for as long as the stop lasts,
// and a turn that needs no such lock is not held at all.
func TestStoppedHostDoesNotHoldOthers(t *testing.T) {
	dsn := pgtest.DSN(t)
	s, err := Open(t.Context(), dsn, Options{MaxConns: 4, LockTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The stopped host: a transaction holding Inès's calendar.
	other, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(context.Background())
	tx, err := other.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(t.Context(), "SELECT pg_advisory_xact_lock($1)", lockKey('t', "b", "ines")); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	book := func(staff, dedupe string) error {
		_, err := s.Turn(t.Context(), store.TurnKey{Business: "b", Session: "s-" + dedupe, Dedupe: dedupe, Now: time.Now()},
			func(store.View) (store.Writes, error) {
				return store.Writes{Session: []byte{1}, Reply: []byte("ok"), Book: []store.Booking{{ID: "R-" + dedupe, Service: "brushing",
					Staff: staff, Start: start, End: start.Add(30 * time.Minute), Customer: store.Customer{Phone: "+33611112222"}}}}, nil
			})
		return err
	}
	t0 := time.Now()
	if err := book("ines", "m1"); err == nil {
		t.Fatal("a booking on a calendar another host holds succeeded")
	}
	if d := time.Since(t0); d > 3*time.Second {
		t.Errorf("the booking waited %s for the stopped host; want about the lock timeout", d)
	}
	t0 = time.Now()
	if err := book("camille", "m2"); err != nil || time.Since(t0) > time.Second {
		t.Errorf("a booking on another calendar: %v after %s; want it at once", err, time.Since(t0))
	}
}

// TestHealthPingsTheDatabase: Health says when PostgreSQL does not answer.
func TestHealthPingsTheDatabase(t *testing.T) {
	s, err := Open(t.Context(), pgtest.DSN(t), Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Health(); err != nil {
		t.Fatalf("Health = %v with the database up", err)
	}
	s.pool.Close() // as good as a database gone, for the store
	if err := s.Health(); err == nil {
		t.Error("Health = nil with no way to reach the database")
	}
}
