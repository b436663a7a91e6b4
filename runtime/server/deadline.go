package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// deadlines hands out the contexts that bound requests' work. A request
// needs a context that ends at its deadline; context.WithTimeout starts
// and stops one runtime timer per request, which at tens of thousands of
// requests a second costs about 2% of the server's CPU. deadlines rounds
// deadlines up to a slot of at most 10 ms instead: the requests whose
// deadlines fall in one slot share its context, its channel and its one
// timer. A context therefore ends up to a slot late, and it ends at its
// deadline even when the request finished long before: nothing waits on
// it by then.
type deadlines struct {
	timeout time.Duration
	grain   time.Duration
	mu      sync.Mutex // serialises opening slots
	cur     atomic.Pointer[slot]
}

func newDeadlines(timeout time.Duration) *deadlines {
	grain := min(10*time.Millisecond, max(timeout/64, time.Millisecond))
	return &deadlines{timeout: timeout, grain: grain}
}

// context returns a context that ends timeout from now, give or take the grain.
func (d *deadlines) context() context.Context {
	want := time.Now().Add(d.timeout)
	if s := d.cur.Load(); s != nil && s.holds(want, d.grain) {
		return s
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if s := d.cur.Load(); s != nil && s.holds(want, d.grain) {
		return s
	}
	s := newSlot(want, d.grain)
	d.cur.Store(s)
	return s
}

// slot is the context of every request whose deadline falls in
// (end-grain, end].
type slot struct {
	end   time.Time
	done  chan struct{}
	mu    sync.Mutex
	ended bool
	after map[*afterFunc]struct{} // AfterFunc registrations not yet run
}

type afterFunc struct{ f func() }

func newSlot(want time.Time, grain time.Duration) *slot {
	// Round up to a multiple of grain, keeping want's monotonic reading.
	end := want.Add(grain - time.Duration(want.UnixNano()%int64(grain)))
	s := &slot{end: end, done: make(chan struct{})}
	time.AfterFunc(time.Until(end), s.expire)
	return s
}

func (s *slot) holds(want time.Time, grain time.Duration) bool {
	return !want.After(s.end) && s.end.Sub(want) < grain
}

func (s *slot) expire() {
	s.mu.Lock()
	s.ended = true
	close(s.done)
	after := s.after
	s.after = nil
	s.mu.Unlock()
	for a := range after {
		go a.f()
	}
}

func (s *slot) Deadline() (time.Time, bool) { return s.end, true }
func (s *slot) Done() <-chan struct{}       { return s.done }
func (s *slot) Value(any) any               { return nil }

func (s *slot) Err() error {
	select {
	case <-s.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

// AfterFunc arranges for f to run in its own goroutine once the slot ends,
// like context.AfterFunc. Contexts derived from a slot (context.WithCancel,
// WithTimeout) use it to learn that their parent ended, instead of starting
// a goroutine each to watch it.
func (s *slot) AfterFunc(f func()) (stop func() bool) {
	a := &afterFunc{f: f}
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		go f()
		return func() bool { return false }
	}
	if s.after == nil {
		s.after = map[*afterFunc]struct{}{}
	}
	s.after[a] = struct{}{}
	s.mu.Unlock()
	return func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.after[a]; !ok {
			return false
		}
		delete(s.after, a)
		return true
	}
}

func (s *slot) String() string { return "server.requestContext(" + s.end.String() + ")" }
