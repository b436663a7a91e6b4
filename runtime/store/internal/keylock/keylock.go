// Package keylock serialises work per key inside one process: the turns of
// one conversation wait for each other instead of conflicting.
package keylock

import (
	"context"
	"sync"
)

// Locks is a set of mutexes created on demand, one per key. The zero value
// is ready to use.
type Locks struct {
	mu sync.Mutex
	m  map[string]*entry
}

type entry struct {
	ch   chan struct{}
	refs int
}

// Lock waits for the key's lock. It fails with ctx's error when ctx ends
// first, and with closedErr when closing is closed first. The returned func
// unlocks.
func (l *Locks) Lock(ctx context.Context, key string, closing <-chan struct{}, closedErr error) (func(), error) {
	l.mu.Lock()
	if l.m == nil {
		l.m = map[string]*entry{}
	}
	e := l.m[key]
	if e == nil {
		e = &entry{ch: make(chan struct{}, 1)}
		l.m[key] = e
	}
	e.refs++
	l.mu.Unlock()
	release := func() {
		l.mu.Lock()
		e.refs--
		if e.refs == 0 {
			delete(l.m, key)
		}
		l.mu.Unlock()
	}
	select {
	case e.ch <- struct{}{}:
		return func() { <-e.ch; release() }, nil
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	case <-closing:
		release()
		return nil, closedErr
	}
}
