package validate

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var whenSeeds = []string{
	"demain à 14h", "euh mardi euh 10 heures", "jeudi 18", "31 février", "le 1er mai 2027",
	"2 heures et demie de l'après-midi", "entre 14h et 16h", "half past ten", "03/12/2026",
	"dans une heure", "le plus tôt possible", "quatre-vingt-dix-neuf heures", "99:99", "le 0",
	"1/1/1", "moins moins", "à 24h", "midi moins", "0000-00-00", "9999999999h",
}

func FuzzParseWhen(f *testing.F) {
	for _, s := range whenSeeds {
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, text string, offset int64) {
		now := wed.Add(time.Duration(offset%(400*24)) * time.Hour)
		w := ParseWhen(text, now, paris)
		last := 0
		for _, s := range w.Spans {
			if s.Start < last || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("bad spans %v for %q", w.Spans, text)
			}
			last = s.End
		}
		_ = w.Remove(text)
		if w.HasTime && (w.Time.Hour < 0 || w.Time.Hour > 23 || w.Time.Minute < 0 || w.Time.Minute > 59) {
			t.Fatalf("bad time %v for %q", w.Time, text)
		}
		if w.HasEndTime && (!w.HasTime || w.EndTime.Minutes() <= w.Time.Minutes() || w.EndTime.Hour > 23) {
			t.Fatalf("bad window %v–%v for %q", w.Time, w.EndTime, text)
		}
		if !w.Date.IsZero() && !validDate(w.Date.Year, w.Date.Month, w.Date.Day) {
			t.Fatalf("invalid date %v for %q", w.Date, text)
		}
		if !w.EndDate.IsZero() && (w.Date.IsZero() || w.EndDate.Before(w.Date)) {
			t.Fatalf("bad date span %v..%v for %q", w.Date, w.EndDate, text)
		}
		switch w.Problem.Kind {
		case ProblemWeekdayMismatch, ProblemImpossibleDate:
			if !w.Date.IsZero() {
				t.Fatalf("date %v set with problem %v for %q", w.Date, w.Problem, text)
			}
		}
		if w.Problem.Kind == ProblemWeekdayMismatch && w.Problem.Alternative.Weekday() != w.Problem.Weekday {
			t.Fatalf("alternative %v is not a %v", w.Problem.Alternative, w.Problem.Weekday)
		}
		if w.Problem.Kind != ProblemNone && w.Problem.String() == "" {
			t.Fatalf("empty problem text")
		}
		if w.Found() != (len(w.Spans) > 0) {
			t.Fatal("Found disagrees with Spans")
		}
		if datelessText(text) && !reflect.DeepEqual(w, When{}) {
			t.Fatalf("ParseWhen(%q) = %+v, but its words are all dateless", text, w)
		}
	})
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"06 39 98 00 12", "+33 6 39 98 00 12", "0033639980012", "whatsapp:+33639980012",
		"zéro six trente-neuf quatre-vingt-dix-huit zéro zéro douze", "double double triple", "plus plus 33", "+", "00"} {
		f.Add(s, "FR")
	}
	f.Add("+1 415 555 2671", "")
	f.Fuzz(func(t *testing.T, text, region string) {
		e, err := ParsePhone(text, region)
		if err != nil {
			if e != "" {
				t.Fatalf("value %q with error %v", e, err)
			}
			return
		}
		if len(e) < 8 || len(e) > 16 || e[0] != '+' || strings.Trim(e[1:], "0123456789") != "" {
			t.Fatalf("not E.164: %q from %q", e, text)
		}
		again, err := ParsePhone(e, "")
		if err != nil || again != e {
			t.Fatalf("not stable: %q → %q, %v", e, again, err)
		}
	})
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"jean.dupont@exemple.fr", "jean point dupont arobase exemple point fr", "@", "a@b.c",
		"x at y dot z", "arobase arobase point", "mailto:a@b.fr", "a@@b.fr"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		e, err := ParseEmail(text)
		if err != nil {
			return
		}
		if strings.Count(e, "@") != 1 || e != strings.ToLower(e) {
			t.Fatalf("bad address %q from %q", e, text)
		}
		if again, err := ParseEmail(e); err != nil || again != e {
			t.Fatalf("not stable: %q → %q, %v", e, again, err)
		}
	})
}

func FuzzParseName(f *testing.F) {
	for _, s := range []string{"je suis Paul Martin", "c'est Marie Dupont", "my name is John Smith", "oui", "O'CONNOR",
		"moi c'est jean-pierre de la fontaine", "'-'", "de de de", "Ǆ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n, ok := ParseName(text)
		if !ok {
			if n != "" {
				t.Fatalf("value %q with ok=false", n)
			}
			return
		}
		if n == "" || !utf8.ValidString(n) || strings.ContainsAny(n, "0123456789@?") || len(strings.Fields(n)) > 5 {
			t.Fatalf("bad name %q from %q", n, text)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"quatorze", "vingt et un", "quatre-vingt-dix-neuf", "deux mille vingt-sept", "twenty one",
		"cent cent", "mille mille", "et et", "999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n, ok := ParseNumber(text)
		if !ok {
			if n != 0 {
				t.Fatalf("value %d with ok=false", n)
			}
			return
		}
		if n < 0 || n > 999_999_999 {
			t.Fatalf("out of range %d from %q", n, text)
		}
	})
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"l'après-midi", "ŒUVRE", "  a  b ", "Привет", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if Fold(got) != got {
			t.Fatalf("Fold not idempotent: %q → %q → %q", s, got, Fold(got))
		}
		if strings.Contains(got, "  ") || strings.TrimSpace(got) != got {
			t.Fatalf("spaces not collapsed: %q", got)
		}
		if strings.ToLower(got) != got && strings.IndexFunc(got, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0 {
			t.Fatalf("upper case left: %q", got)
		}
	})
}

// frenchWords writes n (0–9999) in French words, the way a transcript does.
func frenchWords(n int) string {
	units := []string{"zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
		"onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"}
	tens := []string{"", "", "vingt", "trente", "quarante", "cinquante", "soixante"}
	var below100 func(int) string
	below100 = func(n int) string {
		switch {
		case n < 20:
			return units[n]
		case n < 70:
			t, u := n/10, n%10
			switch u {
			case 0:
				return tens[t]
			case 1:
				return tens[t] + " et un"
			}
			return tens[t] + "-" + units[u]
		case n < 80:
			if n == 71 {
				return "soixante et onze"
			}
			return "soixante-" + units[n-60]
		case n == 80:
			return "quatre-vingts"
		default:
			return "quatre-vingt-" + units[n-80]
		}
	}
	var parts []string
	if th := n / 1000; th > 0 {
		if th > 1 {
			parts = append(parts, below100(th))
		}
		parts = append(parts, "mille")
		n %= 1000
	}
	if h := n / 100; h > 0 {
		if h > 1 {
			parts = append(parts, units[h])
		}
		if h > 1 && n%100 == 0 {
			parts = append(parts, "cents")
		} else {
			parts = append(parts, "cent")
		}
		n %= 100
	}
	if n > 0 || len(parts) == 0 {
		parts = append(parts, below100(n))
	}
	return strings.Join(parts, " ")
}

func TestParseNumberRoundTrip(t *testing.T) {
	for n := 0; n < 10000; n++ {
		w := frenchWords(n)
		got, ok := ParseNumber(w)
		if !ok || got != n {
			t.Fatalf("ParseNumber(%q) = %d, %v; want %d", w, got, ok, n)
		}
	}
}
