package webchat

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
)

// memStore is an in-memory store.Store with only the record methods, and
// turns that write records, working.
type memStore struct {
	mu   sync.Mutex
	recs map[[3]string]store.Record
	fail error
}

func newMemStore() *memStore { return &memStore{recs: make(map[[3]string]store.Record)} }

var errUnsupported = errors.New("memstore: unsupported")

func (m *memStore) Turn(ctx context.Context, k store.TurnKey, fn store.TurnFunc) (store.TurnResult, error) {
	w, err := fn(nil)
	if err != nil {
		return store.TurnResult{}, err
	}
	if w.Session != nil || w.Exchange != nil || len(w.Book) > 0 || len(w.Cancel) > 0 || w.SetHolds || w.Customer != nil || len(w.Outbox) > 0 {
		return store.TurnResult{}, errUnsupported
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return store.TurnResult{}, m.fail
	}
	for _, r := range w.Records {
		r.Data = slices.Clone(r.Data)
		m.recs[[3]string{k.Business, r.Kind, r.ID}] = r
	}
	return store.TurnResult{Reply: w.Reply}, nil
}
func (m *memStore) Bookings(context.Context, string, time.Time, time.Time) ([]store.Booking, error) {
	return nil, errUnsupported
}
func (m *memStore) Session(context.Context, string, string) ([]byte, error) {
	return nil, errUnsupported
}
func (m *memStore) PutRecord(_ context.Context, business string, r store.Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	r.Data = slices.Clone(r.Data)
	m.recs[[3]string{business, r.Kind, r.ID}] = r
	return nil
}
func (m *memStore) Record(_ context.Context, business, kind, id string) (store.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.recs[[3]string{business, kind, id}]
	if !ok {
		return store.Record{}, store.ErrNotFound
	}
	return r, nil
}
func (m *memStore) Records(_ context.Context, business, kind string) ([]store.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	var out []store.Record
	for k, r := range m.recs {
		if k[0] == business && k[1] == kind {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b store.Record) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}
func (m *memStore) Outbox(context.Context, string, time.Time) ([]store.Outbound, error) {
	return nil, errUnsupported
}
func (m *memStore) AckOutbox(context.Context, string, ...string) error { return errUnsupported }
func (m *memStore) Close() error                                       { return nil }
func (m *memStore) Health() error                                      { return nil }

var _ store.Store = (*memStore)(nil)
