package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/pgstore/pgtest"
)

// TestUpgradeKeepsTheExchangeLog: a database written by a build whose
// exchange log kept no replies (schema version 2) is upgraded at Open; its
// entries are still read, without a reply, beside the new ones, which keep
// theirs.
func TestUpgradeKeepsTheExchangeLog(t *testing.T) {
	dsn := pgtest.DSN(t)
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.WithoutCancel(t.Context()))
	setup := []string{
		"CREATE TABLE accueil_schema (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
		migrations[0], migrations[1],
		"INSERT INTO accueil_schema (version) VALUES (1), (2)",
		"INSERT INTO accueil_sessions (business, session, version, state) VALUES ('salon', 'web:1', 1, 'state')",
		"INSERT INTO accueil_exchanges (business, session, slot, seq, data) VALUES ('salon', 'web:1', 1, 1, 'old entry')",
	}
	for _, q := range setup {
		if _, err := conn.Exec(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	s, err := Open(t.Context(), dsn, Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k := store.TurnKey{Business: "salon", Session: "web:1", Dedupe: "m2", Now: time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)}
	if _, err := s.Turn(t.Context(), k, func(store.View) (store.Writes, error) {
		return store.Writes{Session: []byte("state 2"), Exchange: []byte("new entry"), Reply: []byte("new reply")}, nil
	}); err != nil {
		t.Fatal(err)
	}
	var log []store.Exchange
	k.Dedupe = ""
	if _, err := s.Turn(t.Context(), k, func(v store.View) (store.Writes, error) {
		log, err = v.Exchanges()
		return store.Writes{}, err
	}); err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || string(log[0].Entry) != "old entry" || log[0].Reply != nil ||
		string(log[1].Entry) != "new entry" || string(log[1].Reply) != "new reply" {
		t.Errorf("exchange log after the upgrade = %q", log)
	}
	var version int
	if err := conn.QueryRow(t.Context(), "SELECT max(version) FROM accueil_schema").Scan(&version); err != nil || version != len(migrations) {
		t.Errorf("schema version %d (%v), want %d", version, err, len(migrations))
	}
}
