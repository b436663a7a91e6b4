package engine_test

import (
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
)

// BenchmarkStepHoursQuestion is the load generator's turn: a returning
// WhatsApp sender asks for the opening hours.
func BenchmarkStepHoursQuestion(b *testing.B) {
	e := demoEngine(b)
	loc := e.Business().Location()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, loc)
	cal := benchCalendar(e, now).View(now)
	ev := engine.Event{Kind: engine.KindMessage, ID: "m", Channel: "whatsapp", Session: "whatsapp:+33612345678",
		From: "+33612345678", Text: "Bonjour, quels sont vos horaires ?"}
	var sess []byte
	for range 6 {
		out, err := e.Step(sess, ev, now, cal)
		if err != nil {
			b.Fatal(err)
		}
		sess = out.Session
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Step(sess, ev, now, cal); err != nil {
			b.Fatal(err)
		}
	}
}
