package engine_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/enginetest"
	"github.com/accueil-pme/accueil/engine/prompts"
	"github.com/accueil-pme/accueil/examples"
)

// TestCurrency: a business that quotes in pounds is answered in pounds, in
// both languages and on the phone.
func TestCurrency(t *testing.T) {
	src := strings.Replace(string(examples.SalonLumiere), "timezone:", "currency: GBP\ntimezone:", 1)
	b, err := business.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(b)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, b.Location())
	cal := enginetest.NewMemory().View(now)
	for _, tc := range []struct{ channel, text, want string }{
		{"whatsapp", "how much is a men's cut?", "£26"},
		{"whatsapp", "combien coûte une coupe homme ?", "26 £"},
		{"voice", "how much is a men's cut?", "26 pounds"},
		{"voice", "combien coûte une coupe homme ?", "vingt-six livres sterling"},
	} {
		out, err := e.Step(nil, engine.Event{Kind: engine.KindMessage, ID: "m", Channel: tc.channel, Session: tc.channel + ":x",
			From: "+33612345678", Text: tc.text}, now, cal)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, r := range out.Replies {
			got += r.Text + " | " + r.Speech
		}
		if !strings.Contains(got, tc.want) || strings.Contains(got, "€") || strings.Contains(got, "euro") {
			t.Errorf("%s %q: %q, want %q and no euro", tc.channel, tc.text, got, tc.want)
		}
	}
	if _, err := business.Parse([]byte(strings.Replace(src, "currency: GBP", "currency: XYZ", 1))); err == nil || !strings.Contains(err.Error(), "currency") {
		t.Errorf("an unknown currency: %v", err)
	}
}

// The business file accepts exactly the currencies the prompts can say.
func TestCurrenciesAgree(t *testing.T) {
	var said []string
	for code := range prompts.Currencies {
		said = append(said, code)
	}
	slices.Sort(said)
	accepted := slices.Sorted(slices.Values(business.Currencies))
	if !slices.Equal(said, accepted) {
		t.Errorf("prompts say %v, the business file accepts %v", said, accepted)
	}
}
