package badgerstore

import (
	"errors"
	"fmt"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
)

// TestHealAfterLogFailure: a batch the write-ahead log cannot take (a full
// disk) fails its turns and the ones after it, and Health says why; once
// the log takes records again the store appends that batch and accepts
// turns, without a restart. The failed batch's turns are then committed:
// their retries are duplicates with the stored reply.
func TestHealAfterLogFailure(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var failing atomic.Bool
	failing.Store(true)
	appendAndSync := s.appendLog
	s.appendLog = func(rec []byte) error {
		if failing.Load() {
			return fmt.Errorf("wal: append: %w", syscall.ENOSPC)
		}
		return appendAndSync(rec)
	}
	turn := func(dedupe, session string) (store.TurnResult, error) {
		return s.Turn(t.Context(), store.TurnKey{Business: "b", Session: session, Dedupe: dedupe, Now: time.Now()},
			func(v store.View) (store.Writes, error) {
				return store.Writes{Session: []byte("after " + dedupe), Reply: []byte("reply to " + dedupe)}, nil
			})
	}
	if _, err := turn("m1", "s1"); err == nil {
		t.Fatal("a turn whose batch the log refused succeeded")
	}
	if err := s.Health(); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Health = %v, want the log's error", err)
	}
	if _, err := turn("m2", "s2"); err == nil {
		t.Fatal("a turn was accepted while the log still fails")
	}
	failing.Store(false)
	// It mends by itself, without a turn: a load balancer that took the
	// host out on its 503 sends it none.
	deadline := time.Now().Add(healRetry + 2*time.Second)
	for s.Health() != nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := s.Health(); err != nil {
		t.Fatalf("Health = %v a while after the log works again, with no turn; want nil", err)
	}
	if _, err := turn("m3", "s3"); err != nil {
		t.Fatalf("turn after the log works again: %v", err)
	}
	if err := s.Health(); err != nil {
		t.Fatalf("Health = %v after healing, want nil", err)
	}
	if res, err := turn("m1", "s1"); err != nil || !res.Duplicate || string(res.Reply) != "reply to m1" {
		t.Errorf("retry of the failed batch's turn = %+v, %v; want a duplicate with its reply", res, err)
	}
	if res, err := turn("m2", "s2"); err != nil || res.Duplicate {
		t.Errorf("retry of a turn refused while broken = %+v, %v; want it run now", res, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for session, want := range map[string]string{"s1": "after m1", "s2": "after m2", "s3": "after m3"} {
		if got, err := s.Session(t.Context(), "b", session); err != nil || string(got) != want {
			t.Errorf("session %s after reopening = %q, %v; want %q", session, got, err, want)
		}
	}
}
