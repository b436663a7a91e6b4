package engine

import (
	"maps"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/validate"
)

// answer answers a question from the business file only.
func (t *turn) answer(m msg) {
	b := t.e.b
	lang, def := t.lang(), b.DefaultLanguage()
	svcIdx := m.svc
	if svcIdx < 0 && t.st.Svc != "" && m.has(inPrice|inDuration) && !m.mentions(allPricesWords) {
		for i, s := range b.Config.Services {
			if s.ID == t.st.Svc {
				svcIdx = i
			}
		}
	}
	if svcIdx >= 0 && m.svcLen == 0 && m.svc2 < 0 && b.Config.Services[svcIdx].ID == t.st.Svc && t.st.Next != "" && !t.st.Together &&
		m.has(inPrice|inDuration) && !m.mentions(allPricesWords) {
		// "et ça prend combien de temps en tout ?" while booking a balayage
		// then a cut: both.
		m.svc2 = t.serviceIndex(t.st.Next)
	}
	prevTopic := t.st.Topic
	t.st.Topic = topicOther
	if svcIdx >= 0 {
		t.st.About = b.Config.Services[svcIdx].ID
	}
	done := ""
	switch {
	case m.has(inClosed) && !m.has(inPrice|inDuration|inAddress) && (m.when.Date.IsZero() || isSpan(m.when)) || m.has(inHours) && isSpan(m.when):
		// "vous êtes fermés quand ?" asks of every closed day; "when are
		// you closed for the summer?" of one period.
		t.answerClosures(m.when, m.mentionsAny(setClosed) && m.mentions([]string{"quand", "when", "jours", "days"}) &&
			!m.mentions(periodWords) && !m.mentionsAny(setMonths))
		done = "closures"
	case m.has(inHours) || m.has(inNow|inToday) && !m.has(inPrice|inDuration|inAddress) && m.faq < 0:
		t.st.Topic = topicHours
		if m.mentionsAny(setClosed) && !m.has(inOpenQ) ||
			prevTopic == topicHoursClosed && !m.mentionsAny(setClosed) && !m.has(inOpenQ) {
			// "vous êtes fermés à Pâques ?", then "et à la Pentecôte ?":
			// the follow-up asks the same way, and "oui" still means closed.
			t.st.Topic = topicHoursClosed
		}
		if m.has(inAddress) {
			// "adresse et horaires svp", "where are you and when do you
			// close on Saturday?": both.
			t.say("address", P{"Address": b.Config.Address.In(lang, def), "Access": b.Config.Access.In(lang, def)})
		}
		if !t.answerHoursEach(m) {
			t.answerHours(m)
		}
		done = "hours"
	case m.has(inPrice|inDuration) && svcIdx >= 0 && m.svc2 >= 0:
		// "une couleur plus un brushing, ça fait combien ?"
		t.st.Topic = topicPrice
		t.st.About += " " + b.Config.Services[m.svc2].ID // both, if booked next
		var items []P
		total, dur, several := 0.0, time.Duration(0), false
		all := []int{svcIdx, m.svc2}
		for more := m.svcMore; more != 0; more &= more - 1 {
			all = append(all, bits.TrailingZeros64(more)) // "a men's cut, a beard trim and a kids cut"
		}
		for k, i := range all {
			s := &b.Config.Services[i]
			n := quantityBefore(m.words, m.svcAt)
			switch {
			case k == 1:
				n = quantityBefore(m.words, m.svc2At)
			case k > 1:
				n = 1
			}
			items = append(items, P{"Svc": t.svcName(s), "Price": s.Price, "Dur": s.Duration, "Qty": n, "Several": n > 1})
			total += s.Price * float64(max(n, 1))
			dur += s.Duration
			several = several || n > 1
		}
		if several {
			dur = 0 // for several people, no one length of time
		}
		t.say("services_total", P{"Items": items, "Total": total, "Dur": dur})
		if m.has(inHaircut) && !t.e.match.haircut[svcIdx] && !t.e.match.haircut[m.svc2] {
			// "balayage + cut + blowdry": the cut is not in the total; its
			// prices follow.
			t.say("cuts", P{"Items": t.serviceItems(t.e.match.haircut)})
		}
	case m.has(inPrice) && svcIdx >= 0 && m.svc == svcIdx && quantityBefore(m.words, m.svcAt) > 1:
		// "how much for 3 kids haircuts?"
		t.st.Topic = topicPrice
		s := &b.Config.Services[svcIdx]
		n := quantityBefore(m.words, m.svcAt)
		t.say("services_total", P{"Items": []P{{"Svc": t.svcName(s), "Price": s.Price, "Dur": s.Duration, "Qty": n, "Several": true}}, "Total": s.Price * float64(n)})
	case m.has(inStaffQ) && svcIdx >= 0 && !m.has(inPrice|inDuration):
		// "qui fait les couleurs ?"
		s := &b.Config.Services[svcIdx]
		t.say("service_staff", P{"Svc": t.svcName(s), "Staff": t.staffNames(s.Staff)})
		t.st.Topic = topicWho // "et les coupes homme ?" next
		done = "staff"
	case m.has(inPrice|inDuration|inServices) && svcIdx >= 0:
		// "combien coûte…", "vous faites les coupes homme ?"
		t.st.Topic = topicPrice
		s := &b.Config.Services[svcIdx]
		t.say("service_price", P{"Svc": t.svcName(s), "Desc": s.Description.In(lang, def), "Price": s.Price, "Dur": s.Duration,
			"Staff": t.staffNames(s.Staff), "Buffer": s.BufferAfter, "Included": m.included})
		if m.has(inStaffQ) {
			// "how much is a kids haircut and who does it?"
			t.say("service_staff", P{"Svc": t.svcName(s), "Staff": t.staffNames(s.Staff)})
		}
		done = "price"
	case m.has(inContact):
		t.say("contact", P{"Phone": b.Phone(), "Email": b.Config.Email, "Address": b.Config.Address.In(lang, def)})
		return
	case m.faq >= 0:
		if m.has(inAddress) {
			// "where are you? is there parking"
			t.say("address", P{"Address": b.Config.Address.In(lang, def), "Access": b.Config.Access.In(lang, def)})
		}
		t.answerFAQ(m)
		return
	case m.has(inAddress):
		t.say("address", P{"Address": b.Config.Address.In(lang, def), "Access": b.Config.Access.In(lang, def)})
	case m.has(inServices|inPrice|inDuration) && m.has(inHaircut) && slices.Contains(t.e.match.haircut, true):
		// "do you do cuts for curly hair?", "c'est combien les coupes ?":
		// the cuts, and for what the file cannot say ("curly"), who can.
		t.st.Topic = topicPrice
		t.say("cuts", P{"Items": t.serviceItems(t.e.match.haircut)})
		if m.has(inServices) && !m.has(inPrice|inDuration) && t.namesUnknown(m) {
			t.say("ask_us", P{"Phone": b.HandoffPhone()})
		}
	case m.has(inPrice | inDuration | inServices):
		t.st.Topic = topicPrice
		// "vous faites les ongles ?": something the business does not list.
		t.say("services", P{"Items": t.serviceItems(nil), "NotOffered": m.has(inServices) && !m.has(inPrice|inDuration) && t.namesUnknown(m)})
	case m.has(inStaffQ) && !m.when.Date.IsZero() && !isSpan(m.when):
		// "qui travaille le mardi ?", "who does colour on a tuesday?": who
		// works that day (and does the service).
		d := business.Date(m.when.Date)
		var names []string
		for i := range b.Config.Staff {
			st := &b.Config.Staff[i]
			if len(st.WorksOn(b, d)) > 0 && (svcIdx < 0 || b.Config.Services[svcIdx].Performs(st.ID)) {
				names = append(names, st.Name)
			}
		}
		t.say("staff_on_day", P{"Day": d.At(t.loc, 12*60), "Names": names, "Many": len(names) > 1, "Open": len(b.Hours(d)) > 0})
	case m.has(inStaffQ):
		var items []P
		for i := range b.Config.Staff {
			st := &b.Config.Staff[i]
			var svcs []string
			for j := range b.Config.Services {
				if b.Config.Services[j].Performs(st.ID) {
					svcs = append(svcs, t.svcName(&b.Config.Services[j]))
				}
			}
			items = append(items, P{"Name": st.Name, "Days": t.weekdays(st.Days), "Svcs": svcs})
		}
		t.say("staff", P{"Items": items})
	default:
		t.say("no_answer", P{"Phone": b.HandoffPhone()})
	}
	// The other questions of the message: "opening hours on Saturday and
	// how much is a kids cut", "how long does it take, and can I pay with
	// Lydia?"
	if done == "hours" && m.has(inPrice|inDuration) && svcIdx >= 0 {
		for _, i := range []int{svcIdx, m.svc2} { // "c'est combien une couleur et un brushing ? et le lundi ?"
			if i < 0 {
				continue
			}
			s := &b.Config.Services[i]
			t.say("service_price", P{"Svc": t.svcName(s), "Desc": s.Description.In(lang, def), "Price": s.Price, "Dur": s.Duration,
				"Staff": t.staffNames(s.Staff), "Buffer": s.BufferAfter})
		}
	}
	if (done == "price" || done == "staff") && m.has(inAddress) {
		// "how much is a colour and where are you"
		t.say("address", P{"Address": b.Config.Address.In(lang, def), "Access": b.Config.Access.In(lang, def)})
	}
	if done != "" && m.faq >= 0 {
		if m.svc < 0 || clauses(m.words, m.faqAt, m.svcAt) ||
			m.faqAt == m.svcAt+m.svcLen && !m.has(inPrice|inDuration) && !personWords[m.words[m.faqAt].fold] {
			// Not when it matched the service's own words ("kids cut");
			// "des couleurs végétales ?" asks about the colour's products
			// too.
			t.answerFAQ(m)
		} else if rest, ok := otherFAQs(m); ok {
			// "…how much is a kids cut, and can I pay with Apple Pay?":
			// the children's entry is the service's words, the payment
			// one is asked.
			t.answerFAQ(rest)
		}
	}
}

// otherFAQs returns m with its first FAQ entry left out, or false when it
// has no other.
func otherFAQs(m msg) (msg, bool) {
	switch {
	case m.faq2 >= 0:
		m.faq, m.faq2 = m.faq2, -1
		return m, true
	case m.faqMore != 0:
		id := bits.TrailingZeros64(m.faqMore)
		m.faq, m.faqMore = id, m.faqMore&^(1<<id)
		return m, true
	}
	return m, false
}

// allPricesWords ask for every price, not the one of the service being
// booked: "quels sont tous vos tarifs ?", "your prices?".
var allPricesWords = []string{"tarifs", "prices", "rates"}

// answerFAQ says the answers of the FAQ entries the message asks about.
func (t *turn) answerFAQ(m msg) {
	lang, def := t.lang(), t.e.b.DefaultLanguage()
	t.say("faq", P{"Answer": t.e.b.Config.FAQ[m.faq].Answer.In(lang, def)})
	if m.faq2 >= 0 {
		t.say("faq", P{"Answer": t.e.b.Config.FAQ[m.faq2].Answer.In(lang, def)})
	}
	for id := range t.e.b.Config.FAQ {
		if id < 64 && m.faqMore&(1<<id) != 0 {
			t.say("faq", P{"Answer": t.e.b.Config.FAQ[id].Answer.In(lang, def)})
		}
	}
}

// answerHours answers "êtes-vous ouverts samedi ?", "vos horaires ?",
// "are you open now?" from the hours, holidays and closures.
func (t *turn) answerHours(m msg) {
	today := business.DateOf(t.now)
	w := m.when
	d := today
	specific := false
	switch {
	case !w.Date.IsZero() && w.EndDate.IsZero():
		d, specific = business.Date(w.Date), true
		if d.Before(today) && d.Year == today.Year {
			d.Year++ // "ouverts le 11 novembre ?" asked in December: next year's
		}
	case m.has(inNow | inToday), w.HasTime && w.Date.IsZero() && w.EndDate.IsZero(),
		w.Part == validate.PartMidday && w.Date.IsZero() && w.EndDate.IsZero():
		specific = true // "ouverts entre midi et deux ?", "open at lunchtime?": today, at that time
	}
	if !specific {
		if m.has(inOpenQ) && !m.has(inTimes) {
			// "Vous êtes ouverts ?": yes or no, now, then the week.
			now := t.nowStatus()
			now["Plain"] = asksWhatTime(&m) // "ouverts quand ?" is no yes-or-no question
			t.say("open_now", now)
			if now["OpenNow"] == false {
				t.st.ClosedSaid = true
			}
		}
		key := hoursKey{lang: t.lang(), voice: t.voice, tool: t.isTool}
		if a, ok := t.e.hours.get(today, key); ok {
			t.parts = append(t.parts, a.parts...)
			t.speech = append(t.speech, a.speech...)
			return
		}
		parts, speech := len(t.parts), len(t.speech)
		defer func() {
			if t.err == nil {
				t.e.hours.put(today, key, hoursAnswer{
					parts: slices.Clone(t.parts[parts:]), speech: slices.Clone(t.speech[speech:])})
			}
		}()
		t.say("week_hours", P{"Groups": t.weekGroups(), "Closed": t.closedWeekdays()})
		// Exceptions in the next two weeks.
		for i := 0; i < 14; i++ {
			dd := today.AddDays(i)
			if len(t.e.b.Config.Week[dd.Weekday()]) == 0 {
				continue
			}
			if h, ok := t.e.b.Holiday(dd); ok {
				t.say("hours_exception_holiday", P{"Day": dd.At(t.loc, 12*60), "Holiday": h.Name.In(t.lang(), t.e.b.DefaultLanguage())})
			} else if c, ok := t.e.b.Closure(dd); ok {
				t.say("hours_exception_closure", P{"From": c.From.At(t.loc, 12*60), "To": c.To.At(t.loc, 12*60),
					"Reason": c.Reason.In(t.lang(), t.e.b.DefaultLanguage())})
				break
			}
		}
		return
	}
	// "Vous fermez le 25 ?" is answered "oui" when closed.
	askClosed := t.st.Topic == topicHoursClosed
	p := P{"Day": d.At(t.loc, 12*60), "Today": d == today, "Tomorrow": d == today.AddDays(1), "Weekday": int(d.Weekday()),
		"Ranges": t.e.b.Hours(d), "YesNo": !asksWhatTime(&m), "Yes": askClosed}
	if why := t.dayClosed(d); why != whyNone {
		p["Why"] = why
		if h, ok := t.e.b.Holiday(d); ok {
			p["Holiday"] = h.Name.In(t.lang(), t.e.b.DefaultLanguage())
		}
		if c, ok := t.e.b.Closure(d); ok {
			p["From"] = c.From.At(t.loc, 12*60)
			p["To"] = c.To.At(t.loc, 12*60)
			p["Reason"] = c.Reason.In(t.lang(), t.e.b.DefaultLanguage())
		}
		next := t.nextOpenDay(d)
		if why == whyWeekday && !t.openNow() {
			// "Ouvert le dimanche ?" asked while closed (on a Sunday
			// evening): when we reopen from now, not after next Sunday.
			if soon := t.nextOpening(); !soon.IsZero() && soon.Before(d.At(t.loc, 0)) {
				next = soon
			}
		}
		p["Next"] = next
		t.say("day_closed", p)
		return
	}
	p["AskNow"] = m.has(inNow) && d == today
	if d == today && (m.has(inNow) || !w.HasTime) {
		maps.Copy(p, t.nowStatus())
		p["Now"] = true
	}
	open := true
	if w.Part == validate.PartMidday && !w.HasEndTime && (!w.HasTime || w.Time == (validate.Clock{Hour: 12})) {
		// "open at lunchtime?", "ouverts le midi ?": all through the lunch
		// hours, as "entre midi et deux"; a lunch break makes it a partly.
		w.HasTime, w.Time, w.HasEndTime, w.EndTime = true, validate.Clock{Hour: 12}, true, validate.Clock{Hour: 14}
	}
	if w.HasTime {
		from, to := w.Time.Minutes(), w.Time.Minutes()+1
		if w.HasEndTime && w.EndTime.Minutes() > from {
			to = w.EndTime.Minutes() // "entre midi et deux": open all along?
		}
		p["At"] = from
		open = within(t.e.b.Hours(d), from, to)
		switch {
		case w.Before: // "do you open before 9?"
			open = overlapsAny(t.e.b.Hours(d), 0, from)
		case w.After: // "open after 7pm?"
			open = overlapsAny(t.e.b.Hours(d), from, 24*60)
		}
		p["OpenAt"] = open
		p["Partly"] = !open && !w.Before && !w.After && to > from+1 && overlapsAny(t.e.b.Hours(d), from, to)
		if rs := t.e.b.Hours(d); p["Partly"] == true && askClosed {
			// "do you close for lunch?": yes, and when.
			for i := 0; i+1 < len(rs); i++ {
				if rs[i].To >= from && rs[i+1].From <= to {
					p["BreakFrom"], p["BreakTo"] = rs[i].To, rs[i+1].From
					break
				}
			}
		}
	} else if w.Part != validate.PartNone {
		// "ouverts mercredi après-midi ?": open at some point of it.
		from, to := t.partOf(d, w.Part)
		open = overlapsAny(t.e.b.Hours(d), from, to)
	}
	p["Yes"] = open != askClosed
	t.say("day_open", p)
}

// nowStatus describes the business's hours at t.now: OpenNow, and Until
// (the minute it closes) when open; else Reopen (a minute today) or Next
// (the next opening on another day).
func (t *turn) nowStatus() P {
	today := business.DateOf(t.now)
	min := minuteOf(t.now)
	p := P{"OpenNow": t.openNow()}
	for _, r := range t.e.b.Hours(today) {
		if min < r.To {
			if min >= r.From {
				p["Until"] = r.To
			} else if p["Reopen"] == nil {
				p["Reopen"] = r.From
			}
		}
	}
	if p["Until"] == nil && p["Reopen"] == nil {
		p["Next"] = t.nextOpenDay(today)
	}
	return p
}

// nextOpenDay returns the opening instant of the first open day after d.
func (t *turn) nextOpenDay(d business.Date) time.Time {
	for i := 1; i < 60; i++ {
		dd := d.AddDays(i)
		if rs := t.e.b.Hours(dd); len(rs) > 0 {
			return dd.At(t.loc, rs[0].From)
		}
	}
	return time.Time{}
}

// weekGroups groups consecutive weekdays (Monday first) with the same hours.
func (t *turn) weekGroups() []P {
	var out []P
	week := t.e.b.Config.Week
	for i := 1; i <= 7; {
		wd := i % 7
		rs := week[wd]
		j := i
		for j+1 <= 7 && sameRanges(week[(j+1)%7], rs) {
			j++
		}
		if len(rs) > 0 {
			out = append(out, P{"First": wd, "Last": j % 7, "Single": i == j, "Pair": j == i+1, "Ranges": rs})
		}
		i = j + 1
	}
	return out
}

func (t *turn) closedWeekdays() []int {
	var out []int
	for i := 1; i <= 7; i++ {
		if len(t.e.b.Config.Week[i%7]) == 0 {
			out = append(out, i%7)
		}
	}
	return out
}

func sameRanges(a, b []business.Range) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// hoursMemo keeps the answer to "what are your opening hours?" for the
// current day: it depends only on the business, the day (the exceptions of
// the next two weeks), the language and the form, and it is the most asked
// question.
type hoursMemo struct {
	mu  sync.Mutex
	day business.Date
	m   map[hoursKey]hoursAnswer
}

type hoursKey struct {
	lang        string
	voice, tool bool
}

type hoursAnswer struct{ parts, speech []string }

func (h *hoursMemo) get(day business.Date, k hoursKey) (hoursAnswer, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.day != day {
		return hoursAnswer{}, false
	}
	a, ok := h.m[k]
	return a, ok
}

func (h *hoursMemo) put(day business.Date, k hoursKey, a hoursAnswer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.day != day || h.m == nil {
		h.day, h.m = day, map[hoursKey]hoursAnswer{}
	}
	h.m[k] = a
}

// asksWhatTime reports whether a question about a day's hours asks for
// times ("à quelle heure ouvrez-vous demain ?", "what time do you open?")
// rather than yes or no ("êtes-vous ouverts demain ?"): its answer then
// starts with the hours, not with "oui" or "non".
func asksWhatTime(m *msg) bool {
	for i, w := range m.words {
		next := ""
		if i+1 < len(m.words) {
			next = m.words[i+1].fold
		}
		switch w.fold {
		case "quand", "when", "horaire", "horaires", "hours":
			return true
		case "quel", "quelle", "quelles", "quels":
			if next == "heure" || next == "heures" || next == "horaire" || next == "horaires" {
				return true
			}
		case "what", "which":
			if next == "time" || next == "times" || next == "hours" {
				return true
			}
		case "until":
			return true
		}
	}
	return false
}

// isSpan reports whether w names several days ("en août", "next week")
// rather than one.
func isSpan(w validate.When) bool {
	return !w.Date.IsZero() && !w.EndDate.IsZero() && w.Date != w.EndDate
}

// maxHolidaysSaid is how many of the next public holidays an answer about
// closures lists.
const maxHolidaysSaid = 3

// answerClosures lists the dated closures and the next public holidays
// falling on opening days: all those to come, or those of the span w names
// ("vous fermez en août ?").
func (t *turn) answerClosures(w validate.When, weekly bool) {
	b := t.e.b
	lang, def := t.lang(), b.DefaultLanguage()
	today := business.DateOf(t.now)
	from, to := today, today.AddDays(365)
	span := isSpan(w)
	if span {
		from, to = business.Date(w.Date), business.Date(w.EndDate)
		if from.Before(today) {
			from = today
		}
	}
	var closures []P
	for i := range b.Config.Closures {
		c := &b.Config.Closures[i]
		if c.To.Before(from) || to.Before(c.From) {
			continue
		}
		p := P{"From": c.From.At(t.loc, 12*60), "To": c.To.At(t.loc, 12*60), "Reason": c.Reason.In(lang, def)}
		if c.To.Year != today.Year {
			p["Year"] = c.To.Year
		}
		closures = append(closures, p)
	}
	var holidays []P
	for d := from; !to.Before(d) && len(holidays) < maxHolidaysSaid; d = d.AddDays(1) {
		if len(b.Config.Week[d.Weekday()]) == 0 {
			continue // closed that weekday anyway
		}
		if _, closed := b.Closure(d); closed {
			continue
		}
		if h, ok := b.Holiday(d); ok {
			holidays = append(holidays, P{"Day": d.At(t.loc, 12*60), "Name": h.Name.In(lang, def)})
		}
	}
	p := P{"Closures": closures, "Holidays": holidays, "Span": span, "HasHolidays": len(b.Config.Holidays) > 0}
	if span {
		p["From"], p["To"] = from.At(t.loc, 12*60), to.At(t.loc, 12*60)
	}
	if closed := t.closedWeekdays(); weekly && !span && len(closed) > 0 {
		// "vous êtes fermés quand ?": the days of every week first.
		t.say("closed_weekdays", P{"Closed": closed})
	}
	t.say("closures", p)
}

// answerStaffDays says which days a staff member works, or whether they
// work on the day the message names ("is Hugo working on Tuesday?").
// The topic keeps who and which day were asked about, for a follow-up
// naming the other ("et Inès ?", "et jeudi ?"): see staffTopic.
func (t *turn) answerStaffDays(m msg) {
	st := &t.e.b.Config.Staff[m.staff]
	t.st.Topic = topicStaff + ":" + st.ID
	p := P{"Name": st.Name, "Days": t.weekdays(st.Days)}
	if m.when.Date.IsZero() || isSpan(m.when) {
		t.say("staff_days", p)
		return
	}
	d := business.Date(m.when.Date)
	t.st.Topic += ":" + d.String()
	p["Day"] = d.At(t.loc, 12*60)
	works, open := st.WorksOn(t.e.b, d), t.e.b.Hours(d)
	p["Works"] = len(works) > 0
	p["Open"] = len(open) > 0
	if len(works) > 0 && !slices.Equal(works, open) {
		p["Ranges"] = works // narrower hours than the business's that day
	}
	if part := m.when.Part; len(works) > 0 && part != validate.PartNone {
		// "Léa travaille mercredi matin ?": the part of the day asked.
		from, to := part.Range()
		overlaps := false
		for _, r := range works {
			if r.From < to.Minutes() && from.Minutes() < r.To {
				overlaps = true
			}
		}
		if !overlaps {
			p["Works"], p["Partly"], p["Ranges"] = false, true, works
		}
	}
	t.say("staff_day", p)
}

// staffTopic returns the staff member and the day (zero when none) of the
// last answer when it said who works when; ok is false otherwise.
func (t *turn) staffTopic() (staff int, day validate.Date, ok bool) {
	rest, found := strings.CutPrefix(t.st.Topic, topicStaff+":")
	if !found {
		return -1, validate.Date{}, false
	}
	id, dayText, _ := strings.Cut(rest, ":")
	staff = -1
	for i := range t.e.b.Config.Staff {
		if t.e.b.Config.Staff[i].ID == id {
			staff = i
		}
	}
	if d, err := business.ParseDate(dayText); err == nil {
		day = validate.Date(d)
	}
	return staff, day, staff >= 0
}

// serviceItems lists the business's services with their prices and
// durations; only those marked in among, when it is not nil.
func (t *turn) serviceItems(among []bool) []P {
	items := make([]P, 0, len(t.e.b.Config.Services))
	for i := range t.e.b.Config.Services {
		if among != nil && !among[i] {
			continue
		}
		s := &t.e.b.Config.Services[i]
		items = append(items, P{"Svc": t.svcName(s), "Price": s.Price, "Dur": s.Duration})
	}
	return items
}

// namesUnknown reports whether a message names something the engine does
// not know: a word of four letters or more that is no keyword, stopword,
// service, staff member or FAQ word ("ongles", "nails", "extensions").
func (t *turn) namesUnknown(m msg) bool {
	for _, w := range m.words {
		if len(w.fold) >= 4 && !t.e.match.vocab[w.can] && !t.e.match.stop[w.fold] && !isDigits(w.fold) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// quantityBefore returns how many of the service named at words[at] the
// message asks for: "two men's cuts", "deux coupes enfant", "my two kids
// (kids cuts)"; 0 when it does not say.
func quantityBefore(words []word, at int) int {
	for j, skipped := at-1, 0; j >= 0 && skipped <= 3; j, skipped = j-1, skipped+1 {
		w := words[j].fold
		if n, ok := quantities[w]; ok {
			return n
		}
		if w != "" && !plurals[w] {
			return 0
		}
	}
	return 0
}

var quantities = map[string]int{"2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
	"two": 2, "three": 3, "four": 4, "five": 5}

// plurals may stand between a number and the service: "my two kids (kids
// cuts)", "mes deux enfants : coupe enfant".
var plurals = set([]string{"kids", "children", "enfants", "sons", "daughters", "boys", "girls", "filles", "garcons", "petits"})

// answerHoursEach answers the hours of two days asked together ("vous
// êtes ouvert le 24 et le 31 ?"), each in turn; false when the message
// does not name two days.
func (t *turn) answerHoursEach(m msg) bool {
	if m.when.Date.IsZero() || !m.when.EndDate.IsZero() {
		return false // no day named: the usual hours question, which allocates little
	}
	low := strings.ToLower(m.text)
	for _, sep := range []string{" et ", " and ", " ou ", " or ", ", "} {
		i := strings.Index(low, sep)
		if i <= 0 {
			continue
		}
		a, b := t.parseWhen(m.text[:i]), t.parseWhen(m.text[i+len(sep):])
		if a.Date.IsZero() || b.Date.IsZero() || a.Date == b.Date || !a.EndDate.IsZero() || !b.EndDate.IsZero() ||
			a.Problem.Kind != validate.ProblemNone || b.Problem.Kind != validate.ProblemNone {
			continue
		}
		ma, mb := m, m
		ma.when, mb.when = a, b
		t.answerHours(ma)
		t.answerHours(mb)
		return true
	}
	return false
}
