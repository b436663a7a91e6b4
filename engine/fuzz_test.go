package engine_test

import (
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/enginetest"
)

// FuzzStep feeds arbitrary messages and sessions to Step: it must never
// panic and must always answer a message.
func FuzzStep(f *testing.F) {
	e := demoEngine(f)
	for _, s := range []string{"Bonjour, je suis Paul Martin, une coupe homme samedi à 10h", "oui", "le 31 février à 25h", "06 12", "", "LUM-7K3F annuler", "euh euh"} {
		f.Add(s, []byte(nil))
	}
	f.Add("oui", []byte(`{"v":1,"f":"book","a":"confirm","x":{"s":1795000000,"p":"hugo","v":"barbe"}}`))
	f.Add("2", []byte(`{"v":1,"f":"book","a":"pick","o":[{"s":1,"p":"nobody","v":"nothing"}]}`))
	f.Fuzz(func(t *testing.T, text string, session []byte) {
		mem := enginetest.NewMemory()
		now := time.Date(2026, 11, 25, 10, 0, 0, 0, e.Business().Location())
		out, err := e.Step(session, engine.Event{Kind: engine.KindMessage, ID: "f", Channel: "whatsapp", Session: "s", From: "+33612345678", Text: text}, now, mem.View(now))
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Replies) == 0 {
			t.Fatalf("no reply to %q", text)
		}
	})
}

// TestSessionStaysSmall checks the session size after a long conversation.
func TestSessionStaysSmall(t *testing.T) {
	e := demoEngine(t)
	mem := enginetest.NewMemory()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, e.Business().Location())
	for i := range 40 {
		ev := engine.Event{Kind: engine.KindMessage, ID: "m", Channel: "whatsapp", Session: "s", From: "+33612345678",
			Text: "Bonjour, quels sont vos horaires et combien coûte une couleur ? Je voudrais aussi savoir si vous avez un parking près du salon."}
		if _, err := mem.Turn(e, ev, now.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(mem.Session("s")); n > 4096 {
		t.Fatalf("session is %d bytes", n)
	}
}
