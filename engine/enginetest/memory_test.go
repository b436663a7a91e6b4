package enginetest

import (
	"errors"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
)

func TestMemoryInvariants(t *testing.T) {
	m := NewMemory()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	at := now.Add(48 * time.Hour)
	hold := engine.Output{Effects: engine.Effects{SetHolds: true, Holds: []engine.Hold{{Staff: "hugo", Start: at, End: at.Add(30 * time.Minute), Session: "a", Expires: now.Add(10 * time.Minute)}}}}
	if err := m.Commit("a", now, hold); err != nil {
		t.Fatal(err)
	}
	book := engine.Output{Effects: engine.Effects{Book: []engine.Booking{{ID: "X-1", Staff: "hugo", Start: at.Add(15 * time.Minute), End: at.Add(45 * time.Minute), BlockEnd: at.Add(45 * time.Minute), Status: "confirmed"}}}}
	if err := m.Commit("b", now, book); !errors.Is(err, ErrSlotTaken) {
		t.Fatalf("booking over another session's live hold: %v", err)
	}
	if err := m.Commit("b", now.Add(11*time.Minute), book); err != nil {
		t.Fatalf("booking after the hold expired: %v", err)
	}
	again := book
	again.Effects.Book = []engine.Booking{{ID: "X-2", Staff: "hugo", Start: at, End: at.Add(30 * time.Minute), BlockEnd: at.Add(30 * time.Minute), Status: "confirmed"}}
	if err := m.Commit("c", now.Add(12*time.Minute), again); !errors.Is(err, ErrSlotTaken) {
		t.Fatalf("overlapping booking: %v", err)
	}
	again.Effects.Cancel = []string{"X-1"}
	if err := m.Commit("c", now.Add(12*time.Minute), again); err != nil {
		t.Fatalf("booking over a booking cancelled in the same commit: %v", err)
	}
}
