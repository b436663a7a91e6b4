package engine_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/enginetest"
)

// benchTurn is one turn of the benchmark conversations.
type benchTurn struct {
	kind, channel, text string
}

// benchScript mixes the turns a front desk sees: greetings, questions
// answered from the business file, a booking with a slot offer, a pick,
// the name, the confirmation, and a voice call start.
var benchScript = []benchTurn{
	{engine.KindMessage, "whatsapp", "Bonjour"},
	{engine.KindMessage, "whatsapp", "Est-ce que je peux payer par carte ?"},
	{engine.KindMessage, "whatsapp", "quels sont vos horaires ?"},
	{engine.KindMessage, "whatsapp", "Je voudrais une coupe femme samedi"},
	{engine.KindMessage, "whatsapp", "le deuxième"},
	{engine.KindMessage, "whatsapp", "Marie Dupont"},
	{engine.KindMessage, "whatsapp", "oui"},
	{engine.KindMessage, "whatsapp", "combien coûte une couleur ?"},
	{engine.KindSessionStart, "voice", ""},
	{engine.KindMessage, "voice", "je voudrais une barbe jeudi à 15h"},
}

// benchCalendar is the demo salon ten days into a busy week: bookings for
// every staff member on every open day.
func benchCalendar(e *engine.Engine, now time.Time) *enginetest.Memory {
	loc := e.Business().Location()
	mem := enginetest.NewMemory()
	staff := []struct{ id, svc string }{{"camille", "coupe-femme"}, {"ines", "brushing"}, {"hugo", "coupe-homme"}}
	n := 0
	for day := range 10 {
		d := now.AddDate(0, 0, day)
		for i, st := range staff {
			svc, _ := e.Business().Service(st.svc)
			for _, h := range []int{9, 11, 14, 16} {
				start := time.Date(d.Year(), d.Month(), d.Day(), h, 15*i, 0, 0, loc)
				n++
				mem.AddBooking(engine.Booking{ID: fmt.Sprintf("LUM-B%03d", n), Service: st.svc, Staff: st.id, Start: start,
					End: start.Add(svc.Duration), BlockEnd: start.Add(svc.Duration + svc.BufferAfter),
					Customer: engine.Customer{Phone: fmt.Sprintf("+336000%05d", n), Name: "Client Fidèle"}})
			}
		}
	}
	return mem
}

// BenchmarkStep runs the turns of benchScript in turn on the demo business
// with a busy calendar, each from the session the previous turn left, and
// reports the median and 90th percentile time of a turn.
func BenchmarkStep(b *testing.B) {
	e := demoEngine(b)
	loc := e.Business().Location()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, loc)
	cal := benchCalendar(e, now).View(now)
	events := make([]engine.Event, len(benchScript))
	for i, bt := range benchScript {
		events[i] = engine.Event{Kind: bt.kind, ID: fmt.Sprintf("b%d", i), Channel: bt.channel, Session: bt.channel + ":+33612345678",
			From: "+33612345678", Text: bt.text}
	}
	// The session before each turn, computed once: each iteration runs one
	// turn, so all turns see the same calendar and session every time.
	sessions := make([][]byte, len(events))
	var sess []byte
	for i, ev := range events {
		if i > 0 && ev.Channel != events[i-1].Channel {
			sess = nil
		}
		sessions[i] = sess
		out, err := e.Step(sess, ev, now, cal)
		if err != nil {
			b.Fatal(err)
		}
		if len(out.Replies) == 0 {
			b.Fatalf("turn %d (%q): no reply", i, ev.Text)
		}
		sess = out.Session
	}
	durs := make([]time.Duration, 0, 1<<16)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := i % len(events)
		t0 := time.Now()
		_, err := e.Step(sessions[k], events[k], now, cal)
		d := time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		if len(durs) < cap(durs) {
			durs = append(durs, d)
		} else {
			durs[i%cap(durs)] = d
		}
		i++
	}
	slices.Sort(durs)
	if n := len(durs); n > 0 {
		b.ReportMetric(float64(durs[n/2].Nanoseconds()), "median-ns/turn")
		b.ReportMetric(float64(durs[n*9/10].Nanoseconds()), "p90-ns/turn")
	}
}
