package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations are applied in order, each once, in one transaction each.
// Append new ones; never edit one that has shipped.
var migrations = []string{
	// 1: the initial schema.
	`
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE accueil_sessions (
	business text   NOT NULL,
	session  text   NOT NULL,
	version  bigint NOT NULL,
	state    bytea  NOT NULL,
	PRIMARY KEY (business, session)
);

CREATE TABLE accueil_dedupe (
	business   text        NOT NULL,
	key        text        NOT NULL,
	reply      bytea       NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (business, key)
);

CREATE TABLE accueil_bookings (
	business          text        NOT NULL,
	id                text        NOT NULL,
	service           text        NOT NULL,
	staff             text        NOT NULL,
	start_at          timestamptz NOT NULL,
	end_at            timestamptz NOT NULL,
	block_end         timestamptz NOT NULL,
	status            text        NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
	channel           text        NOT NULL,
	customer_phone    text        NOT NULL,
	customer_name     text        NOT NULL,
	customer_language text        NOT NULL,
	session           text        NOT NULL,
	created_at        timestamptz NOT NULL,
	cancelled_at      timestamptz,
	PRIMARY KEY (business, id),
	CHECK (start_at < end_at AND end_at <= block_end),
	-- Two confirmed bookings of one staff member never overlap, whatever
	-- the code above does.
	CONSTRAINT accueil_bookings_no_overlap EXCLUDE USING gist (
		business WITH =, staff WITH =, tstzrange(start_at, block_end) WITH &&
	) WHERE (status = 'confirmed')
);
CREATE INDEX accueil_bookings_start ON accueil_bookings (business, start_at);
CREATE INDEX accueil_bookings_phone ON accueil_bookings (business, customer_phone);

CREATE TABLE accueil_holds (
	business   text        NOT NULL,
	session    text        NOT NULL,
	staff      text        NOT NULL,
	start_at   timestamptz NOT NULL,
	end_at     timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	CHECK (start_at < end_at)
);
CREATE INDEX accueil_holds_session ON accueil_holds (business, session);
CREATE INDEX accueil_holds_slot ON accueil_holds USING gist (business, staff, tstzrange(start_at, end_at));

CREATE TABLE accueil_customers (
	business text NOT NULL,
	phone    text NOT NULL,
	name     text NOT NULL,
	language text NOT NULL,
	PRIMARY KEY (business, phone)
);

CREATE TABLE accueil_records (
	business text        NOT NULL,
	kind     text        NOT NULL,
	id       text        NOT NULL,
	session  text        NOT NULL,
	at       timestamptz NOT NULL,
	data     bytea       NOT NULL,
	PRIMARY KEY (business, kind, id)
);

CREATE TABLE accueil_outbox (
	business   text        NOT NULL,
	id         text        NOT NULL,
	channel    text        NOT NULL,
	session    text        NOT NULL,
	to_addr    text        NOT NULL,
	not_before timestamptz NOT NULL,
	body       bytea       NOT NULL,
	PRIMARY KEY (business, id)
);
CREATE INDEX accueil_outbox_due ON accueil_outbox (business, not_before);
`,
	// 2: the exchange log, a ring of store.ExchangeLog slots per session.
	`
CREATE TABLE accueil_exchanges (
	business text   NOT NULL,
	session  text   NOT NULL,
	slot     int    NOT NULL,
	seq      bigint NOT NULL,
	data     bytea  NOT NULL,
	PRIMARY KEY (business, session, slot)
);
`,
	// 3: each exchange keeps its turn's reply (store.Exchange.Reply); the
	// entries written before have none.
	`
ALTER TABLE accueil_exchanges ADD COLUMN reply bytea;
`,
}

// migrateLock is the advisory lock key serialising migrations across hosts.
const migrateLock = 0x61636375_65696c00 // "accueil\0"

// migrate brings the schema to the latest version. Several hosts may run it
// at once: an advisory lock makes them take turns, and each migration runs
// once, recorded in accueil_schema.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrateLock)); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS accueil_schema (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return fmt.Errorf("create accueil_schema: %w", err)
		}
		var current int
		if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM accueil_schema").Scan(&current); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if current > len(migrations) {
			return fmt.Errorf("the database schema is at version %d, newer than this program knows (%d): upgrade accueil", current, len(migrations))
		}
		for v := current + 1; v <= len(migrations); v++ {
			if _, err := tx.Exec(ctx, migrations[v-1]); err != nil {
				return fmt.Errorf("migration %d: %w", v, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO accueil_schema (version) VALUES ($1)", v); err != nil {
				return fmt.Errorf("record migration %d: %w", v, err)
			}
		}
		return nil
	})
}
