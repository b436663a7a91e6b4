package engine_test

import (
	"fmt"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/enginetest"
)

func ExampleEngine_Step() {
	e, err := engine.New(business.Demo())
	if err != nil {
		panic(err)
	}
	cal := enginetest.NewMemory()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, e.Business().Location())
	out, err := e.Step(nil, engine.Event{Kind: engine.KindMessage, ID: "m1", Channel: "whatsapp",
		Session: "whatsapp:+33612345678", From: "+33612345678",
		Text: "Bonjour, je suis Paul Martin, une coupe homme samedi à 10h"}, now, cal.View(now))
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Replies[0].Text)
	fmt.Println(len(out.Effects.Holds), "hold until", out.Effects.Holds[0].Expires.Format("15:04"))
	// Output:
	// Bonjour Paul ! Je récapitule : coupe homme, samedi 28 novembre à 10h00 avec Hugo, pour Paul Martin. Je confirme ?
	// 1 hold until 10:10
}
