// Package store declares what Accueil persists and the turn transaction every
// backend implements: badgerstore (embedded, the default) and pgstore
// (PostgreSQL, shared by several hosts). storetest is the conformance suite
// both run.
//
// # The turn transaction
//
// [Store.Turn] runs one conversation turn atomically: it checks the dedupe
// mark, gives the caller a [View] of the session and the calendar, and commits
// what the caller returns ([Writes]: session, exchange, bookings, holds, cancellations,
// customer, records, outbox) together with the dedupe mark and the reply, or
// nothing at all. When the commit would break an invariant (the session
// changed underneath, a slot was taken by another session), the store calls
// the function again on fresh state; the caller therefore must be pure.
//
// Invariants every backend guarantees:
//   - a dedupe key is committed at most once while its mark is kept (at
//     least the backend's dedupe retention, [DefaultDedupeRetention] unless
//     configured); a later Turn with the same key returns the stored reply
//     with Duplicate set and calls nothing. Providers retry within minutes
//     or hours; a mark older than the retention may be dropped, and the
//     same key then runs as a new turn. A backend may keep the reply of a
//     turn that logged an exchange only as long as that exchange is in the
//     session's log (ExchangeLog turns): a retry after that is still a
//     duplicate, with an empty reply;
//   - turns of one session apply in order, each on the state the previous left;
//   - for one business and one staff member, no two confirmed bookings, and
//     no confirmed booking and live hold of another session, overlap on
//     [Start, BlockEnd); a hold never overlaps another session's live hold;
//   - Turn returns only after the commit is durable (synced to disk).
//
// Every backend stores times in UTC at microsecond precision and returns
// them so.
package store

import (
	"context"
	"errors"
	"time"
)

// DefaultDedupeRetention is how long a backend keeps a dedupe mark (and the
// reply stored with it) unless configured otherwise: far longer than any
// provider retries, and short enough that marks do not pile up forever.
const DefaultDedupeRetention = 30 * 24 * time.Hour

var (
	// ErrNotFound is returned when a record, booking or session does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict is returned when a turn kept conflicting after its retries.
	ErrConflict = errors.New("store: conflict")
	// ErrSlotTaken is returned by a View-consuming function (or wrapped in
	// ErrConflict) when a booking or hold overlaps another one.
	ErrSlotTaken = errors.New("store: slot taken")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("store: closed")
)

// Booking statuses.
const (
	StatusConfirmed = "confirmed"
	StatusCancelled = "cancelled"
)

// Customer is a person known by phone number (E.164) across channels.
type Customer struct {
	Phone    string `json:"phone"`
	Name     string `json:"name,omitempty"`
	Language string `json:"language,omitempty"`
}

// Booking is an appointment.
type Booking struct {
	// ID is the reference told to the customer, unique within the business.
	ID      string    `json:"id"`
	Service string    `json:"service"`
	Staff   string    `json:"staff"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	// BlockEnd is when the staff member is free again (End plus any buffer).
	BlockEnd  time.Time `json:"block_end"`
	Status    string    `json:"status"`
	Channel   string    `json:"channel"`
	Customer  Customer  `json:"customer"`
	Session   string    `json:"session,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// CancelledAt is set when Status is StatusCancelled.
	CancelledAt time.Time `json:"cancelled_at,omitzero"`
}

// Hold reserves a slot for one session while the customer decides.
type Hold struct {
	Staff   string    `json:"staff"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"` // the blocked interval's end (buffer included)
	Session string    `json:"session"`
	Expires time.Time `json:"expires"`
}

// Record is something stored as it arrives: a delivery status, a call report.
// Records are keyed by (Kind, ID); a later put replaces the earlier one.
type Record struct {
	Kind    string    `json:"kind"`
	ID      string    `json:"id"`
	Session string    `json:"session,omitempty"`
	At      time.Time `json:"at"`
	Data    []byte    `json:"data"`
}

// Outbound is a message to send later (a reminder, a reply pushed to a
// channel outside the webhook's answer).
type Outbound struct {
	ID        string    `json:"id"`
	Channel   string    `json:"channel"`
	Session   string    `json:"session"`
	To        string    `json:"to"`
	NotBefore time.Time `json:"not_before"`
	Body      []byte    `json:"body"`
}

// TurnKey names a turn.
type TurnKey struct {
	Business string
	// Session is the conversation key, e.g. "whatsapp:+33639980012".
	Session string
	// Dedupe is the provider's id of the event (MessageSid, tool call id),
	// unique within the business. Empty means no dedupe.
	Dedupe string
	// Now is the turn's clock: holds whose Expires is not after Now are dead.
	// It also stamps CancelledAt and the default CreatedAt. Zero means the
	// store's clock.
	Now time.Time
}

// TurnResult is what Turn returns.
type TurnResult struct {
	// Reply is the reply committed with the dedupe mark.
	Reply []byte
	// Duplicate is true when the dedupe key was already committed: Reply is
	// then the reply stored the first time (or empty, see the package
	// invariants) and nothing ran.
	Duplicate bool
}

// View is a consistent read of the state a turn starts from. It is valid only
// during the call to the TurnFunc.
type View interface {
	// Session returns the stored session state, or nil if there is none.
	Session() ([]byte, error)
	// Bookings returns the confirmed bookings overlapping [from, to).
	Bookings(from, to time.Time) ([]Booking, error)
	// Holds returns the live holds (Expires after the turn's Now) of every
	// session overlapping [from, to).
	Holds(from, to time.Time) ([]Hold, error)
	// CustomerBookings returns every booking (any status) of a phone number.
	CustomerBookings(phone string) ([]Booking, error)
	// BookingExists reports whether a booking (any status) has this ID, so
	// that a turn picks one not used yet (an ID used is a conflict; see
	// Writes.Book).
	BookingExists(id string) (bool, error)
	// Customer returns the customer of a phone number, or ErrNotFound.
	Customer(phone string) (Customer, error)
	// Exchanges returns the session's exchange log (see Writes.Exchange):
	// the last ExchangeLog entries at most, oldest first, each with its
	// turn's reply.
	Exchanges() ([]Exchange, error)
	// Record returns a record of the business (see Writes.Records), or
	// ErrNotFound. Records written by turns committed with this one may
	// not be seen: what a turn counts with records is approximate.
	Record(kind, id string) (Record, error)
}

// ExchangeLog is how many exchanges a store keeps per session.
const ExchangeLog = 8

// Exchange is an entry of a session's exchange log.
type Exchange struct {
	// Entry is the turn's Writes.Exchange.
	Entry []byte
	// Reply is the turn's Writes.Reply, which the store keeps with the
	// entry: an entry need not repeat what its turn answered. It is nil
	// for an entry written before the store kept replies with entries.
	Reply []byte
}

// Writes is what a turn commits.
type Writes struct {
	// Session is the new session state; nil leaves it unchanged.
	Session []byte
	// Reply is returned to provider retries of the turn (see
	// TurnKey.Dedupe) and kept with its exchange (see Exchange).
	Reply []byte
	// Exchange, when not nil, is appended to the session's exchange log, a
	// short record of its last turns that the store keeps apart from the
	// session (the oldest entries beyond ExchangeLog are dropped), so that
	// what is read rarely is not rewritten with the session at every turn.
	// It requires Session. The store keeps Reply with it (see Exchange).
	Exchange []byte
	// Book adds confirmed bookings. Each must not overlap (see the package
	// invariants), ignoring bookings cancelled and holds released by the same Writes.
	// The store sets Status to confirmed; a zero BlockEnd means End, a zero
	// CreatedAt the turn's Now, an empty Session the turn's. An ID already
	// used is a conflict.
	Book []Booking
	// Cancel marks bookings (by ID) cancelled. An unknown ID fails the turn
	// with ErrNotFound; cancelling a cancelled booking changes nothing.
	Cancel []string
	// SetHolds, when true, replaces every hold of this session with Holds
	// (Holds is ignored otherwise). The store sets each hold's Session to the
	// turn's and drops holds already dead at Now.
	SetHolds bool
	Holds    []Hold
	// Customer, when not nil, creates or updates the customer of its phone;
	// empty fields keep their stored value.
	Customer *Customer
	Records  []Record
	Outbox   []Outbound
}

// TurnFunc computes a turn from a view. It may be called several times (on
// conflict) and must have no side effects. Returning an error aborts the turn
// and commits nothing (not even the dedupe mark).
type TurnFunc func(v View) (Writes, error)

// CommitStats count what a store's committer did since it was opened. A
// store that groups turns into shared commits reports them through an
// optional CommitStats() CommitStats method; the runtime exports them.
type CommitStats struct {
	Commits int64 // durable commits (one disk sync each)
	Turns   int64 // turns and other writes committed in them
	Retries int64 // turn attempts that conflicted and ran again
}

// Store is the persistence of one or more businesses. Every method is safe
// for concurrent use.
type Store interface {
	// Turn runs fn in the turn transaction described in the package doc.
	Turn(ctx context.Context, key TurnKey, fn TurnFunc) (TurnResult, error)
	// Bookings lists the bookings (any status) whose Start is in [from, to),
	// ordered by Start.
	Bookings(ctx context.Context, business string, from, to time.Time) ([]Booking, error)
	// Session returns the stored session state of a conversation, or ErrNotFound.
	Session(ctx context.Context, business, session string) ([]byte, error)
	// PutRecord stores a record outside a turn (delivery statuses, call reports).
	PutRecord(ctx context.Context, business string, r Record) error
	// Record returns one record, or ErrNotFound.
	Record(ctx context.Context, business, kind, id string) (Record, error)
	// Records lists the records of a kind, oldest first.
	Records(ctx context.Context, business, kind string) ([]Record, error)
	// Outbox lists pending outbound messages whose NotBefore is not after now.
	Outbox(ctx context.Context, business string, now time.Time) ([]Outbound, error)
	// AckOutbox removes sent outbound messages.
	AckOutbox(ctx context.Context, business string, ids ...string) error
	// Health returns nil while the store takes turns, and otherwise why it
	// does not (GET /health then answers 503 with it).
	Health() error
	// Close flushes and releases the store; later calls return ErrClosed
	// and a second Close returns nil.
	Close() error
}
