// Package keylock serialises work per key inside one process: the turns of
// one conversation wait for each other instead of conflicting.
package keylock

import (
	"context"
	"sync"
)

// Locks is a set of mutexes created on demand, one per key. The zero value
// is ready to use. A key may be any comparable value: a struct of the parts
// that name a conversation locks it without building a string.
type Locks[K comparable] struct {
	mu sync.Mutex
	m  map[K]*entry
}

type entry struct {
	ch   chan struct{} // holds a token while the key is locked
	refs int           // holders and waiters; the entry is dropped at 0
}

// entries recycles the entries of unlocked keys: each turn locks its
// conversation once, so most locks are taken on an entry made for them.
var entries = sync.Pool{New: func() any { return &entry{ch: make(chan struct{}, 1)} }}

// Lock waits for the key's lock. It fails with ctx's error when ctx ends
// first, and with closedErr when closing is closed first. The returned func
// unlocks.
func (l *Locks[K]) Lock(ctx context.Context, key K, closing <-chan struct{}, closedErr error) (func(), error) {
	l.mu.Lock()
	if l.m == nil {
		l.m = map[K]*entry{}
	}
	e := l.m[key]
	if e == nil {
		e = entries.Get().(*entry)
		l.m[key] = e
	}
	e.refs++
	l.mu.Unlock()
	select {
	case e.ch <- struct{}{}: // free: the usual case
		return func() { <-e.ch; l.release(key, e) }, nil
	default:
	}
	select {
	case e.ch <- struct{}{}:
		return func() { <-e.ch; l.release(key, e) }, nil
	case <-ctx.Done():
		l.release(key, e)
		return nil, ctx.Err()
	case <-closing:
		l.release(key, e)
		return nil, closedErr
	}
}

// release drops a holder or waiter of e, and e itself with the last one.
func (l *Locks[K]) release(key K, e *entry) {
	l.mu.Lock()
	e.refs--
	last := e.refs == 0
	if last {
		delete(l.m, key)
	}
	l.mu.Unlock()
	if last {
		entries.Put(e) // its channel is empty: the holder took its token back
	}
}
