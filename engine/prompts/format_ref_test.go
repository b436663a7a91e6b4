package prompts

// This file is the refFormatter as it was before it appended to buffers: the
// reference the compiled catalogues are compared with.

import (
	"github.com/nyaruka/phonenumbers"

	"fmt"

	"github.com/accueil-pme/accueil/engine/business"
	"math"
	"strings"
	"testing"
	"time"
)

var refFrWeekdays = [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
var refFrMonths = [13]string{"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

var refFrUnits = [...]string{"zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
	"onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"}
var refFrTens = [...]string{"", "", "vingt", "trente", "quarante", "cinquante", "soixante", "soixante", "quatre-vingt", "quatre-vingt"}

// refFrenchNumber spells n (0–999) in French words ("quatre-vingt-quinze").
func refFrenchNumber(n int) string {
	switch {
	case n < 0 || n > 999:
		return fmt.Sprint(n)
	case n < 20:
		return refFrUnits[n]
	case n < 100:
		t, u := n/10, n%10
		if t == 7 || t == 9 {
			u += 10
		}
		switch {
		case u == 0 && t == 8:
			return "quatre-vingts"
		case u == 0:
			return refFrTens[t]
		case u == 1 && t < 8:
			return refFrTens[t] + " et un"
		case u == 11 && t == 7:
			return "soixante et onze"
		}
		return refFrTens[t] + "-" + refFrUnits[u]
	}
	h, r := n/100, n%100
	s := "cent"
	if h > 1 {
		s = refFrUnits[h] + " cent"
		if r == 0 {
			s += "s"
		}
	}
	if r == 0 {
		return s
	}
	return s + " " + refFrenchNumber(r)
}

type refFormatter struct {
	lang        string
	speech      bool
	spokenHours bool // hm and dur as spoken
	us          bool // American English: "Friday, November 27 at 2:00 PM"
}

func (f refFormatter) day(t time.Time) string {
	if f.lang == "en" && f.us {
		return t.Format("Monday, January 2")
	}
	if f.lang == "en" {
		return t.Format("Monday 2 January")
	}
	d := fmt.Sprint(t.Day())
	switch {
	case t.Day() == 1 && f.speech:
		d = "premier"
	case t.Day() == 1:
		d = "1er"
	case f.speech:
		d = refFrenchNumber(t.Day())
	}
	return refFrWeekdays[t.Weekday()] + " " + d + " " + refFrMonths[t.Month()]
}

// clock formats a time of day for a slot: "10h00" / "dix heures".
func (f refFormatter) clock(t time.Time) string { return f.minutes(t.Hour()*60+t.Minute(), true) }

// hm formats minutes since midnight the short way: "9h", "12h30".
func (f refFormatter) hm(min int) string {
	if f.spokenHours {
		f.speech = true
	}
	return f.minutes(min, false)
}

func (f refFormatter) minutes(min int, full bool) string {
	h, m := min/60, min%60
	if f.lang == "en" {
		if !f.speech && f.us && min >= 0 {
			t := time.Date(2000, 1, 1, h, m, 0, 0, time.UTC)
			if m == 0 && !full {
				return t.Format("3 PM")
			}
			return t.Format("3:04 PM")
		}
		if !f.speech {
			return fmt.Sprintf("%d:%02d", h, m)
		}
		suffix := "am"
		if h >= 12 {
			suffix = "pm"
		}
		h12 := h % 12
		if h12 == 0 {
			h12 = 12
		}
		if m == 0 {
			return fmt.Sprintf("%d %s", h12, suffix)
		}
		return fmt.Sprintf("%d:%02d %s", h12, m, suffix)
	}
	if f.speech {
		hs := refFrenchNumber(h) + " heures"
		switch h {
		case 1:
			hs = "une heure"
		case 21:
			hs = "vingt et une heures"
		}
		if m == 0 {
			return hs
		}
		return hs + " " + refFrenchNumber(m)
	}
	if m == 0 && !full {
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02d", h, m)
}

func (f refFormatter) when(t time.Time) string {
	if f.lang == "en" {
		return f.day(t) + " at " + f.clock(t)
	}
	return f.day(t) + " à " + f.clock(t)
}

func (f refFormatter) price(p float64) string {
	whole := p == math.Trunc(p)
	if f.speech {
		if f.lang == "en" {
			if whole {
				return fmt.Sprintf("%.0f euros", p)
			}
			return fmt.Sprintf("%.2f euros", p)
		}
		if whole && p < 1000 {
			return refFrenchNumber(int(p)) + " euros"
		}
		return strings.Replace(fmt.Sprintf("%.2f euros", p), ".", ",", 1)
	}
	if f.lang == "en" {
		if whole {
			return fmt.Sprintf("€%.0f", p)
		}
		return fmt.Sprintf("€%.2f", p)
	}
	if whole {
		return fmt.Sprintf("%.0f €", p)
	}
	return strings.Replace(fmt.Sprintf("%.2f €", p), ".", ",", 1)
}

func (f refFormatter) dur(d time.Duration) string {
	if f.spokenHours {
		f.speech = true
	}
	min := int(d / time.Minute)
	h, m := min/60, min%60
	switch {
	case f.lang == "en" && h == 0:
		if m == 1 {
			return "1 minute"
		}
		return fmt.Sprintf("%d minutes", m)
	case f.lang == "en" && m == 0:
		if h == 1 {
			return "1 hour"
		}
		return fmt.Sprintf("%d hours", h)
	case f.lang == "en":
		unit, munit := "hours", "minutes"
		if h == 1 {
			unit = "hour"
		}
		if m == 1 {
			munit = "minute"
		}
		return fmt.Sprintf("%d %s %d %s", h, unit, m, munit)
	case f.speech && h == 0:
		return refFrenchNumber(m) + " minutes"
	case f.speech:
		hs := refFrenchNumber(h) + " heures"
		if h == 1 {
			hs = "une heure"
		}
		if m == 0 {
			return hs
		}
		return hs + " " + refFrenchNumber(m)
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %02d", h, m)
}

// phone formats an E.164 number: French numbers in the national form
// ("01 99 00 12 34"), spoken by pairs on a voice channel.
func (f refFormatter) phone(e164 string) string {
	if strings.HasPrefix(e164, "+33") && len(e164) == 12 {
		n := "0" + e164[3:]
		pairs := []string{n[0:2], n[2:4], n[4:6], n[6:8], n[8:10]}
		if f.speech && f.lang != "en" {
			for i, p := range pairs {
				switch {
				case p[0] == '0':
					pairs[i] = "zéro " + refFrUnits[p[1]-'0']
				default:
					pairs[i] = refFrenchNumber(int(p[0]-'0')*10 + int(p[1]-'0'))
				}
			}
			return strings.Join(pairs, ", ")
		}
		if f.lang == "en" {
			return "+33 " + n[1:2] + " " + strings.Join(pairs[1:], " ")
		}
		return strings.Join(pairs, " ")
	}
	// Another country's number, spoken: "plus", then each digit.
	if digits, ok := strings.CutPrefix(e164, "+"); f.speech && ok && digits != "" && strings.Trim(digits, "0123456789") == "" {
		words := []string{"plus"}
		for _, c := range digits {
			if f.lang == "en" {
				words = append(words, string(c))
			} else {
				words = append(words, refFrUnits[c-'0'])
			}
		}
		return strings.Join(words, " ")
	}
	// Written: the library's international form.
	if digits, ok := strings.CutPrefix(e164, "+"); ok && digits != "" && strings.Trim(digits, "0123456789") == "" {
		if num, err := phonenumbers.Parse(e164, ""); err == nil {
			return phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
		}
	}
	return e164
}

func (f refFormatter) join(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

func (f refFormatter) and(items []string) string {
	if f.lang == "en" {
		return f.join(items, "and")
	}
	return f.join(items, "et")
}

func (f refFormatter) or(items []string) string {
	if f.lang == "en" {
		return f.join(items, "or")
	}
	return f.join(items, "ou")
}

// ranges formats opening ranges: "de 9h à 12h30 et de 13h30 à 19h".
func (f refFormatter) ranges(rs []business.Range) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		if f.lang == "en" {
			parts[i] = "from " + f.hm(r.From) + " to " + f.hm(r.To)
		} else {
			parts[i] = "de " + f.hm(r.From) + " à " + f.hm(r.To)
		}
	}
	return f.and(parts)
}

var refEnWeekdays = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

func (f refFormatter) weekday(d int) string {
	if f.lang == "en" {
		return refEnWeekdays[d%7]
	}
	return refFrWeekdays[d%7]
}

// days formats weekdays (Monday first): "du mardi au samedi", "le lundi",
// and two days in a row as two: "le samedi et le dimanche".
func (f refFormatter) days(ds []int) string {
	var groups []string
	for i := 0; i < len(ds); {
		j := i
		for j+1 < len(ds) && (ds[j]+1)%7 == ds[j+1]%7 {
			j++
		}
		if j == i+1 {
			j = i
		}
		a, b := f.weekday(ds[i]), f.weekday(ds[j])
		switch {
		case f.lang == "en" && i == j:
			groups = append(groups, a)
		case f.lang == "en":
			groups = append(groups, a+" to "+b)
		case i == j:
			groups = append(groups, "le "+a)
		default:
			groups = append(groups, "du "+a+" au "+b)
		}
		i = j + 1
	}
	return f.and(groups)
}

// slots formats offered slots: one day → "samedi 28 novembre à 10h00,
// 11h30 ou 14h00"; several days → each with its day.
func (f refFormatter) slots(ts []time.Time) string {
	if len(ts) == 0 {
		return ""
	}
	same := true
	for _, t := range ts[1:] {
		if t.YearDay() != ts[0].YearDay() {
			same = false
		}
	}
	items := make([]string, len(ts))
	for i, t := range ts {
		if same && i > 0 {
			items[i] = f.clock(t)
		} else {
			items[i] = f.when(t)
		}
	}
	return f.or(items)
}

var refEnMonths = [13]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func (f refFormatter) month(m int) string {
	if m < 1 || m > 12 {
		return fmt.Sprint(m)
	}
	if f.lang == "en" {
		return refEnMonths[m]
	}
	return refFrMonths[m]
}

// ref formats a booking reference; spoken, it is spelled out.
func (f refFormatter) ref(r string) string {
	if !f.speech {
		return r
	}
	var parts []string
	for _, c := range r {
		if c != '-' {
			parts = append(parts, string(c))
		}
	}
	return strings.Join(parts, " ")
}

// refA is "a s", or "an s" before a vowel.
func refA(s string) string {
	if s != "" && strings.ContainsAny(s[:1], "aeiouAEIOU") {
		return "an " + s
	}
	if w := strings.Fields(s); len(w) > 0 && len(w[0]) >= 2 && strings.ContainsAny(s[:1], "FHLMNRSX") && strings.ToUpper(w[0]) == w[0] && strings.ToLower(w[0]) != w[0] {
		return "an " + s // "an MOT"
	}
	return "a " + s
}

// refDe is "de s", elided before a vowel.
func refDe(s string) string {
	for _, r := range s {
		if strings.ContainsRune("aeiouéèêëàâîïôûùAEIOUÉÈÊÀÂÎÔÛ", r) {
			return "d'" + s
		}
		break
	}
	return "de " + s
}

// upper capitalises the first letter.
func refUpper(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func (f refFormatter) number(n int) string {
	if f.speech && f.lang != "en" {
		return refFrenchNumber(n)
	}
	return fmt.Sprint(n)
}

func TestArticle(t *testing.T) {
	for in, want := range map[string]string{
		"MOT inspection": "an MOT inspection", "oil change": "an oil change", "haircut": "a haircut",
		"MRI": "an MRI", "Mani": "a Mani", "SUV wash": "an SUV wash", "BMW service": "a BMW service", "M": "a M",
	} {
		if got := article(in); got != want || refA(in) != want {
			t.Errorf("article(%q) = %q (reference %q), want %q", in, got, refA(in), want)
		}
	}
}

// TestPhoneHomeRegion: the business's own country's numbers in national
// form, others international; French numbers as ever.
func TestPhoneHomeRegion(t *testing.T) {
	for _, tc := range []struct{ home, in, want string }{
		{"GB", "+447911123456", "07911 123456"}, {"GB", "+441134960000", "0113 496 0000"}, {"GB", "+17185550142", "+1 718-555-0142"},
		{"US", "+17185550142", "(718) 555-0142"}, {"US", "+447911123456", "+44 7911 123456"}, {"", "+17185550142", "+1 718-555-0142"},
	} {
		f := formatter{lang: "en", home: tc.home}
		if got := f.phone(tc.in); got != tc.want {
			t.Errorf("home %q: phone(%s) = %q, want %q", tc.home, tc.in, got, tc.want)
		}
	}
}
