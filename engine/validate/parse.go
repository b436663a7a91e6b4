package validate

import (
	"strings"
	"time"
)

// Weekday modes.
const (
	wdPlain    = iota // "mardi": the next one, today when still possible
	wdThis            // "ce mardi", "this Tuesday": today when it is that day
	wdNext            // "mardi prochain", "next Tuesday": strictly after today
	wdEnHuit          // "mardi en huit": one week after the next one
	wdEnQuinze        // "mardi en quinze": two weeks after the next one
)

// Span kinds of days.
const (
	spanNone = iota
	spanThisWeek
	spanNextWeek
	spanWeekend
	spanNextWeekend
	spanNextMonth
	spanEndOfWeek     // "fin de semaine", "end of the week": Friday to Sunday
	spanEndOfNextWeek // "fin de semaine prochaine", "end of next week"
	spanMonthPart     // "début janvier", "mid-January", "fin mars": p.spanMonth, p.monthPart
)

type whenParser struct {
	// monthFirst reads "11/12" as November 12 (WhenOptions.MonthFirst).
	monthFirst bool
	toks       []token
	text       string
	today      Date
	nowMin     int // minutes since midnight now
	w          *When
	lastEnd    int // token index after the last match
	spanToks   [maxSpans][2]int
	nSpans     int

	rel      int // days from today ("demain" = 1)
	hasRel   bool
	absDelta time.Duration // "dans 2 heures": from now
	hasAbs   bool

	weekday    time.Weekday
	hasWeekday bool
	wdMode     int
	wdEnd      int // token index after the weekday phrase
	// after is the date said before a second weekday ("de mercredi 2 à
	// jeudi", "jeudi 3 ou vendredi"): that weekday is the first one after
	// it, not a day of its month.
	after saidDate

	day, year int
	month     time.Month
	hasDay    bool
	// bareDay: the day is a bare number right after an English weekday
	// ("sat 11"), which may be an hour instead (see resolve).
	bareDay    bool
	hasMonth   bool
	hasYear    bool
	span       int
	weekOf     bool // "la semaine du 21": the week of the day said
	spanMonth  time.Month
	monthPart  int  // 1 early, 2 mid, 3 late, 4 the whole month
	spanYear   int  // the year said after the month ("en janvier 2028"), or 0
	explicitAP bool // am/pm or a part qualifier fixed the half of the day
	pm         bool
	am         bool
	leadZero   bool // hour written "07h", "08:00": no afternoon guess
	rangeIntro bool // "entre", "between", "de", "from" before a time
	start      timeRes
	end        timeRes
	pendAfter  bool
	pendBefore bool
}

// ParseWhen reads the date and time expressions in text, a message typed or
// transcribed from speech, French or English, relative to now in loc (now
// is converted to loc; a nil loc means now's own location).
//
// Resolution rules:
//   - A weekday alone ("mardi", "Tuesday") is the next such day. Said on that
//     same weekday it means today when a time still ahead is given, or a part
//     of the day not yet over ("samedi après-midi" on Saturday at 10:00), or
//     with "ce"/"this"; otherwise the same weekday next week.
//   - "mardi prochain", "next Tuesday" is the next Tuesday strictly after
//     today; "mardi en huit" is one week after the plain "mardi".
//   - A day and month without a year ("le 3 décembre", "3/12") is their next
//     occurrence, today included, except a day of the last 60 days ("le 10
//     mars" said on 11 March), which is kept in this year with ProblemPast:
//     a slip to question, not a booking a year ahead. A day alone ("le 28",
//     "samedi 28") is the next such day of a month, today included. Dates
//     are read day first (3/12 is the 3rd of December); "2026-12-03" too.
//   - A date with a year before today, "hier", or today with a time already
//     past give ProblemPast.
//   - Several times in one message: the last one wins, unless the second
//     closes a window ("entre 14h et 16h", "15h-16h", "from 2 to 4pm").
//     The same for several days.
//   - A weekday with a day of the month that does not agree gives
//     ProblemWeekdayMismatch and no Date.
//   - An hour from 1 to 7 with no "du matin", "am" or part of the day is
//     read as afternoon and sets AssumedPM ("à 3h" → 15:00); "07h" and
//     "07:30" written with a leading zero are kept as is, and so is "7h"
//     (the French write 19:00 "19h").
//   - A time without a date leaves Date zero: the caller knows which day the
//     conversation is about.
//   - "dans 3 jours", "in two weeks" count calendar days from today;
//     "dans une heure" counts real time from now (and so crosses a
//     daylight-saving change correctly).
//
// ParseWhen never fails: what it does not understand is left out of Spans.
// It is safe for concurrent use.
func ParseWhen(text string, now time.Time, loc *time.Location) When {
	return ParseWhenWith(text, now, loc, WhenOptions{})
}

// middayAsNoon rewrites "12 noon", "12 midday" and a "midday" said as a
// time ("at midday", "tomorrow midday") as "noon", keeping every byte
// offset (spans point into the text as given).
func middayAsNoon(text string) string {
	if !strings.Contains(text, "idday") && !strings.Contains(text, "IDDAY") && !strings.Contains(text, "12 noon") &&
		!strings.Contains(text, "12 Noon") && !strings.Contains(text, "12 NOON") {
		return text // the usual case, without allocating
	}
	b := []byte(text)
	lower := strings.ToLower(text)
	for _, pat := range []string{"12 noon", "12 midday"} {
		for i := strings.Index(lower, pat); i >= 0; {
			copy(b[i:], strings.Repeat(" ", len(pat)-4)+"noon")
			if pat == "12 midday" {
				copy(b[i:], "   noon  ")
			}
			j := strings.Index(lower[i+len(pat):], pat)
			if j < 0 {
				break
			}
			i += len(pat) + j
		}
	}
	lower = strings.ToLower(string(b))
	for i := strings.Index(lower, "midday"); i >= 0; {
		if (i == 0 || lower[i-1] == ' ') && (i+6 == len(lower) || !isLetterByte(lower[i+6])) {
			copy(b[i:], "noon  ")
		}
		j := strings.Index(lower[i+6:], "midday")
		if j < 0 {
			break
		}
		i += 6 + j
	}
	return string(b)
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// WhenOptions are the reading conventions of a country.
type WhenOptions struct {
	// MonthFirst reads a numeric date month first, as in the United
	// States: "11/12" is November 12, not 11 December. A first number
	// over 12 is a day whatever the option ("18/12").
	MonthFirst bool
}

// ParseWhenWith is [ParseWhen] with a country's conventions.
func ParseWhenWith(text string, now time.Time, loc *time.Location, o WhenOptions) When {
	if loc != nil {
		now = now.In(loc)
	}
	text = middayAsNoon(text)
	var arr [32]token
	var w When
	p := whenParser{w: &w, text: text, today: DateOf(now), nowMin: now.Hour()*60 + now.Minute(), monthFirst: o.MonthFirst}
	p.toks = dropFillers(lex(text, arr[:0]))
	p.correctTypos(text)
	p.expandWeekdays()
	p.dropFalseFriends()
	p.readIsh()
	p.run()
	p.resolve(now)
	spans := p.buildSpans()
	w.Spans = spans
	return w
}

// correctTypos fixes one-letter typos in lower-case words ("demin").
// Capitalised words after the first are left alone: they are likely names.
func (p *whenParser) correctTypos(text string) {
	for i := range p.toks {
		t := &p.toks[i]
		if t.kind != tkWord || len(t.s) < 3 {
			continue
		}
		if c := text[t.start]; i > 0 && c >= 'A' && c <= 'Z' || t.lx.flags != 0 {
			continue
		}
		if fixed, ok := correct(t.s); ok {
			t.s = fixed
			t.lx = lexicon[fixed]
		}
	}
}

func (p *whenParser) word(i int) string {
	if i >= 0 && i < len(p.toks) && p.toks[i].kind == tkWord {
		return p.toks[i].s
	}
	return ""
}

// isNum reports whether toks[i] is the number v written in digits.
func (p *whenParser) isNum(i, v int) bool {
	n, ok := p.num(i)
	return ok && n == v
}

func (p *whenParser) is(i int, words ...string) bool {
	w := p.word(i)
	if w == "" {
		return false
	}
	for _, s := range words {
		if w == s {
			return true
		}
	}
	return false
}

func (p *whenParser) punct(i int, c byte) bool {
	return i >= 0 && i < len(p.toks) && p.toks[i].kind == tkPunct && p.toks[i].s[0] == c
}

func (p *whenParser) num(i int) (int, bool) {
	if i >= 0 && i < len(p.toks) && p.toks[i].kind == tkNum {
		return p.toks[i].val, true
	}
	return 0, false
}

// ordinal returns the day ordinal word at toks[i] ("premier" → 1), or 0.
func (p *whenParser) ordinal(i int) int {
	if i >= 0 && i < len(p.toks) && p.toks[i].kind == tkWord {
		return int(p.toks[i].lx.ord)
	}
	return 0
}

// monthAt returns the month named at toks[i], or 0.
func (p *whenParser) monthAt(i int) time.Month {
	if i >= 0 && i < len(p.toks) && p.toks[i].kind == tkWord {
		return time.Month(p.toks[i].lx.mon)
	}
	return 0
}

// adjacent reports whether toks[i] directly follows toks[i-1] with no space.
func (p *whenParser) adjacent(i int) bool {
	return i > 0 && i < len(p.toks) && !p.toks[i].gap
}

// connectors may precede an expression and are removed with it.
var connectors = map[string]bool{
	"a": true, "au": true, "le": true, "la": true, "l": true, "pour": true, "en": true, "des": true,
	"at": true, "on": true, "the": true, "for": true, "de": true, "du": true, "d": true, "ce": true,
	"cet": true, "cette": true, "this": true, "et": true, "and": true, "to": true, "ou": true, "or": true, "dans": true, "les": true, "plutot": true, "disons": true,
}

// startWords are the words a matcher can start on; other words are
// skipped at once. Numbers always are candidates.
var startWords = map[string]bool{}

// useStartFilter is switched off by a test that checks the filter changes
// no result.
var useStartFilter = true

func init() {
	for _, w := range strings.Fields(`asap earliest soonest le au des aussitot as first next prochain premier
	aujourd aujourdhui today demain tomorrow apres apresdemain the day avant hier yesterday tonight ce cet this
	dans in d semaine cette mois vers environ around about approximately roughly approx aux autour pas a after
	before until jusqu entre between from midi noon minuit midnight half quarter fin debut milieu late matin matinee
	morning aprem apresmidi afternoon aprems arvo soir week end du debut mi early mid dernier derniere last pause soiree evening lunchtime lunch heure noonish for to
	en during courant pendant durant morn am pm not no one sortie`) {
		startWords[w] = true
	}
	for w := range numWords {
		startWords[w] = true
	}
	for w := range ordinalWords {
		startWords[w] = true
	}
	for w := range weekdays {
		startWords[w] = true
	}
	for w := range months {
		startWords[w] = true
	}
}

// expandWeekdays reads an abbreviated weekday followed by a number or a
// word of time as the weekday: "sam 28", "jeu 14h", "Sat 19th", "wed
// 10am", "sat morning", "wed after school". Alone, "sam" may be a name;
// "mon" is French for "my", and is a weekday only before a number.
func (p *whenParser) expandWeekdays() {
	for i := 0; i < len(p.toks); i++ {
		t := &p.toks[i]
		if t.kind != tkWord || t.lx.wd != 0 {
			continue
		}
		d, ok := weekdayAbbrevs[t.s]
		if !ok {
			continue
		}
		if i+1 == len(p.toks) || p.toks[i+1].brk {
			// Last of the message or its clause ("mani sat", "cut on
			// fri, 10am?"), after no pronoun ("I sat", "we sat"), not a
			// word of its own ("sun", "wed", "mer", "jeu", "mon"), not
			// capitalised (the barber "Sam"), and only when no other day
			// is said ("haircut next tuesday 10am with sam").
			dayWord := t.s == "sun" || t.s == "wed"
			if dayWord && p.is(i-1, "open", "on", "this", "next", "by", "until", "til", "for") {
				dayWord = false // "u open sun?", "on wed"
			}
			if t.s == "mon" || dayWord || t.s == "mer" || t.s == "jeu" || t.s == "ven" ||
				i > 0 && p.is(i-1, "i", "we", "he", "she", "they", "you", "it", "just", "with", "avec", "my", "mon", "ma", "pour", "cheers") ||
				t.start < len(p.text) && p.text[t.start] >= 'A' && p.text[t.start] <= 'Z' || p.otherDay(i) {
				continue
			}
		} else if next := &p.toks[i+1]; next.kind != tkNum && (t.s == "mon" || !abbrevFollowers[next.s]) {
			continue
		}
		t.lx = lexicon[weekdayNames[d]]
	}
}

// otherDay reports whether a token other than toks[i] names a day: a
// weekday, "tomorrow", "demain", "today".
func (p *whenParser) otherDay(i int) bool {
	for j := range p.toks {
		if j != i && (p.toks[j].lx.wd != 0 || p.is(j, "tomorrow", "demain", "today", "aujourdhui", "aujourd", "tonight") ||
			j != i-1 && p.is(j, "ce", "this", "next")) { // "this sat" is that day
			return true
		}
	}
	return false
}

// readIsh reads "11ish" as "around 11".
func (p *whenParser) readIsh() {
	for i := 1; i < len(p.toks); i++ {
		if t := &p.toks[i]; t.kind == tkWord && t.s == "ish" && p.toks[i-1].kind == tkNum && !t.gap {
			num := p.toks[i-1]
			t.s, t.lx = "around", lexicon["around"]
			t.start, t.end, t.gap, t.brk = num.start, num.start, num.gap, num.brk // before the number, taking no text
			num.end = p.toks[i].end                                               // the number's span covers "ish"
			p.toks[i-1], p.toks[i] = *t, num
		}
	}
}

// dropFalseFriends drops the words that look like a date or time but are
// not: the English "one" standing for an appointment ("the one on Friday",
// "the Friday one"), and the "a un" of "il y a un" (there is a), not "à
// un(e heure)".
func (p *whenParser) dropFalseFriends() {
	n := 0
	for i := 0; i < len(p.toks); i++ {
		t := &p.toks[i]
		if t.kind == tkWord && i > 0 {
			prev := &p.toks[i-1]
			switch {
			case t.s == "one" && prev.kind == tkWord && (prev.s == "the" || prev.s == "that" || prev.lx.wd != 0):
				continue
			case t.s == "a" && prev.kind == tkWord && prev.s == "y":
				if i+1 < len(p.toks) && (p.toks[i+1].s == "un" || p.toks[i+1].s == "une") {
					i++ // "y a un": both go
				}
				continue
			}
		}
		if n != i {
			p.toks[n] = p.toks[i]
		}
		n++
	}
	p.toks = p.toks[:n]
}

// match tries the matchers at toks[i] in order and returns the number of
// tokens the first that matches used.
func (p *whenParser) match(i int) int {
	t := &p.toks[i]
	if useStartFilter && t.kind == tkWord && t.lx.flags&lfStart == 0 {
		return 0
	}
	if n := p.matchNearest(i); n > 0 {
		return n
	}
	if _, _, k := p.spokenTime(i); k > 0 {
		return p.matchTime(i) // "ten thirty" before "ten" is read as a day
	}
	if p.is(i, "the") {
		if _, _, k := p.spokenTime(i + 1); k > 0 {
			return 1 // "the ten thirty" (the slot at 10:30)
		}
		if h, k := numberAt(p.toks, i+1); k > 0 && h <= 12 && p.hourMarker(i+1+k) > 0 {
			return 1 // "the nine o'clock"
		}
	}
	if n := p.matchRelative(i); n > 0 {
		return n
	}
	if n := p.matchIn(i); n > 0 {
		return n
	}
	if n := p.matchSpanWords(i); n > 0 {
		return n
	}
	if n := p.matchQualifier(i); n > 0 {
		return n
	}
	if n := p.matchNumericDate(i); n > 0 {
		return n
	}
	if n := p.matchNthWeekday(i); n > 0 {
		return n
	}
	if n := p.matchWeekday(i); n > 0 {
		return n
	}
	if n := p.matchDayMonth(i); n > 0 {
		return n
	}
	if n := p.matchMonthDay(i); n > 0 {
		return n
	}
	if n := p.matchTime(i); n > 0 {
		return n
	}
	return p.matchPart(i)
}

// run walks the tokens and applies the matchers.
func (p *whenParser) run() {
	for i := 0; i < len(p.toks); {
		n := p.match(i)
		if n == 0 {
			i++
			continue
		}
		start := i
		for start > p.lastEnd && p.toks[start-1].kind == tkWord && p.toks[start-1].lx.flags&lfConn != 0 {
			start--
		}
		if p.nSpans < maxSpans {
			p.spanToks[p.nSpans] = [2]int{start, i + n}
			p.nSpans++
		} else {
			p.spanToks[maxSpans-1][1] = i + n // extend the last one
		}
		i += n
		p.lastEnd = i
	}
}

// maxSpans bounds the expressions recorded; later ones extend the last.
const maxSpans = 16

// buildSpans turns token ranges into byte spans, merging neighbours: spans
// separated only by spaces, punctuation or fillers become one.
func (p *whenParser) buildSpans() []Span {
	var spans []Span
	for k := 0; k < p.nSpans; k++ {
		s := p.spanToks[k]
		b := Span{p.toks[s[0]].start, p.toks[s[1]-1].end}
		if n := len(spans); n > 0 && (spans[n-1].End >= b.Start || p.spanToks[k-1][1] == s[0]) {
			spans[n-1].End = b.End
			continue
		}
		spans = append(spans, b)
	}
	return spans
}

// matchNearest: "le plus tôt possible", "dès que possible", "au plus vite",
// "asap", "as soon as possible", "first available", "prochain créneau".
func (p *whenParser) matchNearest(i int) int {
	switch {
	case p.is(i, "asap", "earliest", "soonest"):
		p.w.Nearest = true
		return 1
	case p.is(i, "le", "au") && p.is(i+1, "plus") && p.is(i+2, "tot", "vite"):
		p.w.Nearest = true
		if p.is(i+3, "possible") {
			return 4
		}
		return 3
	case p.is(i, "des", "aussitot") && p.is(i+1, "que") && p.is(i+2, "possible"):
		p.w.Nearest = true
		return 3
	case p.is(i, "as") && p.is(i+1, "soon") && p.is(i+2, "as") && p.is(i+3, "possible"):
		p.w.Nearest = true
		return 4
	case p.is(i, "first", "next") && p.is(i+1, "available"):
		p.w.Nearest = true
		if p.is(i+2, "slot", "time", "appointment") {
			return 3
		}
		return 2
	case p.is(i, "prochain", "premier") && p.is(i+1, "creneau") && !p.is(i+2, "de", "du"):
		p.w.Nearest = true
		if p.is(i+2, "disponible", "dispo", "libre") {
			return 3
		}
		return 2
	}
	return 0
}

// matchRelative: aujourd'hui, demain, après-demain, hier, ce soir, tonight …
func (p *whenParser) matchRelative(i int) int {
	setRel := func(d int) {
		p.rel, p.hasRel = d, true
	}
	switch {
	case p.is(i, "aujourd") && p.is(i+1, "hui"):
		setRel(0)
		return 2
	case p.is(i, "aujourdhui", "today"):
		setRel(0)
		return 1
	case p.is(i, "a", "one") && p.is(i+1, "week") && p.is(i+2, "tomorrow", "today"):
		// British "a week tomorrow", "a week today".
		setRel(7)
		if p.is(i+2, "tomorrow") {
			setRel(8)
		}
		return 3
	case p.is(i, "a", "one") && p.is(i+1, "week") && p.is(i+2, "from") && p.is(i+3, "tomorrow", "today", "now"):
		// "a week from today", "a week from tomorrow".
		setRel(7)
		if p.is(i+3, "tomorrow") {
			setRel(8)
		}
		return 4
	case p.is(i, "demain") && p.is(i+1, "en") && p.is(i+2, "huit"), p.is(i, "tomorrow") && p.is(i+1, "week"):
		setRel(8)
		if p.is(i, "tomorrow") {
			return 2
		}
		return 3
	case p.is(i, "demain", "tomorrow"):
		setRel(1)
		return 1
	case p.is(i, "apres") && p.is(i+1, "demain"):
		setRel(2)
		return 2
	case p.is(i, "apresdemain"):
		setRel(2)
		return 1
	case p.is(i, "the", "") && p.is(i+1, "day") && p.is(i+2, "after") && p.is(i+3, "tomorrow"):
		setRel(2)
		return 4
	case p.is(i, "day") && p.is(i+1, "after") && p.is(i+2, "tomorrow"):
		setRel(2)
		return 3
	case p.is(i, "avant") && p.is(i+1, "hier"):
		setRel(-2)
		return 2
	case p.is(i, "hier", "yesterday"):
		setRel(-1)
		return 1
	case p.is(i, "tonight"):
		setRel(0)
		p.w.Part = PartEvening
		return 1
	case p.is(i, "ce", "cet", "this"):
		if part, n := p.partAt(i + 1); n > 0 && part != PartMidday {
			setRel(0)
			p.w.Part = part
			return 1 + n
		}
	}
	return 0
}

// matchIn: "dans 3 jours", "dans deux semaines", "dans huit jours",
// "dans une heure", "in two weeks", "in 3 days", "in a fortnight".
func (p *whenParser) matchIn(i int) int {
	if !p.is(i, "dans", "in", "d") {
		return 0
	}
	j := i + 1
	if p.is(i, "d") { // "d'ici 3 jours"
		if !p.is(j, "ici") {
			return 0
		}
		j++
	}
	if p.is(j, "a", "an") && p.is(j+1, "fortnight") {
		p.rel, p.hasRel = 14, true
		return j + 2 - i
	}
	var n, used int
	if p.is(j, "un", "une", "a", "an") {
		n, used = 1, 1
	} else {
		n, used = numberAt(p.toks, j)
	}
	if used == 0 || n > 400 {
		return 0
	}
	j += used
	unit := p.word(j)
	switch unit {
	case "jour", "jours", "day", "days":
		switch {
		case n == 8 && p.is(j-1, "huit"):
			n = 7 // "dans huit jours" is a week
		case n == 15 && p.is(j-1, "quinze"):
			n = 14 // "dans quinze jours" is two weeks
		}
		p.rel, p.hasRel = n, true
	case "semaine", "semaines", "week", "weeks":
		p.rel, p.hasRel = 7*n, true
	case "mois", "month", "months":
		d := DateOf(p.today.utc().AddDate(0, n, 0))
		p.rel, p.hasRel = int(d.utc().Sub(p.today.utc()).Hours()/24), true
	case "heure", "heures", "hour", "hours", "h":
		if n > 48 {
			return 0
		}
		d := time.Duration(n) * time.Hour
		if p.is(j+1, "et") && p.is(j+2, "demie", "demi") {
			d += 30 * time.Minute
			j += 2
		}
		p.absDelta, p.hasAbs = d, true
	case "minute", "minutes", "min", "mn":
		if n > 600 {
			return 0
		}
		p.absDelta, p.hasAbs = time.Duration(n)*time.Minute, true
	default:
		return 0
	}
	return j + 1 - i
}

// matchSpanWords: "la semaine prochaine", "cette semaine", "ce week-end",
// "next week", "this weekend", "le mois prochain".
// endOfWeekAt reads "fin de (la) semaine (prochaine)", "end of the week",
// "end of next week", "late next week" at toks[i], sets the span and
// returns the tokens used, or 0.
func (p *whenParser) endOfWeekAt(i int) int {
	switch {
	case p.is(i, "fin") && p.is(i+1, "de", "d"):
		j := i + 2
		if p.is(j, "la", "cette") {
			j++
		}
		if !p.is(j, "semaine") {
			return 0
		}
		p.span = spanEndOfWeek
		if p.is(j+1, "prochaine", "suivante", "pro") {
			p.span = spanEndOfNextWeek
			return j + 2 - i
		}
		return j + 1 - i
	case p.is(i, "end", "late"):
		j := i + 1
		if p.is(j, "of") {
			j++
		} else if p.is(i, "end") {
			return 0
		}
		switch {
		case p.is(j, "the", "this") && p.is(j+1, "week"):
			p.span = spanEndOfWeek
			return j + 2 - i
		case p.is(j, "next") && p.is(j+1, "week"):
			p.span = spanEndOfNextWeek
			return j + 2 - i
		}
	}
	return 0
}

func (p *whenParser) matchSpanWords(i int) int {
	weekend := func(j int) int { // "week end", "weekend", "we"
		if p.is(j, "week") && p.is(j+1, "end") {
			return 2
		}
		if p.is(j, "weekend", "wkend") {
			return 1
		}
		return 0
	}
	switch {
	case p.endOfWeekAt(i) > 0:
		return p.endOfWeekAt(i)
	case p.is(i, "semaine") && p.is(i+1, "prochaine", "suivante", "pro"):
		p.span = spanNextWeek
		return 2
	case p.is(i, "semaine") && p.is(i+1, "du") && p.startsDay(i+2), p.is(i, "week") && p.is(i+1, "of") && p.startsDay(i+2):
		p.weekOf = true // "la semaine du 21", "the week of the 14th": the day itself is read next
		if p.is(i, "semaine") {
			return 1 // "du 21" reads as the day
		}
		return 2
	case p.is(i, "semaine") && p.is(i+1, "d") && p.is(i+2, "apres"):
		p.span = spanNextWeek
		return 3
	case p.is(i, "debut", "mi", "fin", "early", "mid", "late", "end") && p.monthPartAt(i) > 0:
		return p.monthPartAt(i)
	case p.wholeMonthAt(i) > 0:
		return p.wholeMonthAt(i)
	case p.is(i, "cette", "this") && p.is(i+1, "semaine", "week"):
		p.span = spanThisWeek
		return 2
	case p.is(i, "next") && p.is(i+1, "week"):
		p.span = spanNextWeek
		return 2
	case p.is(i, "mois") && p.is(i+1, "prochain"), p.is(i, "next") && p.is(i+1, "month"):
		p.span = spanNextMonth
		return 2
	case p.is(i, "next"):
		if n := weekend(i + 1); n > 0 {
			p.span = spanNextWeekend
			return 1 + n
		}
	case p.is(i, "ce", "le", "this", "the"):
		if n := weekend(i + 1); n > 0 {
			p.span = spanWeekend
			if p.is(i+1+n, "prochain") {
				p.span = spanNextWeekend
				n++
			}
			return 1 + n
		}
	}
	return 0
}

// matchQualifier: vers, environ, après, avant, entre, around, after, before …
func (p *whenParser) matchQualifier(i int) int {
	switch {
	case p.is(i, "vers", "environ", "around", "about", "approximately", "roughly", "approx"):
		p.w.Approx = true
		return 1
	case p.is(i, "aux", "autour") && p.is(i+1, "alentours", "de"):
		p.w.Approx = true
		if p.is(i+2, "de", "d") {
			return 3
		}
		return 2
	case p.is(i, "pas", "not", "no") && p.is(i+1, "avant", "before", "earlier"):
		p.pendAfter = true // "pas avant 11h", "not before 11"
		if p.is(i+1, "earlier") && p.is(i+2, "than") {
			return 3
		}
		return 2
	case p.is(i, "pas", "not", "no") && p.is(i+1, "apres", "after", "later"):
		p.pendBefore = true
		return 2
	case p.is(i, "a") && p.is(i+1, "partir") && p.is(i+2, "de", "d", "du"):
		p.pendAfter = true
		return 3
	case p.is(i, "apres", "after") && !p.is(i+1, "midi", "demain", "tomorrow"):
		if p.startsTime(i + 1) {
			p.pendAfter = true
			return 1
		}
	case p.is(i, "avant", "before", "until", "jusqu"):
		if p.startsTime(i+1) || p.is(i+1, "a") && p.startsTime(i+2) {
			p.pendBefore = true
			if p.is(i+1, "a") && p.is(i, "jusqu") {
				return 2
			}
			return 1
		}
	case p.is(i, "entre", "between", "from"):
		if p.startsTime(i + 1) {
			p.rangeIntro = true
			return 1
		}
	}
	return 0
}

// startsTime reports whether a time expression starts at toks[i].
func (p *whenParser) startsTime(i int) bool {
	_, n := p.timeAt(i)
	return n > 0
}

// matchNumericDate: 3/12, 03/12/2026, 3/12/26, 03-12-2026, 03.12.2026, 2026-12-03.
func (p *whenParser) matchNumericDate(i int) int {
	a, ok := p.num(i)
	if !ok {
		return 0
	}
	sepOK := func(j int) bool {
		return p.punct(j, '/') || p.punct(j, '-') || p.punct(j, '.')
	}
	if !sepOK(i + 1) {
		return 0
	}
	sep := p.toks[i+1].s[0]
	b, ok := p.num(i + 2)
	if !ok || len(p.toks[i+2].s) > 2 {
		return 0
	}
	if len(p.toks[i].s) == 4 { // ISO 2026-12-03
		c, ok := p.num(i + 4)
		if !ok || !p.punct(i+3, sep) {
			return 0
		}
		p.setDate(c, time.Month(b), a, true)
		return 5
	}
	if len(p.toks[i].s) > 2 {
		return 0
	}
	if p.punct(i+3, sep) {
		if c, ok := p.num(i + 4); ok && (len(p.toks[i+4].s) == 4 || len(p.toks[i+4].s) == 2) {
			if c < 100 {
				c += 2000
			}
			if p.monthFirst && sep == '/' && a <= 12 {
				a, b = b, a // American "12/18/2026"
			}
			p.setDate(a, time.Month(b), c, true)
			return 5
		}
		return 0
	}
	if (sep == '.' || sep == '-') && b >= 1 && b <= 12 && a >= 1 && a <= 31 && i+3 <= len(p.toks) &&
		(i > 0 && p.is(i-1, "le", "du", "au", "the", "on") || p.startsTime(i+3) || p.is(i+3, "a", "at") && p.startsTime(i+4)) {
		p.setDate(a, time.Month(b), 0, false) // "le 17.12", "17-12 à 11h30": a date
		return 3
	}
	if sep != '/' {
		return 0 // "14.30" is a time, "3-12" too ambiguous
	}
	if b > 12 && a >= 1 && a <= 12 || p.monthFirst && a >= 1 && a <= 12 {
		a, b = b, a // American "12/18": the month first, when the day or the country says so
	}
	p.setDate(a, time.Month(b), 0, false)
	return 3
}

// onlyLinksBefore reports whether the words between the last expression
// read and toks[i] only lead from one date to the next: "de mercredi 2 à
// jeudi", "from Wednesday 2nd to Thursday" (not "jeudi 3 ou vendredi",
// whose mismatch is asked about, nor "my wedding is on Saturday 19th, can
// I get a blow dry on Friday", where Friday is before the wedding).
func (p *whenParser) onlyLinksBefore(i int) bool {
	for k := p.lastEnd; k < i; k++ {
		switch p.word(k) {
		case "a", "au", "to", "till", "until":
		default:
			return false
		}
	}
	return true
}

// saidDate is a weekday and day of the month said before another weekday.
type saidDate struct {
	set               bool
	weekday           time.Weekday
	day, year         int
	month             time.Month
	hasMonth, hasYear bool
}

func (p *whenParser) setDate(d int, m time.Month, y int, hasYear bool) {
	p.day, p.month, p.year = d, m, y
	p.hasDay, p.hasMonth, p.hasYear = true, m != 0, hasYear
}

// matchWeekday: "mardi", "ce samedi", "mardi prochain", "next Tuesday",
// "mardi en huit", "this Thursday".
func (p *whenParser) matchWeekday(i int) int {
	j, mode := i, wdPlain
	switch {
	case p.is(i, "ce", "this"):
		mode, j = wdThis, i+1
	case p.is(i, "next"):
		mode, j = wdNext, i+1
	case p.is(i, "a") && p.is(i+1, "week") && p.is(i+2, "on", "from"):
		mode, j = wdEnHuit, i+3 // British "a week on Tuesday", American "a week from Friday"
	}
	if j >= len(p.toks) || p.toks[j].kind != tkWord || p.toks[j].lx.wd == 0 {
		return 0
	}
	wd := time.Weekday(p.toks[j].lx.wd - 1)
	j++
	switch {
	case p.is(j, "prochain", "prochaine", "suivant", "pro"):
		mode = wdNext
		j++
	case p.is(j, "qui") && p.is(j+1, "vient"):
		mode = wdPlain
		j += 2
	case p.is(j, "en") && (p.is(j+1, "huit") || p.isNum(j+1, 8) && !p.startsTime(j+1)):
		mode = wdEnHuit // "samedi en huit", "samedi en 8"
		j += 2
	case p.is(j, "en") && p.is(j+1, "quinze"):
		mode = wdEnQuinze
		j += 2
	case p.is(j, "week") && mode == wdPlain && !p.is(j+1, "end", "ends"):
		mode = wdEnHuit // British "Saturday week": a week after the next Saturday
		j++
	}
	if p.hasWeekday && p.hasDay && p.weekday != wd && mode == wdPlain && p.onlyLinksBefore(i) {
		// A second weekday after a whole date: a date of its own, the
		// first such day after the one said.
		p.after = saidDate{set: true, weekday: p.weekday, day: p.day, month: p.month, year: p.year, hasMonth: p.hasMonth, hasYear: p.hasYear}
		p.hasDay, p.hasMonth, p.hasYear = false, false, false
	}
	p.weekday, p.hasWeekday, p.wdMode, p.wdEnd = wd, true, mode, j
	return j - i
}

// dayAt reads a day of the month at toks[i]: "3", "1er", "3rd", "18th",
// "premier", "first", "twenty first", "vingt et un". It returns the day and
// the tokens used.
func (p *whenParser) dayAt(i int) (d, n int) {
	if v, ok := p.num(i); ok {
		if len(p.toks[i].s) > 2 || i+1 < len(p.toks) && p.toks[i+1].kind == tkPunct {
			return 0, 0
		}
		n = 1
		if p.adjacent(i+1) && p.is(i+1, "er", "re", "e", "eme", "st", "nd", "rd", "th") {
			n = 2
		}
		return v, n
	}
	if v := p.ordinal(i); v > 0 {
		return v, 1
	}
	if t, ok := wordAt(p.toks, i); ok && t.class == nwTens && (t.val == 20 || t.val == 30) {
		if v := p.ordinal(i + 1); v > 0 && v < 10 {
			return t.val + v, 2
		}
	}
	v, n := below100(p.toks, i)
	if n == 0 || v == 0 {
		return 0, 0
	}
	return v, n
}

// yearAt reads a year: "2026", "26" is not taken, "deux mille vingt-six".
func (p *whenParser) yearAt(i int) (y, n int) {
	if v, ok := p.num(i); ok && len(p.toks[i].s) == 4 {
		return v, 1
	}
	if w, ok := wordAt(p.toks, i); ok && (w.class == nwUnit || w.class == nwThousand) {
		v, n := numberWordsAt(p.toks, i)
		if v >= 1900 && v < 2200 {
			return v, n
		}
	}
	return 0, 0
}

// matchDayMonth: "le 3 décembre", "3 December", "le 1er mai 2027",
// "the 3rd of December", "le 28" (after "le", "the" or a weekday).
func (p *whenParser) matchDayMonth(i int) int {
	j := i
	lead := p.is(i, "le", "the") || p.weekOf && p.is(i, "du") ||
		p.is(i, "au") && !p.is(i-1, "ou", "or") && i+1 < len(p.toks) && p.toks[i+1].kind == tkNum && !(p.hasDay && p.lastEnd == i) && !(i >= 2 && p.is(i-2, "du", "de", "from") && p.toks[i-1].kind == tkNum) && // "déplacer au 19", not "du 18 au 20"
			(i+2 >= len(p.toks) || p.toks[i+2].brk || p.is(i+2, "a", "svp", "stp", "please", "plutot", "si", "pour", "vers", "dans", "avec", "le", "matin", "apres", "aprem", "soir")) && // not "au 10 ou 11 heures", "au 2e service"
			!p.is(i+2, "rue", "avenue", "av", "bd", "boulevard", "place", "chemin", "allee", "impasse", "quai")
	if lead {
		j++
	}
	afterWeekday := p.hasWeekday && (p.wdEnd == i || p.wdEnd == i-1 && p.is(i-1, "le", "the"))
	if !lead && !afterWeekday {
		if _, ok := p.num(j); !ok {
			if p.ordinal(j) == 0 {
				// A day in words needs "le" or a month right after.
				if _, n := p.dayAt(j); n == 0 {
					return 0
				}
			}
		}
	}
	d, n := p.dayAt(j)
	if n == 0 {
		return 0
	}
	j += n
	if p.is(j, "one", "ones", "thing", "slot", "appointment", "appt", "available", "free") {
		return 0 // "the first one", "saturday first thing": a choice, not the 1st
	}
	if p.is(j, "of") {
		j++
	}
	if m := p.monthAt(j); m > 0 {
		j++
		y, yn := p.yearAt(j)
		p.setDate(d, m, y, yn > 0)
		return j + yn - i
	}
	if p.is(j-1, "of") {
		return 0
	}
	if !lead && !afterWeekday {
		return 0
	}
	// A day alone: not if a time marker follows ("le 14h" is odd, "à 14 heures" is a time).
	if p.is(j, "h", "heure", "heures", "am", "pm", "personnes", "people", "minutes", "min") || p.punct(j, ':') {
		return 0
	}
	if d < 1 || d > 31 {
		return 0
	}
	p.day, p.hasDay = d, true
	p.bareDay = afterWeekday && !lead && n == 1 && p.toks[j-1].kind == tkNum && p.englishWeekdayBefore(j-1)
	return j - i
}

// englishWeekday are the English spellings of the weekdays.
var englishWeekday = map[string]bool{
	"monday": true, "mon": true, "tuesday": true, "tue": true, "tues": true,
	"wednesday": true, "wed": true, "thursday": true, "thu": true, "thur": true,
	"thurs": true, "friday": true, "fri": true, "saturday": true, "sat": true,
	"sunday": true, "sun": true,
}

// englishWeekdayBefore reports whether the weekday right before toks[i]
// (possibly through "the") is written in English.
func (p *whenParser) englishWeekdayBefore(i int) bool {
	k := i - 1
	if p.is(k, "the") {
		k--
	}
	return k >= 0 && p.toks[k].lx.wd != 0 && englishWeekday[p.toks[k].s]
}

// matchMonthDay: "December 3rd", "December the third", "décembre 3" (rare),
// "May 1st 2027".
func (p *whenParser) matchMonthDay(i int) int {
	m := p.monthAt(i)
	if m == 0 {
		return 0
	}
	j := i + 1
	if p.is(j, "the") {
		j++
	}
	d, n := p.dayAt(j)
	if n == 0 || d > 31 {
		return 0
	}
	// "May 3" is fine; "may 2 people" is not a date, but "may" + a bare
	// number followed by a time marker is not one either.
	if p.is(j+n, "h", "heures", "people", "personnes") || p.punct(j+n, ':') {
		return 0
	}
	j += n
	y, yn := p.yearAt(j)
	p.setDate(d, m, y, yn > 0)
	return j + yn - i
}

// partAt reads a part of the day at toks[i].
func (p *whenParser) partAt(i int) (Part, int) {
	switch p.word(i) {
	case "matin", "matinee", "morning", "morn":
		return PartMorning, 1
	case "am", "pm":
		// "fri pm", "sat am": after a weekday, a half of the day ("I am"
		// and "3 pm" are not).
		if i > 0 && p.toks[i-1].kind == tkWord && p.toks[i-1].lx.wd != 0 && !p.toks[i].brk &&
			(i+1 >= len(p.toks) || p.toks[i+1].brk || !p.is(i+1, "i", "free", "available", "busy", "off", "able", "going", "not", "so", "very")) {
			if p.word(i) == "am" {
				return PartMorning, 1
			}
			return PartAfternoon, 1
		}
	case "apres", "after":
		if p.is(i+1, "midi", "noon") {
			return PartAfternoon, 2
		}
	case "aprem", "apresmidi", "afternoon", "aprems", "arvo": // "arvo": British and Australian slang
		return PartAfternoon, 1
	case "soir", "soiree", "evening":
		return PartEvening, 1
	case "lunchtime":
		return PartMidday, 1
	case "lunch":
		return PartMidday, 1
	case "heure":
		if p.is(i+1, "du") && p.is(i+2, "dejeuner", "dej") {
			return PartMidday, 3
		}
	}
	return PartNone, 0
}

// matchPart: "matin", "l'après-midi", "in the evening", "entre midi et deux".
func (p *whenParser) matchPart(i int) int {
	if p.is(i, "entre", "between") && p.is(i+1, "midi", "noon") && p.is(i+2, "et", "and") && p.is(i+3, "deux", "two", "une", "one") {
		if !p.is(i+4, "heures", "h") {
			p.w.Part = PartMidday
			return 4
		}
	}
	if p.is(i, "in") && p.is(i+1, "the") {
		if part, n := p.partAt(i + 2); n > 0 {
			p.setPart(part)
			return 2 + n
		}
	}
	if p.is(i, "fin") && p.is(i+1, "de") && p.is(i+2, "journee") || p.is(i, "end") && p.is(i+1, "of") && p.is(i+2, "day") {
		p.setPart(PartLateAfternoon) // "en fin de journée", "end of day"
		return 3
	}
	if p.is(i, "end") && p.is(i+1, "of") && p.is(i+2, "the") && p.is(i+3, "day") {
		p.setPart(PartLateAfternoon)
		return 4
	}
	if p.is(i, "debut") && p.is(i+1, "de") && p.is(i+2, "journee") {
		p.setPart(PartMorning)
		return 3
	}
	if p.is(i, "fin", "debut", "milieu") && p.is(i+1, "de", "d") {
		if part, n := p.partAt(i + 2); n > 0 {
			if part == PartAfternoon && p.is(i, "fin") {
				part = PartLateAfternoon // "fin d'après-midi"
			}
			if part == PartMorning && p.is(i, "fin") {
				part = PartLateMorning // "en fin de matinée"
			}
			p.setPart(part)
			return 2 + n
		}
	}
	if p.is(i, "late") {
		if part, n := p.partAt(i + 1); n > 0 && part == PartAfternoon {
			p.setPart(PartLateAfternoon) // "late afternoon"
			return 1 + n
		}
		if part, n := p.partAt(i + 1); n > 0 && part == PartMorning {
			p.setPart(PartLateMorning) // "late morning"
			return 1 + n
		}
	}
	if p.is(i, "after", "apres") && p.is(i+1, "lecole", "lboulot", "lschool", "ecole", "boulot", "taf") {
		p.setPart(PartLateAfternoon) // "apres lecole", "apres boulot"
		return 2
	}
	if p.is(i, "sortie") && p.is(i+1, "de", "d") && (p.is(i+2, "lecole", "ecole", "l") && (p.is(i+2, "lecole", "ecole") || p.is(i+3, "ecole"))) {
		p.setPart(PartLateAfternoon) // "à la sortie de l'école"
		if p.is(i+2, "l") {
			return 4
		}
		return 3
	}
	if p.is(i, "after", "apres") && p.is(i+1, "work", "le", "school", "l") && (p.is(i+1, "work", "school") || p.is(i+2, "travail", "boulot", "taf", "ecole")) {
		p.setPart(PartLateAfternoon) // "after work", "après le boulot", "après l'école": from 4 pm
		if p.is(i+1, "le", "l") {
			return 3
		}
		return 2
	}
	if p.is(i, "pause", "break") && p.is(i+1, "dej", "dejeuner", "midi", "lunch") {
		p.setPart(PartMidday) // "pendant ma pause déj", "on my lunch break"
		return 2
	}
	if p.is(i-1, "good", "bonne", "bon") {
		return 0 // "good afternoon", "bonne soirée": a greeting
	}
	if i == 0 && p.is(i, "morning", "afternoon", "evening") && (i+1 >= len(p.toks) || p.toks[i+1].brk) {
		return 0 // "Morning! haircut thursday at 3"
	}
	part, n := p.partAt(i)
	if n == 0 {
		return 0
	}
	p.setPart(part)
	return n
}

// monthPartAt reads "début janvier", "mi-janvier", "fin de mois de mars",
// "early January", "mid-Jan", "the end of March" from toks[i], sets the
// span and returns the tokens used, or 0.
func (p *whenParser) monthPartAt(i int) int {
	part := 0
	switch p.word(i) {
	case "debut", "early":
		part = 1
	case "mi", "mid":
		part = 2
	case "fin", "late", "end":
		part = 3
	}
	j := i + 1
	for p.is(j, "de", "d", "of", "du", "mois", "month", "the") {
		j++
	}
	m := p.monthAt(j)
	if part == 0 || m == 0 {
		return 0
	}
	return p.setMonthPart(m, part, j+1) - i // "début janvier", "début janvier 2028"
}

// setMonthPart sets the span of part of month m (1 early, 2 mid, 3 late,
// 4 whole), with the year said at toks[next] if any, and returns the index
// after what it read.
func (p *whenParser) setMonthPart(m time.Month, part, next int) int {
	p.span, p.spanMonth, p.monthPart = spanMonthPart, m, part
	if y, n := p.yearAt(next); y != 0 {
		p.spanYear = y
		return next + n
	}
	return next
}

// wholeMonthAt reads "en janvier", "au mois d'août", "pendant le mois de
// mars", "in January", "during August" from toks[i] (a month alone, with
// no day), sets the span and returns the tokens used, or 0.
func (p *whenParser) wholeMonthAt(i int) int {
	j := i
	switch {
	case p.is(j, "en", "in", "during", "courant"):
		j++
	case p.is(j, "au", "pendant", "durant") && p.is(j+1, "mois"), p.is(j, "pendant", "durant") && p.is(j+1, "le") && p.is(j+2, "mois"):
		for !p.is(j, "mois") {
			j++
		}
		j++
		if !p.is(j, "de", "d") {
			return 0
		}
		j++
	default:
		return 0
	}
	m := p.monthAt(j)
	if m == 0 || j+1 < len(p.toks) && p.toks[j+1].kind == tkNum && len(p.toks[j+1].s) <= 2 {
		return 0 // "en janvier 12": a day after all
	}
	return p.setMonthPart(m, 4, j+1) - i // "en janvier", "en janvier 2028"
}

// matchNthWeekday reads "le premier samedi de janvier", "the second
// Tuesday of March", "le dernier vendredi du mois de juin".
func (p *whenParser) matchNthWeekday(i int) int {
	j := i
	if p.is(j, "le", "the") {
		j++
	}
	n := p.ordinal(j)
	if p.is(j, "dernier", "derniere", "last") {
		n = -1
	}
	if n == 0 || n > 5 || j+1 >= len(p.toks) || p.toks[j+1].kind != tkWord || p.toks[j+1].lx.wd == 0 {
		return 0
	}
	wd := time.Weekday(p.toks[j+1].lx.wd - 1)
	k := j + 2
	for p.is(k, "de", "d", "of", "du", "en", "in", "mois", "month") {
		k++
	}
	m := p.monthAt(k)
	if m == 0 {
		return 0
	}
	y := p.today.Year
	if m < p.today.Month {
		y++
	}
	for try := 0; try < 2; try++ {
		if d, ok := nthWeekday(y+try, m, wd, n); ok && !d.Before(p.today) {
			p.setDate(d.Day, d.Month, d.Year, true)
			return k + 1 - i
		}
	}
	return 0
}

// nthWeekday returns the n-th (1-5, or -1 for the last) weekday wd of month
// m of year y.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) (Date, bool) {
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	if n == -1 {
		last := first.AddDate(0, 1, -1)
		back := (int(last.Weekday()) - int(wd) + 7) % 7
		return DateOf(last.AddDate(0, 0, -back)), true
	}
	d := first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
	if d.Month() != m {
		return Date{}, false
	}
	return DateOf(d), true
}

// startsDay reports whether toks[i] starts a day of the month: "21",
// "the 14th", "1er".
func (p *whenParser) startsDay(i int) bool {
	if p.is(i, "the", "le") {
		i++
	}
	d, n := p.dayAt(i)
	return n > 0 && d >= 1 && d <= 31
}

func (p *whenParser) setPart(part Part) {
	p.w.Part = part
}
