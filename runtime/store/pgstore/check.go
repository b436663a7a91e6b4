package pgstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Check connects to the database named by dsn as Open does, without
// creating or changing anything, and reports what would stop Open: a
// server that cannot be reached or refuses the user, a database that does
// not exist, a schema newer than this program, or, while the tables are
// not all created, a user that may not create them. It returns a short
// description of the database ("postgres@127.0.0.1:5432/accueil, schema
// version 3") on success.
func Check(ctx context.Context, dsn string) (string, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "", fmt.Errorf("pgstore: parse DSN: %w", err)
	}
	cfg.RuntimeParams["application_name"] = "accueil check"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return "", connectError(&cfg.Config, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	where := fmt.Sprintf("%s@%s/%s", cfg.User, net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port)), cfg.Database)

	var (
		schema                                *string
		hasTable, hasExt, extAvailable        bool
		createInSchema, createInDB, tablesDML bool
		version                               int
	)
	err = conn.QueryRow(ctx, `SELECT current_schema(),
		to_regclass('accueil_schema') IS NOT NULL,
		EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'),
		EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gist'),
		current_schema() IS NOT NULL AND has_schema_privilege(current_schema(), 'CREATE'),
		has_database_privilege(current_database(), 'CREATE')`).
		Scan(&schema, &hasTable, &hasExt, &extAvailable, &createInSchema, &createInDB)
	if err != nil {
		return "", fmt.Errorf("pgstore: %s: read the schema: %w", where, err)
	}
	if hasTable {
		if err := conn.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM accueil_schema").Scan(&version); err != nil {
			return "", fmt.Errorf("pgstore: %s: user %s may not read and write every accueil_* table: GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %s TO %s (%w)",
				where, cfg.User, deref(schema), cfg.User, err)
		}
	}
	switch {
	case version > len(migrations):
		return "", fmt.Errorf("pgstore: %s: the database schema is at version %d, newer than this program knows (%d): upgrade accueil", where, version, len(migrations))
	case version == len(migrations):
		err := conn.QueryRow(ctx, `SELECT bool_and(has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE'))
			FROM pg_class c WHERE c.relkind = 'r' AND c.relname LIKE 'accueil\_%' AND pg_table_is_visible(c.oid)`).Scan(&tablesDML)
		if err != nil {
			return "", fmt.Errorf("pgstore: %s: read the privileges: %w", where, err)
		}
		if !tablesDML {
			return "", fmt.Errorf("pgstore: %s: user %s may not read and write every accueil_* table: GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %s TO %s",
				where, cfg.User, deref(schema), cfg.User)
		}
		return fmt.Sprintf("%s, schema version %d", where, version), nil
	}
	// Open will create or upgrade the tables.
	switch {
	case schema == nil:
		return "", fmt.Errorf("pgstore: %s: no schema to create the tables in: search_path names none that exists (create it, or fix search_path)", where)
	case !createInSchema:
		return "", fmt.Errorf("pgstore: %s: user %s may not create the accueil_* tables in schema %s: GRANT CREATE ON SCHEMA %s TO %s (or make the user the owner of the database and the schema)",
			where, cfg.User, *schema, *schema, cfg.User)
	case !hasExt && !extAvailable:
		return "", fmt.Errorf("pgstore: %s: the btree_gist extension is not installed on the server (it comes with PostgreSQL's contrib modules, e.g. the postgresql-contrib package)", where)
	case !hasExt && !createInDB:
		return "", fmt.Errorf("pgstore: %s: user %s may not create the btree_gist extension: GRANT CREATE ON DATABASE %s TO %s, or have a superuser run CREATE EXTENSION btree_gist in it",
			where, cfg.User, cfg.Database, cfg.User)
	}
	if version == 0 {
		return where + ", tables to be created at start-up", nil
	}
	return fmt.Sprintf("%s, schema version %d to be upgraded to %d at start-up", where, version, len(migrations)), nil
}

func deref(s *string) string {
	if s == nil {
		return "public"
	}
	return *s
}

// connectErr is a connection error reworded for a person, its cause first.
type connectErr struct {
	msg string
	err error
}

func (e *connectErr) Error() string { return e.msg }
func (e *connectErr) Unwrap() error { return e.err }

// connectError rewords the error of a connection to the server of cfg so
// that its first words are the cause a person can act on. With the default
// sslmode (prefer), pgx tries TLS first, then a plain connection, and
// reports both attempts in order: against a server without TLS, "server
// refused TLS connection" came first and the real cause ("database "x"
// does not exist") second. The refused TLS attempts are left out when
// another attempt says more; when TLS refusals are all there is
// (sslmode=require), the message says how to connect without TLS.
func connectError(cfg *pgconn.Config, err error) error {
	var ce *pgconn.ConnectError
	if !errors.As(err, &ce) {
		return fmt.Errorf("pgstore: connect to %s: %w", net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port)), err)
	}
	var attempts []error
	if j, ok := errors.Unwrap(ce).(interface{ Unwrap() []error }); ok {
		attempts = j.Unwrap()
	} else if inner := errors.Unwrap(ce); inner != nil {
		attempts = []error{inner}
	}
	var causes, refused []string
	for _, a := range attempts {
		if a == nil {
			continue
		}
		switch msg := a.Error(); {
		case strings.Contains(msg, "server refused TLS connection"):
			refused = appendNew(refused, msg)
		default:
			// Both attempts of sslmode=prefer fail alike when the server
			// is not there: said once.
			causes = appendNew(causes, msg+hint(a, cfg))
		}
	}
	head := fmt.Sprintf("pgstore: connect as %s to database %s", cfg.User, cfg.Database)
	switch {
	case len(causes) > 0:
		return &connectErr{head + ": " + strings.Join(causes, "; "), err}
	case len(refused) > 0:
		return &connectErr{head + ": " + strings.Join(refused, "; ") +
			": the server does not accept TLS; add sslmode=disable to the URL (postgres://…/db?sslmode=disable) for a server on this machine or a private network, or turn TLS on in the server", err}
	}
	return &connectErr{head + ": " + err.Error(), err}
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// hint says what to do about the failed attempt a, or "".
func hint(a error, cfg *pgconn.Config) string {
	var pgErr *pgconn.PgError
	if errors.As(a, &pgErr) {
		switch pgErr.Code {
		case "3D000": // invalid_catalog_name
			return fmt.Sprintf(": create the database first (createdb %s, or CREATE DATABASE %s); accueil creates its tables, not the database", cfg.Database, cfg.Database)
		case "28P01": // invalid_password
			return ": check the user and password in the URL"
		case "28000": // invalid_authorization_specification: no such role, or pg_hba.conf
			return ": check the user name, and that the server's pg_hba.conf lets it connect from here"
		}
		return ""
	}
	if strings.Contains(a.Error(), "connection refused") {
		return ": is PostgreSQL running, and listening on that address and port?"
	}
	return ""
}
