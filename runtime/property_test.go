package runtime_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/runtime"
	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// What customers say in the concurrent property test: requests that
// compete for the same few slots, confirmations, corrections, drops.
var propertyMessages = []string{
	"une coupe homme samedi à 10h", "une barbe samedi à 10h", "une coupe homme samedi à 10h15",
	"une coupe femme samedi à 9h", "une couleur samedi à 9h30", "une coupe enfant samedi à 10h",
	"oui", "oui", "oui", "1", "2", "non", "plutôt 10h30", "laissez tomber", "annuler mon rendez-vous",
	"je suis Paul Martin", "mes rendez-vous",
}

var propertyNames = []string{"Paul Martin", "Léa Dubois", "Hugo Bernard", "Inès Petit", "Marc Durand", "Zoé Leroy", "Louis Moreau", "Emma Simon"}

// TestPropertyConcurrentCustomers runs many customers at once against the
// real engine and a real Badger store (true goroutine interleavings, the
// store's group committer) and checks the calendar's invariants: no two
// confirmed bookings of a staff member overlap, none is outside opening
// hours or inside the minimum notice, and every confirmed booking is listed
// for its customer.
func TestPropertyConcurrentCustomers(t *testing.T) {
	biz := business.Demo()
	loc := biz.Location()
	eng, err := engine.New(biz)
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, loc) // a Wednesday
	var confirmed, contested int
	defer func() {
		t.Logf("%d confirmed bookings checked, %d runs with more customers than bookings", confirmed, contested)
		if confirmed == 0 {
			t.Error("no run confirmed any booking: the property is vacuous")
		}
	}()
	rapid.Check(t, func(rt *rapid.T) {
		st, err := badgerstore.Open(t.TempDir(), badgerstore.Options{Logger: quiet})
		if err != nil {
			rt.Fatal(err)
		}
		defer st.Close()
		r, err := runtime.New(runtime.Config{}, runtime.Deps{Store: st, Engine: eng, Logger: quiet,
			Now:      func() time.Time { return now },
			Business: runtime.Business{ID: biz.ID(), Name: biz.Name(), Language: "fr", Location: loc}})
		if err != nil {
			rt.Fatal(err)
		}
		customers := rapid.IntRange(2, 8).Draw(rt, "customers")
		scripts := make([][]string, customers)
		for c := range scripts {
			// Each customer starts by asking for one of the contested slots.
			first := rapid.SampledFrom(propertyMessages[:6]).Draw(rt, fmt.Sprintf("ask%d", c))
			rest := rapid.SliceOfN(rapid.SampledFrom(propertyMessages), 1, 7).Draw(rt, fmt.Sprintf("script%d", c))
			scripts[c] = append([]string{first}, rest...)
			if rapid.Bool().Draw(rt, fmt.Sprintf("eager%d", c)) {
				scripts[c] = append([]string{first, "oui"}, rest...)
			}
		}
		var wg sync.WaitGroup
		errs := make(chan string, customers*8)
		for c, script := range scripts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				phone := fmt.Sprintf("+336399801%02d", c)
				for i, text := range script {
					ev := abi.Event{Kind: abi.KindMessage, ID: fmt.Sprintf("c%d-%d", c, i), Conversation: phone, From: phone, Name: propertyNames[c%len(propertyNames)], Text: text}
					res := r.Turn(context.Background(), "whatsapp", &ev)
					if res.Error != "" {
						errs <- fmt.Sprintf("customer %d %q: %s", c, text, res.Error)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			rt.Fatal(e)
		}
		bookings, err := st.Bookings(context.Background(), biz.ID(), now.AddDate(0, 0, -1), now.AddDate(0, 3, 0))
		if err != nil {
			rt.Fatal(err)
		}
		checkBookings(rt, biz, now, bookings)
		n := 0
		for _, b := range bookings {
			if b.Status == store.StatusConfirmed {
				n++
			}
		}
		confirmed += n
		if n > 0 && n < customers {
			contested++
		}
		// Every confirmed booking is listed for its customer (a fresh session on another channel).
		for _, b := range bookings {
			if b.Status != store.StatusConfirmed {
				continue
			}
			ev := abi.Event{Kind: abi.KindMessage, ID: "list-" + b.ID, Conversation: "list-" + b.ID, From: b.Customer.Phone, Text: "quels sont mes rendez-vous ?"}
			res := r.Turn(context.Background(), "web", &ev)
			listed := false
			for _, rp := range res.Replies {
				listed = listed || strings.Contains(rp.Text, b.ID)
			}
			if !listed {
				rt.Fatalf("booking %s of %s is not listed for its customer: %+v", b.ID, b.Customer.Phone, res.Replies)
			}
		}
	})
}

func checkBookings(rt *rapid.T, biz *business.Business, now time.Time, bookings []store.Booking) {
	loc := biz.Location()
	for i, a := range bookings {
		if a.Status != store.StatusConfirmed {
			continue
		}
		if a.Start.Sub(now) < 2*time.Hour {
			rt.Fatalf("booking %s at %s is inside the 2 h notice", a.ID, a.Start.In(loc))
		}
		day := business.DateOf(a.Start.In(loc))
		from := a.Start.In(loc).Hour()*60 + a.Start.In(loc).Minute()
		to := a.End.In(loc).Hour()*60 + a.End.In(loc).Minute()
		inside := false
		for _, rg := range biz.Hours(day) {
			inside = inside || (rg.From <= from && to <= rg.To)
		}
		if !inside {
			rt.Fatalf("booking %s %s–%s is outside opening hours %v", a.ID, a.Start.In(loc), a.End.In(loc), biz.Hours(day))
		}
		for _, b := range bookings[i+1:] {
			if b.Status == store.StatusConfirmed && a.Staff == b.Staff && a.Start.Before(b.BlockEnd) && b.Start.Before(a.BlockEnd) {
				rt.Fatalf("bookings %s and %s overlap for %s: %s–%s and %s–%s", a.ID, b.ID, a.Staff, a.Start, a.BlockEnd, b.Start, b.BlockEnd)
			}
		}
	}
}
