package enginetest

import (
	"errors"
	"fmt"
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

// TestMemoryBookingsRange checks the indexed range read against a scan of
// every booking: overlapping [from, to), confirmed only, long bookings
// that start before from included.
func TestMemoryBookingsRange(t *testing.T) {
	m := NewMemory()
	base := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	var all []engine.Booking
	add := func(id string, start time.Time, d time.Duration, status string) {
		b := engine.Booking{ID: id, Staff: "hugo", Start: start, End: start.Add(d), BlockEnd: start.Add(d), Status: status}
		m.AddBooking(b)
		if b.Status == "" {
			b.Status = "confirmed"
		}
		all = append(all, b)
	}
	for i := range 40 {
		add(fmt.Sprintf("B%02d", i), base.Add(time.Duration((i*37)%96)*time.Hour/2), time.Duration(15+i%4*30)*time.Minute, "")
	}
	add("LONG", base.Add(-20*time.Hour), 30*time.Hour, "")
	add("GONE", base.Add(10*time.Hour), time.Hour, "cancelled")
	add("SAME", base.Add(10*time.Hour), time.Hour, "")
	v := m.View(base)
	for from := base.Add(-24 * time.Hour); from.Before(base.Add(72 * time.Hour)); from = from.Add(90 * time.Minute) {
		for _, span := range []time.Duration{time.Minute, time.Hour, 24 * time.Hour} {
			to := from.Add(span)
			got, err := v.Bookings(from, to)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for _, b := range all {
				if b.Status == "confirmed" && b.Start.Before(to) && from.Before(b.BlockEnd) {
					want[b.ID] = true
				}
			}
			if len(got) != len(want) {
				t.Fatalf("[%s, %s): %d bookings, want %d", from, to, len(got), len(want))
			}
			for _, b := range got {
				if !want[b.ID] {
					t.Fatalf("[%s, %s): %s should not be read", from, to, b.ID)
				}
			}
		}
	}
}
