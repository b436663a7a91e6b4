package engine_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
)

func BenchmarkZZTurn(b *testing.B) {
	e := demoEngine(b)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, e.Business().Location())
	cal := benchCalendar(e, now).View(now)
	var sess []byte
	for i, bt := range benchScript {
		if i > 0 && bt.channel != benchScript[i-1].channel {
			sess = nil
		}
		ev := engine.Event{Kind: bt.kind, ID: fmt.Sprintf("b%d", i), Channel: bt.channel, Session: bt.channel + ":+33612345678", From: "+33612345678", Text: bt.text}
		s := sess
		b.Run(fmt.Sprintf("%d", i), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e.Step(s, ev, now, cal)
			}
		})
		out, _ := e.Step(sess, ev, now, cal)
		sess = out.Session
	}
}
