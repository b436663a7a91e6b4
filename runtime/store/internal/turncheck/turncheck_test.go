package turncheck

import (
	"errors"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
)

func TestWrites(t *testing.T) {
	now := time.Date(2030, 3, 3, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))
	k := store.TurnKey{Business: "b", Session: "web:1", Now: now}
	if err := Key(&k); err != nil {
		t.Fatal(err)
	}
	if k.Now.Location() != time.UTC || k.Now.Nanosecond() != 123456000 {
		t.Errorf("Key normalised Now to %v", k.Now)
	}
	start := time.Date(2030, 3, 4, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		w       store.Writes
		wantErr error // nil: must succeed; errAny: any error
	}{
		{"ok", store.Writes{Book: []store.Booking{{ID: "B1", Staff: "m", Start: start, End: start.Add(time.Hour)}}}, nil},
		{"no staff", store.Writes{Book: []store.Booking{{ID: "B1", Start: start, End: start.Add(time.Hour)}}}, errAny},
		{"block end before end", store.Writes{Book: []store.Booking{{ID: "B1", Staff: "m", Start: start, End: start.Add(time.Hour), BlockEnd: start}}}, errAny},
		{"same id twice", store.Writes{Book: []store.Booking{
			{ID: "B1", Staff: "m", Start: start, End: start.Add(time.Hour)},
			{ID: "B1", Staff: "p", Start: start, End: start.Add(time.Hour)},
		}}, errAny},
		{"overlap in writes", store.Writes{Book: []store.Booking{
			{ID: "B1", Staff: "m", Start: start, End: start.Add(time.Hour)},
			{ID: "B2", Staff: "m", Start: start.Add(30 * time.Minute), End: start.Add(time.Hour)},
		}}, store.ErrSlotTaken},
		{"year 1", store.Writes{Book: []store.Booking{{ID: "B1", Staff: "m", Start: time.Time{}.Add(time.Hour), End: start}}}, errAny},
		{"hold backwards", store.Writes{SetHolds: true, Holds: []store.Hold{{Staff: "m", Start: start, End: start, Expires: start}}}, errAny},
		{"nul in record kind", store.Writes{Records: []store.Record{{Kind: "a\x00b", ID: "1"}}}, errAny},
		{"outbound without id", store.Writes{Outbox: []store.Outbound{{To: "x"}}}, errAny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.w
			err := Writes(k, &w)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("Writes: %v", err)
			case tt.wantErr == errAny && err == nil, tt.wantErr != nil && tt.wantErr != errAny && !errors.Is(err, tt.wantErr):
				t.Fatalf("Writes: err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

var errAny = errors.New("any error")

func TestWritesDefaults(t *testing.T) {
	k := store.TurnKey{Business: "b", Session: "web:1", Now: time.Date(2030, 3, 3, 10, 0, 0, 0, time.UTC)}
	start := time.Date(2030, 3, 4, 10, 0, 0, 0, time.UTC)
	orig := []store.Booking{{ID: "B1", Staff: "m", Start: start, End: start.Add(time.Hour), Status: "weird"}}
	w := store.Writes{
		Book:     orig,
		SetHolds: true,
		Holds: []store.Hold{
			{Staff: "m", Start: start, End: start.Add(time.Hour), Session: "other", Expires: k.Now.Add(time.Minute)},
			{Staff: "m", Start: start, End: start.Add(time.Hour), Expires: k.Now}, // dead
		},
	}
	if err := Writes(k, &w); err != nil {
		t.Fatal(err)
	}
	b := w.Book[0]
	if b.Status != store.StatusConfirmed || !b.BlockEnd.Equal(b.End) || !b.CreatedAt.Equal(k.Now) || b.Session != "web:1" {
		t.Errorf("booking defaults = %+v", b)
	}
	if orig[0].Status != "weird" {
		t.Errorf("Writes modified the caller's slice")
	}
	if len(w.Holds) != 1 || w.Holds[0].Session != "web:1" {
		t.Errorf("holds = %+v, want the live one, owned by the turn's session", w.Holds)
	}
}

func TestMergeCustomer(t *testing.T) {
	old := store.Customer{Phone: "+33600000000", Name: "Camille", Language: "fr"}
	got := MergeCustomer(old, store.Customer{Phone: "+33600000000", Language: "en"})
	if got != (store.Customer{Phone: "+33600000000", Name: "Camille", Language: "en"}) {
		t.Errorf("MergeCustomer = %+v", got)
	}
}
