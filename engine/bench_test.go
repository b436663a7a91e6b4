package engine_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/enginetest"
)

// BenchmarkStep runs the turns of a typical booking conversation on the
// demo business and reports the median time of a turn.
func BenchmarkStep(b *testing.B) {
	e := demoEngine(b)
	loc := e.Business().Location()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, loc)
	mem := enginetest.NewMemory()
	for i := range 8 {
		start := time.Date(2026, 11, 28, 9+i, 0, 0, 0, loc)
		mem.AddBooking(engine.Booking{ID: fmt.Sprintf("LUM-B%03d", i), Service: "coupe-homme", Staff: "hugo", Start: start,
			End: start.Add(30 * time.Minute), Customer: engine.Customer{Phone: "+33600000001"}})
	}
	cal := mem.View(now)
	script := []string{"Bonjour, je suis Paul Martin", "une coupe homme samedi à 10h", "le premier", "oui",
		"êtes-vous ouverts samedi ?", "combien coûte une couleur ?"}
	// Sessions after each turn, computed once: each iteration runs one turn.
	sessions := make([][]byte, len(script))
	var sess []byte
	for i, text := range script {
		sessions[i] = sess
		out, err := e.Step(sess, engine.Event{Kind: engine.KindMessage, ID: "b", Channel: "whatsapp", Session: "whatsapp:+33612345678",
			From: "+33612345678", Text: text}, now, cal)
		if err != nil {
			b.Fatal(err)
		}
		sess = out.Session
	}
	durs := make([]time.Duration, 0, 1024)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := i % len(script)
		t0 := time.Now()
		_, err := e.Step(sessions[k], engine.Event{Kind: engine.KindMessage, ID: "b", Channel: "whatsapp", Session: "whatsapp:+33612345678",
			From: "+33612345678", Text: script[k]}, now, cal)
		if len(durs) < cap(durs) {
			durs = append(durs, time.Since(t0))
		}
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
	slices.Sort(durs)
	if len(durs) > 0 {
		b.ReportMetric(float64(durs[len(durs)/2].Nanoseconds()), "median-ns/turn")
	}
}
