package prompts

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"github.com/accueil-pme/accueil/engine/business"
)

// The formatting functions of the catalogues append to a buffer: a prompt
// renders into one buffer without a string per date or time. The string
// forms below wrap them.

var frWeekdays = [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
var frMonths = [13]string{"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

var frUnits = [...]string{"zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
	"onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"}
var frTens = [...]string{"", "", "vingt", "trente", "quarante", "cinquante", "soixante", "soixante", "quatre-vingt", "quatre-vingt"}

// FrenchNumber spells n (0–999) in French words ("quatre-vingt-quinze").
func FrenchNumber(n int) string {
	if n >= 0 && n < 20 {
		return frUnits[n]
	}
	return string(appendFrenchNumber(nil, n))
}

func appendFrenchNumber(b []byte, n int) []byte {
	switch {
	case n < 0 || n > 999:
		return strconv.AppendInt(b, int64(n), 10)
	case n < 20:
		return append(b, frUnits[n]...)
	case n < 100:
		t, u := n/10, n%10
		if t == 7 || t == 9 {
			u += 10
		}
		switch {
		case u == 0 && t == 8:
			return append(b, "quatre-vingts"...)
		case u == 0:
			return append(b, frTens[t]...)
		case u == 1 && t < 8:
			return append(append(b, frTens[t]...), " et un"...)
		case u == 11 && t == 7:
			return append(b, "soixante et onze"...)
		}
		return append(append(append(b, frTens[t]...), '-'), frUnits[u]...)
	}
	h, r := n/100, n%100
	if h > 1 {
		b = append(append(b, frUnits[h]...), " cent"...)
		if r == 0 {
			b = append(b, 's')
		}
	} else {
		b = append(b, "cent"...)
	}
	if r == 0 {
		return b
	}
	return appendFrenchNumber(append(b, ' '), r)
}

type formatter struct {
	lang   string
	speech bool
	cur    *Currency // nil: the euro
	// spokenHours phrases opening hours and durations for speech in a
	// written text (the Tool form).
	spokenHours bool
	// us writes English the American way: "Friday, November 27 at 2:00
	// PM" rather than "Friday 27 November at 14:00".
	us bool
	// home is the business's country (ISO 3166, "US", "GB"): its own
	// numbers are written as its people write them ("(718) 555-0142",
	// "0113 496 0000"). France's are always written the French way.
	home string
}

func (f formatter) appendDay(b []byte, t time.Time) []byte {
	if f.lang == "en" {
		if f.us {
			return t.AppendFormat(b, "Monday, January 2")
		}
		return t.AppendFormat(b, "Monday 2 January")
	}
	_, month, day := t.Date()
	b = append(append(b, frWeekdays[t.Weekday()]...), ' ')
	switch {
	case day == 1 && f.speech:
		b = append(b, "premier"...)
	case day == 1:
		b = append(b, "1er"...)
	case f.speech:
		b = appendFrenchNumber(b, day)
	default:
		b = strconv.AppendInt(b, int64(day), 10)
	}
	return append(append(b, ' '), frMonths[month]...)
}

// appendClock formats a time of day for a slot: "10h00" / "dix heures".
func (f formatter) appendClock(b []byte, t time.Time) []byte {
	h, m, _ := t.Clock()
	return f.appendMinutes(b, h*60+m, true)
}

// appendHM formats minutes since midnight the short way: "9h", "12h30".
func (f formatter) appendHM(b []byte, min int) []byte {
	if f.spokenHours {
		f.speech = true
	}
	return f.appendMinutes(b, min, false)
}

func (f formatter) appendMinutes(b []byte, min int, full bool) []byte {
	if min < 0 {
		// Negative minutes are nonsense; print them as fmt does.
		return append(b, f.minutesSlow(min, full)...)
	}
	h, m := min/60, min%60
	if f.lang == "en" {
		if !f.speech && f.us {
			return appendUSClock(b, h, m, full)
		}
		if !f.speech {
			return append2(append(strconv.AppendInt(b, int64(h), 10), ':'), m)
		}
		suffix := " am"
		if h >= 12 {
			suffix = " pm"
		}
		h12 := h % 12
		if h12 == 0 {
			h12 = 12
		}
		b = strconv.AppendInt(b, int64(h12), 10)
		if m != 0 {
			b = append2(append(b, ':'), m)
		}
		return append(b, suffix...)
	}
	if f.speech {
		switch h {
		case 1:
			b = append(b, "une heure"...)
		case 21:
			b = append(b, "vingt et une heures"...)
		default:
			b = append(appendFrenchNumber(b, h), " heures"...)
		}
		if m == 0 {
			return b
		}
		return appendFrenchNumber(append(b, ' '), m)
	}
	b = append(strconv.AppendInt(b, int64(h), 10), 'h')
	if m == 0 && !full {
		return b
	}
	return append2(b, m)
}

// appendUSClock appends an American time of day: "2:00 PM" for a slot
// (full), "9 AM" or "12:30 PM" for opening hours.
func appendUSClock(b []byte, h, m int, full bool) []byte {
	suffix := " AM"
	if h%24 >= 12 {
		suffix = " PM"
	}
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	b = strconv.AppendInt(b, int64(h12), 10)
	if m != 0 || full {
		b = append2(append(b, ':'), m)
	}
	return append(b, suffix...)
}

// append2 appends 0 ≤ n < 100 on two digits.
func append2(b []byte, n int) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}

// minutesSlow is minutes as it was written with fmt, for the odd values
// the fast path leaves out.
func (f formatter) minutesSlow(min int, full bool) string {
	h, m := min/60, min%60
	if f.lang == "en" {
		if !f.speech { // the American way too: negative minutes are nonsense
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
		hs := FrenchNumber(h) + " heures"
		switch h {
		case 1:
			hs = "une heure"
		case 21:
			hs = "vingt et une heures"
		}
		if m == 0 {
			return hs
		}
		return hs + " " + FrenchNumber(m)
	}
	if m == 0 && !full {
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02d", h, m)
}

func (f formatter) appendWhen(b []byte, t time.Time) []byte {
	b = f.appendDay(b, t)
	if f.lang == "en" {
		b = append(b, " at "...)
	} else {
		b = append(b, " à "...)
	}
	return f.appendClock(b, t)
}

// Currency is how prices are written and said: the symbol before the
// amount in English ("£42"), after it in French ("42 £"), and the unit's
// name when spoken.
type Currency struct {
	Code               string // ISO 4217: EUR, GBP, …
	Before, After      string // the symbol in English and in French text
	SpokenEN, SpokenFR string
}

// Currencies are the currencies a business may quote prices in.
var Currencies = map[string]*Currency{
	"EUR": {Code: "EUR", Before: "€", After: " €", SpokenEN: " euros", SpokenFR: " euros"},
	"GBP": {Code: "GBP", Before: "£", After: " £", SpokenEN: " pounds", SpokenFR: " livres sterling"},
	"USD": {Code: "USD", Before: "$", After: " $", SpokenEN: " dollars", SpokenFR: " dollars"},
	"CAD": {Code: "CAD", Before: "CA$", After: " $ CA", SpokenEN: " Canadian dollars", SpokenFR: " dollars canadiens"},
	"CHF": {Code: "CHF", Before: "CHF ", After: " CHF", SpokenEN: " Swiss francs", SpokenFR: " francs suisses"},
}

func (f formatter) currency() *Currency {
	if f.cur == nil {
		return Currencies["EUR"]
	}
	return f.cur
}

func (f formatter) appendPrice(b []byte, p float64) []byte {
	if f.cur != nil && f.cur.Code != "EUR" {
		return append(b, f.priceSlow(p)...) // rare: the euro's fast path below
	}
	if math.IsNaN(p) || math.IsInf(p, 0) {
		return append(b, f.priceSlow(p)...)
	}
	whole := p == math.Trunc(p)
	prec := 2
	if whole {
		prec = 0
	}
	if f.speech {
		if f.lang != "en" && whole && p < 1000 {
			return append(appendFrenchNumber(b, int(p)), " euros"...)
		}
		if f.lang == "en" {
			return append(strconv.AppendFloat(b, p, 'f', prec, 64), " euros"...)
		}
		// French: always with cents, as "1000,00 euros".
		start := len(b)
		b = strconv.AppendFloat(b, p, 'f', 2, 64)
		commaFor(b[start:])
		return append(b, " euros"...)
	}
	if f.lang == "en" {
		return strconv.AppendFloat(append(b, "€"...), p, 'f', prec, 64)
	}
	start := len(b)
	b = strconv.AppendFloat(b, p, 'f', prec, 64)
	if !whole {
		commaFor(b[start:])
	}
	return append(b, " €"...)
}

// commaFor turns the first '.' of a number into the French ','.
func commaFor(b []byte) {
	for i, c := range b {
		if c == '.' {
			b[i] = ','
			return
		}
	}
}

// priceSlow is price as it was written with fmt, for NaN and infinities.
func (f formatter) priceSlow(p float64) string {
	whole := p == math.Trunc(p)
	c := f.currency()
	if f.speech {
		if f.lang == "en" {
			if whole {
				return fmt.Sprintf("%.0f", p) + c.SpokenEN
			}
			return fmt.Sprintf("%.2f", p) + c.SpokenEN
		}
		if whole && p < 1000 {
			return FrenchNumber(int(p)) + c.SpokenFR
		}
		return strings.Replace(fmt.Sprintf("%.2f", p), ".", ",", 1) + c.SpokenFR
	}
	if f.lang == "en" {
		if whole {
			return c.Before + fmt.Sprintf("%.0f", p)
		}
		return c.Before + fmt.Sprintf("%.2f", p)
	}
	if whole {
		return fmt.Sprintf("%.0f", p) + c.After
	}
	return strings.Replace(fmt.Sprintf("%.2f", p), ".", ",", 1) + c.After
}

func (f formatter) appendDur(b []byte, d time.Duration) []byte {
	if f.spokenHours {
		f.speech = true
	}
	min := int(d / time.Minute)
	if min < 0 {
		return append(b, f.durSlow(d)...)
	}
	h, m := min/60, min%60
	switch {
	case f.lang == "en" && h == 0:
		if m == 1 {
			return append(b, "1 minute"...)
		}
		return append(strconv.AppendInt(b, int64(m), 10), " minutes"...)
	case f.lang == "en" && m == 0:
		if h == 1 {
			return append(b, "1 hour"...)
		}
		return append(strconv.AppendInt(b, int64(h), 10), " hours"...)
	case f.lang == "en": // "1 hour 30 minutes", written and spoken
		b = strconv.AppendInt(b, int64(h), 10)
		if h == 1 {
			b = append(b, " hour "...)
		} else {
			b = append(b, " hours "...)
		}
		if m == 1 {
			return append(b, "1 minute"...)
		}
		return append(strconv.AppendInt(b, int64(m), 10), " minutes"...)
	case f.speech && h == 0:
		return append(appendFrenchNumber(b, m), " minutes"...)
	case f.speech:
		if h == 1 {
			b = append(b, "une heure"...)
		} else {
			b = append(appendFrenchNumber(b, h), " heures"...)
		}
		if m == 0 {
			return b
		}
		return appendFrenchNumber(append(b, ' '), m)
	case h == 0:
		return append(strconv.AppendInt(b, int64(m), 10), " min"...)
	case m == 0:
		return append(strconv.AppendInt(b, int64(h), 10), " h"...)
	}
	return append2(append(strconv.AppendInt(b, int64(h), 10), " h "...), m)
}

// durSlow is dur as it was written with fmt, for negative durations.
func (f formatter) durSlow(d time.Duration) string {
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
		return FrenchNumber(m) + " minutes"
	case f.speech:
		hs := FrenchNumber(h) + " heures"
		if h == 1 {
			hs = "une heure"
		}
		if m == 0 {
			return hs
		}
		return hs + " " + FrenchNumber(m)
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %02d", h, m)
}

// phone formats an E.164 number: French numbers in the national form
// ("01 99 00 12 34"), spoken by pairs on a voice channel.
func (f formatter) phone(e164 string) string {
	if strings.HasPrefix(e164, "+33") && len(e164) == 12 {
		n := "0" + e164[3:]
		pairs := []string{n[0:2], n[2:4], n[4:6], n[6:8], n[8:10]}
		if f.speech && f.lang != "en" {
			for i, p := range pairs {
				switch {
				case p[0] == '0':
					pairs[i] = "zéro " + frUnits[p[1]-'0']
				default:
					pairs[i] = FrenchNumber(int(p[0]-'0')*10 + int(p[1]-'0'))
				}
			}
			return strings.Join(pairs, ", ")
		}
		if f.lang == "en" {
			return "+33 " + n[1:2] + " " + strings.Join(pairs[1:], " ")
		}
		return strings.Join(pairs, " ")
	}
	if f.speech && len(e164) > 1 && e164[0] == '+' && allDigits(e164[1:]) {
		// Another country's number: read digit by digit (a voice would
		// read "+3223456789" as one large number).
		var b strings.Builder
		b.WriteString("plus")
		for _, c := range e164[1:] {
			b.WriteByte(' ')
			if f.lang == "en" {
				b.WriteRune(c)
			} else {
				b.WriteString(frUnits[c-'0'])
			}
		}
		return b.String()
	}
	if len(e164) > 1 && e164[0] == '+' && allDigits(e164[1:]) {
		// Another country's number, written as that country writes it
		// internationally: "+44 113 496 0000"; the business's own
		// country's, as it is written there.
		if num, err := phonenumbers.Parse(e164, ""); err == nil {
			if f.home != "" && int(num.GetCountryCode()) == phonenumbers.GetCountryCodeForRegion(f.home) {
				return phonenumbers.Format(num, phonenumbers.NATIONAL)
			}
			return phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
		}
	}
	return e164
}

// appendJoin joins items with ", " and the conjunction before the last.
func (f formatter) appendJoin(b []byte, items []string, conj string) []byte {
	for i, it := range items {
		switch {
		case i == 0:
		case i == len(items)-1:
			b = append(append(append(b, ' '), conj...), ' ')
		default:
			b = append(b, ", "...)
		}
		b = append(b, it...)
	}
	return b
}

func (f formatter) and() string {
	if f.lang == "en" {
		return "and"
	}
	return "et"
}

func (f formatter) or() string {
	if f.lang == "en" {
		return "or"
	}
	return "ou"
}

// appendRanges formats opening ranges: "de 9h à 12h30 et de 13h30 à 19h".
func (f formatter) appendRanges(b []byte, rs []business.Range) []byte {
	from, to := "de ", " à "
	if f.lang == "en" {
		from, to = "from ", " to "
	}
	for i, r := range rs {
		switch {
		case i == 0:
		case i == len(rs)-1:
			b = append(append(append(b, ' '), f.and()...), ' ')
		default:
			b = append(b, ", "...)
		}
		b = append(b, from...)
		b = f.appendHM(b, r.From)
		b = append(b, to...)
		b = f.appendHM(b, r.To)
	}
	return b
}

var enWeekdays = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

func (f formatter) weekday(d int) string {
	if f.lang == "en" {
		return enWeekdays[d%7]
	}
	return frWeekdays[d%7]
}

// appendDays formats weekdays (Monday first): "du mardi au samedi", "le
// lundi", and two days in a row as two: "le samedi et le dimanche".
func (f formatter) appendDays(b []byte, ds []int) []byte {
	// The groups of consecutive days, then the same joining as and.
	var groups [7][2]int
	n := 0
	for i := 0; i < len(ds); {
		j := i
		for j+1 < len(ds) && (ds[j]+1)%7 == ds[j+1]%7 {
			j++
		}
		if n+2 > len(groups) {
			return append(b, f.daysSlow(ds)...)
		}
		if j == i+1 {
			// Two days read better as two: "le samedi et le dimanche".
			groups[n], groups[n+1] = [2]int{i, i}, [2]int{j, j}
			n += 2
		} else {
			groups[n] = [2]int{i, j}
			n++
		}
		i = j + 1
	}
	for g := range n {
		i, j := groups[g][0], groups[g][1]
		switch {
		case g == 0:
		case g == n-1:
			b = append(append(append(b, ' '), f.and()...), ' ')
		default:
			b = append(b, ", "...)
		}
		a, z := f.weekday(ds[i]), f.weekday(ds[j])
		switch {
		case f.lang == "en" && i == j:
			b = append(b, a...)
		case f.lang == "en":
			b = append(append(append(b, a...), " to "...), z...)
		case i == j:
			b = append(append(b, "le "...), a...)
		default:
			b = append(append(append(append(b, "du "...), a...), " au "...), z...)
		}
	}
	return b
}

// daysSlow is days for more than seven groups (repeated days).
func (f formatter) daysSlow(ds []int) string {
	var groups []string
	for i := 0; i < len(ds); {
		j := i
		for j+1 < len(ds) && (ds[j]+1)%7 == ds[j+1]%7 {
			j++
		}
		if j == i+1 {
			groups = append(groups, f.daysSlow(ds[i:i+1]), f.daysSlow(ds[j:j+1]))
			i = j + 1
			continue
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
	return string(f.appendJoin(nil, groups, f.and()))
}

// appendSlots formats offered slots: one day → "samedi 28 novembre à
// 10h00, 11h30 ou 14h00"; several days → each with its day.
func (f formatter) appendSlots(b []byte, ts []time.Time) []byte {
	if len(ts) == 0 {
		return b
	}
	same := true
	for _, t := range ts[1:] {
		if t.YearDay() != ts[0].YearDay() {
			same = false
		}
	}
	for i, t := range ts {
		switch {
		case i == 0:
		case i == len(ts)-1:
			b = append(append(append(b, ' '), f.or()...), ' ')
		default:
			b = append(b, ", "...)
		}
		if same && i > 0 {
			b = f.appendClock(b, t)
		} else {
			b = f.appendWhen(b, t)
		}
	}
	return b
}

var enMonths = [13]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func (f formatter) appendMonth(b []byte, m int) []byte {
	switch {
	case m < 1 || m > 12:
		return strconv.AppendInt(b, int64(m), 10)
	case f.lang == "en":
		return append(b, enMonths[m]...)
	}
	return append(b, frMonths[m]...)
}

// appendRef formats a booking reference; spoken, it is spelled out.
func (f formatter) appendRef(b []byte, r string) []byte {
	if !f.speech {
		return append(b, r...)
	}
	first := true
	for _, c := range r {
		if c == '-' {
			continue
		}
		if !first {
			b = append(b, ' ')
		}
		first = false
		b = utf8.AppendRune(b, c)
	}
	return b
}

// appendDe appends the French preposition "de" before s, elided before a
// vowel: "de deux heures", "d'une heure trente".
func (f formatter) appendDe(b []byte, s string) []byte {
	if elides(s) {
		return append(append(b, "d'"...), s...)
	}
	return append(append(b, "de "...), s...)
}

// appendA appends s after the English indefinite article: "an" before a
// vowel ("an emergency appointment"), "a" otherwise.
func appendA(b []byte, s string) []byte {
	if takesAn(s) {
		return append(append(b, "an "...), s...)
	}
	return append(append(b, "a "...), s...)
}

// takesAn reports whether s is said with "an": it starts with a vowel, or
// it is an initialism whose first letter's name does ("an MOT", "an
// MRI"; "a UK visa" is not one of the few it gets wrong that matter).
func takesAn(s string) bool {
	if s == "" {
		return false
	}
	if strings.IndexByte("aeiouAEIOU", s[0]) >= 0 {
		return true
	}
	word, _, _ := strings.Cut(s, " ")
	return len(word) >= 2 && strings.IndexByte("FHLMNRSX", s[0]) >= 0 && strings.ToUpper(word) == word && strings.ToLower(word) != word
}

// article is appendA as a string.
func article(s string) string { return string(appendA(nil, s)) }

// elides reports whether s starts with a vowel, before which "de" becomes
// "d'".
func elides(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("aeiouéèêëàâîïôûùAEIOUÉÈÊÀÂÎÔÛ", r)
}

// upper capitalises the first letter.
func upper(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// upperInPlace is upper on b[start:], the end of b.
func upperInPlace(b []byte, start int) []byte {
	if start < len(b) {
		if c := b[start]; c >= 'a' && c <= 'z' {
			b[start] = c - 'a' + 'A'
			return b
		} else if c < utf8.RuneSelf {
			return b
		}
		if r, n := utf8.DecodeRune(b[start:]); r != utf8.RuneError && unicode.ToUpper(r) != r &&
			utf8.RuneLen(unicode.ToUpper(r)) == n {
			utf8.EncodeRune(b[start:], unicode.ToUpper(r))
			return b
		}
	}
	s := upper(string(b[start:]))
	return append(b[:start], s...)
}

func (f formatter) appendNumber(b []byte, n int) []byte {
	if f.speech && f.lang != "en" {
		return appendFrenchNumber(b, n)
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// String forms, for callers outside the renderer.

func (f formatter) day(t time.Time) string      { return string(f.appendDay(nil, t)) }
func (f formatter) clock(t time.Time) string    { return string(f.appendClock(nil, t)) }
func (f formatter) hm(min int) string           { return string(f.appendHM(nil, min)) }
func (f formatter) when(t time.Time) string     { return string(f.appendWhen(nil, t)) }
func (f formatter) price(p float64) string      { return string(f.appendPrice(nil, p)) }
func (f formatter) dur(d time.Duration) string  { return string(f.appendDur(nil, d)) }
func (f formatter) month(m int) string          { return string(f.appendMonth(nil, m)) }
func (f formatter) ref(r string) string         { return string(f.appendRef(nil, r)) }
func (f formatter) de(s string) string          { return string(f.appendDe(nil, s)) }
func (f formatter) number(n int) string         { return string(f.appendNumber(nil, n)) }
func (f formatter) days(ds []int) string        { return string(f.appendDays(nil, ds)) }
func (f formatter) slots(ts []time.Time) string { return string(f.appendSlots(nil, ts)) }
func (f formatter) ranges(rs []business.Range) string {
	return string(f.appendRanges(nil, rs))
}
func (f formatter) andList(items []string) string { return string(f.appendJoin(nil, items, f.and())) }
func (f formatter) orList(items []string) string  { return string(f.appendJoin(nil, items, f.or())) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
