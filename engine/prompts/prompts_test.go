package prompts

import (
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine/business"
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

// TestRenderForms: durations and opening hours are in words in Speech and
// Tool, "de" is elided before a vowel, and Tool keeps slot times and
// references as written.
func TestRenderForms(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	price := Params{"Svc": "couleur", "Price": 65.0, "Dur": 90 * time.Minute}
	booked := Params{"Svc": "coupe homme", "When": time.Date(2026, 11, 28, 10, 0, 0, 0, loc), "Staff": "Hugo", "Ref": "LUM-7K3F",
		"Business": "Salon Lumière", "Address": "12 rue des Lilas"}
	cases := []struct {
		form       Form
		name       string
		p          Params
		lang, want string
	}{
		{Text, "service_price", price, "fr", "Couleur : 65 €, pour une durée de 1 h 30."},
		{Speech, "service_price", price, "fr", "Couleur : soixante-cinq euros, pour une durée d'une heure trente."},
		{Tool, "service_price", price, "fr", "Couleur : 65 €, pour une durée d'une heure trente."},
		{Speech, "service_price", price, "en", "Couleur: 65 euros, and it takes 1 hour 30 minutes."},
		{Tool, "booked", booked, "fr", "C'est réservé ! Coupe homme, samedi 28 novembre à 10h00 avec Hugo. Votre référence : LUM-7K3F. À bientôt ! Salon Lumière, 12 rue des Lilas."},
		{Text, "handoff", Params{"Reason": "asked", "Phone": "+33478000000"}, "fr",
			"Je transmets votre demande à notre équipe, qui vous recontactera dès que possible. Vous pouvez aussi appeler le 04 78 00 00 00."},
		{Text, "handoff", Params{"Reason": "asked", "Phone": "+33478000000", "Hours": "du lundi au vendredi"}, "fr",
			"Je transmets votre demande à notre équipe, qui vous recontactera dès que possible. Vous pouvez aussi appeler le 04 78 00 00 00, du lundi au vendredi."},
		{Text, "handoff", Params{"Reason": "asked", "Phone": "+33478000000"}, "en",
			"I'm passing your request to our team, who will get back to you as soon as possible. You can also call +33 4 78 00 00 00."},
		{Speech, "handoff_call", Params{"Reason": "asked"}, "fr", "Je vous passe notre équipe, ne quittez pas."},
		{Speech, "contact", Params{"Phone": "+3223456789"}, "fr", "Vous pouvez nous appeler au plus trois deux deux trois quatre cinq six sept huit neuf."},
		{Speech, "contact", Params{"Phone": "+3223456789"}, "en", "You can call us on plus 3 2 2 3 4 5 6 7 8 9."},
		{Text, "contact", Params{"Phone": "+3223456789"}, "fr", "Vous pouvez nous appeler au +32 2 345 67 89."},
		{Text, "week_group", Params{"First": 1, "Last": 2, "Pair": true, "Ranges": []business.Range{{From: 540, To: 1020}}}, "fr", "le lundi et le mardi de 9h à 17h"},
		{Text, "week_group", Params{"First": 1, "Last": 2, "Pair": true, "Ranges": []business.Range{{From: 540, To: 1020}}}, "en", "on Monday and Tuesday from 9:00 to 17:00"},
		{Text, "week_group", Params{"First": 1, "Last": 3, "Ranges": []business.Range{{From: 540, To: 1020}}}, "fr", "du lundi au mercredi de 9h à 17h"},
	}
	for _, tc := range cases {
		got, err := c.RenderForm(tc.lang, tc.form, tc.name, tc.p)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s/%s form %d:\n got %q\nwant %q", tc.lang, tc.name, tc.form, got, tc.want)
		}
	}
	if _, err := c.RenderForm("fr", numForms, "bye", nil); err == nil {
		t.Error("an unknown form rendered without error")
	}
}

// TestNoKindOfBusiness: the catalogues serve any business (a salon, a dental
// practice, a garage), so they speak as "we" and never name a trade; the
// business's own words come from its file.
func TestNoKindOfBusiness(t *testing.T) {
	trades := []string{"salon", "coiffeu", "coiffure", "cabinet", "garage", "clinique", "boutique", "magasin",
		"hairdress", "practice", "clinic", "shop", "store"}
	for _, lang := range Languages {
		src, err := files.ReadFile(lang + ".tmpl")
		if err != nil {
			t.Fatal(err)
		}
		lower := strings.ToLower(string(src))
		for _, w := range trades {
			if i := strings.Index(lower, w); i >= 0 {
				t.Errorf("%s.tmpl names a trade, %q: …%s…", lang, w, src[max(0, i-40):min(len(src), i+40)])
			}
		}
	}
}
