package engine_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/enginetest"
)

// messages customers send in the property tests: requests that compete
// for the same few slots, answers, corrections and drops.
var messages = []string{
	"une coupe homme samedi à 10h", "une barbe samedi à 10h15", "une coupe enfant samedi à 10h",
	"une coupe femme demain à 9h", "une couleur vendredi à 17h", "une barbe aujourd'hui à 11h",
	"une coupe homme le plus tôt possible", "un brushing jeudi", "une coupe femme lundi à 10h",
	"Je suis Paul Martin", "oui", "oui", "le premier", "le deuxième", "10h30", "non", "plutôt jeudi",
	"en fait une barbe", "autre chose ?", "laissez tomber", "annuler mon rendez-vous", "déplacer mon rdv",
	"vendredi à 15h", "mes rendez-vous", "merci",
}

// TestPropertyBookings interleaves many sessions at random and checks the
// booking invariants after every turn.
func TestPropertyBookings(t *testing.T) {
	e := demoEngine(t)
	b := e.Business()
	loc := b.Location()
	rapid.Check(t, func(rt *rapid.T) {
		mem := enginetest.NewMemory()
		now := time.Date(2026, 11, 25, rapid.IntRange(7, 21).Draw(rt, "hour"), 0, 0, 0, loc)
		sessions := rapid.IntRange(2, 5).Draw(rt, "sessions")
		steps := rapid.IntRange(5, 40).Draw(rt, "steps")
		created := map[string]time.Time{}
		for i := range steps {
			who := rapid.IntRange(0, sessions-1).Draw(rt, "who")
			now = now.Add(time.Duration(rapid.IntRange(0, 12).Draw(rt, "wait")) * time.Minute)
			ev := engine.Event{Kind: engine.KindMessage, ID: fmt.Sprintf("e%d", i), Channel: "whatsapp",
				Session: fmt.Sprintf("whatsapp:s%d", who), From: fmt.Sprintf("+3361234560%d", who),
				Text: rapid.SampledFrom(messages).Draw(rt, "text")}
			out, err := mem.Turn(e, ev, now)
			if err != nil {
				rt.Fatalf("turn %d %q: %v", i, ev.Text, err)
			}
			for _, bk := range out.Effects.Book {
				created[bk.ID] = now
				said := false
				for _, r := range out.Replies {
					said = said || strings.Contains(r.Text, bk.ID)
				}
				if !said {
					rt.Fatalf("booking %s committed but not told: %+v", bk.ID, out.Replies)
				}
			}
			checkCalendar(rt, b, mem.Bookings(), created)
		}
		// Every confirmed booking is listed for its customer.
		byPhone := map[string][]string{}
		for _, bk := range mem.Bookings() {
			if bk.Status == "confirmed" && bk.Start.After(now) {
				byPhone[bk.Customer.Phone] = append(byPhone[bk.Customer.Phone], bk.ID)
			}
		}
		for phone, ids := range byPhone {
			out, err := e.Step(nil, engine.Event{Kind: engine.KindMessage, ID: "list", Channel: "web", Session: "web:list" + phone,
				From: phone, Text: "mes rendez-vous"}, now, mem.View(now))
			if err != nil {
				rt.Fatal(err)
			}
			for _, id := range ids {
				if len(out.Replies) == 0 || !strings.Contains(out.Replies[0].Text, id) {
					rt.Fatalf("booking %s of %s not listed: %+v", id, phone, out.Replies)
				}
			}
		}
	})
}

// checkCalendar verifies, independently of the store, that no two confirmed
// bookings of one staff member overlap and that each is inside the opening
// hours, the staff's days, the notice and the horizon.
func checkCalendar(rt *rapid.T, b *business.Business, all []engine.Booking, created map[string]time.Time) {
	var live []engine.Booking
	for _, bk := range all {
		if bk.Status == "confirmed" {
			live = append(live, bk)
		}
	}
	for i, x := range live {
		for _, y := range live[i+1:] {
			if x.Staff == y.Staff && x.Start.Before(y.BlockEnd) && y.Start.Before(x.BlockEnd) {
				rt.Fatalf("double booking: %s and %s for %s", x.ID, y.ID, x.Staff)
			}
		}
		at := created[x.ID]
		if x.Start.Before(at.Add(b.Policy.MinNotice)) {
			rt.Fatalf("%s at %s booked at %s: inside the notice", x.ID, x.Start, at)
		}
		if x.Start.After(at.Add(b.Policy.Horizon)) {
			rt.Fatalf("%s beyond the horizon", x.ID)
		}
		start := x.Start.In(b.Location())
		d := business.DateOf(start)
		m := start.Hour()*60 + start.Minute()
		end := m + int(x.End.Sub(x.Start)/time.Minute)
		ok := false
		for _, r := range b.Hours(d) {
			ok = ok || m >= r.From && end <= r.To
		}
		if !ok {
			rt.Fatalf("%s at %s is outside the opening hours", x.ID, start)
		}
		st, _ := b.StaffMember(x.Staff)
		svc, _ := b.Service(x.Service)
		if !st.Days[d.Weekday()] || !svc.Performs(x.Staff) {
			rt.Fatalf("%s: %s does not do %s on %s", x.ID, x.Staff, x.Service, d.Weekday())
		}
	}
}
