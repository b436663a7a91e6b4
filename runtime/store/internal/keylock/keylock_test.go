package keylock

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestLocksSerialiseOneKey(t *testing.T) {
	var (
		l      Locks[string]
		wg     sync.WaitGroup
		inside = map[string]int{}
		mu     sync.Mutex
	)
	for w := range 16 {
		wg.Go(func() {
			key := []string{"a", "b"}[w%2]
			for range 200 {
				unlock, err := l.Lock(context.Background(), key, nil, nil)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				inside[key]++
				if inside[key] != 1 {
					t.Errorf("%d holders of %q", inside[key], key)
				}
				mu.Unlock()
				mu.Lock()
				inside[key]--
				mu.Unlock()
				unlock()
			}
		})
	}
	wg.Wait()
	if len(l.m) != 0 {
		t.Errorf("%d entries left after every lock was released", len(l.m))
	}
}

func TestLockGivesUp(t *testing.T) {
	var l Locks[string]
	unlock, err := l.Lock(context.Background(), "k", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := l.Lock(ctx, "k", nil, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Lock on a held key with a deadline = %v, want DeadlineExceeded", err)
	}
	closing := make(chan struct{})
	close(closing)
	errClosed := errors.New("closed")
	if _, err := l.Lock(context.Background(), "k", closing, errClosed); !errors.Is(err, errClosed) {
		t.Errorf("Lock on a held key while closing = %v, want the closed error", err)
	}
	unlock()
	unlock2, err := l.Lock(context.Background(), "k", nil, nil)
	if err != nil {
		t.Fatalf("Lock after the holder and the waiters left: %v", err)
	}
	unlock2()
	if len(l.m) != 0 {
		t.Errorf("%d entries left", len(l.m))
	}
}
