// Package turncheck holds what every store backend does the same way before
// it commits a turn: key validation, normalisation of the written values
// (UTC, microsecond precision, defaults), the checks that need no stored
// state (shape of bookings and holds, overlaps inside one Writes), and the
// errors a conflicting turn reports.
package turncheck

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
)

// DefaultMaxAttempts is how many times a backend runs a conflicting turn
// before it returns store.ErrConflict.
const DefaultMaxAttempts = 10

// Time returns t as stored: UTC, truncated to the microsecond (PostgreSQL's
// precision), so every backend returns the same instants.
func Time(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

var (
	minTime = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

func inRange(t time.Time) bool { return !t.Before(minTime) && t.Before(maxTime) }

// Name checks an identifier used inside keys: not empty, no NUL byte.
func Name(what, s string) error {
	if s == "" {
		return fmt.Errorf("%s is empty", what)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%s %q contains a NUL byte", what, s)
	}
	return nil
}

// Key validates a turn key and normalises its clock: a zero Now becomes the
// current time.
func Key(k *store.TurnKey) error {
	if err := Name("business", k.Business); err != nil {
		return err
	}
	if err := Name("session", k.Session); err != nil {
		return err
	}
	if strings.IndexByte(k.Dedupe, 0) >= 0 {
		return fmt.Errorf("dedupe key %q contains a NUL byte", k.Dedupe)
	}
	if k.Now.IsZero() {
		k.Now = time.Now()
	}
	k.Now = Time(k.Now)
	return nil
}

// Writes validates w and fills the defaults in place (w's slices are copied
// first, so the caller's values are never modified):
//   - bookings: ID and staff checked, Start before End, BlockEnd zero means
//     End and must not be before End; Status is confirmed, CreatedAt defaults
//     to Now, Session to the turn's session; no two bookings of one staff
//     member in w overlap (ErrSlotTaken);
//   - holds (when SetHolds): Start before End, Session is the turn's; holds
//     already dead at Now are dropped;
//   - customer: phone required;
//   - exchange: only with a session;
//   - records: kind and ID required, At defaults to Now;
//   - outbox: ID required, NotBefore defaults to Now.
func Writes(k store.TurnKey, w *store.Writes) error {
	if w.Exchange != nil && w.Session == nil {
		return errors.New("an exchange is logged with the session it belongs to: Writes.Exchange needs Writes.Session")
	}
	w.Book = append([]store.Booking(nil), w.Book...)
	seen := map[string]bool{}
	for i := range w.Book {
		b := &w.Book[i]
		if err := Name("booking id", b.ID); err != nil {
			return err
		}
		if seen[b.ID] {
			return fmt.Errorf("booking %q appears twice", b.ID)
		}
		seen[b.ID] = true
		if err := Name("booking "+b.ID+" staff", b.Staff); err != nil {
			return err
		}
		b.Start, b.End, b.BlockEnd = Time(b.Start), Time(b.End), Time(b.BlockEnd)
		if b.BlockEnd.IsZero() {
			b.BlockEnd = b.End
		}
		if !inRange(b.Start) || !inRange(b.BlockEnd) {
			return fmt.Errorf("booking %q: times must be between %d and %d", b.ID, minTime.Year(), maxTime.Year())
		}
		if !b.Start.Before(b.End) {
			return fmt.Errorf("booking %q: start %s is not before end %s", b.ID, b.Start.Format(time.RFC3339), b.End.Format(time.RFC3339))
		}
		if b.BlockEnd.Before(b.End) {
			return fmt.Errorf("booking %q: block end %s is before end %s", b.ID, b.BlockEnd.Format(time.RFC3339), b.End.Format(time.RFC3339))
		}
		if b.Customer.Phone != "" {
			if err := Name("customer phone", b.Customer.Phone); err != nil {
				return err
			}
		}
		b.Status = store.StatusConfirmed
		b.CancelledAt = time.Time{}
		if b.CreatedAt.IsZero() {
			b.CreatedAt = k.Now
		}
		b.CreatedAt = Time(b.CreatedAt)
		if b.Session == "" {
			b.Session = k.Session
		}
	}
	for i, a := range w.Book {
		for _, b := range w.Book[i+1:] {
			if a.Staff == b.Staff && Overlaps(a.Start, a.BlockEnd, b.Start, b.BlockEnd) {
				return &SlotError{Staff: a.Staff, Start: b.Start, End: b.BlockEnd, With: "booking " + a.ID + " of the same turn"}
			}
		}
	}
	for _, id := range w.Cancel {
		if err := Name("cancelled booking id", id); err != nil {
			return err
		}
	}
	if !w.SetHolds {
		w.Holds = nil
	}
	holds := make([]store.Hold, 0, len(w.Holds))
	for _, h := range w.Holds {
		if err := Name("hold staff", h.Staff); err != nil {
			return err
		}
		h.Start, h.End, h.Expires = Time(h.Start), Time(h.End), Time(h.Expires)
		h.Session = k.Session
		if !inRange(h.Start) || !inRange(h.End) || !inRange(h.Expires) {
			return fmt.Errorf("hold of %s: times must be between %d and %d", h.Staff, minTime.Year(), maxTime.Year())
		}
		if !h.Start.Before(h.End) {
			return fmt.Errorf("hold of %s: start %s is not before end %s", h.Staff, h.Start.Format(time.RFC3339), h.End.Format(time.RFC3339))
		}
		if !h.Expires.After(k.Now) {
			continue // dead on arrival
		}
		holds = append(holds, h)
	}
	w.Holds = holds
	if w.Customer != nil {
		c := *w.Customer
		if err := Name("customer phone", c.Phone); err != nil {
			return err
		}
		w.Customer = &c
	}
	w.Records = append([]store.Record(nil), w.Records...)
	for i := range w.Records {
		if err := Record(k.Now, &w.Records[i]); err != nil {
			return err
		}
	}
	w.Outbox = append([]store.Outbound(nil), w.Outbox...)
	for i := range w.Outbox {
		o := &w.Outbox[i]
		if err := Name("outbound id", o.ID); err != nil {
			return err
		}
		if o.NotBefore.IsZero() {
			o.NotBefore = k.Now
		}
		o.NotBefore = Time(o.NotBefore)
	}
	return nil
}

// Record validates r and defaults At to now.
func Record(now time.Time, r *store.Record) error {
	if err := Name("record kind", r.Kind); err != nil {
		return err
	}
	if err := Name("record id", r.ID); err != nil {
		return err
	}
	if r.At.IsZero() {
		r.At = now
	}
	r.At = Time(r.At)
	return nil
}

// MergeCustomer returns old updated with the non-empty fields of c.
func MergeCustomer(old, c store.Customer) store.Customer {
	old.Phone = c.Phone
	if c.Name != "" {
		old.Name = c.Name
	}
	if c.Language != "" {
		old.Language = c.Language
	}
	return old
}

// Overlaps reports whether [aStart, aEnd) and [bStart, bEnd) intersect.
func Overlaps(aStart, aEnd, bStart, bEnd time.Time) bool {
	return aStart.Before(bEnd) && bStart.Before(aEnd)
}

// SlotError says which interval could not be booked or held. It wraps
// store.ErrSlotTaken.
type SlotError struct {
	Staff      string
	Start, End time.Time
	With       string // what it overlaps, e.g. "booking B12"
}

func (e *SlotError) Error() string {
	return fmt.Sprintf("%s: %s from %s to %s overlaps %s", store.ErrSlotTaken, e.Staff,
		e.Start.Format(time.RFC3339), e.End.Format(time.RFC3339), e.With)
}

func (e *SlotError) Unwrap() error { return store.ErrSlotTaken }

// Conflict marks an error that makes a turn run again on fresh state.
type Conflict struct{ Err error }

func (c *Conflict) Error() string { return c.Err.Error() }
func (c *Conflict) Unwrap() error { return c.Err }

// Retry wraps err as a conflict worth re-running the turn for.
func Retry(err error) error { return &Conflict{Err: err} }

// IsRetry reports whether err asks for the turn to run again.
func IsRetry(err error) bool {
	var c *Conflict
	return errors.As(err, &c)
}

// GiveUp is the error after the last attempt: it wraps store.ErrConflict and
// the last conflict (for example a *SlotError, hence store.ErrSlotTaken).
func GiveUp(pkg string, k store.TurnKey, attempts int, last error) error {
	var c *Conflict
	if errors.As(last, &c) {
		last = c.Err
	}
	return fmt.Errorf("%s: turn of session %s: %w after %d attempts: %w", pkg, k.Session, store.ErrConflict, attempts, last)
}
