package prompts

import (
	"testing"
	"time"
)

func TestCataloguesMatch(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Names("fr")) < 50 {
		t.Fatalf("only %d prompts", len(c.Names("fr")))
	}
}

func TestRender(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	when := time.Date(2026, 11, 28, 14, 30, 0, 0, loc)
	p := Params{"Svc": "coupe homme", "When": when, "Staff": "Hugo", "Name": "Paul Martin"}
	cases := []struct {
		lang   string
		speech bool
		want   string
	}{
		{"fr", false, "Je récapitule : coupe homme, samedi 28 novembre à 14h30 avec Hugo, pour Paul Martin. Je confirme ?"},
		{"fr", true, "Je récapitule : coupe homme, samedi vingt-huit novembre à quatorze heures trente avec Hugo, pour Paul Martin. Je confirme ?"},
		{"en", false, "To confirm: coupe homme, Saturday 28 November at 14:30 with Hugo, under the name Paul Martin. Shall I book it?"},
		{"en", true, "To confirm: coupe homme, Saturday 28 November at 2:30 pm with Hugo, under the name Paul Martin. Shall I book it?"},
	}
	for _, tc := range cases {
		got, err := c.Render(tc.lang, tc.speech, "confirm_book", p)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s speech=%v:\n got %q\nwant %q", tc.lang, tc.speech, got, tc.want)
		}
	}
}

func TestFrenchNumber(t *testing.T) {
	for n, want := range map[int]string{0: "zéro", 1: "un", 17: "dix-sept", 21: "vingt et un", 30: "trente", 71: "soixante et onze",
		80: "quatre-vingts", 81: "quatre-vingt-un", 95: "quatre-vingt-quinze", 99: "quatre-vingt-dix-neuf", 100: "cent", 200: "deux cents", 242: "deux cent quarante-deux"} {
		if got := FrenchNumber(n); got != want {
			t.Errorf("FrenchNumber(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPhone(t *testing.T) {
	f := formatter{lang: "fr"}
	if got := f.phone("+33199001234"); got != "01 99 00 12 34" {
		t.Errorf("text: %q", got)
	}
	f.speech = true
	if got := f.phone("+33199001234"); got != "zéro un, quatre-vingt-dix-neuf, zéro zéro, douze, trente-quatre" {
		t.Errorf("speech: %q", got)
	}
}
