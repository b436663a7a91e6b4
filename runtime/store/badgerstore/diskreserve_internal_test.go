package badgerstore

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
)

// TestDiskReserve: with less free space than the reserve, turns are
// refused and Health says why (a full disk would kill the process inside
// Badger's mapped writes); once there is room, the store takes turns again
// by itself, Health first, without a turn to wake it.
func TestDiskReserve(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var free atomic.Uint64
	free.Store(1 << 20)
	s.freeBytes = func(string) (uint64, bool) { return free.Load(), true }
	turn := func(dedupe string) error {
		_, err := s.Turn(t.Context(), store.TurnKey{Business: "b", Session: "s-" + dedupe, Dedupe: dedupe, Now: time.Now()},
			func(v store.View) (store.Writes, error) {
				return store.Writes{Session: []byte("x"), Reply: []byte("r")}, nil
			})
		return err
	}
	if err := turn("m1"); !errors.Is(err, errDiskLow) || !strings.Contains(err.Error(), "1 MiB free") {
		t.Fatalf("turn on a nearly full disk: %v; want errDiskLow saying how much is free", err)
	}
	if err := s.Health(); !errors.Is(err, errDiskLow) {
		t.Fatalf("Health = %v, want the disk's state", err)
	}
	free.Store(10 << 30)
	deadline := time.Now().Add(3 * diskCheckEvery)
	for s.Health() != nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := s.Health(); err != nil {
		t.Fatalf("Health = %v with room again and no turn; want nil", err)
	}
	if err := turn("m2"); err != nil {
		t.Fatalf("turn with room again: %v", err)
	}
}

// TestOpenRefusesAFullDisk: a store is not opened on a file system with
// less free space than its reserve; the error says so. A reserve larger
// than any disk stands for a full one.
func TestOpenRefusesAFullDisk(t *testing.T) {
	_, err := Open(t.TempDir(), Options{DiskReserveBytes: 1 << 62})
	if !errors.Is(err, errDiskLow) || !strings.Contains(err.Error(), "free some space") {
		t.Fatalf("Open = %v; want errDiskLow and what to do", err)
	}
}
