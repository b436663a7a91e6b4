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

// memStore is an in-memory store.Store with only the record methods working.
type memStore struct {
	mu   sync.Mutex
	recs map[[3]string]store.Record
	fail error
}

func newMemStore() *memStore { return &memStore{recs: make(map[[3]string]store.Record)} }

var errUnsupported = errors.New("memstore: unsupported")

func (m *memStore) Turn(context.Context, store.TurnKey, store.TurnFunc) (store.TurnResult, error) {
	return store.TurnResult{}, errUnsupported
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

var _ store.Store = (*memStore)(nil)
