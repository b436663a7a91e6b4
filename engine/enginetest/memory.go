package enginetest

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/accueil-pme/accueil/engine"
)

// ErrSlotTaken is returned by Commit when a booking or hold would overlap
// another one (the store's invariant).
var ErrSlotTaken = errors.New("enginetest: slot taken")

// Memory is an in-memory calendar with the store's invariants: for one
// staff member, no two confirmed bookings, and no confirmed booking and
// live hold of another session, overlap on [Start, BlockEnd); a hold never
// overlaps another session's live hold. It is safe for concurrent use.
type Memory struct {
	mu       sync.Mutex
	bookings []engine.Booking
	// byStart indexes bookings by start (ties in insertion order), as a
	// store's range read; maxSpan is the longest [Start, BlockEnd).
	byStart   []int
	maxSpan   time.Duration
	holds     []engine.Hold
	customers map[string]engine.Customer
	sessions  map[string][]byte
	exchanges map[string][]engine.LoggedExchange // session → exchange log, oldest first
	handoffs  []engine.Handoff
	wrongRefs map[string]engine.WrongRefs
}

// NewMemory returns an empty calendar.
func NewMemory() *Memory {
	return &Memory{customers: map[string]engine.Customer{}, sessions: map[string][]byte{}, exchanges: map[string][]engine.LoggedExchange{},
		wrongRefs: map[string]engine.WrongRefs{}}
}

// View returns the Calendar a turn at now reads (holds expired at now are
// dead), with no session: its exchange log is empty. It reads the live
// state under the lock.
func (m *Memory) View(now time.Time) engine.Calendar { return view{m: m, now: now} }

// SessionView is View for a turn of session: it reads that session's
// exchange log too.
func (m *Memory) SessionView(session string, now time.Time) engine.Calendar {
	return view{m: m, now: now, session: session}
}

type view struct {
	m       *Memory
	now     time.Time
	session string
}

// exchangeLog is how many exchanges Memory keeps per session, as a store
// does (store.ExchangeLog).
const exchangeLog = 8

func (v view) Exchanges() ([]engine.LoggedExchange, error) {
	if v.session == "" {
		return nil, nil
	}
	v.m.mu.Lock()
	defer v.m.mu.Unlock()
	return slices.Clone(v.m.exchanges[v.session]), nil
}

func (v view) BookingExists(id string) (bool, error) {
	v.m.mu.Lock()
	defer v.m.mu.Unlock()
	return slices.ContainsFunc(v.m.bookings, func(b engine.Booking) bool { return b.ID == id }), nil
}

func (v view) WrongRefs(phone string) (engine.WrongRefs, error) {
	v.m.mu.Lock()
	defer v.m.mu.Unlock()
	return v.m.wrongRefs[phone], nil
}

func (v view) Bookings(from, to time.Time) ([]engine.Booking, error) {
	v.m.mu.Lock()
	defer v.m.mu.Unlock()
	m := v.m
	lo := from.Add(-m.maxSpan)
	first := sort.Search(len(m.byStart), func(i int) bool { return !m.bookings[m.byStart[i]].Start.Before(lo) })
	in := func(b *engine.Booking) bool {
		return b.Status == "confirmed" && from.Before(b.BlockEnd)
	}
	n, last := 0, first
	for ; last < len(m.byStart); last++ {
		b := &m.bookings[m.byStart[last]]
		if !b.Start.Before(to) {
			break
		}
		if in(b) {
			n++
		}
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]engine.Booking, 0, n)
	for _, i := range m.byStart[first:last] {
		if b := &m.bookings[i]; in(b) {
			out = append(out, *b)
		}
	}
	return out, nil
}

func (v view) Holds(from, to time.Time) ([]engine.Hold, error) {
	v.m.mu.Lock()
	defer v.m.mu.Unlock()
	var out []engine.Hold
	for _, h := range v.m.holds {
		if h.Expires.After(v.now) && h.Start.Before(to) && from.Before(h.End) {
			out = append(out, h)
		}
	}
	return out, nil
}

func (v view) CustomerBookings(phone string) ([]engine.Booking, error) {
	v.m.mu.Lock()
	defer v.m.mu.Unlock()
	var out []engine.Booking
	for _, b := range v.m.bookings {
		if b.Customer.Phone == phone {
			out = append(out, b)
		}
	}
	return out, nil
}

func (v view) Customer(phone string) (engine.Customer, bool, error) {
	v.m.mu.Lock()
	defer v.m.mu.Unlock()
	c, ok := v.m.customers[phone]
	return c, ok, nil
}

// Commit applies a turn's effects and session atomically, or nothing when
// an invariant would break (ErrSlotTaken).
func (m *Memory) Commit(session string, now time.Time, out engine.Output) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	eff := out.Effects
	cancelled := map[string]bool{}
	for _, id := range eff.Cancel {
		cancelled[id] = true
	}
	// Holds of other sessions that are alive.
	var others []engine.Hold
	for _, h := range m.holds {
		if h.Session != session && h.Expires.After(now) {
			others = append(others, h)
		}
	}
	overlaps := func(staff string, from, to time.Time, skip int) bool {
		for i, b := range m.bookings {
			if i == skip || b.Status != "confirmed" || cancelled[b.ID] || b.Staff != staff {
				continue
			}
			if b.Start.Before(to) && from.Before(b.BlockEnd) {
				return true
			}
		}
		for _, h := range others {
			if h.Staff == staff && h.Start.Before(to) && from.Before(h.End) {
				return true
			}
		}
		return false
	}
	for i, b := range eff.Book {
		if overlaps(b.Staff, b.Start, b.BlockEnd, -1) {
			return fmt.Errorf("book %s: %w", b.ID, ErrSlotTaken)
		}
		for _, o := range eff.Book[:i] {
			if o.Staff == b.Staff && o.Start.Before(b.BlockEnd) && b.Start.Before(o.BlockEnd) {
				return fmt.Errorf("book %s: %w", b.ID, ErrSlotTaken)
			}
		}
		for _, o := range m.bookings {
			if o.ID == b.ID {
				return fmt.Errorf("book %s: duplicate reference", b.ID)
			}
		}
	}
	if eff.SetHolds {
		for _, h := range eff.Holds {
			if overlaps(h.Staff, h.Start, h.End, -1) {
				return fmt.Errorf("hold: %w", ErrSlotTaken)
			}
		}
	}
	// Apply.
	for i := range m.bookings {
		if cancelled[m.bookings[i].ID] && m.bookings[i].Status == "confirmed" {
			m.bookings[i].Status = "cancelled"
			m.bookings[i].CancelledAt = now
		}
	}
	for _, b := range eff.Book {
		m.add(b)
	}
	if eff.SetHolds {
		m.holds = slices.DeleteFunc(m.holds, func(h engine.Hold) bool { return h.Session == session })
		m.holds = append(m.holds, eff.Holds...)
	}
	if c := eff.Customer; c != nil {
		m.customers[c.Phone] = *c
	}
	if eff.Handoff != nil {
		m.handoffs = append(m.handoffs, *eff.Handoff)
	}
	if w := eff.WrongRefs; w != nil {
		m.wrongRefs[w.Phone] = *w
	}
	m.sessions[session] = out.Session
	if out.Exchange != nil {
		log := append(m.exchanges[session], engine.LoggedExchange{Entry: out.Exchange, Answer: engine.AnswerOf(out)})
		m.exchanges[session] = log[max(0, len(log)-exchangeLog):]
	}
	return nil
}

// Session returns the stored session of a conversation.
func (m *Memory) Session(key string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sessions[key]
}

// Bookings returns every booking, ordered by start.
func (m *Memory) Bookings() []engine.Booking {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.bookings)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// AddBooking adds a confirmed booking directly (test set-up).
func (m *Memory) AddBooking(b engine.Booking) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b.Status == "" {
		b.Status = "confirmed"
	}
	if b.BlockEnd.IsZero() {
		b.BlockEnd = b.End
	}
	m.add(b)
	if b.Customer.Phone != "" {
		if _, ok := m.customers[b.Customer.Phone]; !ok {
			m.customers[b.Customer.Phone] = b.Customer
		}
	}
}

// add appends b and indexes it; m.mu is held.
func (m *Memory) add(b engine.Booking) {
	m.bookings = append(m.bookings, b)
	pos := sort.Search(len(m.byStart), func(i int) bool { return m.bookings[m.byStart[i]].Start.After(b.Start) })
	m.byStart = slices.Insert(m.byStart, pos, len(m.bookings)-1)
	if span := b.BlockEnd.Sub(b.Start); span > m.maxSpan {
		m.maxSpan = span
	}
}

// Turn runs one Step and commits it, running the Step again on fresh
// state when the commit conflicts, as the store does.
func (m *Memory) Turn(e *engine.Engine, ev engine.Event, now time.Time) (engine.Output, error) {
	for try := 0; ; try++ {
		out, err := e.Step(m.Session(ev.Session), ev, now, m.SessionView(ev.Session, now))
		if err != nil {
			return out, err
		}
		err = m.Commit(ev.Session, now, out)
		if err == nil {
			return out, nil
		}
		if !errors.Is(err, ErrSlotTaken) || try == 5 {
			return out, err
		}
	}
}

var _ engine.Calendar = view{}
