package pgstore_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/accueil-pme/accueil/runtime/store/pgstore"
	"github.com/accueil-pme/accueil/runtime/store/pgstore/pgtest"
)

// withoutParam returns the URL dsn without the query parameter key.
func withoutParam(t *testing.T, dsn, key string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Skipf("not a URL DSN: %v", err)
	}
	q := u.Query()
	q.Del(key)
	u.RawQuery = q.Encode()
	return u.String()
}

func withParam(t *testing.T, dsn, key, value string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Skipf("not a URL DSN: %v", err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// TestCheck: Check says whether Open would work, without creating anything.
func TestCheck(t *testing.T) {
	dsn := pgtest.DSN(t)
	desc, err := pgstore.Check(t.Context(), dsn)
	if err != nil || !strings.Contains(desc, "tables to be created at start-up") {
		t.Fatalf("Check of an empty schema = %q, %v", desc, err)
	}
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.WithoutCancel(t.Context()))
	var tables int
	if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'accueil%' AND schemaname = current_schema()").Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("Check created %d tables (%v)", tables, err)
	}
	s := open(t, dsn)
	s.Close()
	desc, err = pgstore.Check(t.Context(), dsn)
	if err != nil || !strings.Contains(desc, "schema version 3") {
		t.Fatalf("Check after Open = %q, %v", desc, err)
	}
}

// TestCheckErrorsLeadWithTheCause: the message a person reads starts with
// what to fix, not with the refused TLS attempt of sslmode=prefer.
func TestCheckErrorsLeadWithTheCause(t *testing.T) {
	dsn := pgtest.DSN(t)
	prefer := withoutParam(t, dsn, "sslmode") // the default: TLS first, then plain
	for _, tc := range []struct {
		name, dsn string
		want      []string
	}{
		{"no such database", pgtest.WithDatabase(prefer, "accueil_nodb"),
			[]string{`database "accueil_nodb" does not exist`, "createdb accueil_nodb"}},
		{"nothing listens", "postgres://postgres@127.0.0.1:1/none?connect_timeout=2",
			[]string{"connection refused", "is PostgreSQL running"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			_, err := pgstore.Check(ctx, tc.dsn)
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if strings.Contains(msg, "tls error") {
				t.Errorf("the refused TLS attempt is still said:\n%s", msg)
			}
			if strings.Count(msg, "connection refused") > 1 {
				t.Errorf("the same failure is said twice:\n%s", msg)
			}
			// Open says the same.
			if _, err := pgstore.Open(ctx, tc.dsn, pgstore.Options{}); err == nil || !strings.Contains(err.Error(), tc.want[0]) || strings.Contains(err.Error(), "tls error") {
				t.Errorf("Open: %v", err)
			}
		})
	}
	// With sslmode=require against a server without TLS, the refusal is
	// all there is: the message says how to go without.
	_, err := pgstore.Check(t.Context(), withParam(t, dsn, "sslmode", "require"))
	switch {
	case err == nil:
		t.Log("the test server accepts TLS: sslmode=require not checked")
	case !strings.Contains(err.Error(), "server refused TLS connection") || !strings.Contains(err.Error(), "sslmode=disable"):
		t.Errorf("sslmode=require: %v", err)
	}
}

// TestCheckPrivileges: a user who may not create the tables is told which
// grant is missing, before serve fails on it.
func TestCheckPrivileges(t *testing.T) {
	dsn := pgtest.DSN(t)
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.WithoutCancel(t.Context()))
	var schema string
	if err := conn.QueryRow(t.Context(), "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	role := "accueil_ro_" + strings.TrimPrefix(schema, "t_")
	if _, err := conn.Exec(t.Context(), "CREATE ROLE "+role+" LOGIN"); err != nil {
		t.Skipf("cannot create a role on the test server: %v", err)
	}
	t.Cleanup(func() {
		ctx := context.WithoutCancel(t.Context())
		_, _ = conn.Exec(ctx, "DROP OWNED BY "+role)
		_, _ = conn.Exec(ctx, "DROP ROLE "+role)
	})
	if _, err := conn.Exec(t.Context(), "GRANT USAGE ON SCHEMA "+schema+" TO "+role); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(dsn)
	u.User = url.User(role)
	_, err = pgstore.Check(t.Context(), u.String())
	if err == nil || !strings.Contains(err.Error(), "GRANT CREATE ON SCHEMA "+schema+" TO "+role) {
		t.Fatalf("Check as a user without CREATE: %v", err)
	}
	// Once the tables exist (created by their owner), the user needs to
	// read and write them.
	s := open(t, dsn)
	s.Close()
	if _, err = pgstore.Check(t.Context(), u.String()); err == nil || !strings.Contains(err.Error(), "may not read and write every accueil_* table") {
		t.Fatalf("Check as a user without access to the tables: %v", err)
	}
	if _, err := conn.Exec(t.Context(), "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "+schema+" TO "+role); err != nil {
		t.Fatal(err)
	}
	if desc, err := pgstore.Check(t.Context(), u.String()); err != nil {
		t.Fatalf("Check after the grant: %v", err)
	} else {
		t.Log(desc)
	}
}
