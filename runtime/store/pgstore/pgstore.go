package pgstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/internal/keylock"
	"github.com/accueil-pme/accueil/runtime/store/internal/turncheck"
)

// Options configures a Store. The zero value is ready to use.
type Options struct {
	// MaxConns bounds the connection pool. 0 means 16. A turn holds one
	// connection from start to end.
	MaxConns int32 `json:"max_conns,omitempty"`
	// MaxAttempts is how many times a conflicting turn runs before Turn
	// returns store.ErrConflict. 0 means 10.
	MaxAttempts int `json:"max_attempts,omitempty"`
	// DedupeRetention is how long a dedupe mark (and the reply stored with
	// it) counts: an older mark is ignored, replaced by the next turn with
	// its key, and deleted by a pruning pass every PruneInterval. 0 means
	// store.DefaultDedupeRetention; a negative value keeps marks forever.
	DedupeRetention time.Duration `json:"dedupe_retention,omitempty"`
	// PruneInterval is how often the store deletes expired dedupe marks.
	// Every host sharing the database prunes; that is harmless. 0 means
	// one hour.
	PruneInterval time.Duration `json:"prune_interval,omitempty"`
	// LockTimeout bounds how long a turn waits for a lock another host
	// holds (a staff member's calendar, a conversation): a host that stops
	// inside a turn then holds the others up that long at most. 0 means
	// 5 s. The server also ends a transaction left idle for 30 s, which
	// releases what a stopped host held.
	LockTimeout time.Duration `json:"lock_timeout,omitempty"`
	// Logger receives the store's warnings. nil means slog.Default().
	Logger *slog.Logger `json:"-"`
}

// Store is a store.Store on PostgreSQL. It is safe for concurrent use, and
// several processes may share one database.
type Store struct {
	pool  *pgxpool.Pool
	opts  Options
	log   *slog.Logger
	locks keylock.Locks[sessionKey]

	// The dedupe mark queries, with the retention in them.
	readMark, insertMark string

	mu       sync.RWMutex
	closed   bool
	closing  chan struct{}
	inflight sync.WaitGroup
	pruned   chan struct{} // closed when the pruning loop has stopped
}

// Open connects to the database named by dsn (a postgres:// URL or libpq
// key=value pairs) and creates or upgrades the schema.
//
// # Errors
//
// Open fails when the DSN does not parse, the server cannot be reached, or
// the schema cannot be created (the user needs CREATE on the database, and
// the btree_gist extension must be installable, as it is by default since
// PostgreSQL 13).
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	if opts.MaxConns <= 0 {
		opts.MaxConns = 16
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = turncheck.DefaultMaxAttempts
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.DedupeRetention == 0 {
		opts.DedupeRetention = store.DefaultDedupeRetention
	}
	if opts.PruneInterval <= 0 {
		opts.PruneInterval = time.Hour
	}
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = 5 * time.Second
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("pgstore: parse DSN: %w", err)
	}
	cfg.MaxConns = opts.MaxConns
	cfg.ConnConfig.RuntimeParams["application_name"] = "accueil"
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	// A host that stops inside a turn (a freeze, a long pause, a network
	// partition) must not hold the others: no lock is waited for longer
	// than lockTimeout (the turn then runs again, or fails alone), and the
	// server ends a transaction left idle longer than idleTxTimeout,
	// releasing its locks.
	cfg.ConnConfig.RuntimeParams["lock_timeout"] = strconv.FormatInt(opts.LockTimeout.Milliseconds(), 10) + "ms"
	cfg.ConnConfig.RuntimeParams["idle_in_transaction_session_timeout"] = idleTxTimeout
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, connectError(&cfg.ConnConfig.Config, err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: migrate schema: %w", err)
	}
	s := &Store{pool: pool, opts: opts, log: opts.Logger, closing: make(chan struct{}), pruned: make(chan struct{})}
	s.readMark = "SELECT reply FROM accueil_dedupe WHERE business = $1 AND key = $2"
	s.insertMark = "INSERT INTO accueil_dedupe (business, key, reply) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
	if r := opts.DedupeRetention; r > 0 {
		// An expired mark is as good as absent: the turn replaces it.
		live := fmt.Sprintf("created_at > now() - interval '%d microseconds'", r.Microseconds())
		s.readMark += " AND " + live
		s.insertMark = "INSERT INTO accueil_dedupe AS d (business, key, reply) VALUES ($1, $2, $3) " +
			"ON CONFLICT (business, key) DO UPDATE SET reply = EXCLUDED.reply, created_at = now() WHERE NOT (d." + live + ")"
	}
	go s.pruneLoop()
	return s, nil
}

// PruneDedupe deletes the dedupe marks older than Options.DedupeRetention
// and returns how many it deleted. The store runs it every
// Options.PruneInterval; expired marks are ignored even before that.
func (s *Store) PruneDedupe(ctx context.Context) (int64, error) {
	r := s.opts.DedupeRetention
	if r <= 0 {
		return 0, nil
	}
	tag, err := s.pool.Exec(ctx, fmt.Sprintf("DELETE FROM accueil_dedupe WHERE created_at <= now() - interval '%d microseconds'", r.Microseconds()))
	if err != nil {
		return 0, fmt.Errorf("pgstore: prune dedupe marks: %w", err)
	}
	return tag.RowsAffected(), nil
}

func (s *Store) pruneLoop() {
	defer close(s.pruned)
	if s.opts.DedupeRetention <= 0 {
		return
	}
	tick := time.NewTicker(s.opts.PruneInterval)
	defer tick.Stop()
	for {
		select {
		case <-s.closing:
			return
		case <-tick.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		go func() { // stop waiting for the database when the store closes
			select {
			case <-s.closing:
				cancel()
			case <-ctx.Done():
			}
		}()
		n, err := s.PruneDedupe(ctx)
		cancel()
		switch {
		case err != nil && !errors.Is(err, context.Canceled):
			s.log.Warn("pgstore: pruning expired dedupe marks failed; retrying later", "err", err)
		case n > 0:
			s.log.Debug("pgstore: pruned expired dedupe marks", "deleted", n)
		}
	}
}

// Close waits for the calls in flight and closes the pool. Calling it again
// returns nil.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.closing)
	s.mu.Unlock()
	s.inflight.Wait()
	<-s.pruned
	s.pool.Close()
	return nil
}

func (s *Store) enter(ctx context.Context, business string) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := turncheck.Name("business", business); err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, store.ErrClosed
	}
	s.inflight.Add(1)
	return s.inflight.Done, nil
}

// lockKey hashes a lock name into PostgreSQL's advisory lock space. A
// collision only makes two unrelated turns wait for each other.
func lockKey(kind byte, business, name string) int64 {
	h := fnv.New64a()
	h.Write([]byte{kind, 0})
	h.Write([]byte(business))
	h.Write([]byte{0})
	h.Write([]byte(name))
	return int64(h.Sum64())
}

// retryable reports whether a database error means the turn should run
// again: serialization failure, deadlock, exclusion or unique violation
// (another host booked the slot or the id first).
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40001", "40P01", "23P01", "23505":
			return true
		}
	}
	return false
}

func transient(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// Turn implements store.Store.
//
// A turn takes a session-level advisory lock on its (business, session), so
// turns of one conversation queue up across every host instead of
// conflicting. The function then runs on a repeatable-read snapshot, and its
// writes commit in a second, read-committed transaction that checks again
// everything the function relied on: the dedupe mark is inserted (primary
// key), the session version compared and set, and the staff members it
// books or holds are locked (transaction advisory locks, in sorted order)
// before their calendars are read fresh. The exclusion constraint on
// confirmed bookings backs it all. A failed check runs the function again.
func (s *Store) Turn(ctx context.Context, k store.TurnKey, fn store.TurnFunc) (store.TurnResult, error) {
	if err := ctx.Err(); err != nil {
		return store.TurnResult{}, err
	}
	if err := turncheck.Key(&k); err != nil {
		return store.TurnResult{}, fmt.Errorf("pgstore: turn: %w", err)
	}
	done, err := s.enter(ctx, k.Business)
	if err != nil {
		return store.TurnResult{}, err
	}
	defer done()
	// Queue same-session turns in process first, so they do not each pin a
	// connection while waiting for the database lock.
	unlock, err := s.locks.Lock(ctx, sessionKey{k.Business, k.Session}, s.closing, store.ErrClosed)
	if err != nil {
		return store.TurnResult{}, err
	}
	defer unlock()

	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return store.TurnResult{}, fmt.Errorf("pgstore: turn: acquire connection: %w", err)
	}
	defer conn.Release()
	sessLock := lockKey('s', k.Business, k.Session)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", sessLock); err != nil {
		// The lock may or may not be held: drop the connection, which
		// releases it.
		_ = conn.Conn().Close(context.Background())
		if ctx.Err() != nil {
			return store.TurnResult{}, ctx.Err()
		}
		return store.TurnResult{}, fmt.Errorf("pgstore: turn: lock session %s: %w", k.Session, err)
	}
	defer func() {
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, err := conn.Exec(uctx, "SELECT pg_advisory_unlock($1)", sessLock); err != nil {
			_ = conn.Conn().Close(uctx)
		}
	}()

	var last error
	for attempt := 1; attempt <= s.opts.MaxAttempts; attempt++ {
		if err := ctx.Err(); err != nil {
			return store.TurnResult{}, err
		}
		res, w, version, dup, err := s.run(ctx, conn.Conn(), k, fn)
		if err != nil || dup {
			return res, err
		}
		if err := turncheck.Writes(k, &w); err != nil {
			return store.TurnResult{}, fmt.Errorf("pgstore: turn of session %s: %w", k.Session, err)
		}
		err = s.commit(ctx, conn.Conn(), k, w, version)
		if err == nil {
			return store.TurnResult{Reply: w.Reply}, nil
		}
		if conn.Conn().IsClosed() && k.Dedupe != "" {
			// The connection broke during the commit: it may have been
			// applied. The turn's dedupe mark, written with it, says: then
			// its reply is the answer (a booking made is told, with its
			// reference), not an apology for a failure that did not happen.
			if reply, ok := s.settled(ctx, k); ok {
				return store.TurnResult{Reply: reply, Duplicate: true}, nil
			}
		}
		if ctx.Err() != nil {
			return store.TurnResult{}, ctx.Err()
		}
		if !turncheck.IsRetry(err) && !retryable(err) {
			return store.TurnResult{}, fmt.Errorf("pgstore: turn of session %s: %w", k.Session, err)
		}
		if transient(err) {
			time.Sleep(time.Duration(rand.IntN(1000*attempt)) * time.Microsecond)
		}
		last = err
	}
	return store.TurnResult{}, turncheck.GiveUp("pgstore", k, s.opts.MaxAttempts, last)
}

// idleTxTimeout is how long the server keeps a transaction idle: a turn's
// never is for more than milliseconds; a stopped host's is ended.
const idleTxTimeout = "30s"

// settled reads, on another connection, the dedupe mark of a turn whose
// commit lost its connection: its reply when the commit was applied.
func (s *Store) settled(ctx context.Context, k store.TurnKey) ([]byte, bool) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	var reply []byte
	if err := s.pool.QueryRow(rctx, s.readMark, k.Business, k.Dedupe).Scan(&reply); err != nil {
		return nil, false
	}
	return reply, true
}

// run reads the dedupe mark and the session, and calls fn, in a read-only
// repeatable-read transaction: the view is one consistent snapshot.
func (s *Store) run(ctx context.Context, conn *pgx.Conn, k store.TurnKey, fn store.TurnFunc) (res store.TurnResult, w store.Writes, version int64, dup bool, err error) {
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return res, w, 0, false, fmt.Errorf("pgstore: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if k.Dedupe != "" {
		var reply []byte
		err := tx.QueryRow(ctx, s.readMark, k.Business, k.Dedupe).Scan(&reply)
		if err == nil {
			return store.TurnResult{Reply: reply, Duplicate: true}, w, 0, true, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return res, w, 0, false, fmt.Errorf("pgstore: read dedupe mark: %w", err)
		}
	}
	var state []byte
	err = tx.QueryRow(ctx, "SELECT version, state FROM accueil_sessions WHERE business = $1 AND session = $2", k.Business, k.Session).Scan(&version, &state)
	if errors.Is(err, pgx.ErrNoRows) {
		version, state, err = 0, nil, nil
	}
	if err != nil {
		return res, w, 0, false, fmt.Errorf("pgstore: read session %s: %w", k.Session, err)
	}
	if state == nil && version > 0 {
		state = []byte{}
	}
	v := &view{ctx: ctx, tx: tx, key: k, state: state, version: version}
	w, err = fn(v)
	v.tx = nil
	return res, w, version, false, err
}

var (
	errDuplicate      = errors.New("dedupe key committed by a concurrent turn")
	errSessionChanged = errors.New("session changed since the turn read it")
)

// commit writes w in a read-committed transaction, checking first what the
// function's snapshot may have missed.
func (s *Store) commit(ctx context.Context, conn *pgx.Conn, k store.TurnKey, w store.Writes, version int64) error {
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	biz := k.Business

	if k.Dedupe != "" {
		tag, err := tx.Exec(ctx, s.insertMark, biz, k.Dedupe, nonNil(w.Reply))
		if err != nil {
			return fmt.Errorf("insert dedupe mark: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return turncheck.Retry(errDuplicate)
		}
	}

	switch {
	case version == 0 && w.Session != nil:
		tag, err := tx.Exec(ctx, "INSERT INTO accueil_sessions (business, session, version, state) VALUES ($1, $2, 1, $3) ON CONFLICT DO NOTHING", biz, k.Session, w.Session)
		if err != nil {
			return fmt.Errorf("insert session: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return turncheck.Retry(errSessionChanged)
		}
	case w.Session != nil:
		tag, err := tx.Exec(ctx, "UPDATE accueil_sessions SET state = $4, version = version + 1 WHERE business = $1 AND session = $2 AND version = $3", biz, k.Session, version, w.Session)
		if err != nil {
			return fmt.Errorf("update session: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return turncheck.Retry(errSessionChanged)
		}
	default:
		var cur int64
		err := tx.QueryRow(ctx, "SELECT version FROM accueil_sessions WHERE business = $1 AND session = $2 FOR SHARE", biz, k.Session).Scan(&cur)
		if errors.Is(err, pgx.ErrNoRows) {
			cur, err = 0, nil
		}
		if err != nil {
			return fmt.Errorf("read session version: %w", err)
		}
		if cur != version {
			return turncheck.Retry(errSessionChanged)
		}
	}

	if w.Exchange != nil {
		// The session row is locked by the update above: the slot is this
		// turn's alone.
		seq := version + 1
		_, err := tx.Exec(ctx, `INSERT INTO accueil_exchanges (business, session, slot, seq, data, reply) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (business, session, slot) DO UPDATE SET seq = EXCLUDED.seq, data = EXCLUDED.data, reply = EXCLUDED.reply`,
			biz, k.Session, seq%store.ExchangeLog, seq, w.Exchange, nonNil(w.Reply))
		if err != nil {
			return fmt.Errorf("log exchange: %w", err)
		}
	}

	if len(w.Cancel) > 0 {
		cancel := slices.Clone(w.Cancel)
		slices.Sort(cancel)
		cancel = slices.Compact(cancel)
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM accueil_bookings WHERE business = $1 AND id = ANY($2)", biz, cancel).Scan(&n); err != nil {
			return fmt.Errorf("find bookings to cancel: %w", err)
		}
		if n != len(cancel) {
			return fmt.Errorf("cancel bookings %v: %w", cancel, store.ErrNotFound)
		}
		_, err := tx.Exec(ctx, `UPDATE accueil_bookings SET status = 'cancelled', cancelled_at = $3
			WHERE business = $1 AND id = ANY($2) AND status = 'confirmed'`, biz, cancel, k.Now)
		if err != nil {
			return fmt.Errorf("cancel bookings: %w", err)
		}
	}

	// Lock the calendars this turn changes, in a fixed order, then read
	// them fresh: no other turn can book or hold on them until we commit.
	var staff []string
	for _, b := range w.Book {
		staff = append(staff, b.Staff)
	}
	for _, h := range w.Holds {
		staff = append(staff, h.Staff)
	}
	slices.Sort(staff)
	for _, st := range slices.Compact(staff) {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockKey('t', biz, st)); err != nil {
			return fmt.Errorf("lock calendar of %s: %w", st, err)
		}
	}

	for _, b := range w.Book {
		if err := checkSlot(ctx, tx, k, b.Staff, b.Start, b.BlockEnd, true); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO accueil_bookings (business, id, service, staff, start_at, end_at, block_end,
			status, channel, customer_phone, customer_name, customer_language, session, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'confirmed', $8, $9, $10, $11, $12, $13)`,
			biz, b.ID, b.Service, b.Staff, b.Start, b.End, b.BlockEnd, b.Channel,
			b.Customer.Phone, b.Customer.Name, b.Customer.Language, b.Session, b.CreatedAt)
		if err != nil {
			if retryable(err) {
				return turncheck.Retry(fmt.Errorf("insert booking %s: %w", b.ID, err))
			}
			return fmt.Errorf("insert booking %s: %w", b.ID, err)
		}
	}

	if w.SetHolds {
		if _, err := tx.Exec(ctx, "DELETE FROM accueil_holds WHERE business = $1 AND session = $2", biz, k.Session); err != nil {
			return fmt.Errorf("release holds: %w", err)
		}
		for _, h := range w.Holds {
			if err := checkSlot(ctx, tx, k, h.Staff, h.Start, h.End, false); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "DELETE FROM accueil_holds WHERE business = $1 AND staff = $2 AND expires_at <= $3", biz, h.Staff, k.Now); err != nil {
				return fmt.Errorf("prune expired holds: %w", err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO accueil_holds (business, session, staff, start_at, end_at, expires_at)
				VALUES ($1, $2, $3, $4, $5, $6)`, biz, k.Session, h.Staff, h.Start, h.End, h.Expires)
			if err != nil {
				return fmt.Errorf("insert hold: %w", err)
			}
		}
	}

	if c := w.Customer; c != nil {
		_, err := tx.Exec(ctx, `INSERT INTO accueil_customers (business, phone, name, language) VALUES ($1, $2, $3, $4)
			ON CONFLICT (business, phone) DO UPDATE SET
				name = CASE WHEN EXCLUDED.name <> '' THEN EXCLUDED.name ELSE accueil_customers.name END,
				language = CASE WHEN EXCLUDED.language <> '' THEN EXCLUDED.language ELSE accueil_customers.language END`,
			biz, c.Phone, c.Name, c.Language)
		if err != nil {
			return fmt.Errorf("upsert customer: %w", err)
		}
	}
	for _, r := range w.Records {
		if err := putRecord(ctx, tx, biz, r); err != nil {
			return err
		}
	}
	for _, o := range w.Outbox {
		body := o.Body
		if body == nil {
			body = []byte{}
		}
		_, err := tx.Exec(ctx, `INSERT INTO accueil_outbox (business, id, channel, session, to_addr, not_before, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (business, id) DO UPDATE SET channel = EXCLUDED.channel, session = EXCLUDED.session,
				to_addr = EXCLUDED.to_addr, not_before = EXCLUDED.not_before, body = EXCLUDED.body`,
			biz, o.ID, o.Channel, o.Session, o.To, o.NotBefore, body)
		if err != nil {
			return fmt.Errorf("insert outbound %s: %w", o.ID, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// checkSlot returns a retryable *turncheck.SlotError when [start, end) of
// staff overlaps a confirmed booking (any session's when booking, another
// session's when holding) or another session's live hold. The caller holds
// the staff member's calendar lock, so this read is current.
func checkSlot(ctx context.Context, tx pgx.Tx, k store.TurnKey, staff string, start, end time.Time, booking bool) error {
	var id string
	err := tx.QueryRow(ctx, `SELECT id FROM accueil_bookings
		WHERE business = $1 AND staff = $2 AND status = 'confirmed' AND start_at < $4 AND block_end > $3
		AND ($5 OR session <> $6) LIMIT 1`, k.Business, staff, start, end, booking, k.Session).Scan(&id)
	if err == nil {
		return turncheck.Retry(&turncheck.SlotError{Staff: staff, Start: start, End: end, With: "booking " + id})
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("check bookings of %s: %w", staff, err)
	}
	err = tx.QueryRow(ctx, `SELECT 1 FROM accueil_holds
		WHERE business = $1 AND staff = $2 AND session <> $3 AND expires_at > $4 AND start_at < $6 AND end_at > $5
		LIMIT 1`, k.Business, staff, k.Session, k.Now, start, end).Scan(new(int))
	if err == nil {
		return turncheck.Retry(&turncheck.SlotError{Staff: staff, Start: start, End: end, With: "a hold of another conversation"})
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("check holds of %s: %w", staff, err)
	}
	return nil
}

type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func putRecord(ctx context.Context, db execer, business string, r store.Record) error {
	data := r.Data
	if data == nil {
		data = []byte{}
	}
	_, err := db.Exec(ctx, `INSERT INTO accueil_records (business, kind, id, session, at, data) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (business, kind, id) DO UPDATE SET session = EXCLUDED.session, at = EXCLUDED.at, data = EXCLUDED.data`,
		business, r.Kind, r.ID, r.Session, r.At, data)
	if err != nil {
		return fmt.Errorf("put record %s/%s: %w", r.Kind, r.ID, err)
	}
	return nil
}

// Health reports whether PostgreSQL answers a query within two seconds: a
// database down or frozen makes every turn fail, and /health then says so
// (503), so that an operator or a load balancer knows before customers do.
// The pool reconnects by itself; there is no state of the store's own to
// mend.
func (s *Store) Health() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := s.pool.Exec(ctx, "SELECT 1"); err != nil {
		return fmt.Errorf("pgstore: PostgreSQL does not answer: %w", err)
	}
	return nil
}

var _ store.Store = (*Store)(nil)

// nonNil returns b, or an empty slice for nil: the columns that keep
// replies are NULL only for rows written before they kept them.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// sessionKey names a conversation for the in-process session locks.
type sessionKey struct{ business, session string }
