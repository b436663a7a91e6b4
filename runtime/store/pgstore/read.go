package pgstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/internal/turncheck"
)

// view is the store.View of one attempt, on a repeatable-read snapshot.
type view struct {
	ctx     context.Context
	tx      pgx.Tx
	key     store.TurnKey
	state   []byte
	version int64 // of the session read; 0 if none
}

var errViewDone = errors.New("pgstore: view used after its turn function returned")

func (v *view) Session() ([]byte, error) {
	if v.tx == nil {
		return nil, errViewDone
	}
	if v.state == nil {
		return nil, nil
	}
	return bytes.Clone(v.state), nil
}

func (v *view) Exchanges() ([]store.Exchange, error) {
	if v.tx == nil {
		return nil, errViewDone
	}
	rows, err := v.tx.Query(v.ctx, `SELECT data, reply FROM accueil_exchanges
		WHERE business = $1 AND session = $2 AND seq <= $3 AND seq > $3 - $4 ORDER BY seq`,
		v.key.Business, v.key.Session, v.version, store.ExchangeLog)
	if err != nil {
		return nil, fmt.Errorf("pgstore: exchange log of %s: %w", v.key.Session, err)
	}
	log, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Exchange, error) {
		var e store.Exchange
		err := row.Scan(&e.Entry, &e.Reply)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: exchange log of %s: %w", v.key.Session, err)
	}
	return log, nil
}

const bookingColumns = `id, service, staff, start_at, end_at, block_end, status, channel,
	customer_phone, customer_name, customer_language, session, created_at, cancelled_at`

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func queryBookings(ctx context.Context, q querier, sql string, args ...any) ([]store.Booking, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Booking, error) {
		var b store.Booking
		var cancelled *time.Time
		err := row.Scan(&b.ID, &b.Service, &b.Staff, &b.Start, &b.End, &b.BlockEnd, &b.Status, &b.Channel,
			&b.Customer.Phone, &b.Customer.Name, &b.Customer.Language, &b.Session, &b.CreatedAt, &cancelled)
		b.Start, b.End, b.BlockEnd, b.CreatedAt = b.Start.UTC(), b.End.UTC(), b.BlockEnd.UTC(), b.CreatedAt.UTC()
		if cancelled != nil {
			b.CancelledAt = cancelled.UTC()
		}
		return b, err
	})
}

func (v *view) Bookings(from, to time.Time) ([]store.Booking, error) {
	if v.tx == nil {
		return nil, errViewDone
	}
	if !from.Before(to) {
		return nil, nil
	}
	bs, err := queryBookings(v.ctx, v.tx, `SELECT `+bookingColumns+` FROM accueil_bookings
		WHERE business = $1 AND status = 'confirmed' AND start_at < $3 AND block_end > $2
		ORDER BY start_at, id`, v.key.Business, from, to)
	if err != nil {
		return nil, fmt.Errorf("pgstore: view bookings: %w", err)
	}
	return bs, nil
}

func (v *view) Holds(from, to time.Time) ([]store.Hold, error) {
	if v.tx == nil {
		return nil, errViewDone
	}
	if !from.Before(to) {
		return nil, nil
	}
	rows, err := v.tx.Query(v.ctx, `SELECT staff, start_at, end_at, session, expires_at FROM accueil_holds
		WHERE business = $1 AND expires_at > $4 AND start_at < $3 AND end_at > $2
		ORDER BY start_at, staff, session`, v.key.Business, from, to, v.key.Now)
	if err != nil {
		return nil, fmt.Errorf("pgstore: view holds: %w", err)
	}
	hs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Hold, error) {
		var h store.Hold
		err := row.Scan(&h.Staff, &h.Start, &h.End, &h.Session, &h.Expires)
		h.Start, h.End, h.Expires = h.Start.UTC(), h.End.UTC(), h.Expires.UTC()
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: view holds: %w", err)
	}
	return hs, nil
}

func (v *view) CustomerBookings(phone string) ([]store.Booking, error) {
	if v.tx == nil {
		return nil, errViewDone
	}
	if phone == "" {
		return nil, nil
	}
	bs, err := queryBookings(v.ctx, v.tx, `SELECT `+bookingColumns+` FROM accueil_bookings
		WHERE business = $1 AND customer_phone = $2 ORDER BY start_at, id`, v.key.Business, phone)
	if err != nil {
		return nil, fmt.Errorf("pgstore: customer bookings: %w", err)
	}
	return bs, nil
}

func (v *view) BookingExists(id string) (bool, error) {
	if v.tx == nil {
		return false, errViewDone
	}
	var ok bool
	if err := v.tx.QueryRow(v.ctx, "SELECT EXISTS (SELECT 1 FROM accueil_bookings WHERE business = $1 AND id = $2)",
		v.key.Business, id).Scan(&ok); err != nil {
		return false, fmt.Errorf("pgstore: booking %s: %w", id, err)
	}
	return ok, nil
}

func (v *view) Record(kind, id string) (store.Record, error) {
	if v.tx == nil {
		return store.Record{}, errViewDone
	}
	return readRecord(v.ctx, v.tx, v.key.Business, kind, id)
}

// queryRower is what readRecord reads with: the pool, or a turn's
// transaction.
type queryRower interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func readRecord(ctx context.Context, q queryRower, business, kind, id string) (store.Record, error) {
	r := store.Record{Kind: kind, ID: id}
	err := q.QueryRow(ctx, "SELECT session, at, data FROM accueil_records WHERE business = $1 AND kind = $2 AND id = $3",
		business, kind, id).Scan(&r.Session, &r.At, &r.Data)
	if errors.Is(err, pgx.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Record{}, fmt.Errorf("pgstore: record %s/%s: %w", kind, id, err)
	}
	r.At = r.At.UTC()
	return r, nil
}

func (v *view) Customer(phone string) (store.Customer, error) {
	if v.tx == nil {
		return store.Customer{}, errViewDone
	}
	c := store.Customer{Phone: phone}
	err := v.tx.QueryRow(v.ctx, "SELECT name, language FROM accueil_customers WHERE business = $1 AND phone = $2",
		v.key.Business, phone).Scan(&c.Name, &c.Language)
	if errors.Is(err, pgx.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Customer{}, fmt.Errorf("pgstore: customer %s: %w", phone, err)
	}
	return c, nil
}

// Bookings implements store.Store.
func (s *Store) Bookings(ctx context.Context, business string, from, to time.Time) ([]store.Booking, error) {
	done, err := s.enter(ctx, business)
	if err != nil {
		return nil, err
	}
	defer done()
	bs, err := queryBookings(ctx, s.pool, `SELECT `+bookingColumns+` FROM accueil_bookings
		WHERE business = $1 AND start_at >= $2 AND start_at < $3 ORDER BY start_at, id`, business, from, to)
	if err != nil {
		return nil, fmt.Errorf("pgstore: list bookings: %w", err)
	}
	return bs, nil
}

// Session implements store.Store.
func (s *Store) Session(ctx context.Context, business, session string) ([]byte, error) {
	done, err := s.enter(ctx, business)
	if err != nil {
		return nil, err
	}
	defer done()
	var state []byte
	err = s.pool.QueryRow(ctx, "SELECT state FROM accueil_sessions WHERE business = $1 AND session = $2", business, session).Scan(&state)
	if errors.Is(err, pgx.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("pgstore: session %s: %w", session, err)
	}
	if state == nil {
		state = []byte{}
	}
	return state, nil
}

// PutRecord implements store.Store.
func (s *Store) PutRecord(ctx context.Context, business string, r store.Record) error {
	done, err := s.enter(ctx, business)
	if err != nil {
		return err
	}
	defer done()
	if err := turncheck.Record(time.Now(), &r); err != nil {
		return fmt.Errorf("pgstore: put record: %w", err)
	}
	if err := putRecord(ctx, s.pool, business, r); err != nil {
		return fmt.Errorf("pgstore: %w", err)
	}
	return nil
}

// Record implements store.Store.
func (s *Store) Record(ctx context.Context, business, kind, id string) (store.Record, error) {
	done, err := s.enter(ctx, business)
	if err != nil {
		return store.Record{}, err
	}
	defer done()
	return readRecord(ctx, s.pool, business, kind, id)
}

// Records implements store.Store.
func (s *Store) Records(ctx context.Context, business, kind string) ([]store.Record, error) {
	done, err := s.enter(ctx, business)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := s.pool.Query(ctx, `SELECT id, session, at, data FROM accueil_records
		WHERE business = $1 AND kind = $2 ORDER BY at, id`, business, kind)
	if err != nil {
		return nil, fmt.Errorf("pgstore: records %s: %w", kind, err)
	}
	rs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Record, error) {
		r := store.Record{Kind: kind}
		err := row.Scan(&r.ID, &r.Session, &r.At, &r.Data)
		r.At = r.At.UTC()
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: records %s: %w", kind, err)
	}
	return rs, nil
}

// Outbox implements store.Store.
func (s *Store) Outbox(ctx context.Context, business string, now time.Time) ([]store.Outbound, error) {
	done, err := s.enter(ctx, business)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := s.pool.Query(ctx, `SELECT id, channel, session, to_addr, not_before, body FROM accueil_outbox
		WHERE business = $1 AND not_before <= $2 ORDER BY not_before, id`, business, now)
	if err != nil {
		return nil, fmt.Errorf("pgstore: outbox: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Outbound, error) {
		var o store.Outbound
		err := row.Scan(&o.ID, &o.Channel, &o.Session, &o.To, &o.NotBefore, &o.Body)
		o.NotBefore = o.NotBefore.UTC()
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: outbox: %w", err)
	}
	return out, nil
}

// AckOutbox implements store.Store.
func (s *Store) AckOutbox(ctx context.Context, business string, ids ...string) error {
	done, err := s.enter(ctx, business)
	if err != nil {
		return err
	}
	defer done()
	if len(ids) == 0 {
		return nil
	}
	if _, err := s.pool.Exec(ctx, "DELETE FROM accueil_outbox WHERE business = $1 AND id = ANY($2)", business, ids); err != nil {
		return fmt.Errorf("pgstore: ack outbox: %w", err)
	}
	return nil
}
