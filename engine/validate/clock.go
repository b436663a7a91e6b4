package validate

import (
	"strings"
	"time"
)

// timeRes is a time of day as said, before the half of the day is settled.
type timeRes struct {
	h, m int
	ampm byte // 'a', 'p' or 0
	part Part // "du matin", "de l'après-midi", "in the evening" right after
	lead bool // hour written with a leading zero ("07h")
	// frenchH: the hour was written the French way, with "h" or "heure(s)"
	// ("7h", "7 heures"), where 19:00 is written "19h".
	frenchH bool
	noon    bool // midi/noon/minuit/midnight
	ok      bool
}

// hourMarkers follow an hour number.
func (p *whenParser) hourMarker(i int) int {
	switch {
	case p.is(i, "h", "heure", "heures", "hr", "hrs"):
		return 1
	case p.is(i, "o") && p.is(i+1, "clock"):
		return 2
	}
	return 0
}

// notAfterBareHour are words that make a bare number a quantity, not an hour.
var notAfterBareHour = map[string]bool{
	"personnes": true, "personne": true, "people": true, "persons": true, "jours": true, "jour": true,
	"days": true, "day": true, "semaines": true, "semaine": true, "weeks": true, "week": true, "mois": true,
	"months": true, "month": true, "ans": true, "an": true, "years": true, "year": true, "euros": true,
	"euro": true, "eur": true, "minutes": true, "minute": true, "min": true, "mn": true, "fois": true,
	"times": true, "enfants": true, "enfant": true, "kids": true, "children": true, "coupes": true,
	"rendez": true, "rdv": true, "h": true, "heure": true, "heures": true, "hours": true, "hour": true,
	"fevrier": true, "mars": true, "avril": true, "mai": true, "juin": true, "juillet": true, "aout": true,
	"janvier": true, "septembre": true, "octobre": true, "novembre": true, "decembre": true,
}

// minutesAt reads the minutes after an hour marker: "30", "trente",
// "et demie", "et quart", "moins le quart", "moins dix". sub is set for
// "moins …" (minutes to subtract from the hour).
func (p *whenParser) minutesAt(i int) (m, n int, sub bool) {
	if i >= len(p.toks) || p.toks[i].brk {
		return 0, 0, false
	}
	switch {
	case p.is(i, "et", "and") && p.is(i+1, "demie", "demi", "half"):
		return 30, 2, false
	case p.is(i, "et", "and") && p.is(i+1, "quart", "quarter"):
		return 15, 2, false
	case p.is(i, "moins") && p.is(i+1, "le") && p.is(i+2, "quart"):
		return 15, 3, true
	case p.is(i, "moins") && p.is(i+1, "quart"):
		return 15, 2, true
	case p.is(i, "moins"):
		if v, k := numberAt(p.toks, i+1); k > 0 && v > 0 && v < 60 {
			k++
			if p.is(i+k, "minutes", "min", "mn") {
				k++
			}
			return v, k, true
		}
		return 0, 0, false
	}
	v, k := numberAt(p.toks, i)
	if k == 0 || p.hourMarker(i+k) > 0 || p.punct(i+k, ':') || v == 1 && p.toks[i].kind == tkWord {
		return 0, 0, false // "15h-16h", "15h 16h": the next hour, not minutes
	}
	if p.toks[i].kind == tkNum && (len(p.toks[i].s) > 2 || i > 0 && strings.Contains(p.text[p.toks[i-1].end:p.toks[i].start], "-")) {
		return 0, 0, false
	}
	if p.is(i+k, "minutes", "min", "mn") {
		k++
	}
	return v, k, false
}

// qualifierAt reads what fixes the half of the day right after a time:
// "am", "pm", "a.m.", "du matin", "de l'après-midi", "du soir", "in the
// evening".
func (p *whenParser) qualifierAt(i int, tr *timeRes) int {
	switch {
	case p.is(i, "am"):
		tr.ampm = 'a'
		return 1
	case p.is(i, "pm"):
		tr.ampm = 'p'
		return 1
	case p.is(i, "a", "p") && p.is(i+1, "m"):
		tr.ampm = p.word(i)[0]
		return 2
	case p.is(i, "du") && p.is(i+1, "matin", "soir"):
		tr.part, _ = p.partAt(i + 1)
		return 2
	case p.is(i, "de") && p.is(i+1, "l") && p.is(i+2, "apres", "aprem", "apresmidi"):
		if part, n := p.partAt(i + 2); n > 0 {
			tr.part = part
			return 2 + n
		}
	case p.is(i, "de") && p.is(i+1, "la") && p.is(i+2, "matinee", "soiree"):
		tr.part, _ = p.partAt(i + 2)
		return 3
	case p.is(i, "in") && p.is(i+1, "the"):
		if part, n := p.partAt(i + 2); n > 0 {
			tr.part = part
			return 2 + n
		}
	case p.is(i, "ce", "this", "cet"):
		if part, n := p.partAt(i + 1); n > 0 && part != PartMidday {
			tr.part = part
			if p.is(i, "ce", "cet", "this") && !p.hasRel && !p.hasWeekday && !p.hasDay {
				p.rel, p.hasRel = 0, true // "à 3h cet après-midi": today
			}
			return 1 + n
		}
	}
	return 0
}

// timeAt reads a time of day at toks[i]; n is 0 when there is none.
func (p *whenParser) timeAt(i int) (tr timeRes, n int) {
	tr, n = p.timeCore(i)
	if n == 0 {
		return tr, 0
	}
	if p.is(i+n, "pile", "precises", "precise", "sharp") {
		n++
	}
	n += p.qualifierAt(i+n, &tr)
	tr.ok = true
	return tr, n
}

func (p *whenParser) timeCore(i int) (tr timeRes, n int) {
	// midi, minuit, noon, midnight
	if p.is(i, "noonish") {
		tr.noon, tr.h = true, 12
		p.w.Approx = true
		return tr, 1
	}
	if p.is(i, "midi", "noon", "minuit", "midnight") {
		tr.noon, tr.h = true, 12
		if p.is(i, "minuit", "midnight") {
			tr.h = 0
		}
		n = 1
		switch m, k, sub := p.minutesAt(i + 1); {
		case k == 0 || m >= 60:
		case sub:
			tr.h, tr.m = (tr.h+23)%24, 60-m
			n += k
		case p.is(i+1, "et", "and") || p.toks[i+1].kind == tkNum || m >= 5:
			tr.m = m
			n += k
		}
		return tr, n
	}
	// half past ten, quarter to three, ten past two, 20 to 5
	if m, k := p.englishMinutes(i); k > 0 && p.is(i+k, "past", "to") {
		toOK := p.is(i, "quarter", "a") || p.is(i+k-1, "minutes", "minute") ||
			!p.rangeIntro && (m == 5 || m == 10 || m == 20 || m == 25)
		if p.is(i+k, "past") || toOK {
			if h, hk := numberAt(p.toks, i+k+1); hk > 0 && h <= 12 && h > 0 {
				if p.is(i+k, "past") {
					tr.h, tr.m = h, m
				} else {
					tr.h, tr.m = (h+23)%24, 60-m
				}
				return tr, k + 1 + hk
			}
		}
	}
	// "ten thirty", "eleven fifteen": an hour and minutes in words, as
	// speech transcripts write a time.
	if h, m, k := p.spokenTime(i); k > 0 {
		tr.h, tr.m = h, m
		return tr, k
	}
	// British "half ten" (10:30).
	if p.is(i, "half") && !p.is(i+1, "past", "an", "a", "hour") {
		if h, hk := numberAt(p.toks, i+1); hk > 0 && h >= 1 && h <= 12 {
			tr.h, tr.m = h, 30
			return tr, 1 + hk
		}
	}
	// "at for pm", "at to o'clock": a transcript's homophones of four and two.
	if p.is(i, "for", "to") && p.is(i-1, "at") {
		var q timeRes
		if p.qualifierAt(i+1, &q) > 0 && q.ampm != 0 || p.hourMarker(i+1) > 0 {
			tr.h = 4
			if p.is(i, "to") {
				tr.h = 2
			}
			if mk := p.hourMarker(i + 1); mk > 0 {
				return tr, 1 + mk
			}
			return tr, 1
		}
	}
	// An hour number, in digits or in words.
	var h, k int
	if v, ok := p.num(i); ok {
		if len(p.toks[i].s) > 2 {
			return tr, 0
		}
		h, k = v, 1
		tr.lead = len(p.toks[i].s) == 2 && p.toks[i].s[0] == '0'
	} else {
		h, k = below100(p.toks, i)
		if k == 0 {
			return tr, 0
		}
	}
	j := i + k
	// 14:30, 14.30
	if (p.punct(j, ':') || p.punct(j, '.') && p.toks[i].kind == tkNum) && h <= 99 {
		if m, ok := p.num(j + 1); ok && len(p.toks[j+1].s) == 2 {
			tr.h, tr.m = h, m
			j += 2
			if p.is(j, "h") && p.adjacent(j) {
				j++
			}
			return tr, j - i
		}
		return tr, 0
	}
	// 14h, 14h30, 14 h 30, quatorze heures trente, deux heures et demie
	if mk := p.hourMarker(j); mk > 0 {
		if p.is(i-1, "pendant", "durant", "during", "for", "en") {
			return tr, 0 // a duration: "en 1 heure max"
		}
		tr.h = h
		tr.frenchH = p.is(j, "h", "heure", "heures")
		j += mk
		if m, mk, sub := p.minutesAt(j); mk > 0 {
			if sub {
				tr.h, tr.m = h-1, 60-m
				if h == 0 {
					tr.h = 23
				}
			} else {
				tr.m = m
			}
			j += mk
		}
		return tr, j - i
	}
	// 2pm, 2 pm, 10 a.m.; "3 in the afternoon", "9 du matin" (the part is
	// read after the hour).
	var q timeRes
	if qk := p.qualifierAt(j, &q); qk > 0 && (q.ampm != 0 || q.part != PartNone && h >= 1 && h <= 12 && (p.is(j, "in", "du", "de"))) {
		tr.h = h
		return tr, k
	}
	// A bare number after "à", "at", "vers", "around", "entre X et": an hour,
	// possibly followed by minutes ("à 14 30", "at ten thirty").
	if h > 23 || !p.is(i-1, "a", "at", "vers", "around", "about", "avant", "apres", "after", "before", "until",
		"entre", "between", "et", "and", "to", "from", "pour", "for", "de") {
		return tr, 0
	}
	if p.is(i-1, "et", "and", "to", "de", "pour", "for") && !p.rangeIntro && !p.is(i-1, "pour") {
		return tr, 0
	}
	if p.is(i-1, "pour", "for") {
		// "pour 3 personnes" is not a time; "pour 15" alone is too vague.
		return tr, 0
	}
	if p.is(i, "un", "une", "a") {
		return tr, 0 // "à un mariage", "at a party": an article
	}
	tr.h = h
	if m, mk := p.bareMinutes(j); mk > 0 {
		tr.m = m
		return tr, j + mk - i
	}
	if w := p.word(j); w != "" && notAfterBareHour[w] {
		return tr, 0
	}
	if _, ok := p.num(j); ok {
		return tr, 0
	}
	return tr, k
}

// spokenHours and spokenMinutes are the English words of a time said
// without "at" or "o'clock" ("ten thirty", "nine oh five").
var (
	spokenHours = map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true, "six": true,
		"seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true}
	spokenMinutes = map[string]bool{"oh": true, "o": true, "ten": true, "fifteen": true, "twenty": true, "thirty": true,
		"forty": true, "fourty": true, "fifty": true}
)

// spokenTime reads an hour from one to twelve followed by minutes, both
// in words ("ten thirty", "eleven forty five", "nine oh five"), and returns
// the tokens used, or 0.
func (p *whenParser) spokenTime(i int) (h, m, n int) {
	if i >= len(p.toks) || p.toks[i].kind != tkWord || !spokenHours[p.toks[i].s] || !spokenMinutes[p.word(i+1)] {
		return 0, 0, 0 // English words only: "douze trente" is part of a phone number
	}
	h, k := below100(p.toks, i)
	if k != 1 || h < 1 || h > 12 {
		return 0, 0, 0
	}
	j := i + k
	if p.is(j, "oh", "o") {
		if v, vk := below100(p.toks, j+1); vk == 1 && v >= 1 && v <= 9 {
			return h, v, k + 1 + vk
		}
		return 0, 0, 0
	}
	if j >= len(p.toks) || p.toks[j].kind == tkNum {
		return 0, 0, 0
	}
	m, mk := below100(p.toks, j)
	if t, ok := wordAt(p.toks, j); mk == 2 && m%5 != 0 && ok {
		m, mk = t.val, 1 // "the ten thirty one": the 10:30 one
	}
	if mk == 0 || m < 10 || m > 59 || m%5 != 0 || notAfterBareHour[p.word(j+mk)] {
		return 0, 0, 0
	}
	return h, m, k + mk
}

// bareMinutes reads minutes right after a bare hour: two digits ("14 30")
// or a number in words from 10 to 59 ("ten thirty").
func (p *whenParser) bareMinutes(j int) (m, n int) {
	if v, ok := p.num(j); ok {
		if len(p.toks[j].s) == 2 && v < 60 && !notAfterBareHour[p.word(j+1)] {
			return v, 1
		}
		return 0, 0
	}
	if v, k := below100(p.toks, j); k > 0 && v >= 10 && v < 60 && !notAfterBareHour[p.word(j+k)] {
		return v, k
	}
	return 0, 0
}

// englishMinutes reads the minutes of "half past", "quarter to",
// "ten past", "20 to", "twenty minutes past".
func (p *whenParser) englishMinutes(i int) (m, n int) {
	switch {
	case p.is(i, "half"):
		return 30, 1
	case p.is(i, "quarter"):
		return 15, 1
	case p.is(i, "a") && p.is(i+1, "quarter"):
		return 15, 2
	}
	v, k := numberAt(p.toks, i)
	if k == 0 || v == 0 || v > 30 {
		return 0, 0
	}
	if p.is(i+k, "minutes", "minute") {
		k++
	}
	return v, k
}

// matchTime records a time; a second one after "entre"/"between" closes a
// window.
func (p *whenParser) matchTime(i int) int {
	tr, n := p.timeAt(i)
	if n == 0 {
		return 0
	}
	if p.start.ok && !p.end.ok && (p.rangeIntro || p.rangeJoin(i)) {
		p.end = tr
	} else {
		p.start = tr
		p.end = timeRes{}
	}
	if tr.part != PartNone {
		p.w.Part = tr.part
	}
	if tr.noon && tr.h == 12 && tr.m == 0 && n == 1 && p.w.Part == PartNone {
		p.w.Part = PartMidday
	}
	if p.pendAfter {
		p.w.After, p.pendAfter = true, false
	}
	if p.pendBefore {
		p.w.Before, p.pendBefore = true, false
	}
	return n
}

// rangeJoin reports whether the time at toks[i] follows the previous one
// as the end of a window: "15h-16h", "15h à 16h", "2pm to 4pm".
func (p *whenParser) rangeJoin(i int) bool {
	switch {
	case p.lastEnd == i && i > 0:
		return strings.Contains(p.text[p.toks[i-1].end:p.toks[i].start], "-")
	case p.lastEnd == i-1 && i > 0:
		return p.is(i-1, "a", "au", "to", "until", "jusqu")
	}
	return false
}

// clock settles the half of the day of tr and checks it.
func (p *whenParser) clock(tr timeRes, other *timeRes) (c Clock, assumed, ok bool) {
	h, m := tr.h, tr.m
	if h > 24 || m > 59 || h == 24 && m > 0 || h < 0 {
		return Clock{h, m}, false, false
	}
	if h == 24 {
		h = 0
	}
	ampm, part := tr.ampm, tr.part
	if ampm == 0 && other != nil {
		ampm = other.ampm
	}
	if part == PartNone {
		part = p.w.Part
	}
	switch {
	case ampm == 'p':
		if h < 12 {
			h += 12
		}
	case ampm == 'a':
		if h == 12 {
			h = 0
		}
	case tr.noon:
	case part == PartAfternoon || part == PartEvening || part == PartLateAfternoon:
		if h < 12 && !(part == PartEvening && h == 0) {
			h += 12
		}
	case part == PartMorning || part == PartMidday || part == PartLateMorning:
	case !tr.lead && h >= 1 && h <= 7 && !(h == 7 && tr.frenchH):
		// "à 3h": 15:00 (nobody books at 3 in the night); but "7h" is
		// seven in the morning, 19:00 being written "19h".
		h += 12
		assumed = true
	}
	return Clock{h, m}, assumed, true
}

// resolve turns what was matched into When.
func (p *whenParser) resolve(now time.Time) {
	w := p.w
	if p.start.ok {
		if p.end.ok && p.start.ampm == 0 && p.start.part == PartNone && p.end.ampm == 'p' && p.start.h < 12 && p.start.h <= p.end.h {
			p.start.ampm = 'p' // "from 2 to 4pm"
		}
		c, assumed, ok := p.clock(p.start, nil)
		if !ok {
			w.Problem = Problem{Kind: ProblemInvalidTime, Hour: c.Hour, Minute: c.Minute}
		} else {
			w.Time, w.HasTime, w.AssumedPM = c, true, assumed
		}
		if p.end.ok && ok {
			e, _, ok := p.clock(p.end, nil)
			if ok {
				if e.Minutes() <= c.Minutes() && p.end.ampm == 0 && e.Hour < 12 {
					e.Hour += 12 // "entre 11h et 2h"
				}
				if e.Minutes() > c.Minutes() {
					w.EndTime, w.HasEndTime = e, true
				}
			}
		}
	}
	if p.pendAfter && !w.HasTime {
		w.After = false
	}
	if p.hasAbs {
		abs := now.Add(p.absDelta)
		w.Date = DateOf(abs)
		w.Time, w.HasTime = Clock{abs.Hour(), abs.Minute()}, true
		return
	}
	p.resolveDate()
	if p.bareDay && !w.HasTime && p.day >= 1 && p.day <= 12 &&
		(w.Problem.Kind == ProblemWeekdayMismatch || w.Problem.Kind == ProblemNone && p.today.AddDays(7).Before(w.Date)) {
		// "sat 11" when the 11th is not a Saturday, "sat 2" when the
		// 2nd is a Saturday weeks away: Saturday at 11, at 2.
		if c, assumed, ok := p.clock(timeRes{h: p.day, ok: true}, nil); ok {
			w.Problem, p.hasDay, p.bareDay = Problem{}, false, false
			w.Time, w.HasTime, w.AssumedPM = c, true, assumed
			p.resolveDate()
		}
	}
	if p.weekOf && w.Problem.Kind == ProblemNone && !w.Date.IsZero() && w.EndDate.IsZero() {
		// "la semaine du 21": Monday to Sunday of that week, from today on.
		monday := w.Date.AddDays(-((int(w.Date.Weekday()) + 6) % 7))
		w.Date, w.EndDate = monday, monday.AddDays(6)
		if w.Date.Before(p.today) {
			w.Date = p.today
		}
	}
	if w.Problem.Kind == ProblemNone && !w.Date.IsZero() && w.EndDate.IsZero() {
		if w.Date.Before(p.today) || w.Date == p.today && w.HasTime && w.Time.Minutes() < p.nowMin {
			w.Problem = Problem{Kind: ProblemPast, Date: w.Date}
		}
	}
}

// resolveDate fills Date (and EndDate) from the day, month, weekday and
// relative words matched.
func (p *whenParser) resolveDate() {
	w := p.w
	today := p.today
	switch {
	case p.hasDay && p.hasMonth && p.hasYear:
		if !validDate(p.year, p.month, p.day) {
			w.Problem = Problem{Kind: ProblemImpossibleDate, Day: p.day, Month: p.month, Year: p.year}
			return
		}
		w.Date = Date{p.year, p.month, p.day}
	case p.hasDay && p.hasMonth:
		if p.month < 1 || p.month > 12 || p.day < 1 || p.day > maxDays(p.month) {
			w.Problem = Problem{Kind: ProblemImpossibleDate, Day: p.day, Month: p.month}
			return
		}
		// A day of this month or of the last two months is a mistake to
		// question ("le 10 mars" on 11 March), not next year's.
		if d := (Date{today.Year, p.month, p.day}); validDate(d.Year, d.Month, d.Day) && d.Before(today) &&
			d.AddDays(recentPast).Before(today) == false {
			w.Date = d
			break
		}
		for y := today.Year; y <= today.Year+8; y++ {
			if d := (Date{y, p.month, p.day}); validDate(y, p.month, p.day) && !d.Before(today) {
				w.Date = d
				break
			}
		}
	case p.hasDay:
		if p.day < 1 || p.day > 31 {
			w.Problem = Problem{Kind: ProblemImpossibleDate, Day: p.day}
			return
		}
		for k := 0; k < 12; k++ {
			t := time.Date(today.Year, today.Month+time.Month(k), 1, 0, 0, 0, 0, time.UTC)
			if d := (Date{t.Year(), t.Month(), p.day}); validDate(d.Year, d.Month, d.Day) && !d.Before(today) {
				w.Date = d
				break
			}
		}
	case p.hasRel:
		w.Date = today.AddDays(p.rel)
	case p.hasWeekday && (p.span == spanNextWeek || p.span == spanThisWeek) && p.wdMode != wdEnHuit:
		// "thursday next week", "vendredi de la semaine pro", "ce jeudi
		// de cette semaine": that week's day.
		monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
		if p.span == spanNextWeek {
			monday = monday.AddDays(7)
		}
		w.Date = monday.AddDays((int(p.weekday) + 6) % 7)
		return
	case p.hasWeekday && p.after.set && !p.hasRel && p.span == spanNone:
		// The date said first, resolved as if alone; the weekday is the
		// first such day after it.
		a, wd, mode := p.after, p.weekday, p.wdMode
		p.after = saidDate{}
		p.weekday, p.wdMode = a.weekday, wdPlain
		p.day, p.month, p.year, p.hasDay, p.hasMonth, p.hasYear = a.day, a.month, a.year, true, a.hasMonth, a.hasYear
		p.resolveDate()
		p.hasDay, p.hasMonth, p.hasYear, p.weekday, p.wdMode = false, false, false, wd, mode
		if first := w.Date; !first.IsZero() && w.Problem.Kind == ProblemNone {
			w.Date = first.AddDays((int(wd)-int(first.Weekday())+6)%7 + 1)
			return
		}
		w.Date, w.Problem = Date{}, Problem{}
		p.resolveDate()
		return
	case p.hasWeekday:
		delta := (int(p.weekday) - int(today.Weekday()) + 7) % 7
		switch p.wdMode {
		case wdNext:
			if delta == 0 {
				delta = 7
			}
		case wdEnHuit, wdEnQuinze:
			if delta == 0 {
				delta = 7
			}
			delta += 7
			if p.wdMode == wdEnQuinze {
				delta += 7
			}
		case wdPlain:
			if delta == 0 && !p.todayStillOpen() {
				delta = 7
			}
		}
		w.Date = today.AddDays(delta)
		return
	case p.span != spanNone:
		p.resolveSpan()
		return
	default:
		return
	}
	if w.Date.IsZero() || !p.hasWeekday {
		return
	}
	if wd := w.Date.Weekday(); wd != p.weekday {
		d := (int(p.weekday) - int(wd) + 7) % 7
		fwd, back := w.Date.AddDays(d), w.Date.AddDays(d-7)
		alt := fwd
		if 7-d < d && !back.Before(today) {
			alt = back
		}
		w.Problem = Problem{Kind: ProblemWeekdayMismatch, Date: w.Date, Weekday: p.weekday, Alternative: alt}
		w.Date = Date{}
	}
}

// todayStillOpen reports whether a plain weekday naming today means today:
// a time still ahead, or a part of the day not over yet.
func (p *whenParser) todayStillOpen() bool {
	if p.w.HasTime {
		return p.w.Time.Minutes() > p.nowMin
	}
	if p.w.Part != PartNone {
		_, to := p.w.Part.Range()
		return to.Minutes() > p.nowMin
	}
	return false
}

func (p *whenParser) resolveSpan() {
	w := p.w
	today := p.today
	// Days since Monday.
	sinceMon := (int(today.Weekday()) + 6) % 7
	switch p.span {
	case spanThisWeek:
		w.Date, w.EndDate = today, today.AddDays(6-sinceMon)
	case spanNextWeek:
		w.Date = today.AddDays(7 - sinceMon)
		w.EndDate = w.Date.AddDays(6)
	case spanWeekend, spanNextWeekend:
		toSat := (int(time.Saturday) - int(today.Weekday()) + 7) % 7
		switch today.Weekday() {
		case time.Saturday:
			w.Date, w.EndDate = today, today.AddDays(1)
		case time.Sunday:
			w.Date, w.EndDate = today, today
		default:
			w.Date, w.EndDate = today.AddDays(toSat), today.AddDays(toSat+1)
		}
		if p.span == spanNextWeekend && (today.Weekday() == time.Saturday || today.Weekday() == time.Sunday) {
			w.Date = today.AddDays(toSat)
			if toSat == 0 {
				w.Date = today.AddDays(7)
			}
			w.EndDate = w.Date.AddDays(1)
		}
	case spanEndOfWeek, spanEndOfNextWeek:
		friday := today.AddDays(4 - sinceMon)
		if p.span == spanEndOfNextWeek {
			friday = friday.AddDays(7)
		}
		w.Date, w.EndDate = friday, friday.AddDays(2)
		if w.Date.Before(today) {
			w.Date = today // said on Saturday: from today
		}
	case spanNextMonth:
		first := time.Date(today.Year, today.Month+1, 1, 0, 0, 0, 0, time.UTC)
		w.Date = DateOf(first)
		w.EndDate = DateOf(first.AddDate(0, 1, -1))
	case spanMonthPart:
		// Days 1-10, 11-20, 21-end, or the whole of the month's next
		// occurrence.
		y := today.Year
		if p.spanMonth < today.Month {
			y++
		}
		if p.spanYear != 0 {
			y = p.spanYear
		}
		first := time.Date(y, p.spanMonth, 1, 0, 0, 0, 0, time.UTC)
		from, to := first, first.AddDate(0, 0, 9)
		switch p.monthPart {
		case 2:
			from, to = first.AddDate(0, 0, 10), first.AddDate(0, 0, 19)
		case 3:
			from, to = first.AddDate(0, 0, 20), first.AddDate(0, 1, -1)
		case 4:
			to = first.AddDate(0, 1, -1) // the whole month
		}
		if DateOf(to).Before(today) {
			from, to = from.AddDate(1, 0, 0), to.AddDate(1, 0, 0)
		}
		w.Date, w.EndDate = DateOf(from), DateOf(to)
		if w.Date.Before(today) {
			w.Date = today
		}
	}
}

// recentPast is how many days back a day and month without a year are
// still read as this year's (and so a ProblemPast) rather than next year's.
const recentPast = 60

// maxDays is the most days month m can have (29 for February).
func maxDays(m time.Month) int {
	if m == time.February {
		return 29
	}
	return daysIn(2001, m)
}
