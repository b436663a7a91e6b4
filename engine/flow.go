package engine

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/prompts"
	"github.com/accueil-pme/accueil/engine/validate"
)

type P = prompts.Params

// start answers a session start: the greeting.
func (t *turn) start() {
	t.greet()
	if t.expired {
		// The chat reopened after the timeout with a recap unanswered:
		// say that nothing was done.
		t.say("expired_start", nil)
	}
}

func (t *turn) greet() {
	t.st.Greeted = true
	if t.st.Name != "" {
		t.say("greeting_known", P{"Name": addressName(t.st.Name), "Business": t.e.b.Name(), "Evening": t.evening()})
	} else {
		g := t.e.b.Greeting(t.lang())
		if rest, ok := strings.CutPrefix(g, "Bonjour"); ok && t.evening() {
			g = "Bonsoir" + rest
		}
		t.say("greeting", P{"Greeting": g})
	}
	t.closedNotice()
}

// closedNotice says once per conversation that the business is closed now.
func (t *turn) closedNotice() {
	if t.st.ClosedSaid || t.openNow() {
		return
	}
	t.st.ClosedSaid = true
	next := t.nextOpening()
	t.say("closed_now", P{"Next": next, "Today": !next.IsZero() && business.DateOf(next) == business.DateOf(t.now)})
}

// message handles a typed or transcribed message.
func (t *turn) message() {
	text := strings.TrimSpace(t.ev.Text)
	m := t.understand(text)
	t.detectLanguage(m)
	if m.has(inYes) && m.has(inNo) && m.mentionsPhrase(negatedYesPhrases) {
		m.in &^= inYes // "ça marche pas", "ça me va pas": a no
	}
	if t.expired && t.ev.Payload == "" && m.has(inYes|inNo) && onlySocialOrNo(m) {
		// "oui" hours after a recap: nothing was done; say so.
		t.say("expired", nil)
		return
	}
	if t.st.Ask == askMore {
		t.st.Ask = ""
		if t.ev.Payload == "" && m.has(inYes) && onlySocial(&m) && !m.has(inThanks|inBye) && m.mentions(plainYesWords) {
			t.say("listening", nil) // "oui": what, then?
			return
		}
		if t.ev.Payload == "" && m.in&(inNo|inThanks|inBye|inYes) != 0 && onlySocialOrNo(m) &&
			m.ref == "" && !isAsking(&m) && t.e.match.onlySocialWords(m.words) {
			// "non", "non merci", "c'est tout", "ok, ça marche" to
			// "anything else?".
			t.st.clearDraft()
			t.bye(m)
			return
		}
	}
	if m.age > 0 && m.svc >= 0 && t.e.match.haircut[m.svc] && t.e.b.Config.Services[m.svc].UnderAge == 0 && !t.namesService(m, m.svc) {
		// "ma fille de 8 ans… une coupe": the children's cut, when she is
		// young enough for it.
		for i := range t.e.b.Config.Services {
			if s := &t.e.b.Config.Services[i]; t.e.match.haircut[i] && s.UnderAge > m.age {
				m.svc = i
				break
			}
		}
	}
	if m.age == 0 && m.svc < 0 && t.st.Flow == flowBook && t.st.Svc != "" && len(m.words) <= 6 {
		m.age = statedAge(m.words) // "il a 13 ans", "shes 13" while booking
	}
	if m.age > 0 && m.svc < 0 && t.st.Flow == flowBook && t.st.Svc != "" && !t.st.Together {
		// "il a 13 ans" after "une coupe pour mon fils": the cut asked.
		if i := t.serviceIndex(t.st.Svc); i >= 0 && t.e.b.Config.Services[i].UnderAge > 0 && m.age >= t.e.b.Config.Services[i].UnderAge {
			m.svc = i
			if m.mentions([]string{"il", "he", "hes"}) {
				m.words = append(m.words, newWord("fils", "fils", "fils"))
			} else if m.mentions([]string{"elle", "she", "shes"}) {
				m.words = append(m.words, newWord("fille", "fille", "fille"))
			}
		}
	}
	if m.age > 0 && m.svc >= 0 {
		if svc := &t.e.b.Config.Services[m.svc]; svc.UnderAge > 0 && m.age >= svc.UnderAge {
			// "coupe enfant pour ma fille de 13 ans": too old for it.
			t.say("over_age", P{"Svc": t.svcName(svc), "Age": svc.UnderAge})
			if t.st.Flow == flowBook && t.st.Svc != "" && t.st.Svc != svc.ID && isAsking(&m) && !m.has(inBook|inWant) {
				// "au fait ma fille a 13 ans, elle peut avoir la coupe
				// enfant ?" while booking a colour: answered; the colour
				// goes on.
				t.reask()
				return
			}
			m.svc, m.faq, m.faq2 = t.grownCutFor(m), -1, -1
			if m.svc < 0 {
				m.in |= inHaircut | inBook // which cut, then
			}
		}
	}
	if t.st.Flow == "" && !m.has(inCancel) && m.svc >= 0 && m.svc2 >= 0 && m.mentions(dropWords) && keptPart(&m) != "" && len(t.ownBookings()) > 1 {
		// "actually drop the beard, just the cut": one of two bookings
		// cancelled, the other kept.
		m.in |= inCancel
	}
	if m.has(inCancel) && (m.when.Found() || m.has(inMove)) && cancelsOtherwise(&m) {
		// "mardi plutôt ? sinon j'annule": a move first; cancelling is
		// what the customer does if that fails.
		m.in = m.in&^inCancel | inMove | inMine
	}
	if t.st.Flow == flowBook && t.st.Held != nil && !m.has(inCancel|inMove) {
		// "non, le jeudi d'après", "la semaine d'après, même jour même
		// heure": a week after the time held, at that time.
		start := t.st.Held.time(t.loc)
		w, held := m.when, validate.DateOf(start)
		said := false
		switch {
		case m.mentionsPhrase(weekAfterPhrases):
			w.Date, w.EndDate, said = held.AddDays(7), validate.Date{}, true
		case w.Date == held && w.EndDate.IsZero() && !w.HasTime && m.mentionsPhrase(followingPhrases):
			w.Date, said = held.AddDays(7), true
		}
		if said {
			if !w.HasTime && w.Part == validate.PartNone {
				w.HasTime, w.Time = true, validate.Clock{Hour: start.Hour(), Minute: start.Minute()}
			}
			if len(w.Spans) == 0 {
				w.Spans = []validate.Span{{}}
			}
			m.when = w
		}
	}
	if t.st.Flow == "" && m.svc >= 0 && m.svc2 < 0 && !m.when.Found() && m.in&^(inThanks|inGreet|inYes) == 0 && m.staff < 0 &&
		strings.HasSuffix(strings.TrimSpace(m.text), "?") && len(m.words) <= 6 &&
		slices.ContainsFunc(t.ownBookings(), func(b Booking) bool { return b.Service == t.e.b.Config.Services[m.svc].ID }) {
		// "et la couleur alors ?" with a colour booked: that booking, not
		// a new one.
		m.in |= inList | inMine
	}
	if t.st.Flow == "" && m.has(inMove) && !m.has(inCancel) && m.ref == "" && m.svc < 0 && m.staff < 0 && m.when.HasTime && m.when.Date.IsZero() {
		// "can u make it 4pm" right after booking: the booking just made.
		if id := t.justHandled(); id != "" {
			m.ref = id
		}
	}
	if t.st.Flow == "" && (twoWeekdays(m.words) && (m.has(inCancel|inMove) || m.mentionsPhrase(cantPhrases)) || m.has(inMove) && m.when.HasTime && m.ref == "") {
		// "empêchement jeudi, vous auriez vendredi soir ?", "cant make
		// thursday anymore, can i do fri instead": the first day's
		// booking moved to the second, not cancelled.
		t.leaveDayFor(&m)
	}
	if t.st.Flow == "" && !m.has(inCancel|inMove|inBook) && !m.when.Date.IsZero() && m.mentionsPhrase(cantPhrases) {
		// "en fait samedi c pas possible, vous avez mercredi soir ?" with
		// a booking on Saturday: moved, not a second booking.
		for _, b := range t.ownBookings() {
			if d := business.DateOf(b.Start.In(t.loc)); d != business.Date(m.when.Date) && m.mentions(dayNames[d.Weekday()]) {
				m.in |= inMove | inMine
				break
			}
		}
	}
	if t.st.Flow == "" && t.ended != "" && m.svc < 0 && m.when.Found() && !isAsking(&m) && !m.has(inCancel|inMove) && m.mentionsPhrase(sameAgainPhrases) {
		// "et la même chose la semaine prochaine même heure" right after
		// booking: the same service again, at that time.
		if id := t.justHandled(); id != "" {
			for _, b := range t.ownBookings() {
				if b.ID != id {
					continue
				}
				if i := t.serviceIndex(b.Service); i >= 0 {
					m.svc = i
					m.in = m.in&^inMine | inBook
					if w, ok := t.sameAs(m, b.Start.In(t.loc)); ok {
						m.when = w
					}
				}
			}
		}
	}
	if t.st.Flow == "" && t.ended != "" && m.svc >= 0 && m.swap == "" && !m.has(inCancel|inMove) && !m.mentions(possessiveWords) &&
		(m.mentionsPhrase(sameTimePhrases) || m.mentionsPhrase(sameDayPhrases)) {
		// (not "je peux avoir mon brushing même heure samedi ?": a move)
		// "et un balayage la semaine d'après à la même heure", "can I book
		// a balayage same time next week?" right after booking: the time
		// (or day) of that booking.
		if id := t.justHandled(); id != "" {
			for _, b := range t.ownBookings() {
				if b.ID == id {
					if w, ok := t.sameAs(m, b.Start.In(t.loc)); ok {
						m.when = w
					}
				}
			}
		}
	}
	if t.st.Flow == "" && t.ended != "" && m.svc >= 0 && !m.when.Found() && !m.has(inCancel|inMove) && m.swap == "" &&
		(m.mentions([]string{"aussi", "also", "too", "egalement"}) || m.mentionsPhrase([]string{"en meme temps", "at the same time"}) ||
			strings.Contains(strings.ToLower(m.text), "as well")) && // ("well" is dropped as a hesitation)
		t.forSomeone(&m) && !m.mentionsPhrase(rightAfterPhrases) && !m.mentionsPhrase([]string{"pour moi", "for me", "for myself"}) {
		// "et une coupe pour mon fils aussi" right after booking: the same
		// visit, at that booking's time with someone else if one is free.
		if id := t.justHandled(); id != "" {
			for _, b := range t.ownBookings() {
				if b.ID == id {
					start := b.Start.In(t.loc)
					m.when = validate.When{Date: validate.DateOf(start), HasTime: true,
						Time: validate.Clock{Hour: start.Hour(), Minute: start.Minute()}, Spans: []validate.Span{{}}}
				}
			}
		}
	}
	if t.st.Flow == "" && t.ended != "" && m.when.Found() && m.svc < 0 && !isAsking(&m) && !m.has(inCancel|inLate) && !m.mentions(alsoWords) &&
		!slices.ContainsFunc(m.words, func(w word) bool { return personWords[w.fold] }) && saysMistake(&m) {
		// "oups je me suis trompée, c'était pour vendredi" right after
		// booking: that booking moved, at its time unless another is said.
		if id := t.justHandled(); id != "" {
			asked := m.has(inMove) || m.staff >= 0 // "… but I'd like to change it to Inès"
			m.in = m.in&^(inBook|inWant) | inMove | inMine
			for _, b := range t.ownBookings() {
				if b.ID == id && business.DateOf(b.Start.In(t.loc)) == business.Date(m.when.Date) && m.when.EndDate.IsZero() &&
					m.mentions([]string{"next", "prochain", "prochaine", "suivant", "suivante"}) {
					m.when.Date = m.when.Date.AddDays(7) // "fri" booked, "sorry i meant next friday": the one after
				} else if b.ID == id && business.DateOf(b.Start.In(t.loc)) == business.Date(m.when.Date) && !m.when.HasTime && !asked {
					m.in &^= inMove | inMine // "je voulais vendredi, parfait": that is the day booked
				}
				if b.ID == id && !m.when.HasTime && m.when.EndDate.IsZero() {
					start := b.Start.In(t.loc)
					m.when.HasTime, m.when.Time = true, validate.Clock{Hour: start.Hour(), Minute: start.Minute()}
				}
			}
		}
	}
	if m.has(inBook) && !m.has(inCancel|inMove) && m.svc < 0 && m.mentionsPhrase(haveBookingPhrases) {
		switch {
		case m.mentions(seeWords) || isAsking(&m) && m.mentions(whenAskWords) && m.faq < 0 && !m.has(inAddress|inPrice|inDuration|inHours):
			// "j'ai rdv à quelle heure jeudi ?", "j'ai plusieurs rdv, je
			// voudrais les voir": the customer's bookings, not a new one.
			m.in = m.in&^(inBook|inWant) | inList | inMine
		case isAsking(&m) && !m.has(inWant) && (m.has(inAddress|inHours|inOpenQ|inPrice|inDuration) || m.faq >= 0):
			// "j'ai rdv vendredi, c'est où exactement ?": the question.
			m.in &^= inBook
			if !m.has(inHours | inOpenQ) {
				m.when = validate.When{} // the day is the booking's, not the question's
			}
		}
	}
	if m.has(inMove) && t.changesAThing(&m) {
		// "changer l'huile", "changer la batterie": a service, not a
		// move of the customer's booking.
		m.in &^= inMove
		if m.svc < 0 {
			m.svc = t.changeService(m) // "changer l'huile": the "changement d'huile"
		}
	}
	if m.has(inLate) && m.mentionsPhrase(haveBookingPhrases) {
		m.in &^= inBook | inWant // "j'ai rdv jeudi mais je serai en retard"
	}
	if m.has(inCancel) && !m.has(inMove|inPolicy|inList) && m.svc < 0 && m.ref == "" && !m.when.Found() && !m.mentionsPhrase(allPhrases) {
		if target := t.cancelTarget(m); target != "" {
			// "non, annulez-la plutôt" while moving it; "finalement
			// annulez-la" right after booking or moving it: that one.
			t.releaseIfHeld()
			t.st.clearDraft()
			t.st.Flow, t.st.Target = flowCancel, target
			t.taskStep(msg{svc: -1, svc2: -1, staff: -1, faq: -1, faq2: -1})
			return
		}
	}
	if m.has(inMine) && !m.has(inCancel) && m.mentionsShift() {
		m.in |= inMove // "mon rdv une heure plus tôt"
	}
	if m.choice >= 1 && m.has(inMove|inCancel) && m.mentionsAny(setOrdinals) && m.when.Date.Day == m.choice &&
		!m.when.HasTime && !m.mentionsAny(setMonths) && !m.mentionsAny(setWeekdays) {
		m.when = validate.When{} // "changer le premier": the first booking, not the 1st
	}
	if t.st.Flow == "" && t.changesOwn(&m) {
		m.in |= inMove | inMine // "can I make it an hour later?", "saturday same time instead"
		m.in &^= inAddress      // "je peux venir une heure plus tard ?"
	}
	if t.st.Flow == flowBook && t.st.Day != "" && t.st.Min > 0 && !m.has(inMove|inMine) {
		// "une heure plus tard" about the booking being made.
		if d, err := business.ParseDate(t.st.Day); err == nil {
			m.when, _ = shifted(&m, m.when, d.At(t.loc, t.st.Min-1))
		}
	}
	if m.svc < 0 && t.about != "" && t.st.Topic == topicPrice && t.ended == "" && !m.has(inNo|inCancel|inMove|inBook|inWant|inPrice|inDuration|inThanks) &&
		!isAsking(&m) && !m.mentions(notNowWords) && (m.has(inYes) && m.when.Found() && m.mentions(forWords) || m.mentionsPhrase(takeItPhrases)) {
		m.in |= inBook // "ok on fait ça", "ok pour samedi" after the price: book it
	}
	if m.svc < 0 && t.about != "" && t.st.Topic == topicPrice && !m.has(inNo|inCancel|inMove) && m.mentionsPhrase(addOnePhrases) {
		m.in |= inBook // "ok can i add one", "je peux en ajouter un ?" after the price, even after a booking
	}
	if m.svc < 0 && t.about != "" && m.in == 0 && m.when.Found() && isAsking(&m) {
		m.in |= inBook // "saturday morning?" right after the price: when it can be done
	}
	if m.svc < 0 && t.about != "" && m.has(inBook|inWant|inPrice|inDuration) && !m.has(inCancel|inMove|inList|inMine|inServices) &&
		!m.mentions(generalWords) && !slices.ContainsFunc(m.words, func(w word) bool { return personWords[w.fold] }) { // "mon mari voudrait…": his own service
		// "je peux en réserver une jeudi ?", "c'est combien ?": the
		// service the last answer was about.
		first, second, _ := strings.Cut(t.about, " ")
		if i := t.serviceIndex(first); i >= 0 {
			m.svc = i
			if j := t.serviceIndex(second); j >= 0 && (m.has(inBook|inWant) || m.mentionsPhrase(totalPhrases)) {
				m.svc2 = j // "ok je veux les deux samedi", "ça dure combien en tout ?" after the price of both
			}
		}
	}
	p := t.ev.Payload
	if p == "" && m.choice > 0 && !m.has(inYes|inNo) && m.svc < 0 {
		// A number typed in answer to a numbered menu: the channel showed
		// the choices as "1. …", "2. …" lines.
		if id, ok := menuEntry(t.st.Menu, m.choice); ok {
			p, m.choice = id, 0
		}
	}
	if p != "" {
		if id, ok := strings.CutPrefix(p, "service:"); ok {
			if i := t.serviceIndex(id); i >= 0 {
				m.svc = i
			}
		}
		if n, ok := strings.CutPrefix(p, "slot:"); ok {
			if i, err := strconv.Atoi(n); err == nil {
				m.choice = i
			} else if at, err := time.ParseInLocation(slotIDLayout, n, t.loc); err == nil {
				// A slot by its time: the one offered, or, from an older
				// list, that very time (never the same position in a newer
				// list).
				i := slices.IndexFunc(t.st.Offers, func(o slotRef) bool { return o.time(t.loc).Equal(at) })
				if i >= 0 {
					m.choice = i + 1
				} else {
					m.when = validate.When{Date: validate.DateOf(at), Time: validate.Clock{Hour: at.Hour(), Minute: at.Minute()}, HasTime: true,
						Spans: []validate.Span{{Start: 0, End: 0}}}
				}
			}
		}
		switch p {
		case "yes":
			m.in |= inYes
		case "no":
			m.in |= inNo
		}
		if n, ok := strings.CutPrefix(p, "booking:"); ok {
			m.ref = n
		}
	}
	if t.st.Ask == askName && p == "" && isAsking(&m) {
		switch {
		case m.staff >= 0 && (m.mentions(whoWords) || m.mentionsPhrase([]string{"c est qui", "who is", "who s"})):
			// "c'est qui Camille ?" at the name question: who she is, then
			// the question again.
			st := &t.e.b.Config.Staff[m.staff]
			var svcs []string
			for j := range t.e.b.Config.Services {
				if t.e.b.Config.Services[j].Performs(st.ID) {
					svcs = append(svcs, t.svcName(&t.e.b.Config.Services[j]))
				}
			}
			t.say("staff_who", P{"Name": st.Name, "Days": t.weekdays(st.Days), "Svcs": svcs})
			t.reask()
			return
		case m.mentions([]string{"pourquoi", "why"}) && m.mentions(nameWords):
			t.say("why_name", nil) // "pourquoi vous avez besoin de mon nom ?"
			t.reask()
			return
		}
	}
	if t.st.Ask == askName && p == "" {
		n := t.introducedName(m)
		if n == "" {
			n = spelledName(m.words)
		}
		if n == "" {
			n = t.capitalisedName(m)
		}
		if n == "" && m.name != "" && !isAsking(&m) && t.plausibleName(m.name) && !strings.EqualFold(m.name, strings.TrimSpace(m.text)) {
			n = m.name // "it's June Carter", "moi c'est Nathalie", "under Tom": the name after its introduction
		}
		if n == "" {
			n = t.answeredName(m)
		}
		if n == "" && m.name != "" && !isAsking(&m) && t.plausibleName(m.name) {
			n = m.name
		}
		if n != "" {
			m = msg{text: m.text, words: m.words, lang: m.lang, svc: -1, svc2: -1, staff: -1, faq: -1, faq2: -1, name: n}
		}
	}
	if len(m.words) == 0 && t.st.Ask == askName && isAlpha(text) && capitalised(text) && !strings.ContainsRune(text, ' ') {
		// "Ben": a hesitation word as a word, but a name as the answer.
		m = msg{text: text, words: []word{newWord(text, validate.Fold(text), "")}, lang: m.lang, svc: -1, svc2: -1, staff: -1, faq: -1, faq2: -1, name: title(text)}
	}
	if m.in == 0 && m.choice == 0 && t.ev.Attachment == "" && !hasLetterOrDigit(text) {
		// A blank message, "😍😍", "?": nothing to misunderstand (three
		// misunderstandings hand over to the team); the pending question
		// again, or an offer to help.
		before := len(t.parts)
		if t.st.Ask != "" {
			t.reask()
		}
		if len(t.parts) == before {
			t.say("how_help", nil) // no question pending, or none to ask again
		}
		return
	}
	if len(m.words) == 0 && m.in == 0 && m.choice == 0 {
		if a := t.ev.Attachment; a != "" && text == "" {
			// A voice note, a photo or a shared location alone: not a
			// misunderstanding, a message the bot cannot read.
			pending := t.st.Flow != "" && t.st.Ask != ""
			t.say("attachment", P{"Kind": a, "Address": t.e.b.Config.Address.In(t.lang(), t.e.b.DefaultLanguage()), "Pending": pending})
			if pending {
				t.reask() // the question the booking (or move) is waiting on
			}
			return
		}
		t.notUnderstood()
		return
	}
	if a := t.ev.Attachment; a != "" && a != "location" && !(onlySocial(&m) && t.e.match.onlySocialWords(m.words)) {
		// "Voici la coupe que j'aimerais" with a photo: the text is
		// answered, and the customer knows the photo was not seen.
		t.say("attachment_unseen", P{"Kind": a})
		t.noticeParts = len(t.parts)
	}
	if m.has(inProblem) && !isAsking(&m) {
		m.in |= inUpset // "j'ai un problème avec ma coloration"; not "un souci avec le parking ?"
	}
	if m.has(inUpset) && !m.has(inCancel|inMove) && (!m.has(inPolicy) || m.mentions(redoWords)) { // "…gratuitement": no question of fees
		books := m.has(inWant|inBook) && m.when.Found() || m.has(inBook) && m.svc >= 0
		if m.mentionsPhrase(frustratedPhrases) && !books {
			// "vous êtes nuls, ça fait 3 fois que je demande": sorry not
			// to understand, and the team.
			t.handoff("not_understood")
			return
		}
		if !books || m.mentions(redoWords) && m.mentions(freeWords) {
			// A complaint is for a person: an apology, then the team ("je
			// veux qu'on refasse ma couleur gratuitement", a booking asked
			// for free, too).
			t.handoff("complaint")
			return
		}
		// "ma couleur était ratée, je voudrais la refaire samedi": sorry,
		// and the booking.
		t.say("sorry", nil)
		m.in &^= inPrice
	}
	// "rappelez-moi mon rdv" is a reminder; "am I talking to a bot?" a
	// question, "un conseiller humain svp, pas le robot" a request.
	if m.has(inHuman) && !(m.has(inMine) && m.has(inList)) && !(m.has(inBotQ) && isAsking(&m)) && !(m.asksOtherStaff() && m.mentions(possessiveWords) && !m.mentionsPhrase(talkToPhrases)) &&
		!((m.avoid != 0 || m.asksOtherStaff() || m.mentionsPhrase(someoneElsePhrases)) && (m.svc >= 0 || m.has(inBook|inHaircut)) && !m.mentionsPhrase(talkToPhrases)) { // "a cut with someone other than Camille" is a booking
		t.handoff("asked")
		return
	}
	nameBefore := t.st.Name
	if m.name != "" && t.st.Ask != askName && !(t.st.Next != "" && (t.st.Together || t.st.Second) && t.otherPersonName(m) != "") {
		t.st.Name = m.name // not "his name is Dan" when booking for two: his
	}
	first := !t.st.Greeted
	if first {
		t.st.Greeted = true
		if m.has(inGreet) && !onlySocial(&m) {
			t.say("hello", P{"Name": addressName(t.st.Name), "Evening": t.evening()})
			if n := len(t.parts); n > 1 {
				// Before what was said already ("the children's cut is
				// for under-12s"): the greeting opens the reply.
				hello := t.parts[n-1]
				copy(t.parts[1:], t.parts[:n-1])
				t.parts[0] = hello
			}
		}
		// "Closed now, but I can still book": for a booking request, not
		// before an answer ("do you have parking?", "how much is…") nor a
		// cancellation.
		if wantsBooking(&m) {
			t.closedNotice()
		}
	}
	if m.phone == "" && t.voice && m.mentions(phoneWords) {
		// "mon numéro de portable c'est le zéro six trente-neuf…": a
		// number said in words.
		if p, err := t.parsePhone(m.text); err == nil {
			m.phone = p
		}
	}
	if m.phone != "" && t.st.Ask != askPhone {
		if p, ok := phoneFrom(t.ev.From); ok && p != m.phone {
			t.st.Typed = true // another number than the channel's, for the task under way
		}
		if m.phone != t.st.Phone && (t.st.Flow == flowMove || t.st.Flow == flowCancel || t.st.Flow == flowList) {
			// "non, celui que j'ai pris avec le 06…": a booking of that
			// number, found anew (with its reference).
			t.st.Target, t.st.Cands = "", nil
			if t.st.Ask == askConfirm || t.st.Ask == askWhich {
				t.st.Ask = ""
			}
		}
		t.st.Phone = m.phone
	}
	if m.has(inMove) && m.has(inCancel) {
		// "décaler à vendredi, sinon annulez-le": the first wish; the
		// fallback waits for an answer.
		low := strings.ToLower(text)
		for _, sep := range []string{" sinon ", ", sinon", " otherwise ", ", otherwise", " or else "} {
			if i := strings.Index(low, sep); i > 0 {
				m = t.understand(strings.TrimSpace(text[:i]))
				break
			}
		}
	}
	if t.st.Flow == "" && m.has(inMove|inCancel) && (m.has(inBook|inWant) || cancels(&m) && m.has(inMove)) {
		// Two tasks in one message: the first now, the second after it.
		if left, right, ok := t.twoTasks(m.text); ok {
			m, t.st.Pending = t.understand(left), right
		}
	}
	if t.st.Flow == "" && m.has(inMove) && !m.has(inCancel) && m.svc >= 0 && m.svc2 >= 0 && m.ref == "" {
		// "déplacer la coupe et la barbe à vendredi": the first of the
		// visit moved, then the second right after it.
		if a, b, ok := t.visitPair(m); ok {
			m.svc, m.svc2, m.ref = t.serviceIndex(a.Service), -1, a.ID
			t.st.Pending = pendingMoveAfter + b.ID + " " + a.Service
		}
	}
	if t.st.Flow == "" && m.svc >= 0 && m.svc2 >= 0 && !m.has(inMove|inCancel) && !m.when.Date.IsZero() {
		// "une couleur samedi 9h et un brushing mercredi 14h": two
		// bookings, each on its day, the second once the first is made.
		if left, right, ok := t.twoBookings(m.text); ok {
			whole := m
			m, t.st.Pending = t.understand(left), right
			if whole.name != "" && m.name == "" && t.st.Name == whole.name {
				t.st.Name = nameBefore // "…, her name is Linda Green" is the second booking's
			}
		}
	}
	if t.st.Flow != "" && t.inFlow(m) {
		t.thenAfter()
		return
	}
	t.route(m, first)
	t.thenAfter()
}

// twoTasks splits a message at "et", "and", "puis", "then" or a comma into
// two clauses that each ask for a different task (move, cancel, book).
func (t *turn) twoTasks(text string) (left, right string, ok bool) {
	task := func(m msg) string {
		switch {
		case cancels(&m):
			return flowCancel
		case m.has(inMove):
			return flowMove
		case wantsBooking(&m) && m.svc >= 0 && m.has(inBook|inWant):
			// Not "pour la consultation de lundi, je voudrais changer de
			// dentiste": a booking named, then what to do with it.
			return flowBook
		}
		return ""
	}
	return splitClauses(text, []string{" et ", " and ", " puis ", " then ", ", "}, func(l, r string) (string, string, bool) {
		first, _, _ := strings.Cut(validate.Fold(r), " ")
		if first == "sinon" || first == "otherwise" || first == "or" || first == "ou" || first == "else" {
			return "", "", false // "décaler à vendredi, sinon annulez": one task or the other
		}
		a, b := task(t.understand(l)), task(t.understand(r))
		return l, r, a != "" && b != "" && a != b
	})
}

// twoBookings splits a message at "et", "and" or a comma into two clauses
// that each name one service and its own day.
func (t *turn) twoBookings(text string) (left, right string, ok bool) {
	return splitClauses(text, []string{" et ", " and ", ", ", " + "}, func(l, r string) (string, string, bool) {
		a, b := t.understand(l), t.understand(r)
		if a.svc < 0 || b.svc < 0 || a.svc2 >= 0 || b.svc2 >= 0 || a.when.Date.IsZero() || !a.when.EndDate.IsZero() || !b.when.EndDate.IsZero() {
			return "", "", false
		}
		switch {
		case !b.when.Date.IsZero() && a.when.Date != b.when.Date:
			return l, r, true // "une couleur samedi 9h et un brushing mercredi 14h"
		case a.when.HasTime && b.when.HasTime && a.when.Time != b.when.Time && (b.when.Date.IsZero() || b.when.Date == a.when.Date):
			// "une couleur samedi à 9h et un brushing (samedi) à 15h": that
			// day at its own time.
			if b.when.Date.IsZero() {
				r += " " + a.when.Date.String()
			}
			return l, r, true
		}
		return "", "", false
	})
}

// splitClauses tries, separator by separator, every place text splits at
// one, and returns the first split try accepts (try may rewrite the two
// clauses, which come trimmed).
func splitClauses(text string, seps []string, try func(l, r string) (string, string, bool)) (left, right string, ok bool) {
	low := strings.ToLower(text)
	for _, sep := range seps {
		for from := 0; ; {
			i := strings.Index(low[from:], sep)
			if i < 0 {
				break
			}
			i += from
			from = i + len(sep)
			if l, r, ok := try(strings.TrimSpace(text[:i]), strings.TrimSpace(text[i+len(sep):])); ok {
				return l, r, true
			}
		}
	}
	return "", "", false
}

// thenAfter takes up the second task of a message once the first has
// ended (booked, moved, cancelled or given up), in the same reply.
func (t *turn) thenAfter() {
	if t.st.Pending == "" || t.st.Flow != "" || t.err != nil {
		return
	}
	rest := t.st.Pending
	t.st.Pending = ""
	n := len(t.parts)
	if after, ok := strings.CutPrefix(rest, pendingMoveAfter); ok {
		t.moveAfter(after)
		return
	}
	t.route(t.understand(rest), false)
	if n > 0 && len(t.parts) == n+1 && t.parts[n] == t.parts[n-1] {
		t.parts = t.parts[:n] // "je ne trouve aucun rendez-vous" once
		if len(t.speech) > n {
			t.speech = t.speech[:n]
		}
	}
}

// pendingMoveAfter starts a Pending that moves the second booking of a
// visit right after the first once the first is moved: the second's id
// and the first's service follow it.
const pendingMoveAfter = "\x01move-after:"

// visitPair returns the two bookings of one visit that a move naming two
// services names ("déplacer la coupe et la barbe à vendredi"): one
// starting where the other ends, in that order.
func (t *turn) visitPair(m msg) (first, second Booking, ok bool) {
	var a, b []Booking
	for _, bk := range t.ownBookings() {
		switch t.serviceIndex(bk.Service) {
		case m.svc:
			a = append(a, bk)
		case m.svc2:
			b = append(b, bk)
		}
	}
	if len(a) != 1 || len(b) != 1 {
		return Booking{}, Booking{}, false
	}
	switch {
	case b[0].Start.Equal(a[0].BlockEnd):
		return a[0], b[0], true
	case a[0].Start.Equal(b[0].BlockEnd):
		return b[0], a[0], true
	}
	return Booking{}, Booking{}, false
}

// moveAfter moves the second booking of a visit right after the first,
// moved in this turn: rest is the second's id and the first's service.
func (t *turn) moveAfter(rest string) {
	id, svc, _ := strings.Cut(rest, " ")
	var moved *Booking
	for _, b := range t.out.Effects.Book {
		if b.Service == svc && b.Customer.Phone == t.st.Phone {
			moved = &b
		}
	}
	if moved == nil {
		return // the first was not moved: the second stays
	}
	if !slices.ContainsFunc(t.upcoming(), func(b Booking) bool { return b.ID == id }) {
		return // the second is gone meanwhile
	}
	at := moved.BlockEnd.In(t.loc)
	m := msg{svc: -1, svc2: -1, staff: -1, faq: -1, faq2: -1, in: inMove | inMine, ref: id, lang: t.lang(),
		when: validate.When{Date: validate.DateOf(at), HasTime: true, Time: validate.Clock{Hour: at.Hour(), Minute: at.Minute()}, Spans: []validate.Span{{}}}}
	t.route(m, false)
}

// menuEntry returns the n-th (1-based) id of a menu as the session keeps
// it: comma-separated choice ids.
func menuEntry(menu string, n int) (string, bool) {
	for i := 1; menu != ""; i++ {
		id, rest, _ := strings.Cut(menu, ",")
		if i == n {
			return id, true
		}
		menu = rest
	}
	return "", false
}

// menuOf is what the session keeps of the choices a reply offers: their
// ids, unless the choices are slots or bookings, which the session keeps
// already (Offers, Cands).
func menuOf(choices []Choice) string {
	if len(choices) == 0 || strings.HasPrefix(choices[0].ID, "slot:") || strings.HasPrefix(choices[0].ID, "booking:") {
		return ""
	}
	ids := make([]string, len(choices))
	for i, c := range choices {
		ids[i] = c.ID
	}
	return strings.Join(ids, ",")
}

// serviceIndex returns the index of the service with this id, or -1.
func (t *turn) serviceIndex(id string) int {
	for i := range t.e.b.Config.Services {
		if t.e.b.Config.Services[i].ID == id {
			return i
		}
	}
	return -1
}

// onlySocial reports whether the message is only a greeting, thanks or bye.
func onlySocial(m *msg) bool {
	return m.in&^(inGreet|inThanks|inBye|inYes) == 0 && m.svc < 0 && !m.when.Found() && m.faq < 0 && m.name == "" && m.phone == ""
}

// onlySocialOrNo is onlySocial, a "non" allowed.
func onlySocialOrNo(m msg) bool {
	m.in &^= inNo
	return onlySocial(&m)
}

// movesOwn reports whether a message asking to move names the customer's
// own booking ("décaler ma couleur", "move my haircut", "le décaler") rather
// than a service to book: a possessive or a pronoun, or a customer with
// bookings to come. A service whose own name reads as a move ("changer mes
// pneus" for a "changement de pneus") is booked.
func (t *turn) movesOwn(m *msg) bool {
	if m.svc >= 0 && t.moveInName(m.svc) {
		return false
	}
	if m.mentions(possessiveWords) || m.mentions(pronounWords) {
		return true
	}
	return t.st.Phone != "" && len(t.ownBookings()) > 0
}

// asksLanguage reports whether m asks for a language ("do you speak
// English?", "en français svp") and switches to it when the business
// speaks it.
func (t *turn) asksLanguage(m *msg) bool {
	lang := ""
	switch {
	case m.mentionsPhrase(askEnglishPhrases):
		lang = "en"
	case m.mentionsPhrase(askFrenchPhrases):
		lang = "fr"
	case m.mentionsPhrase(whichLanguagesPhrases):
		return true // "which languages do you speak?": said, in the conversation's language
	default:
		return false
	}
	if t.e.b.Supports(lang) {
		t.st.Lang = lang
	}
	return true
}

// changesAThing reports whether the only move word of m is "changer" /
// "change" followed by a thing that is no booking, time or service
// ("changer l'huile", "change the battery"); "changer mon rdv", "changer
// ma couleur", "changer de jour" are moves.
func (t *turn) changesAThing(m *msg) bool {
	at := -1
	for i, w := range m.words {
		switch w.fold {
		case "changer", "change", "changez", "changes":
			at = i
		case "deplacer", "decaler", "reporter", "avancer", "repousser", "move", "reschedule", "modifier":
			return false
		}
	}
	if at < 0 {
		return false
	}
	j := at + 1
	if j < len(m.words) && changeFollowers[m.words[j].fold] {
		return false // "changer pour samedi", "changer à 15h", "change to 3pm", "changer svp"
	}
	for j < len(m.words) && (articles[m.words[j].fold] || slices.Contains(possessiveWords, m.words[j].fold) || m.words[j].fold == "mes" || m.words[j].fold == "your") {
		j++
	}
	if j >= len(m.words) || m.words[j].fold == "" || isDigits(strings.TrimRight(m.words[j].fold, "hm")) {
		return false // "je voudrais changer", "le changer ?", "changer à 15h"
	}
	w := m.words[j]
	if changeFollowers[w.fold] {
		return false // "changer pour samedi", "changer à 15h", "change to 3pm", "changer svp"
	}
	if _, ordinal := ordinals[w.fold]; ordinal || bookingNouns[w.fold] || slices.Contains(pronounWords, w.fold) || weekdayWords[w.fold] || isDigits(w.fold) || t.isStaffName(w.fold) {
		return false
	}
	if m.svc >= 0 && m.svcAt == j && !t.moveInName(m.svc) {
		return false // "changer ma couleur": the booking of the colour
	}
	return true
}

// changeService is the service named "changement de X" (or a synonym so
// named) that "changer (le, la, les, mes) X" asks for, or -1.
func (t *turn) changeService(m msg) int {
	for i, w := range m.words {
		if w.fold != "changer" && w.fold != "change" && w.fold != "changez" {
			continue
		}
		j := i + 1
		for j < len(m.words) && (articles[m.words[j].fold] || slices.Contains(possessiveWords, m.words[j].fold) || m.words[j].fold == "mes") {
			j++
		}
		for k := range t.e.b.Config.Services {
			svc := &t.e.b.Config.Services[k]
			var names []string
			for _, n := range svc.Name {
				names = append(names, n)
			}
			for _, syns := range svc.Synonyms {
				names = append(names, syns...)
			}
			for _, n := range names {
				toks := strings.Fields(validate.Fold(n))
				if len(toks) < 3 || !strings.HasPrefix(toks[0], "changement") || toks[1] != "de" && toks[1] != "d" {
					continue
				}
				if matchFold(m.words, j, toks[2:]) {
					return k
				}
			}
		}
	}
	return -1
}

// capitalisedName reads the answer to "what name?" written as a first
// and last name with capitals, between social words ("ok Lucie Moreau",
// "John Smith, thanks"), whatever its words also mean ("Jean Bon",
// "Alain Dimanche"); "" otherwise.
func (t *turn) capitalisedName(m msg) string {
	if isAsking(&m) || m.phone != "" || m.has(inStop|inNo|inHuman|inCancel) {
		return "" // "Laissez Tomber", "Tant Pis"
	}
	fields := strings.Fields(strings.Trim(m.text, " .!,"))
	staffWords := 0 // "Karim Dubois" is a customer; "Karim Benali", the dentist
	for _, f := range fields {
		if t.e.match.staffNames[validate.Fold(f)] {
			staffWords++
		}
	}
	if len(fields) >= 2 && len(fields) <= 3 && staffWords < len(fields) &&
		!slices.ContainsFunc(fields, func(f string) bool {
			fold := validate.Fold(f)
			return !isAlpha(f) || !capitalised(f) || titleWords[fold] || t.e.match.social[stem(fold)] && !weekdayWords[fold] ||
				t.e.match.fr[fold] || t.e.match.en[fold] && !weekdayWords[fold] || slices.Contains(insteadWords, fold) ||
				fillerWords[fold] || notNames[fold] || t.e.match.stop[fold] || personWords[fold]
		}) && !weekdayWords[validate.Fold(fields[0])] { // "Samedi Plutôt" is a day
		// "Jean Bon", "Alain Dimanche": capitals, nothing else.
		for i, f := range fields {
			fields[i] = title(f)
		}
		return strings.Join(fields, " ")
	}
	words := m.words
	social := func(w word) bool { return w.fold == "" || t.e.match.social[w.can] && !weekdayWords[w.fold] }
	for len(words) > 0 && social(words[0]) {
		words = words[1:] // "ok Lucie Moreau", "Oui, Lucie Moreau"
	}
	for len(words) > 0 && social(words[len(words)-1]) && !capitalised(words[len(words)-1].raw) {
		words = words[:len(words)-1] // "Lucie Moreau merci"
	}
	if len(words) < 2 || len(words) > 3 || len(words) == len(m.words) {
		return "" // nothing social around it: answeredName reads it
	}
	parts := make([]string, 0, len(words))
	for _, w := range words {
		if !isAlpha(w.raw) || !capitalised(w.raw) || titleWords[w.fold] && len(parts) > 0 || t.e.match.stop[w.fold] || t.e.match.fr[w.fold] ||
			personWords[w.fold] || notNames[w.fold] {
			return "" // "C Est Pour Ma Fille"
		}
		parts = append(parts, title(w.raw))
	}
	return strings.Join(parts, " ")
}

// asksWhatStaffDoes reports whether m asks whether a stylist does a
// service ("Inès fait les couleurs ?", "does Hugo do beards?") rather than
// asks for one ("une couleur avec Inès ?", "Inès peut me faire une
// couleur ?", "can Inès do my colour?").
func (t *turn) asksWhatStaffDoes(m msg) bool {
	if ownPossessive(m.words) || m.mentions(withWords) || m.mentions(requestWords) {
		return false
	}
	st := &t.e.b.Config.Staff[m.staff]
	names := strings.Fields(validate.Fold(st.Name)) // any word of the name: "Inès", "Dr Benali", "Karim"
	for i, w := range m.words {
		if !slices.Contains(names, w.fold) && w.fold != validate.Fold(st.ID) || titles[w.fold] {
			continue
		}
		next := i + 1
		if next < len(m.words) && (m.words[next].fold == "elle" || m.words[next].fold == "il") {
			next++ // "Inès elle fait les couleurs ?"
		}
		if next < len(m.words) && doesWords[m.words[next].fold] || i > 0 && (m.words[i-1].fold == "does" || m.words[i-1].fold == "est" || m.words[i-1].fold == "is") {
			return true
		}
	}
	return false
}

// saysMistake reports whether m corrects the booking just made: "je me
// suis trompée", "oups", or "c'était pour", "je voulais", "I meant" right
// before the day ("c'était pour vendredi").
func saysMistake(m *msg) bool {
	if m.mentionsPhrase(mistakePhrases) {
		return true
	}
	if len(m.words) >= 2 && m.words[0].fold == "make" && m.words[1].fold == "it" {
		return true // "make it 3:30" (not "I'll make it there by 10:45")
	}
	for i := range m.words {
		for _, p := range mistakeBeforeDayPhrases {
			if !foldsAt(m.words, i, p) {
				continue
			}
			j := i + strings.Count(p, " ") + 1
			if j < len(m.words) && (articles[m.words[j].fold] || m.words[j].fold == "next" || m.words[j].fold == "this" || m.words[j].fold == "ce") {
				j++ // "i meant next friday", "je voulais dire ce samedi"
			}
			if j < len(m.words) && (weekdayWords[m.words[j].fold] || dayOf(m.words[j].fold) >= 0 && m.words[j].fold != "mon" || isDigits(m.words[j].fold) || m.words[j].fold == "demain" || m.words[j].fold == "tomorrow") {
				return true
			}
		}
	}
	return false
}

// cancelsOtherwise reports whether the cancellation in m comes after an
// "otherwise" that follows another wish: "mardi plutôt ? sinon j'annule",
// not "Sinon, j'aimerais annuler mon rendez-vous" (sinon: besides).
func cancelsOtherwise(m *msg) bool {
	other, wish := -1, false
	for i, w := range m.words {
		if other < 0 && (slices.Contains(otherwiseWords, w.fold) || slices.ContainsFunc(otherwisePhrases, func(p string) bool { return foldsAt(m.words, i, p) })) {
			other = i
			continue
		}
		if other < 0 && (w.raw == "." || w.raw == "!") {
			wish = false // a wish of another sentence
		}
		if other < 0 && (weekdayWords[w.fold] || slices.Contains(insteadWords, w.fold) || strings.HasPrefix(w.fold, "deplac") || strings.HasPrefix(w.fold, "decal")) {
			wish = true // "mardi plutôt ?", "vous pouvez le décaler"
		}
		if other > 1 && wish && (strings.Contains(w.fold, "annul") || strings.HasPrefix(w.fold, "cancel")) {
			return true
		}
	}
	return false
}

// cancelTarget is the booking a cancellation without a name means: the
// one being moved, or the one booked or moved by the last turn; "" for
// none.
func (t *turn) cancelTarget(m msg) string {
	if !cancelsIt(&m) && !m.mentions(insteadWords) && !m.mentions(preferWords) {
		return "" // "non annulez", "je voudrais aussi annuler": not the booking in hand
	}
	if t.st.Flow == flowMove && t.st.Target != "" && t.st.Target != allBookings {
		return t.st.Target
	}
	if t.st.Flow != "" || m.mentions(otherWords) || !cancelsIt(&m) {
		return "" // "annulez-la", "finalement, annulez", "cancel it"; not "le rdv de mon mari"
	}
	return t.justHandled()
}

// cancelsIt reports whether m cancels "it": the cancel verb alone or with
// a pronoun right after it, at the end of a clause ("annulez-la",
// "finalement, annulez", "l'annuler", "cancel it").
func cancelsIt(m *msg) bool {
	for i, w := range m.words {
		if !strings.Contains(w.fold, "annul") && !strings.HasPrefix(w.fold, "cancel") {
			continue
		}
		if i > 0 && (m.words[i-1].fold == "l" || m.words[i-1].fold == "le" || m.words[i-1].fold == "la") {
			return true // "je voudrais l'annuler", "je veux la annuler"
		}
		j := i + 1
		if j >= len(m.words) || !slices.Contains(pronounWords, m.words[j].fold) {
			return false // "annulez", "je voudrais aussi annuler": which one is not said
		}
		j++
		return j >= len(m.words) || m.words[j].fold == "" || slices.Contains(insteadWords, m.words[j].fold)
	}
	return false
}

// justHandled is the booking the last turn made or moved, or "".
func (t *turn) justHandled() string {
	if t.ended == "" {
		return ""
	}
	unix, staff, _ := strings.Cut(t.ended, " ")
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil {
		return ""
	}
	for _, b := range t.ownBookings() {
		if b.BlockEnd.Unix() == sec && b.Staff == staff {
			return b.ID
		}
	}
	return ""
}

// pastToday reports whether w is a time of today already past ("aujourd'hui
// 9h" at ten), which offers today's later times rather than asking again.
func (t *turn) pastToday(w validate.When) bool {
	return w.Problem.Kind == validate.ProblemPast && w.HasTime && w.EndDate.IsZero() && business.Date(w.Date) == business.DateOf(t.now)
}

// wantsUnknown reports whether m asks for something the engine does not
// know right after the wish: "je voudrais un lissage brésilien", not "je
// voudrais un renseignement" nor "je voudrais me faire belle pour un
// mariage".
func (t *turn) wantsUnknown(m *msg) bool {
	for i, w := range m.words {
		if !wantVerbs[w.fold] || i+2 >= len(m.words) || !articles[m.words[i+1].fold] {
			continue
		}
		x := m.words[i+2]
		return len(x.fold) >= 4 && !requestNouns[x.fold] && !t.e.match.vocab[x.can] && !t.e.match.stop[x.fold] && !t.e.match.fr[x.fold] && !t.e.match.en[x.fold]
	}
	return false
}

// asksUnknownService reports whether m asks "et un lissage ?", "and
// perms?": "et"/"and", maybe an article, then a word of five letters or
// more the engine does not know.
func (t *turn) asksUnknownService(m msg) bool {
	for i, w := range m.words {
		if w.fold != "et" && w.fold != "and" && w.fold != "what" {
			continue
		}
		j := i + 1
		if j < len(m.words) && (m.words[j].fold == "about" || m.words[j].fold == "pour") {
			j++
		}
		if j < len(m.words) && articles[m.words[j].fold] {
			j++
		}
		if j >= len(m.words) {
			return false
		}
		x := m.words[j]
		return len(x.fold) >= 5 && !requestNouns[x.fold] && !t.e.match.vocab[x.can] && !t.e.match.stop[x.fold] && !t.e.match.fr[x.fold] &&
			!t.e.match.en[x.fold] && !t.e.match.real[x.fold] && !capitalised(x.raw)
	}
	return false
}

// namesService reports whether m names service i by one of its names or
// synonyms, rather than by a word for any cut ("une coupe").
func (t *turn) namesService(m msg, i int) bool {
	svc := &t.e.b.Config.Services[i]
	for _, n := range svc.Name {
		if m.mentionsPhrase([]string{validate.Fold(n)}) {
			return true
		}
	}
	for _, syns := range svc.Synonyms {
		for _, n := range syns {
			if m.mentionsPhrase([]string{validate.Fold(n)}) {
				return true
			}
		}
	}
	return false
}

// tooLateToday reports whether nothing of [from, to) on today's d can
// still start after the minimum notice, whatever is booked.
func (t *turn) tooLateToday(d business.Date, svc *business.Service, from, to int) bool {
	earliest := t.earliest()
	if business.DateOf(earliest.In(t.loc)) != d {
		return true
	}
	min := minuteOf(earliest.In(t.loc))
	last := t.latestStart(d, svc)
	return last < 0 || min > last || min >= to
}

// pastMismatch reports whether w names a past date with another weekday
// ("je suis venue le 3 décembre… samedi"): the weekday is the wish.
func (t *turn) pastMismatch(w validate.When) bool {
	return w.Problem.Kind == validate.ProblemWeekdayMismatch && business.Date(w.Problem.Date).Before(business.DateOf(t.now))
}

// bye says goodbye, returning the good evening the customer wished.
func (t *turn) bye(m msg) {
	t.say("bye", P{"Name": addressName(t.st.Name), "Evening": t.evening() || m.mentionsPhrase(eveningPhrases)})
}

// addressName is how a greeting names the customer: the first name
// ("Bonjour Marie", not "Bonjour Marie Dupont"), or the whole name when it
// starts with a title ("Mme Dupont").
func addressName(name string) string {
	first, _, ok := strings.Cut(name, " ")
	if f := validate.Fold(strings.TrimSuffix(first, ".")); !ok || titleWords[f] || nameParticles[f] || len(f) <= 2 {
		return name // "Mme Dupont", "Da Silva", "Le Goff"
	}
	return first
}

// factQuestion reports whether m only asks one of the business's facts
// (hours, address, prices, services, an FAQ entry), which the assistant
// answers even while the team has the conversation.
func (t *turn) factQuestion(m msg) bool {
	return isQuestion(&m) && (m.has(inHours|inOpenQ|inAddress|inServices|inClosed) || m.has(inPrice|inDuration) && (m.svc >= 0 || m.mentions(allPricesWords) || m.mentions([]string{"everything"})) || m.faq >= 0) &&
		!m.has(inBook|inWant|inMove|inCancel|inList|inMine|inHuman|inUpset) && m.ref == "" && m.phone == ""
}

// changesOwn reports whether a message outside any task changes the time
// of the customer's booking without saying "move": a shift ("an hour
// later"), the same time or day ("saturday same time instead"), or "earlier"
// or "later" with a time ("earlier on the day, like 1.30"). Only for a
// customer with a booking to come.
func (t *turn) changesOwn(m *msg) bool {
	ownSvc := m.svc >= 0 && m.svcAt > 0 && slices.Contains(possessiveWords, m.words[m.svcAt-1].fold) // "mon brushing même heure samedi"
	if ownSvc && m.mentions(relativeWords) && !m.has(inCancel|inList|inMove|inPrice|inDuration) {
		return t.st.Phone != "" && len(t.ownBookings()) > 0 // "je peux venir plus tôt pour ma coupe femme ?"
	}
	if m.svc >= 0 && !ownSvc || m.has(inCancel|inList|inMove|inOpenQ|inPrice|inDuration|inContact|inClosed) || m.has(inBook) && !ownSvc && !(ownPossessive(m.words) && m.mentionsShift()) || m.ref != "" || m.faq >= 0 ||
		m.has(inAddress) && !m.mentionsShift() || // "je peux venir une heure plus tard ?" is no question about the address
		m.has(inHours) && !m.mentionsShift() { // "an hour later" is no question about the hours
		return false
	}
	if m.staff >= 0 && m.svc < 0 && !m.when.Found() && (m.mentions(insteadWords) || m.mentionsPhrase([]string{"a la place", "au lieu", "je prefere", "i prefer", "i d prefer", "i d rather"})) &&
		t.ended != "" && t.justHandled() != "" {
		return true // "can I have Inès instead?" right after booking: that booking, with her
	}
	if m.svc < 0 && !m.when.Found() && (m.mentionsPhrase(earlierSameDayPhrases) || m.mentionsPhrase(laterSameDayPhrases)) &&
		t.ended != "" && t.justHandled() != "" {
		return true // "je peux venir un peu plus tard ?" right after booking: later that day
	}
	if !m.mentionsShift() && !m.mentionsPhrase(sameTimePhrases) && !m.mentionsPhrase(sameDayPhrases) &&
		!(m.when.HasTime && m.mentions(relativeWords)) && !(m.when.Found() && (m.mentions(insteadWords) || m.mentionsPhrase([]string{"a la place", "au lieu"}))) {
		return false
	}
	return t.st.Phone != "" && len(t.ownBookings()) > 0
}

// moveInName reports whether a service's own name reads as a move
// ("changement de pneus"): then "changer mes pneus" books one.
func (t *turn) moveInName(svc int) bool {
	for _, name := range t.e.b.Config.Services[svc].Name {
		if t.understand(name).has(inMove) {
			return true
		}
	}
	return false
}

// declines reports a "non merci", "no thanks": the customer leaves the task.
func declines(m *msg) bool {
	return m.has(inNo) && m.has(inThanks) && !m.has(inYes) && !m.when.Found() && m.svc < 0 && m.staff < 0 && m.choice == 0
}

// wantsBooking reports whether the message asks for a new booking.
func wantsBooking(m *msg) bool {
	if m.has(inCancel|inMove|inList|inMine|inStop) || m.has(inPrice|inDuration) && !m.has(inBook) {
		return false
	}
	return m.has(inBook|inWant|inHaircut) || m.svc >= 0 && m.when.Found()
}

// questionWords ask a question wherever they stand: "c'est jusqu'à quel
// âge", "ça dure combien".
var questionWords = map[string]bool{"quel": true, "quelle": true, "quels": true, "quelles": true, "combien": true, "pourquoi": true, "comment": true}

// isAsking reports whether the message is a question: a question mark, or
// an English question word first.
func isAsking(m *msg) bool {
	for _, w := range m.words {
		if w.raw == "?" || questionWords[w.fold] {
			return true
		}
	}
	return len(m.words) > 0 && (m.words[0].fold == "is" || m.words[0].fold == "do" || m.words[0].fold == "when" || m.words[0].fold == "what" ||
		m.words[0].fold == "am" || m.words[0].fold == "are")
}

// asksPolicy reports whether the message asks about the rules for
// cancelling or moving ("il y a des frais ?", "cancellation policy").
// changesService reports whether a move word in a message is the
// service's own name ("can I change my tyres?" for a "tyre change", see
// moveInName) from a customer with no booking to move: a booking.
func (t *turn) changesService(m *msg) bool {
	return m.svc >= 0 && m.ref == "" && t.moveInName(m.svc) && len(t.ownBookings()) == 0
}

// asksWindow reports whether a message asks how far ahead one may book
// ("on peut réserver combien de temps à l'avance ?", "how far ahead can I
// book?"), naming no day.
func asksWindow(m *msg) bool {
	return m.has(inWindow) && !m.has(inCancel|inMove) && m.svc < 0 &&
		(!m.when.Found() || m.mentionsPhrase([]string{"in advance", "a l avance", "d avance", "ahead"})) // "how far in advance can i book? want something mid feb"
}

func asksPolicy(m *msg) bool {
	return m.has(inPolicy) && m.has(inCancel|inMove)
}

// flowOf is the task a message about the customer's booking asks for.
func flowOf(m *msg) string {
	if cancels(m) {
		return flowCancel
	}
	return flowMove
}

// cancels reports whether a message asks to cancel: a cancel word, or
// "je ne pourrai pas venir" without any word of moving.
func cancels(m *msg) bool {
	if !m.has(inCancel) {
		return false // the usual case: no phrase to look for
	}
	moves := m.has(inMove) || m.mentionsPhrase(sameTimePhrases) || m.mentionsPhrase(sameDayPhrases) || m.mentionsShift()
	return !moves || m.mentions(cancelWords)
}

// asksOwn reports whether a question is about the customer's own
// bookings: "ce que j'ai réservé", "mes rendez-vous", "je suis avec qui".
func asksOwn(m *msg) bool {
	return m.has(inMine) || m.mentionsPhrase(ownPhrases)
}

// answerPolicy states the business's cancellation and change notice.
func (t *turn) answerPolicy() {
	t.st.Topic = topicOther
	t.say("cancel_policy", P{"Notice": t.e.b.Policy.CancellationNotice, "Phone": t.e.b.HandoffPhone()})
}

func isQuestion(m *msg) bool {
	return m.faq >= 0 || m.has(inHours|inAddress|inPrice|inDuration|inServices|inContact|inStaffQ|inClosed)
}

// route starts a task from a message outside any flow.
func (t *turn) route(m msg, first bool) {
	if (m.mentionsAny(setHealth) && strings.Contains(m.text, "?") || m.faq < 0 && m.mentionsAny(setDeposit) && isAsking(&m)) && !m.has(inCancel|inMove|inList) {
		// "is the colour safe during pregnancy?": not for the file (nor
		// for a price) to say; who can.
		t.say("no_answer", P{"Phone": t.e.b.HandoffPhone()})
		return
	}
	if m.has(inForeign) && m.svc < 0 && m.staff < 0 && m.ref == "" && !m.has(inHours|inAddress) {
		// "Hola, quiero una cita": said in the languages spoken here.
		t.say("languages", P{"Both": len(t.e.b.Config.Languages) > 1})
		return
	}
	if m.in != 0 || m.svc >= 0 || m.when.Found() || m.faq >= 0 || m.name != "" || m.phone != "" || m.ref != "" {
		t.st.Miss = 0
	}
	// A follow-up of the last question ("et Inès ?", "et au mois d'août ?").
	// "et Inès ?" keeps the day asked about, "et jeudi ?" the stylist.
	if staff, day, ok := t.staffTopic(); ok && m.in&^(inGreet|inYes|inToday) == 0 && m.svc < 0 && m.faq < 0 &&
		(m.staff >= 0 || m.when.Found() && !m.when.HasTime && !isSpan(m.when)) {
		if m.staff < 0 {
			m.staff = staff
		} else if !m.when.Found() && !day.IsZero() {
			m.when.Date = day
		}
		t.answerStaffDays(m)
		return
	}
	if staff, day, ok := t.staffTopic(); ok && m.staff < 0 && (m.svc >= 0 || m.has(inBook|inWant) || m.when.Found() && isAsking(&m)) && !m.has(inCancel|inMove|inList) &&
		m.mentionsPhrase(staffPronounPhrases) {
		// "Inès est là samedi ?" … "je voudrais un brushing avec elle":
		// Inès, that day unless another is said.
		m.staff = staff
		if !m.when.Found() && !day.IsZero() {
			m.when.Date, m.when.Spans = day, []validate.Span{{}}
		} else if !day.IsZero() && m.when.HasTime && m.when.Date.IsZero() && m.when.EndDate.IsZero() {
			m.when.Date = day
		}
	}
	if isHoursTopic(t.st.Topic) && m.in&^(inGreet|inYes) == 0 && m.svc < 0 && m.faq < 0 && m.when.Date.IsZero() && m.mentionsAny(setMonths) {
		t.answerClosures(m.when, false)
		return
	}
	// A follow-up of the last question ("et lundi ?", "et le balayage ?").
	if t.st.Topic == topicPrice && m.svc < 0 && m.staff < 0 && m.faq < 0 && m.when.Found() && m.when.Problem.Kind == validate.ProblemNone &&
		m.in&^(inGreet|inYes|inThanks|inBook|inWant) == 0 {
		// "c combien un brushing ?" then "samedi 10h": that service (or
		// both services priced together), then.
		first, second, _ := strings.Cut(t.about, " ")
		if i := t.serviceIndex(first); i >= 0 {
			m.svc, m.svc2 = i, t.serviceIndex(second)
			m.in |= inBook
			t.startBook(m)
			return
		}
	}
	if t.st.Topic != "" && m.faq < 0 && (m.in&^(inGreet|inYes) == 0 && m.when.Found() && m.svc < 0 && isHoursTopic(t.st.Topic) ||
		m.in&^(inGreet|inYes) == 0 && m.svc >= 0 && !m.when.Found() && t.st.Topic == topicPrice ||
		m.in&^(inGreet|inYes|inHaircut) == 0 && m.svc >= 0 && !m.when.Found() && t.st.Topic == topicWho) {
		switch {
		case isHoursTopic(t.st.Topic):
			m.in |= inHours
		case t.st.Topic == topicWho:
			m.in |= inStaffQ // "qui fait les couleurs ?", then "et les coupes homme ?"
		default:
			m.in |= inPrice
		}
		t.answer(m)
		return
	}
	if m.svc < 0 && t.st.Phone != "" && t.phoneVerified() && m.mentionsAny(setLastTimeStarts) && m.mentionsPhrase(lastTimePhrases) {
		// "same as last time", "comme d'habitude": the service and stylist
		// of the customer's last past booking.
		if last, ok := t.lastBooking(); ok {
			m.svc = t.serviceIndex(last.Service)
			for i, st := range t.e.b.Config.Staff {
				if st.ID == last.Staff && m.staff < 0 {
					m.staff = i
				}
			}
			m.in |= inBook
		} else {
			// No visit to repeat: said, and the service asked for.
			t.say("no_last_visit", nil)
			m.in |= inBook
		}
	}
	bookish := (m.has(inBook) || m.svc >= 0 || m.has(inHaircut) || m.has(inWant) && m.when.Found()) &&
		!(m.has(inStaffQ|inServices) && !m.has(inBook|inWant) && (!m.when.Found() || m.has(inStaffQ) && m.mentions(whoWords))) // "qui fait les couleurs (mardi) ?"
	switch {
	case m.staff >= 0 && m.has(inWorks) && m.svc < 0 && !m.has(inBook|inWant|inCancel|inMove):
		t.answerStaffDays(m)
	case m.staff >= 0 && m.svc >= 0 && m.svc2 < 0 && isAsking(&m) && !m.when.Found() && !m.has(inBook|inWant|inCancel|inMove|inPrice|inDuration|inMine) &&
		t.asksWhatStaffDoes(m):
		// "Inès fait les couleurs ?": yes or no, and who does.
		svc := &t.e.b.Config.Services[m.svc]
		st := &t.e.b.Config.Staff[m.staff]
		if svc.Performs(st.ID) {
			t.say("staff_does", P{"Staff": st.Name, "Svc": t.svcName(svc)})
		} else {
			t.say("staff_not_service", P{"Staff": st.Name, "Svc": t.svcName(svc), "Others": t.staffNames(svc.Staff)})
		}
		t.st.About = svc.ID // "je peux en réserver une ?" next
	case m.has(inStop) && !m.has(inYes|inCancel):
		// "je ne veux pas un second rendez-vous, je demandais si…"
		if isQuestion(&m) {
			t.answer(m)
		} else {
			t.say("abandoned", P{"Flow": flowList})
		}
	case m.has(inPrice|inStaffQ) && !m.has(inCancel|inMove) && m.svc < 0 && asksOwn(&m) && (!m.has(inBook) || m.mentionsPhrase(ownPhrases)) &&
		t.st.Phone != "" && len(t.ownBookings()) > 0:
		t.answerOwn(m)
		// "who will I be with? and where do I park?": the other questions
		// too.
		rest := m
		rest.in &^= inPrice | inStaffQ | inMine | inDuration
		if isQuestion(&rest) {
			t.answer(rest)
		}
	case m.mentionsAny(setWalkInStarts) && m.mentionsPhrase(walkInPhrases) && m.faq < 0 && !m.has(inCancel|inMove|inList):
		// "je peux venir sans rdv ?": the file does not say; who can,
		// and a booking offered.
		t.st.Topic = topicOther
		t.say("walk_in", P{"Phone": t.e.b.HandoffPhone(), "Svc": m.svc >= 0})
		if m.svc >= 0 {
			t.startBook(m) // "… pour une coupe homme ?": its times
		}
	case m.has(inLate) && !m.has(inBook|inWant|inCancel|inMove) && !strings.Contains(m.text, "?"):
		// "stuck on the metro, gonna be 10 min late": late, not a
		// question about the metro.
		t.say("late", P{"Phone": t.e.b.HandoffPhone()})
	case m.in&^(inGreet|inThanks|inStaffQ) == 0 && m.svc < 0 && m.has(inStaffQ) && t.asksLanguage(&m):
		// "do the stylists speak English?": the languages, not the team.
		t.say("languages_spoken", P{"Both": len(t.e.b.Config.Languages) > 1, "Staff": m.has(inStaffQ) || m.staff >= 0, "Phone": t.e.b.HandoffPhone()})
	case asksWindow(&m):
		t.st.Topic = topicOther
		t.say("booking_window", P{"Horizon": int(t.e.b.Policy.Horizon / (24 * time.Hour)), "Notice": t.e.b.Policy.MinNotice})
	case asksPolicy(&m):
		t.answerPolicy()
		if m.has(inMine) || m.ref != "" {
			t.startTask(flowOf(&m), m)
		}
	case cancels(&m):
		t.startTask(flowCancel, m)
	case m.has(inMove) && (m.has(inMine) || m.ref != "" || m.has(inBook) || !bookish || t.movesOwn(&m)) && !t.changesService(&m),
		(m.has(inMine) || (m.svc >= 0 || m.has(inHaircut)) && m.mentions(possessiveWords) || m.has(inMove) && m.asksOtherStaff()) &&
			(m.staff >= 0 || m.asksOtherStaff()) && !m.has(inList) &&
			!m.mentionsPhrase(forOtherPhrases) && !m.mentions(alsoWords) && len(t.ownBookings()) > 0:
		// … or "mon rdv couleur je peux le faire avec Camille plutôt ?"
		t.startTask(flowMove, m)
	case m.has(inList) && !(m.has(inHours|inOpenQ) && !m.has(inMine)) && !t.checksService(&m) && !asksPriceList(&m) || m.has(inMine) && !m.has(inWant) && m.svc < 0 && (!m.has(inBook) || isAsking(&m)):
		t.startTask(flowList, m)
	case isQuestion(&m) && !m.has(inBook) && !(m.has(inWant) && m.svc >= 0 && !m.has(inPrice|inDuration)) &&
		!(m.svc >= 0 && m.when.Found() && !m.has(inPrice|inDuration|inHours) && !(m.has(inStaffQ) && m.mentions(whoWords))) &&
		!(m.svc >= 0 && !isAsking(&m) && m.faq >= 0 && !m.has(inHours|inAddress|inPrice|inDuration|inServices|inContact|inStaffQ|inClosed) &&
			!m.mentions([]string{"can", "could", "peut", "peux", "pourrait", "pourriez", "possible", "accept", "acceptez", "prenez", "faites"})):
		// (the last: "et une coupe pour mon fils aussi", a word of an FAQ
		// entry with a service, is a request, not a question)
		t.answer(m)
		if m.mentionsAny(setGift) && !m.when.Found() {
			// "je voudrais offrir un balayage à ma mère": a voucher, not a
			// booking.
		} else if m.has(inWant) && m.svc >= 0 || m.svc >= 0 && m.when.Found() && (m.staff >= 0 || m.mentions([]string{"svp", "stp", "please", "pls", "plz"})) ||
			m.svc >= 0 && m.has(inNow) && !m.has(inPrice|inDuration) && m.mentions([]string{"passer", "venir", "come", "pop", "drop"}) {
			// (the last: "je peux passer pour une coupe homme maintenant
			// ?": whether it can be now, not only the hours)
			// "une couleur samedi matin avec Camille svp, c'est combien
			// ?": the price, and the booking asked with it.
			t.startBook(m)
		}
	case bookish && m.faq >= 0 && m.mentionsAny(setGift) && !m.when.Found():
		// "I'd like to buy a gift card for a colour": the vouchers.
		t.answer(m)
	case bookish:
		// A question asked with the request is answered first; a word of
		// an FAQ entry alone ("ma fille et moi…") is no question.
		if isQuestion(&m) && (isAsking(&m) || m.has(inHours|inAddress|inPrice|inDuration)) {
			t.answer(m)
		}
		t.startBook(m)
	case m.in&^(inGreet|inThanks) == 0 && m.svc < 0 && t.asksLanguage(&m):
		// "do you speak English?", "en français svp": switched, if spoken.
		t.say("languages_spoken", P{"Both": len(t.e.b.Config.Languages) > 1, "Staff": m.has(inStaffQ) || m.staff >= 0, "Phone": t.e.b.HandoffPhone(),
			"Which": m.mentionsPhrase(whichLanguagesPhrases)})
	case m.has(inThanks|inBye) && !(m.has(inLate) && !m.has(inBook|inWant)) &&
		(!unknownQuestion(&m) || m.mentionsPhrase(socialQuestionPhrases)): // "bonjour, comment allez-vous ?", not "bonsoir, je peux venir avec mon chien ?" // not "ok merci. Et si je suis en retard ?"
		t.st.clearDraft()
		if m.has(inBye) {
			t.bye(m)
		} else {
			t.say("thanks", nil)
		}
	case m.has(inWant) && m.svc < 0 && !m.has(inBook|inHaircut|inHuman|inMove|inCancel) && !m.when.Found() && m.staff < 0 && !isAsking(&m) &&
		(t.wantsUnknown(&m) || t.changesAThing(&m)):
		// "Bonjour, je voudrais un lissage brésilien", "je voudrais changer
		// la batterie": a service the business does not list.
		if first && !t.st.Greeted {
			t.st.Greeted = true
			t.say("hello", P{"Name": addressName(t.st.Name), "Evening": t.evening()})
		}
		t.st.Topic = topicPrice
		t.say("services", P{"Items": t.serviceItems(nil), "NotOffered": true})
	case (m.has(inGreet) || m.has(inYes) && first) && !(m.has(inLate) && !m.has(inBook|inWant)) &&
		(!unknownQuestion(&m) || m.mentionsPhrase(socialQuestionPhrases)): // "bonjour, comment allez-vous ?", not "bonsoir, je peux venir avec mon chien ?"
		switch {
		case len(t.parts) > 0 && len(t.parts) == t.noticeParts:
			// Only "I cannot see attachments" so far: what then.
			t.say("how_help", nil)
		case len(t.parts) > 0:
		case t.st.Greeted:
			// "Bonjour" to the greeting the chat opened with: not the
			// same words again.
			t.say("hello", P{"Name": addressName(t.st.Name), "Evening": t.evening()})
			t.say("how_help", nil)
			t.closedNotice()
		default:
			t.greet()
		}
	case asked(&m) && m.svc < 0 && m.staff < 0 && m.faq < 0 && !m.when.Found() && t.asksUnknownService(m):
		// "ok et un lissage brésilien ?": a service the business does not
		// list.
		t.st.Topic = topicPrice
		t.say("services", P{"Items": t.serviceItems(nil), "NotOffered": true})
	case m.has(inYes) && onlySocial(&m):
		t.say("ok_more", nil) // a stray "oui" after a booking is done
	case m.has(inLate) && !m.has(inBook|inWant):
		// "j'ai 10 min de retard": the salon decides; its number.
		t.say("late", P{"Phone": t.e.b.HandoffPhone()})
	case m.has(inBotQ):
		t.say("whoami", P{"Business": t.e.b.Name()})
	case m.ref != "":
		// A reference alone: the booking it names.
		t.startTask(flowList, m)
	case m.name != "" || m.phone != "":
		t.say("noted", P{"Name": t.st.Name})
	case m.when.Found() && m.when.Problem.Kind == validate.ProblemNone && m.in&^(inGreet|inThanks|inNow|inToday|inWeek) == 0 && m.svc < 0 &&
		m.staff < 0 && m.faq < 0 && m.name == "" && m.phone == "" && m.ref == "" && t.st.Topic == "" &&
		(m.when.HasTime || !m.when.Date.IsZero() && m.when.EndDate.IsZero()):
		// "samedi 10h ?", "next tuesday afternoon?": a time asked for, so a
		// booking; which service first.
		t.startBook(m)
	case unknownQuestion(&m):
		// "est-ce que je peux venir avec mon chien ?": a question the
		// business file does not answer; who can.
		if first && !t.st.Greeted && m.has(inGreet) {
			t.st.Greeted = true
			t.say("hello", P{"Name": addressName(t.st.Name), "Evening": t.evening()})
		}
		t.say("no_answer", P{"Phone": t.e.b.HandoffPhone()})
	default:
		t.notUnderstood()
	}
}

// unknownQuestion reports whether a message is a question of some length
// of which nothing was understood: no intent, service, staff member, FAQ
// entry, date, name, phone, reference or choice ("est-ce que je peux venir
// avec mon chien ?").
// asked reports whether m is put as a question: a question mark at its
// end, or a question's first words without one ("do u do nails", "can i
// bring my dog").
func asked(m *msg) bool {
	if strings.HasSuffix(strings.TrimSpace(m.text), "?") {
		return true
	}
	if len(m.words) < 3 {
		return false
	}
	a, b := m.words[0].fold, m.words[1].fold
	switch a {
	case "do", "does", "can", "could", "is", "are", "will", "would":
		return b == "u" || b == "you" || b == "i" || b == "we" || b == "the" || b == "my" || b == "they" || b == "it" || b == "there"
	case "est", "pouvez", "puis", "peut", "avez", "faites", "acceptez":
		return true
	}
	return false
}

func unknownQuestion(m *msg) bool {
	n := 0
	for _, w := range m.words {
		if w.fold != "" {
			n++
		}
	}
	return n >= 4 && asked(m) && m.in&^(inThanks|inGreet|inWant) == 0 && m.svc < 0 && m.staff < 0 &&
		m.faq < 0 && !m.when.Found() && m.name == "" && m.phone == "" && !m.phoneBad && m.ref == "" && m.choice == 0 &&
		m.unknownStaff == "" && m.avoid == 0 && !m.mentions(earlierWords) && !m.mentions(relativeWords)
}

// inFlow continues the task in progress; false hands the message to route.
func (t *turn) inFlow(m msg) bool {
	if t.st.Flow == flowBook && t.st.Svc != "" && !m.has(inYes) && t.dropsFromDraft(m) {
		return true
	}
	if t.st.Flow == flowBook && t.st.Ask == askConfirm && !t.st.Other && t.st.Held != nil && t.forSomeoneElse(m) {
		return true
	}
	if asksPolicy(&m) && !m.has(inStop) {
		t.answerPolicy()
		t.reask()
		return true
	}
	if unknownQuestion(&m) && t.st.Ask != askName && t.st.Ask != askPhone && t.st.Ask != askRef && !t.asksLanguage(&m) {
		// "est-ce que je peux venir avec mon chien ?" while booking: who
		// can answer, and the question of the booking again.
		t.say("no_answer", P{"Phone": t.e.b.HandoffPhone()})
		t.reask()
		return true
	}
	if t.st.Flow == flowMove && t.st.Target != "" && t.st.Ask == askWhen && m.svc < 0 && !m.when.Found() && m.mentions(serviceWords) &&
		m.mentions(changeWords) && !m.has(inCancel|inList|inHuman|inPrice|inDuration) && !isAsking(&m) {
		// "non, je veux changer la prestation" when asked the new date:
		// which service, then the booking's time.
		t.releaseIfHeld()
		t.st.Svc, t.st.Offers, t.st.Ask = "", nil, ""
		t.askService(false, false)
		return true
	}
	// "cancel my men's cut on Thursday" while booking something else: that
	// booking, not the draft.
	namesOwn := m.has(inCancel|inMove) && t.st.Flow == flowBook && !m.has(inMine) && m.ref == "" && (m.svc >= 0 || m.when.Found()) &&
		ownPossessive(m.words) && t.bookingNamed(t.ownBookings(), m) != ""
	if namesOwn || m.has(inCancel) && t.st.Flow == flowBook && t.st.Ask != askConfirm && !m.has(inStop|inNo) &&
		m.mentionsPhrase(cancelAnyPhrases) && len(t.ownBookings()) > 0 {
		// "je voudrais annuler un rendez-vous" while booking, with
		// bookings: one of them, not only the draft.
		m.in |= inMine
	}
	if m.has(inCancel) && t.st.Flow == flowBook && !m.has(inMine|inStop) && m.ref == "" && m.svc >= 0 &&
		(t.serviceIndex(t.st.Svc) != m.svc || !m.when.Date.IsZero() && business.Date(m.when.Date).String() != t.st.Day) &&
		!m.mentions(demonstrativeWords) && t.ownServiceNamed(m) {
		// "no, I mean cancel the men's cut on Saturday" while booking
		// another: that booking, not the one being made.
		t.releaseIfHeld()
		t.st.clearDraft()
		t.startTask(flowCancel, m)
		return true
	}
	cancelsBooking := m.has(inCancel) && (m.has(inMine) || m.ref != "" || t.st.Flow != flowBook)
	if m.has(inStop) && !cancelsBooking && m.avoid == 0 || m.has(inCancel) && t.st.Flow == flowBook && !m.has(inMine) && m.ref == "" || declines(&m) {
		t.abandon()
		return true
	}
	if t.suggest != "" && m.has(inYes) && !m.has(inNo) && !m.when.Found() && m.svc < 0 && m.staff < 0 && m.choice == 0 {
		t.takeSuggestion()
		return true
	}
	if t.st.Flow == flowMove && m.has(inCancel) && !m.has(inNo) && cancelsAll(&m) && m.ref == "" {
		// "annulez tout": every booking, not only the one being moved.
		t.releaseIfHeld()
		t.st.clearDraft()
		t.startTask(flowCancel, m)
		return true
	}
	if t.st.Flow == flowMove && m.has(inCancel) && !m.has(inNo) {
		// "Finalement annulez": cancel the booking being moved, once
		// confirmed; "cancel the men's cut": the one the message names.
		target := t.st.Target
		bs := t.upcoming()
		if b, ok := t.checkRefIn(m, bs); ok {
			target = b.ID // its reference with the phone: proved
		} else if t.refsLocked() {
			return true
		} else if m.svc >= 0 || m.staff >= 0 || m.when.Found() {
			if named := t.bookingNamed(t.ownBookings(), m); named != "" {
				target = named
			}
		}
		if target == "" {
			t.startTask(flowCancel, m)
			return true
		}
		t.releaseIfHeld()
		t.st.clearDraft()
		t.st.Flow, t.st.Target = flowCancel, target
		t.taskStep(msg{svc: -1, svc2: -1, staff: -1, faq: -1, faq2: -1})
		return true
	}
	if m.asksConfirmed && t.st.Ask == askConfirm {
		// "c'est confirmé ?" at the recap: not until the customer says so.
		t.say("not_yet", nil)
		t.reask()
		return true
	}
	if m.has(inList) && !m.has(inCancel|inMove) && t.st.Phone != "" && (t.st.Flow == flowBook || len(t.ownBookings()) > 0) {
		// "what appointments do I have?" at the recap: the list, and the
		// booking in progress stays. A phone the channel did not verify
		// shows only the bookings proved in this conversation.
		if own := t.ownBookings(); len(own) > 0 || t.phoneVerified() {
			t.sayBookings(own)
		} else {
			t.say("list_needs_ref", P{"Prefix": t.e.b.Config.ReferencePrefix})
		}
		t.reask()
		return true
	}
	if t.st.Flow == flowBook && (m.has(inCancel|inMove) && (m.has(inMine) || m.ref != "" ||
		m.has(inMove) && (m.mentions(pronounWords) || m.mentions(possessiveWords)) && len(t.ownBookings()) > 0) || m.has(inList)) {
		// "non je parle du rdv déjà pris, je veux le décaler à 16h": the
		// booking the customer has, not the one being made.
		t.releaseIfHeld()
		t.st.clearDraft()
		return false
	}
	if t.st.Flow == flowBook && t.st.Held != nil && m.staff < 0 && m.asksOtherStaff() {
		// "je voudrais changer de coiffeur" while booking: the same time
		// with someone else who does it, or who is the only one.
		svc, _ := t.e.b.Service(t.st.Svc)
		held := *t.st.Held
		other := otherStaff(svc, held.Staff)
		if other == "" {
			st, _ := t.e.b.StaffMember(held.Staff)
			t.say("staff_only_new", P{"Staff": st.Name, "Svc": t.svcName(svc)})
			t.reask()
			return true
		}
		start := held.time(t.loc)
		t.releaseHold()
		t.st.Staff, t.st.Prefer = other, ""
		t.st.Day, t.st.Min, t.st.Part = business.DateOf(start).String(), minuteOf(start)+1, 0
		t.st.Ask = ""
		t.advance()
		return true
	}
	if t.st.Ask == askChange && t.st.Flow == flowMove && (m.mentions(nothingWords) && len(m.words) <= 4 || m.mentionsPhrase(keepAsIsPhrases)) &&
		m.svc < 0 && m.staff < 0 && !m.when.Found() && !m.mentions(changeWords) && !m.mentions(timeWords) && !m.mentions(dayWords) {
		// "rien, je garde Camille": the booking stays as it is.
		if b, ok := t.targetBooking(); ok {
			t.releaseIfHeld()
			t.st.clearDraft()
			t.say("kept", t.bookingParam(b))
			return true
		}
	}
	if t.st.Ask == askChange && (t.st.Flow == flowBook || t.st.Flow == flowMove) && t.changeDetail(m) {
		return true
	}
	if t.st.Flow != flowBook && m.has(inBook) && !m.has(inMine|inMove|inCancel) && m.ref == "" && t.st.Ask != askConfirm {
		t.st.clearDraft()
		return false
	}
	// A question about the hours or a stylist's days that names a day
	// ("vous êtes ouverts samedi ?", "Hugo travaille le samedi ?") is
	// answered; the booking in progress keeps its own day.
	if isAsking(&m) && m.svc < 0 && !m.has(inBook|inWant|inMove|inCancel|inYes|inNo|inOther) && m.choice == 0 &&
		(m.has(inHours|inOpenQ|inTimes|inClosed) || m.staff >= 0 && m.has(inWorks)) {
		if m.staff >= 0 && m.has(inWorks) {
			t.answerStaffDays(m)
		} else {
			t.answer(m)
		}
		t.reask()
		return true
	}
	// A question, even one naming a service ("la coupe enfant c'est jusqu'à
	// quel âge ?"), is answered and the booking in progress stays.
	asksAbout := m.svc >= 0 && m.faq >= 0 && isAsking(&m) && !m.has(inBook|inWant|inMove|inCancel)
	if isQuestion(&m) && !((t.st.Ask == askName || t.st.Ask == askConfirm) && (t.namedFor(m) != "" || t.st.Next != "" && t.otherPersonName(m) != "")) && !m.has(inYes|inNo) && m.choice == 0 && !m.when.Found() && m.phone == "" && (!(m.svc >= 0 && !m.has(inPrice|inDuration)) || asksAbout) && m.ref == "" &&
		!(t.st.Ask == askRef && (m.mentions(refLostWords) || m.mentionsPhrase(refLostPhrases))) { // "I deleted the email": no reference, not a question about e-mail
		t.answer(m)
		t.reask()
		return true
	}
	if m.has(inThanks|inBye) && !m.has(inNo|inList) && (!m.has(inYes) || m.has(inBye) && t.st.Ask != askConfirm) && m.svc < 0 && !m.has(inMove|inBook|inWant) && m.choice == 0 && m.phone == "" && m.name == "" &&
		(!m.when.Found() || m.has(inThanks) && m.has(inBye) && !m.when.HasTime && !m.mentionsPhrase(sameTimePhrases) && t.st.Ask != askWhen && t.st.Ask != askPick) {
		// "thanks, see you friday"; not "à jeudi même heure merci", nor
		// "merci à samedi" when the day is asked
		if !m.has(inBye) && t.st.Ask != "" {
			// "Lovely, thank you." while slots are offered, or at the
			// recap: the offer (or the recap) stands.
			t.say("welcome", nil)
			t.reask()
			return true
		}
		if t.st.Flow == flowBook && (t.st.Held != nil || len(t.st.Offers) > 0) {
			t.say("not_booked", nil) // "au revoir" before confirming: say so
		}
		t.releaseIfHeld()
		t.st.clearDraft()
		if m.has(inBye) {
			t.bye(m)
		} else {
			t.say("thanks", nil)
		}
		return true
	}
	if t.st.Flow == flowMove && m.swap != "" && m.svc >= 0 {
		if b, ok := t.targetBooking(); ok && t.serviceIndex(b.Service) != m.svc {
			// "et la coupe, plutôt une barbe à la place" while moving the
			// colour: that booking now.
			t.startTask(flowMove, m)
			return true
		}
	}
	switch t.st.Flow {
	case flowBook:
		t.bookStep(m)
	default:
		t.taskStep(m)
	}
	return true
}

// changeDetail answers "le nom" or "the phone number" at "what would you
// like to change" by asking for it again, and "rien" by the recap; false
// when the message names no such detail, or already gives a new value.
func (t *turn) changeDetail(m msg) bool {
	if t.st.Flow == flowBook && m.in == 0 && m.svc < 0 && m.staff < 0 && m.name == "" && len(m.words) > 0 && capitalised(m.words[0].raw) &&
		!m.mentions(nameWords) && !m.mentions(phoneWords) && !m.mentions(timeWords) && !m.mentions(dayWords) && !m.mentions(serviceWords) {
		if n := t.answeredName(m); n != "" {
			// "Tom Dupont": the name is what changes; another name than
			// the customer's is someone else's booking.
			if t.st.Name != "" && t.st.Name != n && !t.st.Other {
				t.st.Other, t.st.Own = true, t.st.Name
			}
			t.st.Name, t.st.Ask, t.st.Miss = n, "", 0
			t.advance()
			return true
		}
	}
	if m.svc >= 0 || m.staff >= 0 || m.when.Found() || m.name != "" || m.phone != "" || m.choice != 0 {
		return false
	}
	switch {
	case m.mentions(nameWords):
		t.st.Ask = askName
		t.say("ask_name", P{})
	case m.mentions(phoneWords):
		t.st.Ask = askPhone
		t.say("ask_phone", P{})
	case m.mentions(timeWords) && !m.mentions(dayWords):
		// "L'heure": other times that day.
		t.releaseIfHeld()
		t.st.Min, t.st.Part, t.st.After, t.st.Before = 0, 0, false, false
		t.st.Offers, t.st.Ask = nil, ""
		t.advance()
	case m.mentions(dayWords):
		// "Le jour": the same time, another day.
		t.releaseIfHeld()
		t.st.Day, t.st.DayEnd = "", ""
		t.st.Offers, t.st.Ask = nil, ""
		t.advance()
	case m.mentions(serviceWords):
		t.releaseIfHeld()
		t.st.Svc = ""
		t.st.Offers, t.st.Ask = nil, ""
		t.advance()
	case m.has(inYes) && !m.has(inNo) || m.mentions(nothingWords) || m.has(inNo) && m.in&^(inNo|inThanks) == 0:
		// "oui", "rien", "nothing": the recap stands; show it again.
		t.st.Ask = ""
		t.advance()
	default:
		return false
	}
	t.st.Miss = 0
	return true
}

// takeSuggestion sets the day (and time) the last reply suggested, which
// the customer accepted, and carries on.
func (t *turn) takeSuggestion() {
	day, minutes, hasTime := strings.Cut(t.suggest, " ")
	t.st.clearWhen()
	t.st.Day = day
	if m, err := strconv.Atoi(minutes); hasTime && err == nil {
		t.st.Min = m + 1
	}
	t.st.Ask, t.st.Miss = "", 0
	t.advance()
}

// evening reports whether it is time to say "bonsoir" (from 6 pm).
func (t *turn) evening() bool { return t.now.Hour() >= 18 }

// saysTogether reports whether a message asks for two people at the same
// time ("ma sœur et moi", "together"). Right after a booking, "at the same
// time" alone is that booking's time ("a balayage on the 19th at the same
// time"), not a second person.
func (t *turn) saysTogether(m msg) bool {
	if !m.mentionsPhrase(togetherPhrases) {
		return false
	}
	if t.ended == "" || t.justHandled() == "" {
		return true
	}
	for _, p := range togetherPhrases {
		if p != "at the same time" && p != "en meme temps" && m.mentionsPhrase([]string{p}) {
			return true
		}
	}
	return false
}

// sameAs completes the date of a move with the booking's own time or
// day when the customer says so: "jeudi même heure", "5pm same day".
func (t *turn) sameAs(m msg, start time.Time) (validate.When, bool) {
	w := m.when
	if w.Problem.Kind != validate.ProblemNone {
		return w, false
	}
	said := false
	sameTime, sameDay := m.mentionsPhrase(sameTimePhrases), m.mentionsPhrase(sameDayPhrases)
	if m.mentionsPhrase(weekAfterPhrases) {
		// "la semaine d'après, même heure", "the week after": the
		// booking's week after, not the one after today's.
		w.Date, w.EndDate = validate.DateOf(start).AddDays(7), validate.Date{}
		said = true
	}
	if !w.EndDate.IsZero() && (sameTime || sameDay) {
		// "la semaine pro, même heure": the booking's weekday in that span.
		for d := w.Date; !w.EndDate.Before(d); d = d.AddDays(1) {
			if d.Weekday() == start.Weekday() {
				w.Date, w.EndDate = d, validate.Date{}
				said = true
				break
			}
		}
	}
	if !w.HasTime && sameTime {
		w.HasTime, w.Time = true, validate.Clock{Hour: start.Hour(), Minute: start.Minute()}
		w.Part, w.After, w.Before = validate.PartNone, false, false
		said = true
	}
	if w.Date.IsZero() && sameDay {
		w.Date, w.EndDate = validate.DateOf(start), validate.Date{}
		said = true
	}
	if earlier, later := m.mentionsPhrase(earlierSameDayPhrases), m.mentionsPhrase(laterSameDayPhrases); (earlier || later) && !w.HasTime &&
		(m.has(inMove) || isAsking(&m) || m.mentions(insteadWords)) { // not "je vous redis plus tard dans la journée"
		// "plus tôt dans la journée": that day, before (or after) the
		// booking's time.
		w.Date, w.EndDate = validate.DateOf(start), validate.Date{}
		at := start
		if later {
			at = at.Add(time.Minute) // not the booking's own time
		}
		w.HasTime, w.Time = true, validate.Clock{Hour: at.Hour(), Minute: at.Minute()}
		w.Part, w.Before, w.After = validate.PartNone, earlier, later
		said = true
	}
	if sw, ok := shifted(&m, w, start); ok {
		w, said = sw, true
	}
	if w.HasTime && w.Date.IsZero() && w.Part == validate.PartNone && !w.After && !w.Before && t.st.Day == "" {
		// "décaler ma coupe à 11h", before any new day was said: the same day.
		w.Date = validate.DateOf(start)
		said = true
	}
	if said && len(w.Spans) == 0 {
		w.Spans = []validate.Span{{Start: 0, End: 0}} // understood, from no words of its own
	}
	return w, said
}

// forwardWords bring a booking forward (earlier); retardWords put it back
// (later); laterWords say later outright.
var (
	forwardWords = []string{"avancer", "avancez", "avance", "avances", "avancee", "forward"}
	retardWords  = []string{"retarder", "retardez", "retarde", "reculer", "reculez", "repousser", "repoussez"}
	laterWords   = []string{"plus tard", "later", "back"}
)

// shifted applies "une heure plus tard", "push it back an hour" to base,
// the time of the booking (or of the draft) being changed: on the day w
// names, else on base's day ("une heure" is not 1 pm here).
func shifted(m *msg, w validate.When, base time.Time) (validate.When, bool) {
	for _, s := range shifts {
		if !m.mentionsPhrase(s.phrases) {
			continue
		}
		minutes := s.minutes
		earlier, later := m.mentionsPhrase(shiftEarlier), m.mentionsPhrase(shiftLater)
		if earlier && !later {
			// "décaler d'une demi-heure plus tôt": "d'une demi-heure"
			// alone reads later.
			minutes = -abs(minutes)
		} else if later && !earlier {
			minutes = abs(minutes)
		} else if m.mentions(forwardWords) && !m.mentionsPhrase(laterWords) {
			// "avancer mon rdv d'une heure": earlier, whatever the phrase
			// ("d'une heure" alone reads later).
			minutes = -abs(minutes)
		} else if m.mentions(retardWords) {
			minutes = abs(minutes) // "retarder d'une heure"
		}
		at := base.Add(time.Duration(minutes) * time.Minute)
		if w.Date.IsZero() {
			w.Date = validate.DateOf(at)
		}
		w.EndDate = validate.Date{}
		w.HasTime, w.Time = true, validate.Clock{Hour: at.Hour(), Minute: at.Minute()}
		w.Part, w.After, w.Before, w.AssumedPM = validate.PartNone, false, false, false
		if len(w.Spans) == 0 {
			w.Spans = []validate.Span{{Start: 0, End: 0}}
		}
		return w, true
	}
	return w, false
}

// abandon stops the task in progress at the customer's request.
func (t *turn) abandon() {
	t.releaseIfHeld()
	flow := t.st.Flow
	t.st.clearDraft()
	t.st.Miss = 0
	t.say("abandoned", P{"Flow": flow})
}

// introducedName reads the name of an answer to the name question that
// introduces it ("c'est madame Martin", "je m'appelle Camille Martin",
// "my name is Tom"): the words after the introduction up to the end or a
// punctuation mark, a stylist's first name included ("je m'appelle Camille
// Martin" asks for no stylist), titles kept ("Madame Martin"). After "c'est",
// "je suis", "it's", the name needs a capital, a title or two words ("c'est
// combien ?", "je suis pressée", "it's fine" are no names). "" when the
// message does not start so, or what follows is a word of the trade, a
// stop word or a question.
func (t *turn) introducedName(m msg) string {
	words := m.words
	if isAsking(&m) {
		return ""
	}
	i := 0
	for i < len(words) && (words[i].fold == "bonjour" || words[i].fold == "oui" || words[i].fold == "alors" || words[i].fold == "euh") {
		i++
	}
	for k, intro := range nameIntros {
		if !matchFold(words, i, intro) {
			continue
		}
		weak := k >= strongIntros
		i += len(intro)
		var parts []string
		capital, titled := false, false
		for ; i < len(words) && len(parts) < 4; i++ {
			w := words[i]
			if w.fold == "" || len(parts) > 0 && stopInName[w.fold] {
				break // "c'est Paul et ma femme", "Zoé & sa sœur"
			}
			isTitle := len(parts) == 0 && titles[w.fold]
			if !isAlpha(w.raw) || len([]rune(w.fold)) < 2 || stopInName[w.fold] || notNames[w.fold] || t.e.match.stop[w.fold] && !(len(parts) > 0 && nameParticles[w.fold]) ||
				!isTitle && !t.e.match.staffNames[w.fold] && (t.e.match.vocab[stem(w.fold)] || t.e.match.social[stem(w.fold)]) { // the word as said: "martin" is no typo of "matin" here
				return ""
			}
			titled = titled || isTitle
			capital = capital || capitalised(w.raw)
			parts = append(parts, title(w.raw))
		}
		if len(parts) == 0 || len(parts) == 1 && titled || weak && !capital && !titled && len(parts) < 2 {
			return ""
		}
		return strings.Join(parts, " ")
	}
	return ""
}

// nameIntros introduce a name at the start of an answer to the name
// question: the first strongIntros always, the others ("c'est", "je
// suis") only before something that looks like a name.
var nameIntros = [][]string{{"je", "m", "appelle"}, {"je", "mappelle"}, {"mon", "nom", "est"}, {"mon", "nom", "c", "est"}, {"my", "name", "is"},
	{"moi", "c", "est"}, {"c", "est"}, {"cest"}, {"je", "suis"}, {"it", "s"}, {"this", "is"}, {"i", "m"}, {"i", "am"},
	{"name"}, {"name", "s"}, {"au", "nom", "de"}, {"nom"}, {"c", "pour"}, {"c", "est", "pour"}, {"cest", "pour"}, {"under", "the", "name", "of"}, {"under", "the", "name"}, {"under", "the", "name", "s"}}

const strongIntros = 5

// stopInName end a name read after its introduction: "c'est Paul et ma
// femme", "Zoé avec sa sœur".
var stopInName = set([]string{"et", "and", "avec", "with", "elle", "il", "she", "he", "qui", "who", "sa", "son", "ses", "ma", "mon", "mes", "my", "his", "her", "pour", "for", "svp", "merci", "please", "thanks"})

// spelledName reads a name spelt out letter by letter, as callers do:
// "martin m a r t i n", "Durand. D U R A N D.", "camille m a r t i n"
// (the first name, then the surname spelt); "" when the message is no such
// spelling (fewer than two letters, or words that are neither letters nor
// the spelt name).
func spelledName(words []word) string {
	for _, intro := range nameIntros {
		if matchFold(words, 0, intro) {
			words = words[len(intro):] // "c'est S O P H I E"
			break
		}
	}
	var letters strings.Builder
	var said []string
	for _, w := range words {
		switch {
		case w.fold == "":
		case len(w.fold) == 1 && w.fold[0] >= 'a' && w.fold[0] <= 'z':
			letters.WriteString(w.fold)
		case letters.Len() == 0 && isAlpha(w.raw) && len(said) < 2:
			said = append(said, w.fold)
		default:
			return ""
		}
	}
	spelt := letters.String()
	if len(spelt) < 2 {
		return ""
	}
	switch {
	case len(said) == 0:
		return title(spelt) // "D U R A N D"
	case said[len(said)-1] == spelt:
		said[len(said)-1] = spelt // "martin m a r t i n", "camille martin m a r t i n"
	case len(said) == 1:
		said = append(said, spelt) // "camille m a r t i n"
	default:
		return ""
	}
	for i, s := range said {
		said[i] = title(s)
	}
	return strings.Join(said, " ")
}

// hasLetterOrDigit reports whether s has a letter or a digit: whether a
// message says anything that words could be read from.
func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// reask repeats the pending question after an aside.
func (t *turn) reask() {
	switch t.st.Ask {
	case askName:
		t.say("ask_name", P{})
	case askPhone:
		t.say("ask_phone", P{"Lookup": t.st.Flow != flowBook})
	case askChange:
		// "what would you like to change?" again, not the recap the
		// customer just said no to.
		t.say("ask_change", P{"Name": t.st.Flow == flowBook})
	case askConfirm, askPick, askWhen, askService:
		t.reasking = true
		defer func() { t.reasking = false }()
		if t.st.Flow == flowBook || t.st.Flow == flowMove && t.st.Target != "" {
			t.st.Ask = ""
			t.advance()
			return
		}
		t.taskStep(msg{svc: -1, svc2: -1, staff: -1, faq: -1, faq2: -1})
	case askWhich:
		t.taskStep(msg{svc: -1, svc2: -1, staff: -1, faq: -1, faq2: -1})
	case askRef:
		t.say("ask_ref", P{"Prefix": t.e.b.Config.ReferencePrefix, "Again": true})
	}
}

// foreignWords are words of other languages than French and English,
// none a French or English word or one typo from one.
var foreignWords = []string{"hola", "quiero", "gracias", "buenos", "guten", "mochte", "danke", "buongiorno", "vorrei",
	"appuntamento", "grazie", "obrigado", "obrigada", "quero", "cuanto", "cuesta", "kostet", "haarschnitt", "friseur", "quanto", "taglio"}

// withdrawsHandoff reports whether a message written while the team has
// the conversation takes the request back ("bon laissez tomber, je veux
// juste un brushing samedi"): the bot then answers it.
// The clause that takes it back is dropped when more follows it.
func (t *turn) withdrawsHandoff() bool {
	if !strings.ContainsAny(t.ev.Text, "lLfFoOtTpPsSnNjJiI") {
		return false
	}
	m := t.understand(strings.TrimSpace(t.ev.Text))
	if !m.has(inStop) && m.svc >= 0 && wantsBooking(&m) && m.mentions(justWords) && !m.has(inCancel|inMove|inUpset|inProblem) &&
		m.when.Found() && !m.mentions(possessiveWords) && !m.mentions(redoWords) {
		// "ok whatever, just book me a blow dry on Saturday": a booking
		// instead of the request, which the bot takes.
		return true
	}
	if !m.has(inStop) || m.has(inCancel|inMove) {
		return false
	}
	if i := strings.IndexAny(t.ev.Text, ",.;!"); i > 0 {
		first, rest := t.ev.Text[:i], strings.TrimSpace(strings.TrimLeft(t.ev.Text[i:], ",.;! "))
		if rest != "" && t.understand(first).has(inStop) {
			t.ev.Text = rest
		}
	}
	return true
}

// notUnderstood apologises, and hands over after three misses in a row.
func (t *turn) notUnderstood() {
	if t.understand(t.ev.Text).has(inForeign) {
		// "Hola, quiero una cita": the languages spoken here, in each.
		t.say("languages", P{"Both": len(t.e.b.Config.Languages) > 1})
		return
	}
	t.st.Miss++
	if t.st.Miss >= 3 {
		t.handoff("not_understood")
		return
	}
	t.say("not_understood", P{"Miss": t.st.Miss})
}

// handoff hands the conversation to a person. In writing, the bot pauses
// and the team answers in the conversation later. On a call, the call is
// transferred to the business phone while the business is open; when it
// is closed nobody could answer, so there is no handoff: the caller hears
// when it reopens and the bot carries on.
func (t *turn) handoff(reason string) {
	if t.voice && !t.openNow() {
		t.st.Miss = 0
		t.st.ClosedSaid = true
		t.say("handoff_closed", t.reopening(reason))
		return
	}
	until := t.now.Add(t.e.b.Config.Handoff.Pause).Truncate(time.Second) // as the session keeps it
	t.releaseIfHeld()
	t.st.clearDraft()
	t.st.Miss = 0
	t.out.Effects.Handoff = &Handoff{Phone: t.e.b.HandoffPhone(), Reason: reason, Until: until, Customer: t.st.Phone,
		At: until.Add(-t.e.b.Config.Handoff.Pause)} // as a follow-up computes it
	if t.voice {
		// The call leaves the bot; should the transfer fail, the caller
		// must not meet a silent bot, so there is no pause.
		t.say("handoff_call", P{"Reason": reason})
		return
	}
	if reason != "not_understood" {
		// The customer asked for a person (or complained): the team
		// answers. After misses the bot keeps answering what it can.
		t.st.Pause, t.st.PauseSaid, t.st.PauseWhy = until.Unix(), false, reason
		t.out.Effects.Handoff.Paused = true
	}
	t.say("handoff", P{"Phone": t.e.b.HandoffPhone(), "Hours": t.e.b.Config.Handoff.Hours.In(t.lang(), t.e.b.DefaultLanguage()),
		"Open": t.openNow(), "Reason": reason, "AskPhone": t.st.Phone == ""})
}

// reopening describes why the business is closed now and when it opens
// next, for a caller who asked for a person.
func (t *turn) reopening(reason string) P {
	b := t.e.b
	today := business.DateOf(t.now)
	p := P{"Reason": reason}
	if h, ok := b.Holiday(today); ok && len(b.Config.Week[today.Weekday()]) > 0 {
		p["Holiday"] = h.Name.In(t.lang(), b.DefaultLanguage())
	} else if c, ok := b.Closure(today); ok {
		p["From"] = c.From.At(t.loc, 12*60)
		p["To"] = c.To.At(t.loc, 12*60)
		p["Closure"] = c.Reason.In(t.lang(), b.DefaultLanguage())
	}
	if next := t.nextOpening(); !next.IsZero() {
		d := business.DateOf(next)
		p["Next"] = next
		p["Min"] = minuteOf(next)
		p["Weekday"] = int(d.Weekday())
		p["Today"] = d == today
		p["Tomorrow"] = d == today.AddDays(1)
		p["Far"] = !d.Before(today.AddDays(7))
	}
	return p
}

// --- booking -----------------------------------------------------------

func (t *turn) startBook(m msg) {
	t.releaseIfHeld()
	t.st.clearDraft()
	t.channelPhone()
	t.st.Flow = flowBook
	if n := peopleCount(m.words); n >= 3 {
		// "3 of us want blow-dries", "mes 3 enfants": one booking at a
		// time here; said, so that nobody is left out unknowingly.
		t.say("group", P{"Count": n, "Phone": t.e.b.HandoffPhone()})
	}
	if m.has(inNow) && !m.when.Found() && t.e.b.Policy.MinNotice > 0 && t.openNow() {
		// "can I come in now for a beard trim?": why not this minute,
		// before the first time that can be.
		t.say("why_notice", P{"Notice": t.e.b.Policy.MinNotice})
	}
	if m.mentionsPhrase(forOtherPhrases) && (!m.mentionsPhrase(forMePhrases) || t.ended != "") ||
		t.ended != "" && !m.mentionsPhrase(forMePhrases) && namesSomeoneElse(m.words) &&
			m.mentions([]string{"aussi", "also", "too", "veut", "voudrait", "wants", "needs"}) || // "ma fille aussi veut un brushing"
		!m.mentionsPhrase(forMePhrases) && m.svc2 < 0 && startsWithSomeoneElse(m.words) && !m.mentionsPhrase(meAndPhrases) && !m.mentionsPhrase(togetherPhrases) { // "mon mari une coupe homme à 11h"
		// "et une coupe femme pour moi" after booking the child's: another
		// person, at the same time if they like, under their own name.
		t.st.Other = true
		if t.st.Own == "" {
			t.st.Own = t.st.Name
		}
		if m.name != "" && m.mentionsPhrase(selfIntroPhrases) && !m.mentionsPhrase(forMePhrases) {
			// "pour mon fils, moi c'est Julie Bernard": her name is her own,
			// not the booking's.
			t.st.Own, t.st.Name = m.name, ""
			m.name = ""
		}
		if n := t.namedFor(m); n != "" {
			t.st.Name = n // "pour ma mère, Martine Petit": hers
		} else if m.name == "" && !m.mentionsPhrase(forMePhrases) {
			t.st.Name = "" // "pour moi": the customer's own name, when known
		}
	} else if n := t.namedFor(m); n != "" && m.name == "" && m.svc2 < 0 && !m.mentionsPhrase(forMePhrases) && !m.mentionsPhrase(togetherPhrases) &&
		!(m.svcAt > 0 && twoWords[m.words[m.svcAt-1].fold]) {
		// (not when the message books for two: "un brushing pour Léa
		// Martin et une coupe pour moi" asks whose name is whose)
		// "a blow dry for Anne": Anne's booking, under her name.
		t.bookFor(n)
	}
	meToo := false
	if m.svc >= 0 && t.svcOfPerson(m) && m.svc2 < 0 && t.st.Svc == "" && t.ended == "" && m.mentionsPhrase(meAndPhrases) {
		// "une coupe pour moi et mon mari": his cut is known, the
		// customer's own is asked; both at the same time.
		t.st.Next, t.st.Together, t.st.Second = t.e.b.Config.Services[m.svc].ID, true, true
		m.svc, m.svcOfPerson, meToo = -1, false, true
		m.in |= inHaircut
	}
	partnerFirst := m.svc >= 0 && m.svc2 >= 0 && m.svcAt < m.svc2At && namesSomeoneElse(m.words[:m.svcAt+m.svcLen]) &&
		selfBetween(m.words[m.svcAt+m.svcLen:m.svc2At])
	if partnerFirst {
		// "my wife wants a cut and blow dry and i want a beard trim": the
		// customer's own first, under their name; the partner's beside it.
		m.svc, m.svcLen, m.svcAt, m.svc2, m.svc2Len, m.svc2At = m.svc2, m.svc2Len, m.svc2At, m.svc, m.svcLen, m.svcAt
	}
	during := m.svc >= 0 && m.mentionsPhrase(duringOwnPhrases)
	if m.svc >= 0 && m.svc2 >= 0 && during {
		// "une coupe homme pour mon mari pendant ma couleur": the colour is
		// booked already; it says when, it is not a second service.
		for _, b := range t.ownBookings() {
			switch t.serviceIndex(b.Service) {
			case m.svc2:
				m.svc2 = -1
			case m.svc:
				m.svc, m.svcAt, m.svc2 = m.svc2, m.svc2At, -1
			default:
				continue
			}
			if !m.when.HasTime {
				start := b.Start.In(t.loc)
				m.when = validate.When{Date: validate.DateOf(start), HasTime: true, Time: validate.Clock{Hour: start.Hour(), Minute: start.Minute()}, Spans: []validate.Span{{}}}
			}
			break
		}
	}
	anchor, before := t.beforeOwn(m)
	if before {
		// "ajouter une coupe juste avant mon brushing": the blow-dry is
		// booked already; it says when, it is not the service wanted.
		if m.svc >= 0 && t.e.b.Config.Services[m.svc].ID == anchor.Service {
			m.svc, m.svcAt, m.svc2 = m.svc2, m.svc2At, -1
		} else {
			m.svc2 = -1
		}
		m.when = validate.When{}
	}
	t.absorb(m)
	if before {
		start := anchor.Start.In(t.loc)
		t.st.Day, t.st.DayEnd = business.DateOf(start).String(), ""
		t.st.Min, t.st.Part, t.st.After, t.st.Before = -minuteOf(start)-1, 0, false, false
		if svc, ok := t.e.b.Service(t.st.Svc); ok && t.st.Svc != "" {
			// The service known: it ends right as the booking starts.
			at := start.Add(-svc.Duration - svc.BufferAfter)
			m := t.onGrid(minuteOf(at))
			if m > minuteOf(at) {
				m -= int(t.e.b.Policy.SlotStep / time.Minute)
			}
			if _, why := t.check(t.newSearch(svc, "", ""), business.DateOf(start), m); why == whyNone && business.DateOf(at) == business.DateOf(start) {
				t.st.Min = m + 1 // else the times before it, as bounded above
			}
		}
		if t.st.Svc == "" {
			t.askService(m.has(inHaircut), false)
			return
		}
	}
	// "une barbe juste après ma coupe femme": the cut is booked already;
	// it says when (rightAfter), it is not a second service.
	afterOwn := m.svc2 >= 0 && m.mentions(possessiveWords) && m.mentionsPhrase(rightAfterPhrases) &&
		slices.ContainsFunc(t.ownBookings(), func(b Booking) bool { return b.Service == t.e.b.Config.Services[m.svc2].ID })
	if m.svc2 >= 0 && m.svc >= 0 && !afterOwn {
		// "une coupe homme et une barbe": the second right after the first;
		// "ma copine et moi… une coupe femme et une coupe homme": at the
		// same time, for the second person.
		t.st.Next = t.e.b.Config.Services[m.svc2].ID
		t.st.Together = partnerFirst || m.mentionsPhrase(togetherPhrases) || m.mentionsPhrase(twoOfUsPhrases) ||
			m.mentionsPhrase(forMePhrases) && namesSomeoneElse(m.words) // "a womens cut for me and a mens cut for my boyfriend"
		t.st.Second = t.st.Together
	} else if m.svc >= 0 && !during && (t.saysTogether(m) || m.mentions(eachWords) || m.svcAt > 0 && twoWords[m.words[m.svcAt-1].fold] || twoPeople(m.words)) {
		// "deux coupes femme pour ma sœur et moi", "une coupe chacune".
		t.st.Next, t.st.Together, t.st.Second = t.e.b.Config.Services[m.svc].ID, true, true
	}
	if t.st.Together && t.st.Svc != "" && !t.twoCanDo(t.st.Svc, t.st.Next) {
		t.st.Together = false // one stylist for both: one after the other
	}
	if meToo && t.st.Svc == "" {
		t.askService(true, false)
		return
	}
	if at, staff, ok := t.rightAfter(m); ok {
		// "et une barbe juste après" the booking just made.
		t.st.Day, t.st.DayEnd = business.DateOf(at).String(), ""
		t.st.Min, t.st.Part, t.st.After, t.st.Before = t.onGrid(minuteOf(at))+1, 0, false, false
		if svc, ok := t.e.b.Service(t.st.Svc); ok && svc.Performs(staff) {
			t.st.Prefer = staff
		}
	}
	if m.when.HasTime && m.when.Date.IsZero() && m.when.EndDate.IsZero() && t.ended != "" && t.st.Day == "" {
		// "et une coupe pour moi à 11h" right after a booking: its day.
		if unix, _, ok := strings.Cut(t.ended, " "); ok {
			if sec, err := strconv.ParseInt(unix, 10, 64); err == nil {
				t.st.Day = business.DateOf(time.Unix(sec, 0).In(t.loc)).String()
			}
		}
	}
	if m.when.Problem.Kind != validate.ProblemNone && !t.pastToday(m.when) && !t.pastMismatch(m.when) {
		t.st.Ask = askWhen
		return
	}
	if t.st.Svc == "" && m.has(inHaircut) {
		t.askService(true, false)
		return
	}
	t.advance()
}

// startsWithSomeoneElse reports whether words begin with the person a
// booking is for: "mon mari une coupe homme", "and my son a kids cut".
func startsWithSomeoneElse(words []word) bool {
	i := 0
	if i < len(words) && (words[i].fold == "et" || words[i].fold == "and") {
		i++
	}
	return i+1 < len(words) && (words[i].fold == "mon" || words[i].fold == "ma" || words[i].fold == "my") && personWords[words[i+1].fold]
}

// selfBetween reports whether words say the customer wants something for
// themselves: "and i want", "et moi je veux", "moi une coupe".
func selfBetween(words []word) bool {
	for i, w := range words {
		switch w.fold {
		case "i", "moi", "me":
			return true
		case "je":
			if i+1 < len(words) && (words[i+1].fold == "veux" || words[i+1].fold == "voudrais" || words[i+1].fold == "prends") {
				return true
			}
		}
	}
	return false
}

// twoPeople reports whether words count two people a service is for:
// "mes 2 enfants", "my two boys", "my 2 kids".
func twoPeople(words []word) bool {
	for i := 0; i+1 < len(words); i++ {
		if twoWords[words[i].fold] && pluralPeople[words[i+1].fold] {
			return true
		}
	}
	return false
}

// peopleCount returns how many people words say a booking is for when
// they count them ("3 of us", "on est 4", "mes 3 enfants"), else 0.
func peopleCount(words []word) int {
	for i := 0; i+1 < len(words); i++ {
		n := countWords[words[i].fold]
		if n == 0 {
			continue
		}
		next := words[i+1].fold
		switch {
		case pluralPeople[next], next == "of" && i+2 < len(words) && words[i+2].fold == "us", next == "personnes", next == "people":
			return n
		case i > 0 && (words[i-1].fold == "est" && i > 1 && words[i-2].fold == "on" || words[i-1].fold == "sommes"):
			return n // "on est 3", "nous sommes 3"
		}
	}
	return 0
}

// countWords are the numbers of people counted in a booking request.
var countWords = map[string]int{"2": 2, "deux": 2, "two": 2, "3": 3, "trois": 3, "three": 3, "4": 4, "quatre": 4, "four": 4,
	"5": 5, "cinq": 5, "five": 5, "6": 6, "six": 6}

// pluralPeople are the plural words for people a booking is for.
var pluralPeople = map[string]bool{"enfants": true, "fils": true, "filles": true, "garcons": true, "petits": true, "jumeaux": true, "jumelles": true,
	"kids": true, "children": true, "boys": true, "girls": true, "sons": true, "daughters": true, "twins": true, "grandchildren": true, "petits-enfants": true}

// beforeOwn returns the customer's booking that a new service is asked
// right before: the one the message names with a possessive ("juste avant
// mon brushing de samedi"), else the one just made ("et une couleur juste
// avant ?").
func (t *turn) beforeOwn(m msg) (Booking, bool) {
	if t.st.Phone == "" || !m.mentionsPhrase(rightBeforePhrases) {
		return Booking{}, false
	}
	own := t.ownBookings()
	if m.mentions(possessiveWords) {
		var found []Booking
		for _, b := range own {
			i := t.serviceIndex(b.Service)
			named := i >= 0 && (i == m.svc || i == m.svc2) ||
				m.has(inHaircut) && t.isHaircut(b.Service) && (m.svc < 0 || !t.e.match.haircut[m.svc]) // "avant ma coupe du 19"
			if named && (m.when.Date.IsZero() || business.DateOf(b.Start.In(t.loc)) == business.Date(m.when.Date)) {
				found = append(found, b)
			}
		}
		if len(found) > 1 {
			// "ma coupe du 19": the one on that day of the month.
			found = slices.DeleteFunc(found, func(b Booking) bool {
				day := strconv.Itoa(b.Start.In(t.loc).Day())
				return !slices.ContainsFunc(m.words, func(w word) bool { return w.fold == day })
			})
		}
		if len(found) == 1 {
			return found[0], true
		}
		return Booking{}, false
	}
	if id := t.justHandled(); id != "" && !m.when.Found() {
		for _, b := range own {
			if b.ID == id {
				return b, true
			}
		}
	}
	return Booking{}, false
}

// otherStaff returns the first staff member other than staff who does
// svc, or "".
func otherStaff(svc *business.Service, staff string) string {
	for _, id := range svc.Staff {
		if id != staff {
			return id
		}
	}
	return ""
}

// svcOfPerson reports whether m's service is the cut of a person it names
// ("une coupe pour mon fils", a synonym, or "a haircut for my husband"),
// rather than a service named ("une coupe homme").
func (t *turn) svcOfPerson(m msg) bool {
	if m.svcOfPerson {
		return true
	}
	if m.svc < 0 || !t.e.match.haircut[m.svc] {
		return false
	}
	if m.svcLen == 0 && namesSomeoneElse(m.words) {
		return true // the cut inferred from the person: "une coupe pour ma femme"
	}
	for i := m.svcAt; i < min(len(m.words), m.svcAt+m.svcLen); i++ {
		w := m.words[i]
		for _, who := range cutWhom {
			if slices.Contains(who.said, w.fold) && !slices.Contains(who.named, w.fold) {
				return true
			}
		}
		if i > 0 && (m.words[i-1].fold == "ma" || m.words[i-1].fold == "my") && personWords[w.fold] {
			return true // "une coupe pour ma femme": hers, though "femme" names the cut too
		}
	}
	return false
}

// twoCanDo reports whether two different staff members can do services a
// and b at the same time.
func (t *turn) twoCanDo(a, b string) bool {
	sa, ok1 := t.e.b.Service(a)
	sb, ok2 := t.e.b.Service(b)
	if !ok1 || !ok2 {
		return false
	}
	for _, x := range sa.Staff {
		for _, y := range sb.Staff {
			if x != y {
				return true
			}
		}
	}
	return false
}

// onGrid rounds minute of day m up to the next start of the slot step.
func (t *turn) onGrid(m int) int {
	step := int(t.e.b.Policy.SlotStep / time.Minute)
	if step <= 0 {
		return m
	}
	return (m + step - 1) / step * step
}

// absorb takes the booking facts of a message into the draft. It returns
// true when the slot asked for changed (service, staff, day or time).
func (t *turn) absorb(m msg) bool {
	changed := false
	if m.svc >= 0 && m.svc2 < 0 && t.st.Flow == flowBook && t.st.Svc != "" && t.st.Next == "" && !t.st.Other &&
		t.e.b.Config.Services[m.svc].ID != t.st.Svc && t.addsService(m) {
		// "c'est possible de faire aussi un brushing après ?" while booking
		// a colour: the brushing right after it, not instead.
		t.st.Next = t.e.b.Config.Services[m.svc].ID
		m.svc = -1
		changed = true
	}
	sameSvc := m.svc >= 0 && t.st.Svc != "" && t.serviceIndex(t.st.Svc) == m.svc && // the request said anew…
		!m.mentionsPhrase(sameTimePhrases) // …not "on Saturday then, same time"
	if m.svc >= 0 {
		svc := &t.e.b.Config.Services[m.svc]
		if svc.ID != t.st.Svc {
			t.st.Svc = svc.ID
			if t.st.Next == svc.ID && m.svc2 < 0 {
				t.st.Next = "" // "beard then" after "cut and beard": the beard alone, not twice
			}
			changed = true
		}
		if m.svc2 >= 0 && m.svc2 != m.svc && t.st.Flow == flowBook && t.st.Next == "" && t.st.Ask == askService {
			// "pour une couleur et une coupe" to "which service?": both,
			// the second right after (at the same time for two people).
			t.st.Next = t.e.b.Config.Services[m.svc2].ID
			t.st.Together = m.mentionsPhrase(togetherPhrases)
			t.st.Second = t.st.Together
		}
		if svc.UnderAge > 0 && t.st.Flow == flowBook && !t.st.Other && t.st.Name != "" && m.name == "" && !m.mentionsPhrase(forMePhrases) {
			// A children's service is the child's, not the parent's whose
			// name is known: the child's name is asked, and the customer
			// keeps hers.
			t.st.Other, t.st.Own, t.st.Name = true, t.st.Name, ""
		}
	}
	if m.unknownStaff != "" {
		// "avec Sarah", who does not work here: said, then anyone.
		names := make([]string, 0, len(t.e.b.Config.Staff))
		for i := range t.e.b.Config.Staff {
			names = append(names, t.e.b.Config.Staff[i].Name)
		}
		t.say("unknown_staff", P{"Name": m.unknownStaff, "Staff": names})
	}
	if m.avoidDays != 0 {
		// "any day except saturday": kept with the staff avoided, as
		// "day:N", which no staff id is.
		avoid := strings.Fields(t.st.Avoid)
		for d := range 7 {
			if tok := "day:" + strconv.Itoa(d); m.avoidDays&(1<<d) != 0 && !slices.Contains(avoid, tok) {
				avoid = append(avoid, tok)
				changed = true
			}
		}
		t.st.Avoid = strings.Join(avoid, " ")
	}
	if m.avoid != 0 {
		// "pas avec Camille": anyone else who does the service.
		avoid := strings.Fields(t.st.Avoid)
		for i := range t.e.b.Config.Staff {
			if id := t.e.b.Config.Staff[i].ID; m.avoid&(1<<i) != 0 && !slices.Contains(avoid, id) {
				avoid = append(avoid, id)
				changed = true
			}
		}
		t.st.Avoid = strings.Join(avoid, " ")
		if slices.Contains(avoid, t.st.Staff) {
			t.st.Staff, changed = "", true
		}
	}
	if t.st.Avoid != "" && m.svc >= 0 {
		svc := &t.e.b.Config.Services[m.svc]
		avoid := strings.Fields(t.st.Avoid)
		if !slices.ContainsFunc(svc.Staff, func(id string) bool { return !slices.Contains(avoid, id) }) {
			// "coupe homme, pas avec Hugo", and Hugo alone does it; "une
			// couleur, pas Camille ni Inès": said, and the booking stays
			// possible with them.
			t.say("staff_only_avoided", P{"Staff": t.staffNames(svc.Staff), "One": len(svc.Staff) == 1, "Svc": t.svcName(svc)})
			t.st.Avoid = ""
		}
	}
	if m.staff >= 0 {
		if id := t.e.b.Config.Staff[m.staff].ID; id != t.st.Staff {
			t.st.Staff = id
			changed = true
		}
		if avoid := strings.Fields(t.st.Avoid); slices.Contains(avoid, t.st.Staff) {
			// Named again: wanted after all.
			t.st.Avoid = strings.Join(slices.DeleteFunc(avoid, func(id string) bool { return id == t.st.Staff }), " ")
		}
	} else if m.has(inAnyStaff) && t.st.Staff != "" {
		t.st.Staff = ""
		changed = true
	}
	w := m.when
	if today := business.DateOf(t.now); t.pastMismatch(w) {
		// "je suis venue le 3 décembre et je voudrais une couleur samedi":
		// the past date is the story; the weekday, the wish.
		d := today.AddDays(1)
		for d.Weekday() != w.Problem.Weekday {
			d = d.AddDays(1)
		}
		w.Date, w.Problem = validate.Date(d), validate.Problem{}
	}
	if t.pastToday(w) {
		// "aujourd'hui 9h" at ten: that time is past; today's later ones.
		t.say("time_past_today", P{"At": w.Time.Minutes()})
		t.st.clearWhen()
		t.st.Day = business.DateOf(t.now).String() // the notice keeps what is past out
		return true
	}
	if w.Problem.Kind != validate.ProblemNone {
		t.whenProblem(w)
		return changed
	}
	if w.Found() {
		switch {
		case w.Nearest:
			t.st.clearWhen()
			t.st.Day = business.DateOf(t.now).String()
			t.st.DayEnd = business.DateOf(t.latest()).String()
		case !w.Date.IsZero():
			t.st.Day = business.Date(w.Date).String()
			t.st.DayEnd = ""
			if !w.EndDate.IsZero() {
				t.st.DayEnd = business.Date(w.EndDate).String()
			}
			if w.Part != validate.PartNone && !w.HasTime ||
				!w.HasTime && sameSvc && t.st.Min > 0 && t.st.Ask != askConfirm {
				// A part of the day, or the request said anew with
				// another day ("un brushing le 25 décembre ?" after one
				// at 12h30): no time kept from before.
				t.st.Min = 0
			}
		}
		if w.HasTime {
			t.st.Min = w.Time.Minutes() + 1
			t.st.After, t.st.Before = w.After, w.Before
			if w.After || w.Before {
				t.st.Min = 0
				t.st.Part = 0
			}
		}
		if w.Part != validate.PartNone {
			t.st.Part = uint8(w.Part)
		} else if !w.Date.IsZero() && !w.HasTime {
			t.st.Part = 0
		}
		if w.After || w.Before {
			t.st.Min = -(w.Time.Minutes() + 1) // a bound, not a time
		}
		changed = true
	}
	if m.name != "" {
		t.st.Name = m.name
	}
	if m.phone != "" {
		t.st.Phone = m.phone
	}
	if m.mentionsPhrase(latestPhrases) && t.st.Svc != "" && t.st.Day != "" && t.st.DayEnd == "" && !m.when.HasTime {
		// "le plus tard possible", "as late as possible": the day's last
		// hour in which the service can start.
		svc, _ := t.e.b.Service(t.st.Svc)
		if d, err := business.ParseDate(t.st.Day); err == nil {
			if last := t.latestStart(d, svc); last >= 0 {
				from := max(last-60, 0)
				if t.st.Min != -(from+1) || !t.st.After {
					t.st.Min, t.st.After, t.st.Before, t.st.Part = -(from + 1), true, false, 0
					changed = true
				}
			}
		}
	}
	if changed {
		t.st.Offers = nil
		if t.st.Held != nil {
			t.releaseHold()
		}
	}
	return changed
}

// latestPhrases ask for the last time of a day.
var latestPhrases = []string{"le plus tard possible", "plus tard possible", "le plus tard", "as late as possible", "latest possible",
	"the latest", "dernier creneau", "le dernier rendez vous", "last appointment", "last slot"}

// whenProblem questions back a date or time that cannot be taken as is.
func (t *turn) whenProblem(w validate.When) {
	p := w.Problem
	switch p.Kind {
	case validate.ProblemWeekdayMismatch:
		t.say("when_mismatch", P{"Date": business.Date(p.Date).At(t.loc, 12*60), "Said": int(p.Weekday),
			"Alt": business.Date(p.Alternative).At(t.loc, 12*60)})
		// "Vouliez-vous dire mardi 1er décembre ?": a "oui" takes it.
		t.st.Suggest = business.Date(p.Alternative).String()
		if w.HasTime {
			t.st.Suggest += " " + strconv.Itoa(w.Time.Minutes())
		}
	case validate.ProblemImpossibleDate:
		t.say("when_impossible", P{"Day": p.Day, "Month": int(p.Month)})
	case validate.ProblemPast:
		t.say("when_past", nil)
	case validate.ProblemInvalidTime:
		t.say("when_invalid_time", P{"Hour": p.Hour, "Minute": p.Minute})
	}
	t.st.Miss++
}

// bookStep continues a booking with the customer's answer.
func (t *turn) bookStep(m msg) {
	if t.st.Ask == askPick || t.st.Ask == askWhen && len(t.st.Offers) > 0 {
		nearestOnly := m.when.Nearest && m.when.Date.IsZero() && !m.when.HasTime // "earliest please", "le plus tôt possible"
		if m.choice == 0 && len(t.st.Offers) > 0 && (m.mentionsPhrase(anySlotPhrases) || nearestOnly) && (!m.when.Found() || nearestOnly) && m.svc < 0 && m.staff < 0 {
			m.choice = 1 // "peu importe", "n'importe lequel": the first one
		}
		if ref, ok := t.pickOffer(m); ok {
			t.st.Offers = nil
			t.takeOffer(ref)
			return
		}
		if m.has(inYes) && !m.when.Found() && m.svc < 0 {
			t.say("pick_which", nil)
			t.offerChoices()
			return
		}
		if len(t.st.Offers) > 0 && m.in == 0 && m.svc < 0 && m.staff < 0 && m.choice == 0 && !m.when.Found() {
			if n := t.answeredName(m); n != "" && len(m.words) >= 2 {
				// "Mike Ross" before choosing a slot: the name kept for the
				// recap, the choice asked again.
				t.st.Name = n
				t.say("pick_which", nil)
				t.offerChoices()
				return
			}
		}
		if m.has(inOther|inNo) && !m.when.Found() && m.svc < 0 && m.staff < 0 && !m.mentionsPhrase(latestPhrases) {
			t.otherSlots(m.mentions(earlierWords) || m.mentionsPhrase([]string{"plus tot"}))
			return
		}
	}
	problem := m.when.Problem.Kind != validate.ProblemNone && !t.pastToday(m.when) && !t.pastMismatch(m.when)
	if (t.st.Ask == askConfirm || t.st.Ask == askName) && m.staff >= 0 && m.in == 0 && m.svc < 0 && !m.when.Found() && m.name == "" {
		if n := t.capitalisedName(m); n != "" {
			m.staff, m.name = -1, n // "Camille Durand": a customer named like a stylist
		}
	}
	if t.st.Next != "" && (t.st.Together || t.st.Second) && (t.st.Ask == askConfirm || t.st.Ask == askName) && t.st.Flow == flowBook {
		if n := t.otherPersonName(m); n != "" {
			// "his name is Dan" when booking for two: the second person's
			// booking is his; the first keeps its name (asked next if none).
			t.st.NextName = n
			m.name = ""
			if t.st.Ask == askConfirm || t.st.Name != "" {
				t.st.Ask = ""
			}
			t.advance()
			return
		}
	}
	changed := t.absorb(m)
	if problem {
		t.st.Ask = askWhen
		return
	}
	switch t.st.Ask {
	case askConfirm:
		if changed {
			break
		}
		if n := t.namedFor(m); n != "" && t.st.Flow == flowBook {
			// "c'est pour mon fils Lucas, pas pour moi": his booking, under
			// his name; the customer's own name stays hers. Recap again.
			if !t.st.Other {
				t.st.Other, t.st.Own = true, t.st.Name
			}
			t.st.Name = n
			break
		}
		if n := t.surnameOf(m); n != "" {
			// "Karim", then "Benali" at the recap: the whole name.
			t.st.Name = n
			break
		}
		if n := t.correctedName(m); n != "" {
			// "Paul Martin", "non c'est Paul Martin", "au nom de Paul
			// Martin": the recap named someone else; recap again.
			t.st.Name = n
			break
		}
		switch {
		case m.has(inYes) && !m.has(inNo):
			t.commit()
			return
		case m.has(inNo):
			t.st.Ask = askChange
			t.say("ask_change", P{"Name": t.st.Flow == flowBook})
			return
		case m.name != "" || m.phone != "":
			// A correction of the name or phone: confirm again.
		default:
			t.st.Miss++
			t.say("confirm_unclear", nil)
			t.st.Ask = ""
		}
	case askName:
		if changed && m.name == "" {
			break // "avec Inès plutôt": the change, and the name is asked again
		}
		if first, second, ok := t.twoNames(m); ok {
			// "Lina et Adam" for two people: the first booking under the
			// first name, the second person's under the other.
			t.st.Name, t.st.NextName = first, second
			break
		}
		if n := t.namedFor(m); n != "" {
			// "c'est pour mon fils Lucas": his booking, under his name;
			// the customer's own name is not his.
			t.st.Other, t.st.Name = true, n
			break
		}
		if m.name == "" {
			if n, ok := validate.ParseName(m.text); ok && !m.has(inYes|inNo|inGreet) && t.plausibleName(n) {
				t.st.Name = n
			} else if n := t.bareName(m); n != "" {
				t.st.Name = n
			} else if !changed {
				t.st.Miss++
				t.say("bad_name", nil)
				return
			}
		} else {
			t.st.Name = m.name
		}
	case askPhone:
		if m.phone != "" {
			t.st.Phone = m.phone
		} else if p, err := t.parsePhone(m.text); err == nil {
			t.st.Phone = p
		} else if !changed {
			t.st.Miss++
			t.say("bad_phone", P{"Invalid": errors.Is(err, validate.ErrInvalidPhone) || m.phoneBad, "Example": t.e.examplePhone})
			return
		}
	case askService:
		if m.svc < 0 && !changed && m.has(inNo) && !m.has(inYes) {
			t.abandon() // "non" to "which service?": nothing to book
			return
		}
		if m.svc < 0 && !changed && (m.name != "" || m.phone != "") {
			t.askService(m.has(inHaircut), false) // "c'est au nom de Dubois": noted, the question stands
			return
		}
		if m.svc < 0 && !changed {
			t.st.Miss++
			// "une coupe": which cut, not "I did not recognise the service".
			t.askService(m.has(inHaircut), !m.has(inHaircut))
			return
		}
	case askWhen, askChange:
		if !changed && m.name == "" && m.phone == "" {
			t.st.Miss++
			t.say("when_unclear", nil)
			return
		}
	}
	t.st.Miss = 0
	t.advance()
}

// hourWords are the English hours a caller picks a slot by ("twelve is
// fine"); French callers say "midi", "à 10h", which ParseWhen reads.
var hourWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

// hourWord returns the hour a message names by a lone English number, or 0.
func hourWord(m *msg) int {
	h := 0
	for _, w := range m.words {
		if v, ok := hourWords[w.fold]; ok {
			if h != 0 {
				return 0
			}
			h = v
		}
	}
	return h
}

// loneNumber returns the number 1-23 of a short message ("9 is good", "10
// ça me va") whose one number it is, or 0.
func loneNumber(m *msg) int {
	n := 0
	for _, w := range m.words {
		switch {
		case w.fold == "":
		case w.fold[0] >= '0' && w.fold[0] <= '9':
			v, err := strconv.Atoi(w.fold)
			if err != nil || n != 0 || v < 1 || v > 23 {
				return 0
			}
			n = v
		case !acceptWords[w.fold]:
			return 0 // "2 personnes", "il a 9 ans", "plutôt le 9", "10 minutes de retard"
		}
	}
	return n
}

// acceptWords may stand around the hour of a slot taken: "9 is good",
// "10 ça me va", "le 10 svp".
var acceptWords = set([]string{"is", "good", "fine", "ok", "okay", "please", "works", "for", "me", "ca", "va", "parfait", "super",
	"svp", "stp", "d", "accord", "oui", "yes", "great", "perfect", "at", "a", "h", "heure", "heures", "celui", "de", "that", "s", "the", "one", "o", "clock"})

// pickOffer finds which offered slot the customer chose.
func (t *turn) pickOffer(m msg) (slotRef, bool) {
	offers := t.st.Offers
	if len(offers) == 0 {
		return slotRef{}, false
	}
	if c := m.choice; c != 0 && !(m.when.HasTime && (c > len(offers) || m.when.Time.Minute != 0)) { // "half 2" is 2:30, not the second
		switch {
		case c == -1:
			return offers[len(offers)-1], true
		case c >= 1 && c <= len(offers):
			return offers[c-1], true
		}
	}
	if m.when.HasTime && m.svc < 0 {
		var found []slotRef
		for _, o := range offers {
			ot := o.time(t.loc)
			if minuteOf(ot) != m.when.Time.Minutes() {
				continue
			}
			if !m.when.Date.IsZero() && business.DateOf(ot) != business.Date(m.when.Date) {
				continue
			}
			found = append(found, o)
		}
		if len(found) >= 1 {
			return found[0], true
		}
	}
	h := hourWord(&m)
	if h == 0 && m.choice > len(offers) && m.choice <= 23 && !m.when.HasTime {
		h = m.choice // "9" among three offers: nine o'clock
	}
	if n := loneNumber(&m); h == 0 && m.choice == 0 && !m.when.HasTime && n > 0 && m.svc < 0 {
		// "9 is good", "le 10 ça me va": the hour of one offer, else the
		// offer of that rank.
		var found []slotRef
		for _, o := range offers {
			if oh := o.time(t.loc).Hour(); oh == n || oh == n+12 {
				found = append(found, o)
			}
		}
		switch {
		case len(found) == 1:
			return found[0], true
		case len(found) == 0 && n <= len(offers) && m.when.Date.IsZero():
			return offers[n-1], true
		}
	}
	if h > 0 && !m.when.HasTime && m.when.Date.IsZero() && m.svc < 0 && (m.choice == 0 || m.choice == h) {
		// "twelve is fine", "the nine": one offer at that hour.
		var found []slotRef
		for _, o := range offers {
			if oh := o.time(t.loc).Hour(); oh == h || oh == h+12 {
				found = append(found, o)
			}
		}
		if len(found) == 1 {
			return found[0], true
		}
	}
	if !m.when.HasTime && !m.when.Date.IsZero() && m.svc < 0 {
		var found []slotRef
		for _, o := range offers {
			if business.DateOf(o.time(t.loc)) == business.Date(m.when.Date) {
				found = append(found, o)
			}
		}
		if len(found) == 1 && m.when.Part == validate.PartNone {
			return found[0], true
		}
	}
	if m.has(inYes) && !m.has(inNo) && len(offers) == 1 && !m.when.Found() && m.svc < 0 {
		return offers[0], true
	}
	return slotRef{}, false
}

// takeOffer holds a chosen offer after checking it is still free.
func (t *turn) takeOffer(ref slotRef) {
	svc, ok := t.e.b.Service(ref.Svc)
	if !ok {
		svc, _ = t.e.b.Service(t.st.Svc)
	}
	t.st.Svc = svc.ID
	start := ref.time(t.loc)
	d := business.DateOf(start)
	t.st.Day, t.st.DayEnd, t.st.Min, t.st.Part, t.st.After, t.st.Before = d.String(), "", minuteOf(start)+1, 0, false, false
	s := t.newSearch(svc, t.st.Staff, ref.Staff)
	sl, why := t.check(s, d, minuteOf(start))
	if why != whyNone {
		t.say("slot_gone", P{"When": start})
		t.offer(s, t.nearest(s, d, minuteOf(start), 3))
		return
	}
	t.hold(svc, sl)
	t.advance()
}

// otherSlots offers later slots than the ones offered.
func (t *turn) otherSlots(earlier bool) {
	svc, ok := t.e.b.Service(t.st.Svc)
	if !ok {
		t.advance()
		return
	}
	s := t.newSearch(svc, t.st.Staff, t.st.Prefer)
	if earlier && len(t.st.Offers) > 0 {
		// "vous avez plus tôt ?": before the first slot offered, on its
		// day, else the days before it, from now on.
		first := t.st.Offers[0].time(t.loc)
		for _, o := range t.st.Offers {
			if ot := o.time(t.loc); ot.Before(first) {
				first = ot
			}
		}
		var slots []slot
		for d := business.DateOf(first); !d.Before(business.DateOf(t.now)) && len(slots) == 0; d = d.AddDays(-1) {
			for _, sl := range spread(t.daySlots(s, d, 0, 24*60), 12, 30) {
				if sl.start.Before(first) {
					slots = append(slots, sl)
				}
			}
			if len(slots) > 3 {
				slots = spread(slots, 3, 90)
			}
		}
		if len(slots) > 0 {
			t.offer(s, slots)
			return
		}
		t.say("none_earlier", nil)
	}
	after := t.now
	for _, o := range t.st.Offers {
		if ot := o.time(t.loc); ot.After(after) {
			after = ot
		}
	}
	d := business.DateOf(after)
	var slots []slot
	for _, sl := range t.firstFree(s, d, d.AddDays(14), 0, 24*60, 12) {
		if sl.start.After(after) && len(slots) < 3 {
			slots = append(slots, sl)
		}
	}
	if len(slots) == 0 {
		slots = t.firstFree(s, d.AddDays(1), business.Date{}, 0, 24*60, 3)
	}
	t.offer(s, slots)
}

// advance asks for what the booking still lacks, or confirms.
func (t *turn) advance() {
	if t.st.Svc == "" {
		t.askService(false, false)
		return
	}
	if t.st.Together && !t.twoCanDo(t.st.Svc, t.st.Next) {
		t.st.Together = false // one stylist for both: one after the other
	}
	svc, _ := t.e.b.Service(t.st.Svc)
	if t.st.Staff != "" && !svc.Performs(t.st.Staff) {
		st, _ := t.e.b.StaffMember(t.st.Staff)
		t.say("staff_not_service", P{"Staff": st.Name, "Svc": t.svcName(svc), "Others": t.staffNames(svc.Staff)})
		t.st.Staff = ""
	}
	if t.st.Held == nil {
		if t.st.Day == "" && t.st.Min < 0 && t.st.Flow == flowBook {
			// "after 5pm", "avant 10h" with no day: the next two weeks'
			// first times in that window.
			today := business.DateOf(t.now)
			t.st.Day, t.st.DayEnd = today.String(), today.AddDays(13).String()
		}
		if t.st.Day == "" {
			t.askWhen(svc)
			return
		}
		d, _ := business.ParseDate(t.st.Day)
		s := t.newSearch(svc, t.st.Staff, t.st.Prefer)
		if t.st.Min > 0 {
			min := t.st.Min - 1
			sl, why := t.check(s, d, min)
			if why == whyTaken {
				if id, n := t.performersOn(s.svc, d); n == 0 && id != "" {
					// No one who does the service works that day: not "taken".
					s.staff, why = id, whyStaffOff
				} else if n == 0 {
					why = whyNobody
				}
			}
			if why == whyNone {
				t.hold(svc, sl)
			} else {
				t.explain(why, s, d, min)
				if why == whyHorizon || why == whyPast {
					t.askOtherDay()
					return
				}
				t.offer(s, t.sameWay(s, d, min))
				return
			}
		} else {
			from, to := 0, 24*60
			if t.st.Part != 0 {
				from, to = t.partOf(d, validate.Part(t.st.Part))
				if last := t.latestStart(d, s.svc); last >= 0 && from > last {
					// "Une couleur vendredi soir": it cannot start that late;
					// the last starts of the day instead.
					from = last
				}
			}
			if t.st.Min < 0 {
				if t.st.After {
					from = -t.st.Min - 1
				} else {
					to = -t.st.Min - 1
				}
			}
			var last business.Date
			if t.st.DayEnd != "" {
				last, _ = business.ParseDate(t.st.DayEnd)
			} else {
				last = d
			}
			slots := t.firstFree(s, d, last, from, to, 3)
			if len(slots) == 0 {
				why := t.dayClosed(d)
				switch {
				case d.At(t.loc, 0).After(t.latest()):
					why = whyHorizon // before any closure: nothing that far is bookable
				case t.st.DayEnd != "":
					why = whyFull
				case why != whyNone:
				case d.Before(business.DateOf(t.now)):
					why = whyPast
				case d == business.DateOf(t.now) && t.tooLateToday(d, s.svc, from, to):
					why = whyNotice // "ce matin", "aujourd'hui" too close to now: the notice, not "full"
				case t.st.Part != 0 && t.st.DayEnd == "" && len(t.firstFree(s, d, d, 0, 24*60, 1)) > 0:
					// "un balayage jeudi fin de matinée": the day has room, the
					// part of it is too short; the day's nearest times instead.
					t.say("why_part_fit", P{"Svc": t.svcName(s.svc), "Dur": s.svc.Duration, "Day": d.At(t.loc, 12*60)})
					t.offer(s, t.nearestOn(s, d, from, 3))
					return
				case t.st.Staff != "":
					st, _ := t.e.b.StaffMember(t.st.Staff)
					if len(st.WorksOn(t.e.b, d)) == 0 {
						why = whyStaffOff
					} else {
						why = whyStaffFull
					}
				default:
					why = whyFull
					if id, n := t.performersOn(s.svc, d); n == 0 && id != "" {
						// No one who does the service works that day: not "full".
						s.staff, why = id, whyStaffOff
					} else if n == 0 {
						why = whyNobody
					}
				}
				t.explain(why, s, d, -1)
				if why == whyHorizon || why == whyPast {
					t.askOtherDay()
					return
				}
				if why == whyNotice {
					t.offer(s, t.firstFree(s, d, business.Date{}, 0, 24*60, 3)) // later today if anything, else the next days
					return
				}
				next := d.AddDays(1)
				if last.Compare(d) > 0 {
					next = last.AddDays(1)
				}
				if today := business.DateOf(t.now); next.Before(today) {
					next = today
				}
				if t.st.Part != 0 {
					// "cet aprem" on a closed day: the afternoon of the next
					// open day, whose lunch break may differ.
					open := next
					for i := 0; i < 7 && len(t.e.b.Hours(open)) == 0; i++ {
						open = open.AddDays(1)
					}
					from, to = t.partOf(open, validate.Part(t.st.Part))
				}
				offered := t.firstFree(s, next, business.Date{}, from, to, 3)
				if closedDay := t.dayClosed(d); why == closedDay && closedDay != whyNone && len(offered) > 0 && t.st.DayEnd == "" {
					// Christmas said once: the day the offers are on is
					// the day asked about from now on ("plutôt
					// l'après-midi", a question and the offers again).
					t.st.Day = business.DateOf(offered[0].start.In(t.loc)).String()
				}
				t.offer(s, offered)
				return
			}
			t.offerDay(s, slots)
			return
		}
	} else if !t.stillHeld() {
		return
	}
	if t.st.Name == "" {
		t.st.Ask = askName
		p := P{"Held": t.justHeldParams()}
		if t.st.Together || t.st.Second || t.st.Other {
			p["For"] = t.svcName(svc) // two people: whose name is asked
		}
		t.say("ask_name", p)
		return
	}
	if t.st.Phone == "" {
		t.st.Ask = askPhone
		t.say("ask_phone", P{"Held": t.justHeldParams()})
		return
	}
	t.refreshHold()
	t.st.Ask = askConfirm
	p := t.heldParams()
	p["Name"] = t.st.Name
	p["Phone"] = t.st.Phone
	if next, ok := t.e.b.Service(t.st.Next); ok && t.st.Next != "" {
		p["Then"], p["Together"], p["Second"] = t.svcName(next), t.st.Together, t.st.Second
		p["ThenName"] = t.st.NextName
	}
	if t.st.Flow == flowMove {
		if b, ok := t.targetBooking(); ok && b.Start.Equal(t.st.Held.time(t.loc)) && b.Staff == t.st.Held.Staff && b.Service == t.st.Held.Svc {
			// Nothing would change: ask what the new time is.
			t.releaseHold()
			t.st.clearWhen()
			t.st.Ask = askWhen
			t.say("same_slot", t.bookingParam(b))
			return
		}
		if b, ok := t.targetBooking(); ok {
			p["Old"] = b.Start.In(t.loc)
			if old, ok := t.e.b.Service(b.Service); ok && b.Service != t.st.Held.Svc {
				// "un balayage au lieu de la couleur"
				p["OldSvc"], p["Moved"] = t.svcName(old), !b.Start.Equal(t.st.Held.time(t.loc))
			} else if b.Start.Equal(t.st.Held.time(t.loc)) {
				// Another stylist at the same time.
				if st, ok := t.e.b.StaffMember(b.Staff); ok && b.Staff != t.st.Held.Staff {
					p["OldStaff"] = st.Name
				}
			}
		}
		t.say("confirm_move", p)
	} else {
		t.say("confirm_book", p)
	}
	t.choices = []Choice{{ID: "yes", Label: t.text("label_yes", nil)}, {ID: "no", Label: t.text("label_no", nil)}}
}

// stillHeld re-checks the held slot (another session may have taken it
// after the hold expired); when it is gone it says so and offers others.
func (t *turn) stillHeld() bool {
	h := t.st.Held
	svc, _ := t.e.b.Service(h.Svc)
	start := h.time(t.loc)
	d := business.DateOf(start)
	s := t.newSearch(svc, h.Staff, "")
	if _, why := t.check(s, d, minuteOf(start)); why == whyNone {
		return true
	}
	// The same time with someone else, when the customer named nobody.
	if t.st.Staff == "" {
		s.staff = ""
		if sl, why := t.check(s, d, minuteOf(start)); why == whyNone {
			t.hold(svc, sl)
			return true
		}
	}
	t.st.Held = nil
	t.say("slot_gone", P{"When": start})
	s.staff = t.st.Staff
	t.offer(s, t.nearest(s, d, minuteOf(start), 3))
	return false
}

// justHeldParams describes the held slot when it was held in this turn.
func (t *turn) justHeldParams() any {
	if !t.justHeld {
		return nil
	}
	p := t.heldParams()
	if next, ok := t.e.b.Service(t.st.Next); ok && t.st.Next != "" {
		p["Then"], p["Together"], p["Second"] = t.svcName(next), t.st.Together, t.st.Second // "une coupe homme et une barbe"
	}
	return p
}

func (t *turn) heldParams() P {
	h := t.st.Held
	svc, _ := t.e.b.Service(h.Svc)
	st, _ := t.e.b.StaffMember(h.Staff)
	return P{"When": h.time(t.loc), "Staff": st.Name, "Svc": t.svcName(svc), "Price": svc.Price, "Dur": svc.Duration}
}

func (t *turn) askService(haircut, again bool) {
	if d, err := business.ParseDate(t.st.Day); err == nil && t.st.DayEnd == "" && !again && len(t.e.b.Hours(d)) == 0 {
		// "je peux prendre rdv pour demain ?" on a Sunday: closed on
		// Monday, said before the service is asked.
		if next := t.nextOpenDay(d); !t.saidClosedNow || !next.Equal(t.nextOpening()) {
			t.say("closed_that_day", P{"Day": d.At(t.loc, 12*60), "Next": next})
		}
		t.st.clearWhen()
	}
	t.st.Ask = askService
	if haircut && !slices.Contains(t.e.match.haircut, true) {
		haircut = false // a garage asked for "a cut": every service, not an empty list
	}
	var names, ids []string
	staffDoes := func(s *business.Service) bool { return t.st.Staff == "" || s.Performs(t.st.Staff) }
	if !slices.ContainsFunc(t.e.b.Config.Services, func(s business.Service) bool { return staffDoes(&s) }) {
		staffDoes = func(*business.Service) bool { return true }
	}
	for i := range t.e.b.Config.Services {
		s := &t.e.b.Config.Services[i]
		if haircut && !t.e.match.haircut[i] || !staffDoes(s) {
			continue // "when is Hugo next free?": Hugo's services
		}
		names, ids = append(names, s.Name.In(t.lang(), t.e.b.DefaultLanguage())), append(ids, s.ID)
		t.choices = append(t.choices, Choice{ID: "service:" + s.ID, Label: s.Name.In(t.lang(), t.e.b.DefaultLanguage())})
	}
	if haircut && len(ids) == 1 && !again {
		// "une coupe avec Inès": the only cut she does, not a question
		// with one answer.
		t.choices = nil
		t.st.Svc, t.st.Ask = ids[0], ""
		t.advance()
		return
	}
	t.say("ask_service", P{"Services": names, "Haircut": haircut, "Again": again, "ForYou": t.st.Together && t.st.Next != "" && !again})
	if len(t.choices) > 10 {
		t.choices = t.choices[:10]
	}
}

// askWhen asks for the day and suggests the first free slots.
func (t *turn) askWhen(svc *business.Service) {
	s := t.newSearch(svc, t.st.Staff, t.st.Prefer)
	t.st.Ask = askWhen
	var slots []slot
	if t.st.Min > 0 {
		// "un brushing à 14h": the first days with 14:00 free.
		today := business.DateOf(t.now)
		for i := 0; len(slots) < 3 && i < 14; i++ {
			if ds := t.daySlots(s, today.AddDays(i), t.st.Min-1, t.st.Min); len(ds) > 0 {
				slots = append(slots, ds[0])
			}
		}
	}
	if len(slots) == 0 {
		slots = t.firstFree(s, business.DateOf(t.now), business.Date{}, 0, 24*60, 3)
	}
	p := P{"Svc": t.svcName(svc), "Move": t.st.Flow == flowMove}
	if t.st.Min > 0 {
		p["Time"] = t.st.Min - 1
	}
	if len(slots) > 0 {
		p["First"] = slots[0].start
	}
	t.say("ask_when", p)
	t.setOffers(svc, slots)
}

// askOtherDay asks for another date after one that cannot be booked.
func (t *turn) askOtherDay() {
	t.st.Ask = askWhen
	t.st.Offers = nil
	t.say("ask_other_day", nil)
}

// performersOn counts the staff who perform svc and work on d. When none
// does, id is the one who performs it, if only one does.
func (t *turn) performersOn(svc *business.Service, d business.Date) (id string, n int) {
	for _, sid := range svc.Staff {
		st, ok := t.e.b.StaffMember(sid)
		if !ok {
			continue
		}
		if len(st.WorksOn(t.e.b, d)) > 0 {
			n++
		}
	}
	if n == 0 && len(svc.Staff) == 1 {
		id = svc.Staff[0]
	}
	return id, n
}

// lastOpenDay is the last day bookings may be made for, the booking window
// allowing: the window's last day, or the open day before it when the
// business is closed then ("until Saturday 6 March", not a Sunday).
func (t *turn) lastOpenDay() time.Time {
	last := t.latest()
	d := business.DateOf(last)
	for range 14 {
		if t.dayClosed(d) == whyNone {
			if d == business.DateOf(last) {
				return last
			}
			return d.At(t.loc, 12*60)
		}
		d = d.AddDays(-1)
	}
	return last
}

// explain says why a day or time cannot be booked.
func (t *turn) explain(why string, s search, d business.Date, min int) {
	if t.reasking {
		return // said with the question the first time
	}
	p := P{"Day": d.At(t.loc, 12*60), "Svc": t.svcName(s.svc), "Dur": s.svc.Duration, "Notice": t.e.b.Policy.MinNotice,
		"Horizon": int(t.e.b.Policy.Horizon / (24 * time.Hour)), "Step": int(t.e.b.Policy.SlotStep / time.Minute),
		"Ranges": t.e.b.Hours(d), "Weekday": int(d.Weekday()), "Last": t.lastOpenDay()}
	if min >= 0 {
		p["When"] = d.At(t.loc, min)
	}
	if s.staff != "" {
		st, _ := t.e.b.StaffMember(s.staff)
		p["Staff"] = st.Name
		p["StaffDays"] = t.weekdays(st.Days)
	}
	switch why {
	case whyMine:
		if min >= 0 {
			start := d.At(t.loc, min)
			if b, ok := s.mineDuring(start, start.Add(s.svc.Duration)); ok {
				p["Mine"] = t.bookingParam(b)
			}
		}
	case whyHoliday:
		h, _ := t.e.b.Holiday(d)
		p["Holiday"] = h.Name.In(t.lang(), t.e.b.DefaultLanguage())
	case whyClosure:
		c, _ := t.e.b.Closure(d)
		p["From"] = c.From.At(t.loc, 12*60)
		p["To"] = c.To.At(t.loc, 12*60)
		p["Reason"] = c.Reason.In(t.lang(), t.e.b.DefaultLanguage())
	case whyLunch:
		for i, r := range p["Ranges"].([]business.Range) {
			if i > 0 && min < r.From {
				p["BreakFrom"], p["BreakTo"] = p["Ranges"].([]business.Range)[i-1].To, r.From
				break
			}
		}
	case whyThen:
		p["Next"] = t.svcName(s.then)
	case whyFit:
		for _, r := range t.e.b.Hours(d) {
			if min >= r.From && min < r.To {
				p["Close"] = r.To
			}
		}
	}
	t.say("why_"+why, p)
}

// offer proposes slots after an explanation, or says none is free soon.
func (t *turn) offer(s search, slots []slot) {
	t.st.Ask = askPick
	if len(slots) == 0 {
		t.say("no_slots", P{"Svc": t.svcName(s.svc), "Phone": t.e.b.HandoffPhone()})
		t.st.Ask = askWhen
		t.st.Offers = nil
		return
	}
	t.say("offer", P{"Slots": t.slotTimes(slots), "Staff": t.staffOf(slots), "One": len(slots) == 1})
	t.setOffers(s.svc, slots)
}

// offerDay proposes free slots of the day asked for.
func (t *turn) offerDay(s search, slots []slot) {
	t.st.Ask = askPick
	t.say("offer_day", P{"Slots": t.slotTimes(slots), "Staff": t.staffOf(slots), "Svc": t.svcName(s.svc), "One": len(slots) == 1})
	t.setOffers(s.svc, slots)
}

// slotIDLayout writes a slot's start in its choice id ("slot:2026-12-16T09:00").
const slotIDLayout = "2006-01-02T15:04"

func (t *turn) offerChoices() {
	for _, o := range t.st.Offers {
		t.choices = append(t.choices, Choice{ID: "slot:" + o.time(t.loc).Format(slotIDLayout), Label: t.text("label_slot", P{"When": o.time(t.loc)})})
	}
}

func (t *turn) setOffers(svc *business.Service, slots []slot) {
	t.st.Offers = t.st.Offers[:0]
	for _, sl := range slots {
		t.st.Offers = append(t.st.Offers, sl.ref(svc.ID))
	}
	if len(t.st.Offers) == 0 {
		t.st.Offers = nil
	}
	t.offerChoices()
}

// slotTimes groups slots for saying: same day → "samedi 28 novembre à
// 10h00, 11h30 ou 14h00".
func (t *turn) slotTimes(slots []slot) []time.Time {
	out := make([]time.Time, len(slots))
	for i, s := range slots {
		out[i] = s.start
	}
	return out
}

// staffOf returns the name of the staff member of every slot when it is
// the same one, else "".
func (t *turn) staffOf(slots []slot) string {
	if t.st.Staff == "" {
		return ""
	}
	st, _ := t.e.b.StaffMember(t.st.Staff)
	return st.Name
}

// hold puts the slot on hold for this session.
func (t *turn) hold(svc *business.Service, sl slot) {
	ref := sl.ref(svc.ID)
	t.st.Held = &ref
	t.st.Offers = nil
	t.justHeld = true
	t.refreshHold()
}

// refreshHold (re)sets this session's hold with a fresh expiry.
func (t *turn) refreshHold() {
	h := t.st.Held
	if h == nil {
		return
	}
	svc, _ := t.e.b.Service(h.Svc)
	start := h.time(t.loc)
	end := start.Add(svc.Duration + svc.BufferAfter)
	t.out.Effects.SetHolds = true
	if t.overlapsMovedBooking(h.Staff, start, end) {
		// Moving a booking onto (part of) its own time: the booking itself
		// keeps the slot until the move cancels and rebooks it in one commit.
		t.out.Effects.Holds = nil
		return
	}
	t.out.Effects.Holds = []Hold{{Staff: h.Staff, Start: start, End: end,
		Session: t.ev.Session, Expires: t.now.Add(t.e.b.Policy.HoldTTL)}}
}

// overlapsMovedBooking reports whether [start, end) for staff overlaps the
// booking this session is moving.
func (t *turn) overlapsMovedBooking(staff string, start, end time.Time) bool {
	if t.st.Flow != flowMove || t.st.Target == "" {
		return false
	}
	bs, err := t.cal.Bookings(start, end)
	if err != nil {
		t.fail(fmt.Errorf("engine: read bookings: %w", err))
		return false
	}
	for _, b := range bs {
		blockEnd := b.BlockEnd
		if blockEnd.IsZero() {
			blockEnd = b.End
		}
		if b.ID == t.st.Target && b.Staff == staff && b.Start.Before(end) && start.Before(blockEnd) {
			return true
		}
	}
	return false
}

func (t *turn) releaseHold() {
	t.st.Held = nil
	t.out.Effects.SetHolds = true
	t.out.Effects.Holds = nil
}

func (t *turn) releaseIfHeld() {
	if t.st.Held != nil {
		t.releaseHold()
	}
}

// commit books the held slot (and cancels the booking moved).
func (t *turn) commit() {
	if t.st.Held == nil {
		t.advance()
		return
	}
	if !t.stillHeld() {
		return
	}
	h := t.st.Held
	svc, _ := t.e.b.Service(h.Svc)
	start := h.time(t.loc)
	b := Booking{ID: t.reference(), Service: svc.ID, Staff: h.Staff, Start: start, End: start.Add(svc.Duration),
		BlockEnd: start.Add(svc.Duration + svc.BufferAfter), Status: "confirmed", Channel: t.ev.Channel,
		Customer: Customer{Phone: t.st.Phone, Name: t.st.Name, Language: t.lang()}, Session: t.ev.Session, CreatedAt: t.now}
	if old, ok := t.targetBooking(); ok && t.st.Flow == flowMove && old.Customer.Name != "" {
		// A move keeps whose booking it is: not the name of whoever moves
		// it (a booking found with another number and its reference).
		b.Customer.Name = old.Customer.Name
	}
	t.out.Effects.Book = append(t.out.Effects.Book, b)
	t.upcomingRead = false // read again with b
	if !t.phoneVerified() {
		t.prove(b.ID)
	}
	t.out.Effects.SetHolds = true
	t.out.Effects.Holds = nil
	if !t.st.Other && t.phoneVerified() {
		// A booking for someone else does not rename the customer, nor
		// does one made with a typed phone (anyone can type one).
		c := b.Customer
		t.out.Effects.Customer = &c
	}
	p := t.heldParams()
	p["Ref"] = b.ID
	p["Address"] = t.e.b.Config.Address.In(t.lang(), t.e.b.DefaultLanguage())
	p["Business"] = t.e.b.Name()
	p["More"] = t.st.Next != "" && t.st.Flow == flowBook // a second service follows: no goodbye yet
	p["Also"] = t.alsoBooked                             // the second of two services confirmed together
	if t.st.Flow == flowMove {
		if old, ok := t.targetBooking(); ok && old.Service != b.Service {
			if svc, ok := t.e.b.Service(old.Service); ok {
				p["OldSvc"] = t.svcName(svc)
			}
		}
		t.out.Effects.Cancel = append(t.out.Effects.Cancel, t.st.Target)
		p["OldRef"] = t.st.Target
		t.say("moved", p)
	} else {
		t.say("booked", p)
	}
	next, together, second := t.st.Next, t.st.Together, t.st.Second
	booking := t.st.Flow == flowBook
	if t.st.Other && next == "" {
		t.st.Name, t.st.Own, t.st.Other = t.st.Own, "", false // the customer's own name again (none yet: asked next time)
	}
	// Later checks in this turn (the second of two services) see it.
	db := t.busyOn(business.DateOf(start))
	db.spans = append(db.spans, staffSpan{b.Staff, interval{b.Start, b.BlockEnd}})
	name, other, own, nextName, asked := t.st.Name, t.st.Other, t.st.Own, t.st.NextName, t.st.Staff
	t.st.clearDraft()
	t.st.NextName = nextName // bookNext's
	if nextSvc, ok := t.e.b.Service(next); ok && other && svc.UnderAge > 0 && nextSvc.UnderAge == 0 {
		other = false // "une coupe enfant et une coupe femme": the second is the parent's
	}
	if other && next != "" && booking && !together {
		// "une coupe et une barbe pour mon mari": his second service, under
		// his name.
		t.st.Name, t.st.Other, t.st.Own = name, true, own
	}
	t.st.Miss = 0
	t.st.About = svc.ID // "c'est combien ?" next
	t.st.Ended = strconv.FormatInt(b.BlockEnd.Unix(), 10) + " " + b.Staff
	if next != "" && booking {
		t.bookNext(next, b, together, second, asked)
	}
}

// rightAfter returns the end and staff of the booking made in the last
// turn when the message asks for a service "juste après" it.
func (t *turn) rightAfter(m msg) (time.Time, string, bool) {
	// "can I add a beard trim?", "je peux rajouter une barbe ?" right
	// after a booking: after it, as "juste après".
	adds := t.ended != "" && !m.when.Found() && !t.forSomeone(&m) &&
		m.mentions([]string{"add", "adding", "ajouter", "ajoute", "ajoutez", "rajouter", "rajoute", "rajoutez"})
	if !m.mentionsPhrase(rightAfterPhrases) && !adds {
		return time.Time{}, "", false
	}
	if m.mentions(possessiveWords) && t.st.Phone != "" {
		// "a beard trim right after my haircut on Thursday": after the
		// customer's booking the message names.
		named := m
		named.svc, named.svc2 = m.svc2, -1 // "un brushing juste après ma couleur": the couleur, if named
		var candidates []Booking
		for _, b := range t.ownBookings() {
			if m.svc < 0 || b.Service != t.e.b.Config.Services[m.svc].ID {
				candidates = append(candidates, b)
			}
		}
		if id := t.bookingNamed(candidates, named); id != "" {
			for _, b := range candidates {
				if b.ID == id {
					return b.BlockEnd.In(t.loc), b.Staff, true
				}
			}
		}
	}
	if t.ended == "" || m.when.Found() {
		return time.Time{}, "", false
	}
	unix, staff, _ := strings.Cut(t.ended, " ")
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil {
		return time.Time{}, "", false
	}
	return time.Unix(sec, 0).In(t.loc), staff, true
}

// otherPersonIntros introduce the name of a person other than the one
// writing: "his name is Dan", "elle s'appelle Lina", "pour lui c'est Marc".
var otherPersonIntros = [][]string{{"his", "name", "is"}, {"her", "name", "is"}, {"his", "name", "s"}, {"her", "name", "s"},
	{"il", "s", "appelle"}, {"elle", "s", "appelle"}, {"son", "nom", "est"}, {"son", "nom", "c", "est"}, {"son", "prenom", "est"},
	{"son", "prenom", "c", "est"}, {"pour", "lui", "c", "est"}, {"pour", "elle", "c", "est"}, {"lui", "c", "est"}, {"elle", "c", "est"},
	{"he", "s", "called"}, {"she", "s", "called"}, {"he", "is", "called"}, {"she", "is", "called"}}

// otherPersonName returns the name a message gives for someone else than
// its writer ("his name is Dan"), or "".
func (t *turn) otherPersonName(m msg) string {
	for i := range m.words {
		for _, intro := range otherPersonIntros {
			if m.words[i].fold == intro[0] && matchFold(m.words, i, intro) {
				if n := t.nameAt(m.words, i+len(intro), false); n != "" && t.plausibleName(n) {
					return n
				}
			}
		}
	}
	return ""
}

// twoNames reads the answer to the name question of a booking for two
// people as two first names ("Lina et Adam", "Tom and Lucy", "Lina, Adam"),
// each a plausible name.
func (t *turn) twoNames(m msg) (string, string, bool) {
	if t.st.Next == "" || !t.st.Together && !t.st.Second || m.in != 0 || m.svc >= 0 || m.when.Found() {
		return "", "", false
	}
	text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(m.text), ".!"))
	for _, sep := range []string{" et ", " and ", " & ", ", "} {
		a, b, ok := strings.Cut(text, sep)
		if !ok || strings.Contains(b, sep) {
			continue
		}
		na, okA := validate.ParseName(a)
		nb, okB := validate.ParseName(b)
		if okA && okB && t.plausibleName(na) && t.plausibleName(nb) && len(strings.Fields(na)) <= 2 && len(strings.Fields(nb)) <= 2 {
			return na, nb, true
		}
	}
	return "", "", false
}

// bookNext starts booking the second service the customer asked for, right
// after the booking just made (prev), with the same staff member when they
// do it.
func (t *turn) bookNext(id string, prev Booking, together, second bool, asked string) {
	svc, ok := t.e.b.Service(id)
	if !ok {
		return
	}
	t.st.Flow, t.st.Svc = flowBook, id
	end := prev.BlockEnd.In(t.loc)
	if together {
		start := prev.Start.In(t.loc)
		t.st.Day, t.st.Min = business.DateOf(start).String(), minuteOf(start)+1
	} else {
		t.st.Day = business.DateOf(end).String()
		t.st.Min = t.onGrid(end.Hour()*60+end.Minute()) + 1
		switch {
		case asked != "" && asked == prev.Staff && svc.Performs(prev.Staff):
			t.st.Staff = prev.Staff // "… puis un brushing, avec Camille": with her, as the recap said
		case svc.Performs(prev.Staff):
			t.st.Prefer = prev.Staff
		}
	}
	if together || second {
		// The second person's, at the same time or right after, under
		// their own name.
		name := t.st.NextName
		t.bookFor(name)
		t.st.NextName = ""
		if together {
			t.say("next_together", P{"Svc": t.svcName(svc), "Name": name})
		} else {
			t.say("next_second", P{"Svc": t.svcName(svc), "Name": name})
		}
		t.advance()
		return
	}
	parts, speech := len(t.parts), len(t.speech)
	t.say("next_service", P{"Svc": t.svcName(svc)})
	t.advance()
	// The recap the customer confirmed named both services: when the
	// second fits right after, as announced, it is booked with the first.
	if h := t.st.Held; h != nil && t.st.Ask == askConfirm && h.time(t.loc).Equal(end) &&
		(t.st.Prefer == "" || h.Staff == t.st.Prefer) {
		t.parts, t.speech, t.choices = t.parts[:parts], t.speech[:speech], nil
		t.alsoBooked = true
		t.commit()
	}
}

// --- reschedule, cancel, list -------------------------------------------

// startTask starts moving, cancelling or listing bookings.
func (t *turn) startTask(flow string, m msg) {
	t.releaseIfHeld()
	t.st.clearDraft()
	t.st.Flow = flow
	if flow == flowMove {
		t.st.Swap = m.swap
	}
	if flow == flowMove && !t.phoneVerified() && (m.when.Found() || m.mentionsShift() || m.mentionsPhrase(sameTimePhrases)) {
		t.st.Said = m.text // "push my colour back an hour": taken up once the booking is proved
	}
	t.absorbWhenOnly(m)
	t.taskStep(m)
}

// absorbWhenOnly keeps the new date of a move said with the request
// ("déplacer mon rendez-vous à jeudi").
func (t *turn) absorbWhenOnly(m msg) {
	if t.st.Flow == flowMove && m.when.Found() && m.when.Problem.Kind == validate.ProblemNone {
		t.st.Ask = "pending"
		mm := m
		mm.svc, mm.name, mm.phone = -1, "", ""
		t.absorb(mm)
		t.st.Ask = ""
	}
}

// upcoming returns the customer's confirmed bookings still to come.
func (t *turn) upcoming() []Booking {
	if t.upcomingOf == t.st.Phone && t.upcomingRead {
		// Read once a turn: the calendar does not change under it, but a
		// booking cancelled in this turn is no longer to come.
		if len(t.out.Effects.Cancel) > 0 {
			t.upcomingList = slices.DeleteFunc(t.upcomingList, func(b Booking) bool { return slices.Contains(t.out.Effects.Cancel, b.ID) })
		}
		return t.upcomingList
	}
	bs, err := t.cal.CustomerBookings(t.st.Phone)
	if err != nil {
		t.fail(fmt.Errorf("engine: read customer bookings: %w", err))
		return nil
	}
	var out []Booking
	for _, b := range bs {
		if (b.Status == "confirmed" || b.Status == "") && b.Start.After(t.now) && !slices.Contains(t.out.Effects.Cancel, b.ID) {
			out = append(out, b)
		}
	}
	// The bookings made in this turn are the customer's too (the second of
	// two services must keep clear of the first).
	for _, b := range t.out.Effects.Book {
		if b.Customer.Phone == t.st.Phone && b.Start.After(t.now) {
			out = append(out, b)
		}
	}
	// By time, then by staff: bookings side by side keep one order.
	slices.SortStableFunc(out, func(a, b Booking) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Staff, b.Staff)
	})
	t.upcomingOf, t.upcomingList, t.upcomingRead = t.st.Phone, out, true
	return out
}

func (t *turn) targetBooking() (Booking, bool) {
	for _, b := range t.upcoming() {
		if b.ID == t.st.Target {
			return b, true
		}
	}
	return Booking{}, false
}

// taskStep advances moving, cancelling or listing.
func (t *turn) taskStep(m msg) {
	flow := t.st.Flow
	if flow == flowCancel && t.st.Ask == askWhich && m.has(inMove) && !m.has(inCancel) && m.choice == 0 && !m.mentionsPhrase(andMovePhrases) {
		// "non en fait je préfère décaler mon rdv de samedi à 11h" when
		// asked which to cancel: a move now, nothing cancelled.
		t.st.Flow, flow, t.st.Ask = flowMove, flowMove, ""
		m.in &^= inNo
	}
	if m.svc >= 0 && (m.svc2 >= 0 || m.has(inHaircut)) && (flow == flowMove || flow == flowCancel) {
		// "keep the beard trim but move the cut to 3pm": the cut.
		switch t.keptService(m) {
		case m.svc:
			m.svc, m.svc2 = m.svc2, -1 // with no second, "the cut" names it
		case m.svc2:
			m.svc2 = -1
		}
	}
	if m.ref != "" {
		// Kept for the lookup under another number ("cancel LUM-7K3F",
		// then the number it was booked with).
		t.st.Ref = m.ref
	}
	if t.st.Phone == "" {
		if t.st.Ask == askPhone && m.phone != "" {
			t.st.Phone = m.phone // read as at a booking ("sorry my number is +44 …")
		} else if p, err := t.parsePhone(m.text); t.st.Ask == askPhone && err == nil {
			t.st.Phone = p
		} else {
			if t.st.Ask == askPhone && m.ref == "" {
				t.st.Miss++
				t.say("bad_phone", P{"Invalid": errors.Is(err, validate.ErrInvalidPhone) || m.phoneBad, "Example": t.e.examplePhone})
				return
			}
			t.st.Ask = askPhone
			t.say("ask_phone", P{"Lookup": true, "GotRef": m.ref != ""})
			return
		}
	}
	if t.st.Ask == askPhone && m.phone == "" && t.st.Phone != "" {
		if p, err := t.parsePhone(m.text); err == nil {
			m.phone = p // "zéro six trente-neuf…", said on a call
		} else if m.has(inYes) && !m.has(inNo) {
			// "oui" to "another number? which one?": which one.
			t.say("ask_phone", P{"Lookup": true})
			return
		} else if !m.has(inNo) && m.ref == "" && m.in&^(inThanks|inGreet) != 0 || m.svc >= 0 {
			// Something else asked instead ("I need a men's haircut on
			// Saturday"): the lookup is over, the request is answered.
			t.st.clearDraft()
			t.route(m, false)
			return
		}
	}
	if m.phone != "" && (t.st.Ask == askPhone || m.phone != t.st.Phone && (t.st.Target == "" || t.st.Ask == askConfirm || t.st.Ask == askWhich)) {
		// The number the booking was made with ("non, celui que j'ai pris
		// avec le 06…"): another than the channel's proves nothing (see
		// phoneVerified), its booking's reference is asked.
		if p, ok := phoneFrom(t.ev.From); ok && p != m.phone {
			t.st.Typed = true
		}
		if m.phone != t.st.Phone {
			t.st.Target = ""
		}
		t.st.Phone, t.st.Cands = m.phone, nil
		t.upcomingRead = false
		if t.st.Ask == askPhone || t.st.Ask == askWhich || t.st.Ask == askConfirm || t.st.Ask == askRef {
			t.st.Ask = "" // another number while the reference was asked: asked again, for that number
		}
	}
	bs := t.upcoming()
	if t.st.Target == "" && !t.phoneVerified() {
		// Anyone can type a phone number: the booking reference proves
		// the booking is theirs, once for the conversation.
		if proved := t.provedBookings(bs); flow == flowList && len(proved) > 0 && t.st.Ref == "" {
			t.st.clearDraft()
			t.sayBookings(proved)
			return
		} else if flow == flowCancel && len(proved) > 1 && t.st.Ref == "" && m.ref == "" && cancelsAll(&m) {
			// "annulez tout": every booking proved here.
			t.cancelAll(m, proved)
			return
		}
		b, ok := t.provedBooking(m, bs)
		if !ok {
			b, ok = t.bookingByRef(m, bs)
		}
		if !ok {
			return
		}
		t.prove(b.ID)
		if flow == flowList {
			t.st.clearDraft()
			t.sayBookings([]Booking{b})
			return
		}
		t.st.Target, t.st.Ref = b.ID, ""
		if t.st.Ask == askRef {
			t.st.Ask = ""
		}
		if said := t.st.Said; said != "" && !m.when.Found() && !m.mentionsShift() {
			// The move asked before the phone and the reference: its new
			// day or time, now that the booking is known.
			t.st.Said = ""
			m = t.understand(said)
			m.ref = ""
			t.absorbWhenOnly(m)
		}
	}
	if flow == flowList && len(bs) == 0 && t.phoneVerified() && t.st.Ask != askPhone && !t.isTool {
		t.st.Ask = askPhone
		t.say("no_bookings_other", P{"Phone": t.st.Phone})
		return
	}
	if flow == flowList {
		t.st.clearDraft()
		t.sayBookings(bs)
		return
	}
	if flow == flowCancel && t.st.Target == "" && m.svc >= 0 && m.svc2 >= 0 {
		// "drop the beard, just the cut", "annulez la barbe, je garde la
		// coupe": the other one only.
		if tail := keptPart(&m); tail != "" {
			kept := t.understand(tail)
			if kept.svc < 0 && kept.has(inHaircut) {
				// "just the cut": the haircut of the two.
				if t.e.match.haircut[m.svc] && !t.e.match.haircut[m.svc2] {
					kept.svc = m.svc
				} else if t.e.match.haircut[m.svc2] && !t.e.match.haircut[m.svc] {
					kept.svc = m.svc2
				}
			}
			switch kept.svc {
			case m.svc:
				m.svc, m.svc2 = m.svc2, -1
			case m.svc2:
				m.svc2 = -1
			}
		}
	}
	if flow == flowCancel && t.st.Target == "" && m.svc >= 0 && m.svc2 >= 0 {
		// "annulez la couleur et la coupe enfant": both, once confirmed.
		first, second := m, m
		first.svc2, second.svc, second.svc2 = -1, m.svc2, -1
		a, b := t.bookingNamed(bs, first), t.bookingNamed(bs, second)
		if a != "" && b != "" && a != b {
			t.st.Cands = []string{a, b}
			t.cancelAll(m, t.candidates(bs))
			return
		}
	}
	if flow == flowCancel && t.st.Target == allBookings && len(t.st.Cands) > 0 {
		t.cancelAll(m, t.candidates(bs))
		return
	}
	if flow == flowCancel && t.st.Target == "" && !m.when.Date.IsZero() && m.when.EndDate.IsZero() && m.mentions(twoAllWords) {
		// "annulez les deux rdv de mercredi": the two of that day.
		var that []Booking
		for _, b := range bs {
			if business.DateOf(b.Start.In(t.loc)) == business.Date(m.when.Date) {
				that = append(that, b)
			}
		}
		if len(that) == 2 {
			t.cancelAll(m, that)
			return
		}
	}
	if flow == flowCancel && (t.st.Target == allBookings || t.st.Target == "" && len(bs) > 1 && cancelsAll(&m) &&
		(len(bs) == 2 || !m.mentions(twoAllWords))) { // "les deux" of three bookings is not all of them
		if kept := t.exceptService(m); kept >= 0 {
			// "cancel everything except the colour": the others.
			bs = slices.DeleteFunc(slices.Clone(bs), func(b Booking) bool { return t.serviceIndex(b.Service) == kept })
			if len(bs) == 0 {
				t.st.clearDraft()
				t.say("kept_all", nil)
				return
			}
		}
		t.cancelAll(m, bs)
		return
	}
	if t.st.Target == "" {
		if len(bs) == 0 && t.phoneVerified() && t.st.Ask != askPhone && !t.isTool {
			// Nothing at the number the channel gave: the booking may be
			// under another one ("je l'ai pris avec mon portable"), which
			// then proves nothing by itself (its reference is asked).
			t.st.Ask = askPhone
			t.say("no_bookings_other", P{"Phone": t.st.Phone})
			return
		}
		if len(bs) == 0 {
			t.st.clearDraft()
			t.say("no_bookings", P{"Phone": t.st.Phone})
			return
		}
		target := ""
		switch {
		case m.ref != "":
			for _, b := range bs {
				if strings.EqualFold(b.ID, m.ref) {
					target = b.ID
				}
			}
			if target == "" {
				t.say("unknown_ref", t.unknownRefParams(m.ref))
				if len(bs) == 1 {
					target = bs[0].ID // the only one: shown in the confirmation
				}
			}
		case len(bs) == 1:
			target = bs[0].ID
			if d := m.when.Date; flow == flowCancel && !d.IsZero() && !isSpan(m.when) && business.DateOf(bs[0].Start.In(t.loc)) != business.Date(d) {
				// "annulez mon rdv de demain", when it is on Friday.
				t.say("not_that_day", P{"Day": business.Date(d).At(t.loc, 12*60)})
			}
			if m.svc >= 0 && t.serviceIndex(bs[0].Service) != m.svc && !(m.svc2 >= 0 && t.serviceIndex(bs[0].Service) == m.svc2) &&
				(flow == flowCancel || m.mentions(possessiveWords) || m.mentionsPhrase([]string{"pour le", "pour la", "pour les", "for the", "for my"})) {
				// (the service names the booking, not the new one: "change
				// it to a pedicure")
				// "changer de coiffeuse pour le brushing" with a colour
				// booked: said, and the colour shown to confirm or not.
				t.say("not_that_service", P{"Svc": t.svcName(&t.e.b.Config.Services[m.svc])})
			}
		case t.st.Ask == askWhich && m.choice >= 1 && m.choice <= len(bs):
			target = bs[m.choice-1].ID
		case t.st.Ask == askWhich && m.choice == -1:
			target = bs[len(bs)-1].ID
		case m.choice == -1:
			target = bs[len(bs)-1].ID // "the last one"
		case m.choice >= 1 && m.choice <= len(bs) && m.svc < 0 && (!m.when.Found() || m.mentionsAny(setOrdinals) && !m.when.HasTime && !m.mentionsAny(setMonths)):
			target = bs[m.choice-1].ID // "annuler le deuxième"
		case m.svc >= 0 || m.has(inHaircut) || m.staff >= 0 && flow != flowMove || !m.when.Date.IsZero() || m.when.HasTime:
			named := m
			if flow == flowMove && whenNamesBooking(&m) {
				named.when.HasTime = false // "celui de vendredi à 16h": 16h is the new time
				if from, to, ok := t.fromTo(m); ok {
					// "celui de jeudi à samedi": Thursday names the booking,
					// Saturday is the new day.
					named.when = from
					t.st.clearWhen()
					mm := m
					mm.when = to
					t.absorbWhenOnly(mm)
				}
			}
			if flow == flowMove && t.st.Ask != askWhich && !whenNamesBooking(&m) {
				// "déplacer ma barbe à samedi", "avec Camille plutôt": the
				// new day and stylist, not the booking's.
				named.when, named.staff = validate.When{}, -1
			}
			target = t.bookingNamed(bs, named)
		case t.st.Ask == askWhich && m.has(inNo) && !m.has(inYes):
			t.abandon() // "non": none of them
			return
		}
		if target == "" && m.choice == 0 {
			target = t.bookingFor(bs, m) // "le rdv de mon mari", "celui de Paul"
		}
		if target == "" && t.st.Ask != askWhich && m.svc < 0 && m.staff < 0 && m.choice == 0 && !m.mentions(otherWords) &&
			(m.mentionsShift() || cancelsIt(&m)) {
			// "ah en fait une heure plus tard" right after booking it: the
			// booking just made (or moved).
			target = t.justHandled()
		}
		if target == "" {
			if d := m.when.Date; flow == flowCancel && t.st.Ask != askWhich && !d.IsZero() && !isSpan(m.when) &&
				!slices.ContainsFunc(bs, func(b Booking) bool { return business.DateOf(b.Start.In(t.loc)) == business.Date(d) }) {
				// "annulez mon rdv de demain", with none tomorrow: said,
				// then which.
				t.say("not_that_day", P{"Day": business.Date(d).At(t.loc, 12*60)})
			}
			t.st.Ask = askWhich
			t.say("ask_which", P{"Bookings": t.bookingParams(bs), "Flow": flow})
			for i, b := range bs {
				if i == 10 {
					break
				}
				t.choices = append(t.choices, Choice{ID: "booking:" + b.ID, Label: t.text("label_booking", t.bookingParam(b))})
			}
			return
		}
		t.st.Target = target
		if t.st.Ask == askWhich {
			t.st.Ask = ""
		}
	}
	b, ok := t.targetBooking()
	if !ok {
		t.st.clearDraft()
		t.say("no_bookings", P{"Phone": t.st.Phone})
		return
	}
	if b.Start.Sub(t.now.Truncate(time.Minute)) < t.e.b.Policy.CancellationNotice {
		p := t.bookingParam(b)
		p["Phone"] = t.e.b.HandoffPhone()
		p["Notice"] = t.e.b.Policy.CancellationNotice
		p["Flow"] = flow
		t.st.clearDraft()
		if t.voice && !t.isTool {
			// On a call, "please call us" is the call the caller is on:
			// put through to the team (or told when it reopens).
			p["Voice"] = true
			t.say("too_late", p)
			t.handoff("asked")
			return
		}
		t.say("too_late", p)
		return
	}
	if t.st.Name == "" {
		t.st.Name = b.Customer.Name
	}
	if flow == flowCancel {
		if t.st.Ask == askConfirm && m.has(inMove) && !m.has(inCancel) && m.ref == "" && !m.has(inYes) &&
			(m.svc < 0 || m.svc == t.serviceIndex(b.Service)) && m.staff < 0 && !m.mentionsPhrase(andMovePhrases) {
			// (not "and move the men's cut…", "c'est la coupe de Léa que je
			// veux déplacer": another booking)
			// "en fait je préfère le déplacer à samedi": the booking about
			// to be cancelled (proved already), moved instead.
			t.st.clearDraft()
			t.st.Flow, t.st.Target = flowMove, b.ID
			t.absorbWhenOnly(m)
			t.taskStep(m)
			return
		}
		if t.st.Ask == askConfirm {
			if id, needRef := t.otherNamed(bs, m, b.ID); (id != "" || needRef) && !(m.has(inYes) && !m.has(inNo)) {
				// "en fait annulez plutôt la coupe": that one, confirmed first.
				if needRef {
					t.st.Target, t.st.Ask = "", ""
					t.bookingByRef(msg{svc: -1, svc2: -1, staff: -1, faq: -1, faq2: -1}, bs)
					return
				}
				t.st.Target = id
				b, _ = t.targetBooking()
				t.say("confirm_cancel", t.bookingParam(b))
				t.choices = []Choice{{ID: "yes", Label: t.text("label_yes", nil)}, {ID: "no", Label: t.text("label_no", nil)}}
				return
			}
			switch {
			case m.has(inYes) && !m.has(inNo):
				t.out.Effects.Cancel = append(t.out.Effects.Cancel, b.ID)
				t.st.clearDraft()
				t.say("cancelled", t.cancelledParams(b))
				return
			case m.has(inNo):
				t.st.clearDraft()
				t.say("kept", t.bookingParam(b))
				return
			}
		}
		t.st.Ask = askConfirm
		t.say("confirm_cancel", t.bookingParam(b))
		t.choices = []Choice{{ID: "yes", Label: t.text("label_yes", nil)}, {ID: "no", Label: t.text("label_no", nil)}}
		return
	}
	// Moving: the rest is the booking flow with the same service; a
	// service named on the way ("et la barbe aussi") does not turn this
	// booking into another.
	t.st.Svc = b.Service
	t.st.Prefer = b.Staff
	if m.swap != "" {
		t.st.Swap = m.swap // "plutôt un balayage" while moving
	} else if t.st.Ask == askService && m.svc >= 0 {
		// "la prestation" to what should change, then "un brushing".
		t.st.Swap, t.st.Ask = t.e.b.Config.Services[m.svc].ID, ""
	}
	if t.st.Swap == b.Service {
		t.st.Swap = ""
	}
	if t.st.Swap != "" {
		// "un balayage au lieu de la couleur": the other service, with
		// the same stylist if they do it, at the same time unless
		// another is said.
		t.st.Svc = t.st.Swap
		if svc, ok := t.e.b.Service(t.st.Swap); ok && !slices.Contains(svc.Staff, b.Staff) {
			t.st.Prefer = ""
		}
		if t.st.Day == "" && t.st.Min == 0 && t.st.Ask == "" && !m.when.Found() {
			start := b.Start.In(t.loc)
			t.st.Day, t.st.Min = business.DateOf(start).String(), minuteOf(start)+1
		}
	} else if t.st.Ask == "" && m.svc < 0 && !m.when.Found() && m.staff < 0 && m.mentions(serviceWords) && m.mentions(changeWords) {
		// "je voudrais changer la prestation": which one, then the
		// booking's time.
		t.st.Svc = ""
		t.askService(false, false)
		return
	}
	m.svc, m.svc2 = -1, -1
	if t.st.Ask == "" && m.staff < 0 && m.asksOtherStaff() {
		// "changer de coiffeur": the same time with someone else, or say
		// there is no one else.
		svc, _ := t.e.b.Service(b.Service)
		other := otherStaff(svc, b.Staff)
		if other == "" {
			st, _ := t.e.b.StaffMember(b.Staff)
			t.st.clearDraft()
			t.say("staff_only", P{"Staff": st.Name, "Svc": t.svcName(svc)})
			return
		}
		start := b.Start.In(t.loc)
		t.st.Staff, t.st.Prefer = other, ""
		t.st.Day, t.st.Min = business.DateOf(start).String(), minuteOf(start)+1
		t.st.Ask = "pending"
		t.advance()
		return
	}
	var same bool
	if m.when, same = t.sameAs(m, b.Start.In(t.loc)); same && t.st.Ask == "" {
		t.absorbWhenOnly(m) // said with the request: "décaler à jeudi même heure"
	}
	if t.st.Ask == "" && t.st.Day == business.DateOf(b.Start.In(t.loc)).String() && t.st.Min == 0 && t.st.Part == 0 && !same {
		// "déplacer celui de vendredi": the day names the booking, not
		// the new date.
		t.st.clearWhen()
	}
	if bd := business.DateOf(b.Start.In(t.loc)); t.st.Ask == "" && t.st.Day != "" && t.st.Min > 0 {
		// "le rdv de mercredi à 15h, je veux le décaler à 16h", the booking
		// being on a later Wednesday: that Wednesday, not this one.
		if d, err := business.ParseDate(t.st.Day); err == nil && d.Weekday() == bd.Weekday() && d.Before(bd) {
			t.st.Day = bd.String()
		}
	}
	if m.staff >= 0 && t.st.Day == "" && t.st.Min == 0 {
		// "with Inès instead", "my Thursday cut with Inès": the same time
		// with someone else (a day said named the booking).
		if id := t.e.b.Config.Staff[m.staff].ID; id != b.Staff {
			start := b.Start.In(t.loc)
			t.st.Staff = id
			t.st.Day = business.DateOf(start).String()
			t.st.Min = start.Hour()*60 + start.Minute() + 1
		}
	}
	if t.st.Ask == askWhen && !m.when.Found() && m.staff < 0 {
		t.st.Miss++
		t.say("when_unclear", nil)
		return
	}
	if t.st.Ask == askWhen || t.st.Ask == askPick || t.st.Ask == askConfirm || t.st.Ask == askChange {
		t.moveStep(m)
		return
	}
	if t.st.Day == "" {
		t.st.Ask = askWhen
		svc, _ := t.e.b.Service(b.Service)
		p := t.bookingParam(b)
		s := t.newSearch(svc, "", b.Staff)
		slots := t.firstFree(s, business.DateOf(t.now), business.Date{}, 0, 24*60, 3)
		if len(slots) > 0 {
			p["First"] = slots[0].start
		}
		t.say("ask_move_when", p)
		t.setOffers(svc, slots)
		return
	}
	t.advance()
}

// bookingNamed returns the one booking of bs that the service, staff
// member and day the message names all fit ("cancel my beard trim",
// "celui de samedi"), or "" when none or several do.
func (t *turn) bookingNamed(bs []Booking, m msg) string {
	if left, kept, ok := t.splitKept(bs, m); ok {
		// "annule le mien mais garde celui de mon fils": his is not the one.
		bs = slices.DeleteFunc(slices.Clone(bs), func(b Booking) bool { return b.ID == kept })
		if len(bs) == 1 {
			return bs[0].ID
		}
		m = left
	}
	id, n := t.bookingsNamed(bs, m, true)
	if n == 0 && m.staff >= 0 {
		// "ma coupe de jeudi, je peux la passer avec Inès ?": Inès is
		// the new stylist, not the booking's.
		id, n = t.bookingsNamed(bs, m, false)
	}
	if n > 1 || n == 0 && m.svc < 0 && m.when.Date.IsZero() {
		// "le rdv de mon mari", "la coupe de Paul": the one made for him.
		if forID := t.bookingFor(bs, m); forID != "" {
			return forID
		}
	}
	if n != 1 {
		return ""
	}
	return id
}

// splitKept splits a message that names a booking to keep ("… mais garde
// celui de mon fils", "… pas celui de Rayan", "… but keep my son's") into
// what comes before, and the kept booking.
func (t *turn) splitKept(bs []Booking, m msg) (msg, string, bool) {
	for i, w := range m.words {
		switch w.fold {
		case "garde", "gardez", "garder", "keep", "sauf", "except":
		case "pas", "not":
			if i+1 >= len(m.words) || m.words[i+1].fold != "celui" && m.words[i+1].fold != "celle" && m.words[i+1].fold != "the" && m.words[i+1].fold != "my" {
				continue
			}
		default:
			continue
		}
		if i == 0 {
			return msg{}, "", false
		}
		right := m
		right.words = m.words[i:]
		right.svc, right.svc2, right.staff, right.when = -1, -1, -1, validate.When{}
		kept := t.bookingFor(bs, right)
		if kept == "" {
			return msg{}, "", false
		}
		left := m
		left.words = m.words[:i]
		return left, kept, true
	}
	return msg{}, "", false
}

// bookingFor is the only booking of bs made for someone else that m names
// by their first name after "de", "pour", "of" or "for" ("la coupe de
// Paul", "le rdv de paul"); "" otherwise.
func (t *turn) bookingFor(bs []Booking, m msg) string {
	found, n := "", 0
	for _, b := range bs {
		name := b.Customer.Name
		if name == "" || name == t.st.Name {
			continue
		}
		first, _, _ := strings.Cut(validate.Fold(name), " ")
		for i, w := range m.words {
			if i > 0 && w.fold == first && len(first) >= 3 {
				switch m.words[i-1].fold {
				case "de", "pour", "of", "for", "d":
					found, n = b.ID, n+1
				}
				break
			}
		}
	}
	if n == 1 {
		return found
	}
	if n == 0 && m.mentions(kinWords) {
		// "annulez celui de mon fils", "ma sœur ne peut plus venir": the
		// one booking made for someone else (for a child, the child's
		// service among several).
		var others, children []string
		for _, b := range bs {
			if b.Customer.Name == "" || t.st.Name == "" || sameName(b.Customer.Name, t.st.Name) {
				continue
			}
			others = append(others, b.ID)
			if svc, ok := t.e.b.Service(b.Service); ok && svc.UnderAge > 0 {
				children = append(children, b.ID)
			}
		}
		switch {
		case len(others) == 1:
			return others[0]
		case len(children) == 1 && m.mentions(childWords):
			return children[0]
		}
	}
	return ""
}

// bookingsNamed counts the bookings of bs that m names (by its staff too
// when byStaff) and returns the last one.
func (t *turn) bookingsNamed(bs []Booking, m msg, byStaff bool) (id string, n int) {
	for _, b := range bs {
		start := b.Start.In(t.loc)
		if m.svc < 0 && m.has(inHaircut) && !t.isHaircut(b.Service) ||
			m.svc >= 0 && b.Service != t.e.b.Config.Services[m.svc].ID ||
			byStaff && m.staff >= 0 && b.Staff != t.e.b.Config.Staff[m.staff].ID ||
			!m.when.Date.IsZero() && business.DateOf(start) != business.Date(m.when.Date) ||
			m.when.HasTime && minuteOf(start) != m.when.Time.Minutes() {
			continue
		}
		id, n = b.ID, n+1
	}
	return id, n
}

// fromTo splits the first date phrase of a move, "de jeudi à samedi",
// into the booking's day and the new one.
func (t *turn) fromTo(m msg) (from, to validate.When, ok bool) {
	sp := m.when.Spans[0]
	phrase := m.text[sp.Start:sp.End]
	low := strings.ToLower(phrase)
	for _, sep := range []string{" à ", " a ", " au ", " to "} {
		if i := strings.Index(low, sep); i > 0 {
			from = t.parseWhen(phrase[:i])
			to = t.parseWhen(phrase[i:])
			if from.Found() && to.Found() {
				if to.Date.IsZero() && to.EndDate.IsZero() {
					to.Date = from.Date // "celui de vendredi à 16h": Friday at 16:00
				}
				return from, to, true
			}
		}
	}
	return from, to, false
}

// whenNamesBooking reports whether the date of a message names the
// booking rather than a new date: "celui de jeudi", "mon rdv du 10", "the
// Thursday one", "my Thursday appointment".
func whenNamesBooking(m *msg) bool {
	if len(m.when.Spans) == 0 {
		return false
	}
	sp := m.when.Spans[0]
	if sp.Start < 0 || sp.End > len(m.text) || sp.Start >= sp.End {
		return false
	}
	before := validate.Fold(m.text[:sp.Start])
	span := validate.Fold(m.text[sp.Start:sp.End])
	after := validate.Fold(m.text[sp.End:])
	first, _, _ := strings.Cut(span, " ")
	switch first {
	case "a", "au", "pour", "to", "for", "vers", "until", "jusqu":
		return false // "à samedi": the new date
	case "the", "my":
		before += " " + first
	}
	for _, suf := range []string{"celui", "celle", "rdv", "rendez vous", "celui de", "celle de", "rdv de", "rendez vous de", "celui du", "celle du", "rdv du"} {
		if before == suf || strings.HasSuffix(before, " "+suf) {
			return true
		}
	}
	// "ma coupe de jeudi", "mon brushing de vendredi": a possessive just
	// before names the customer's booking.
	if ws := strings.Fields(before); first == "de" || first == "du" {
		for k := len(ws) - 1; k >= 0 && k >= len(ws)-3; k-- {
			if slices.Contains(possessiveWords, ws[k]) {
				return true
			}
		}
	}
	if strings.HasSuffix(before, " the") || strings.HasSuffix(before, " my") || before == "the" || before == "my" {
		return strings.HasPrefix(after, "one") || strings.HasPrefix(after, "appointment") || strings.HasPrefix(after, "booking") ||
			strings.HasPrefix(after, "appt") || strings.HasPrefix(after, "slot")
	}
	return false
}

// cancelledParams are the parameters of "cancelled" for b: Others when the
// customer keeps other bookings to come.
func (t *turn) cancelledParams(b Booking) P {
	p := t.bookingParam(b)
	others := 0
	for _, o := range t.ownBookings() {
		if o.ID != b.ID {
			others++
		}
	}
	p["Others"] = others
	// A typed phone sees only the bookings proved: whether it has others is
	// not said, but how to cancel them is.
	p["Unproved"] = !t.phoneVerified()
	return p
}

// allBookings is the Target of a cancellation of every booking to come.
const allBookings = "*"

// cancelAll cancels every booking to come once the customer confirms
// ("annulez les deux", "cancel them all"); those too close to cancel here
// are given the number to call.
func (t *turn) cancelAll(m msg, bs []Booking) {
	var ok, late []Booking
	for _, b := range bs {
		if b.Start.Sub(t.now.Truncate(time.Minute)) < t.e.b.Policy.CancellationNotice {
			late = append(late, b)
		} else {
			ok = append(ok, b)
		}
	}
	if t.st.Target == allBookings && t.st.Ask == askConfirm {
		switch {
		case m.has(inYes) && !m.has(inNo):
			for _, b := range ok {
				t.out.Effects.Cancel = append(t.out.Effects.Cancel, b.ID)
			}
			t.st.clearDraft()
			if len(ok) > 0 {
				t.say("cancelled_all", P{"Bookings": t.bookingParams(ok)})
			}
			for _, b := range late { // became too close since the question
				p := t.bookingParam(b)
				p["Phone"], p["Notice"], p["Flow"] = t.e.b.HandoffPhone(), t.e.b.Policy.CancellationNotice, flowCancel
				t.say("too_late", p)
			}
			return
		case m.has(inNo):
			t.st.clearDraft()
			t.say("abandoned", P{"Flow": flowCancel})
			return
		}
	}
	// Those too close to cancel here are said first; the rest is asked.
	for _, b := range late {
		p := t.bookingParam(b)
		p["Phone"], p["Notice"], p["Flow"] = t.e.b.HandoffPhone(), t.e.b.Policy.CancellationNotice, flowCancel
		t.say("too_late", p)
	}
	if len(ok) == 0 {
		t.st.clearDraft()
		return
	}
	t.st.Target, t.st.Ask = allBookings, askConfirm
	t.st.Cands = nil // the bookings asked about, and no other, are the ones a yes cancels
	for _, b := range ok {
		t.st.Cands = append(t.st.Cands, b.ID)
	}
	t.say("confirm_cancel_all", P{"Bookings": t.bookingParams(ok), "Count": len(ok)})
	t.choices = []Choice{{ID: "yes", Label: t.text("label_yes", nil)}, {ID: "no", Label: t.text("label_no", nil)}}
}

// lastBooking returns the customer's most recent past booking that took
// place (confirmed, started before now).
func (t *turn) lastBooking() (Booking, bool) {
	bs, err := t.cal.CustomerBookings(t.st.Phone)
	if err != nil {
		t.fail(fmt.Errorf("engine: read customer bookings: %w", err))
		return Booking{}, false
	}
	var last Booking
	found := false
	for _, b := range bs {
		if (b.Status == "confirmed" || b.Status == "") && b.Start.Before(t.now) && (!found || b.Start.After(last.Start)) {
			last, found = b, true
		}
	}
	return last, found
}

// candidates returns the bookings of bs that the session's Cands name.
func (t *turn) candidates(bs []Booking) []Booking {
	var out []Booking
	for _, b := range bs {
		if slices.Contains(t.st.Cands, b.ID) {
			out = append(out, b)
		}
	}
	return out
}

// isHaircut reports whether the service is a cut ("la coupe", "the cut"):
// its name has the word in one of the languages.
func (t *turn) isHaircut(id string) bool {
	svc, ok := t.e.b.Service(id)
	if !ok {
		return false
	}
	for _, name := range svc.Name {
		for _, w := range strings.Fields(validate.Fold(name)) {
			if w == "coupe" || w == "cut" || w == "haircut" {
				return true
			}
		}
	}
	return false
}

// channelPhone makes the channel's number the conversation's again when
// another was typed for a task now over: a new task starts from the
// customer's own number, and a booking is filed under it.
func (t *turn) channelPhone() {
	if p, ok := phoneFrom(t.ev.From); ok && t.st.Typed {
		t.st.Phone, t.st.Typed = p, false
		t.upcomingRead = false
	}
}

// phoneVerified reports whether the conversation's phone is the one the
// channel gave (Event.From: the WhatsApp sender, the caller's line), not
// one typed or said by the customer, which anyone can type or say.
func (t *turn) phoneVerified() bool {
	if t.ev.Unverified {
		return false // an unsigned request: its From is a claim
	}
	p, ok := phoneFrom(t.ev.From)
	return ok && p == t.st.Phone
}

// leaveDayFor turns a message that leaves the day of one of the
// customer's bookings for another weekday into a move of that booking to
// the other day: the when becomes what is said from the second weekday on.
func (t *turn) leaveDayFor(m *msg) {
	first, second := -1, -1
	for i, w := range m.words {
		if dayOf(w.fold) < 0 {
			continue
		}
		if first < 0 {
			first = i
		} else if dayOf(w.fold) != dayOf(m.words[first].fold) {
			second = i
			break
		}
	}
	if second < 0 {
		t.moveOnNamedDay(m, first)
		return
	}
	leaving, ok := onlyOn(t.ownBookings(), dayOf(m.words[first].fold), t.loc)
	if !ok || m.svc >= 0 && t.e.b.Config.Services[m.svc].ID != leaving.Service { // (two that day: asked which, as before)
		return
	}
	folds := make([]string, 0, len(m.words)-second)
	for _, w := range m.words[second:] {
		folds = append(folds, w.fold)
	}
	folds[0] = dayNames[dayOf(folds[0])][0] // "fri same time": the whole name, which ParseWhen reads anywhere
	w := t.parseWhen(strings.Join(folds, " "))
	if w.Date.IsZero() || w.Problem.Kind != validate.ProblemNone {
		return
	}
	if len(w.Spans) == 0 {
		w.Spans = []validate.Span{{}}
	}
	m.when = w
	m.in = m.in&^(inCancel|inBook) | inMove | inMine
	if m.ref == "" {
		m.ref = leaving.ID // the day said names it among the others
	}
}

// moveOnNamedDay reads "can i move my sat appt to 11am", with other
// bookings on other days, as the move of the Saturday booking to 11:00
// that day: words[first] is the only weekday the message names.
func (t *turn) moveOnNamedDay(m *msg, first int) {
	if first < 0 || !m.has(inMove) || m.has(inCancel) || !m.when.HasTime || m.ref != "" {
		return
	}
	own := t.ownBookings()
	if len(own) < 2 {
		return
	}
	on, ok := onlyOn(own, dayOf(m.words[first].fold), t.loc)
	if !ok || m.svc >= 0 && t.e.b.Config.Services[m.svc].ID != on.Service {
		return
	}
	d := validate.DateOf(on.Start.In(t.loc))
	if !m.when.Date.IsZero() && (m.when.Date != d || !whenNamesBooking(m)) {
		return // "la coupe de Rayan à samedi 19": Saturday is the new day
	}
	if m.has(inHaircut) && !t.isHaircut(on.Service) || t.bookingFor(own, *m) != "" {
		return
	}
	m.ref, m.when.Date, m.when.EndDate = on.ID, d, validate.Date{}
	if len(m.when.Spans) == 0 {
		m.when.Spans = []validate.Span{{}}
	}
}

// onlyOn returns the one booking of bs on weekday (time.Weekday in loc),
// false when there is none or more than one.
func onlyOn(bs []Booking, weekday int, loc *time.Location) (Booking, bool) {
	var found []Booking
	for _, b := range bs {
		if int(b.Start.In(loc).Weekday()) == weekday {
			found = append(found, b)
		}
	}
	if len(found) != 1 {
		return Booking{}, false
	}
	return found[0], true
}

// dayOf returns the weekday a folded word names (time.Weekday), or -1.
func dayOf(fold string) int {
	if d, ok := dayIndex[fold]; ok {
		return d
	}
	return -1
}

// dayIndex maps each of dayNames to its weekday.
var dayIndex = func() map[string]int {
	out := map[string]int{}
	for d, names := range dayNames {
		for _, n := range names {
			out[n] = d
		}
	}
	return out
}()

// twoWeekdays reports whether words name two different weekdays.
func twoWeekdays(words []word) bool {
	first := -1
	for _, w := range words {
		if !w.is(setDayNames) {
			continue // the usual case, a bit test
		}
		if d := dayOf(w.fold); d >= 0 {
			if first >= 0 && d != first {
				return true
			}
			first = d
		}
	}
	return false
}

// ownBookings are the upcoming bookings the conversation may speak of:
// all of the phone's when the channel verified it, else those proved here.
func (t *turn) ownBookings() []Booking {
	if t.phoneVerified() {
		return t.upcoming()
	}
	return t.provedBookings(t.upcoming())
}

// otherNamed returns the booking a message names by its reference or its
// service when it is not the one being confirmed (current), or "". A
// reference with the phone proves its booking. On a channel that does not
// verify the phone, a service names only a proved booking; naming another
// sets needRef, so that its reference is asked for.
func (t *turn) otherNamed(bs []Booking, m msg, current string) (id string, needRef bool) {
	if m.ref != "" {
		if b, ok := t.checkRef(m.ref, bs); ok && b.ID != current {
			return b.ID, false
		}
		return "", false
	}
	if m.svc < 0 && !m.has(inHaircut) && m.staff < 0 && !m.when.Found() {
		return "", false
	}
	named := m
	named.svc2 = -1 // "la coupe, pas la barbe": the first service named
	if named.svc >= 0 {
		named.in &^= inHaircut // "la barbe, pas la coupe"
	}
	if !t.phoneVerified() {
		cur, _ := t.targetBooking()
		if id := t.bookingNamed(t.provedBookings(bs), named); id != "" && id != current {
			return id, false
		}
		if t.bookingNamed([]Booking{cur}, named) == "" {
			return "", true // another booking, not proved here: its reference
		}
		return "", false
	}
	if id := t.bookingNamed(bs, named); id != current {
		return id, false
	}
	return "", false
}

// asksPriceList reports whether "list" asks for the prices ("what's the
// price list", "liste des prix"), not the customer's bookings.
func asksPriceList(m *msg) bool {
	return m.mentionsPhrase([]string{"price list", "prices list", "list of prices", "liste des prix", "liste de prix", "liste des tarifs", "services list", "list of services"})
}

// checksService reports whether "check my …" names a service rather than
// the customer's bookings: "can you check my tyres on Friday?", not "check
// my appointment" nor "check my colour appointment".
func (t *turn) checksService(m *msg) bool {
	if m.svc < 0 || !m.mentionsPhrase([]string{"check my", "check the"}) || m.mentions(appointmentNouns) ||
		m.mentions([]string{"time", "when", "still", "booked", "confirmed", "again", "heure", "quand"}) {
		return false // "check my oil change time please": a booking the customer thinks they have
	}
	// "can you check my oil change is still on?" with one booked: a lookup.
	return !slices.ContainsFunc(t.ownBookings(), func(b Booking) bool { return t.serviceIndex(b.Service) == m.svc })
}

// ownServiceNamed reports whether the service m names is that of one of
// the customer's bookings ("cancel the men's cut on Saturday").
func (t *turn) ownServiceNamed(m msg) bool {
	id := t.bookingNamed(t.ownBookings(), m)
	if id == "" {
		return false
	}
	for _, b := range t.ownBookings() {
		if b.ID == id {
			return t.serviceIndex(b.Service) == m.svc
		}
	}
	return false
}

// demonstrativeWords point at what is being said or made: "cancel that
// men's cut", "annulez ce rendez-vous".
var demonstrativeWords = []string{"that", "this", "ce", "cet", "cette", "ca", "celui", "celle"}

// cancelsAll reports whether a cancellation is of every booking: "annulez
// tout", "both", "all my appointments including the beard trim"; not
// "thanks for all your help, but cancel the blow dry" (a service named,
// no booking called "all").
func cancelsAll(m *msg) bool {
	if !m.mentionsPhrase(allPhrases) {
		return false
	}
	return m.svc < 0 || m.mentionsPhrase([]string{"all my appointments", "all my bookings", "all appointments", "all bookings", "all of them",
		"toutes mes reservations", "tous mes rendez vous", "tous mes rdv", "toutes les reservations", "tous les rendez vous", "tout annuler",
		"annulez tout", "annuler tout", "annule tout", "both of them", "les deux"})
}

// exceptService returns the service a cancellation of everything keeps
// ("cancel everything except the colour", "annulez tout sauf la coupe"),
// or -1.
func (t *turn) exceptService(m msg) int {
	for i, w := range m.words {
		if w.fold != "except" && w.fold != "sauf" && w.fold != "hormis" && !(w.fold == "apart" && i+1 < len(m.words) && m.words[i+1].fold == "from") ||
			i+1 < len(m.words) && (m.words[i+1].fold == "si" || m.words[i+1].fold == "if") {
			continue // not "sauf si vous avez mieux"
		}
		var b strings.Builder
		for _, x := range m.words[i+1:] {
			b.WriteString(x.raw)
			b.WriteByte(' ')
		}
		kept := t.understand(b.String())
		if kept.svc < 0 && kept.has(inHaircut) {
			for _, bk := range t.ownBookings() {
				if i := t.serviceIndex(bk.Service); i >= 0 && t.e.match.haircut[i] {
					return i // "sauf la coupe": the haircut booked
				}
			}
		}
		return kept.svc
	}
	return -1
}

// keptService returns the service a message says to keep ("keep the
// beard trim but…", "je garde la barbe, …"), read in its own clause, or -1.
func (t *turn) keptService(m msg) int {
	for i, w := range m.words {
		if w.fold != "keep" && w.fold != "garde" && w.fold != "garder" && w.fold != "gardez" && w.fold != "keeping" {
			continue
		}
		var b strings.Builder
		for _, x := range m.words[i+1:] {
			if x.raw == "," || x.fold == "but" || x.fold == "mais" || x.fold == "and" || x.fold == "et" {
				break
			}
			b.WriteString(x.raw)
			b.WriteByte(' ')
		}
		if kept := t.understand(b.String()); kept.svc >= 0 {
			return kept.svc
		} else if kept.has(inHaircut) {
			for _, i := range []int{m.svc, m.svc2} {
				if i >= 0 && t.e.match.haircut[i] {
					return i
				}
			}
		}
	}
	return -1
}

// keptPart returns the words of a cancellation that name what is kept,
// after a comma or "but": "just the cut", "only the cut", "juste la
// coupe", "je garde la coupe", "keep the cut"; or "".
func keptPart(m *msg) string {
	comma := false
	for i, w := range m.words {
		switch {
		case w.raw == "," || w.raw == ";" || w.fold == "but" || w.fold == "mais":
			comma = true
		case comma && (w.fold == "just" || w.fold == "only" || w.fold == "juste" || w.fold == "seulement" || w.fold == "keep" ||
			w.fold == "garde" || w.fold == "garder" || w.fold == "gardez"):
			var b strings.Builder
			for _, x := range m.words[i+1:] {
				b.WriteString(x.raw)
				b.WriteByte(' ')
			}
			return b.String()
		}
	}
	return ""
}

// provedBookings are the bookings of bs the customer proved theirs in
// this conversation on a channel that does not verify the phone: by their
// reference, or by making them here.
func (t *turn) provedBookings(bs []Booking) []Booking {
	var out []Booking
	for _, b := range bs {
		if t.st.Proved != "" && slices.Contains(strings.Fields(t.st.Proved), b.ID) {
			out = append(out, b)
		}
	}
	return out
}

// prove records that the customer proved booking id theirs (see
// provedBookings); the last few are kept.
func (t *turn) prove(id string) {
	ids := strings.Fields(t.st.Proved)
	if slices.Contains(ids, id) {
		return
	}
	ids = append(ids, id)
	if len(ids) > maxProved {
		ids = ids[len(ids)-maxProved:]
	}
	t.st.Proved = strings.Join(ids, " ")
}

const maxProved = 4

// provedBooking is the proved booking this message means, when it gives
// no other reference: the only one, or the one it names ("ma couleur").
func (t *turn) provedBooking(m msg, bs []Booking) (Booking, bool) {
	if t.st.Ref != "" || t.st.Ask == askRef && m.svc < 0 && m.staff < 0 && !m.when.Found() {
		// A reference is awaited for a booking not proved: "ok" names
		// none, and is not the one proved already ("la coupe homme"
		// would be).
		return Booking{}, false
	}
	proved := t.provedBookings(bs)
	if len(proved) > 1 {
		id := t.bookingNamed(proved, m)
		if id == "" && m.svc >= 0 && m.when.Found() {
			// "décalez la barbe à 11h": the time is the new one; the
			// service names the booking.
			named := m
			named.when = validate.When{}
			id = t.bookingNamed(proved, named)
		}
		proved = slices.DeleteFunc(proved, func(b Booking) bool { return b.ID != id })
	}
	if len(proved) != 1 || m.svc >= 0 && t.serviceIndex(proved[0].Service) != m.svc {
		return Booking{}, false
	}
	return proved[0], true
}

// bookingByRef finds the booking whose reference the customer gave, in
// this message or earlier, among the phone's bookings; otherwise it asks
// for the reference and returns false.
func (t *turn) bookingByRef(m msg, bs []Booking) (Booking, bool) {
	p := P{"Prefix": t.e.b.Config.ReferencePrefix, "Phone": t.e.b.HandoffPhone()}
	if t.refsLocked() {
		return Booking{}, false
	}
	ref := t.st.Ref
	if ref == "" && t.st.Ask == askRef {
		ref = t.bareRef(m)
	}
	if ref == "" {
		if t.st.Ask == askRef && isQuestion(&m) && !m.mentions(lostWords) {
			// "c'est quoi vos horaires ?" while the reference is asked:
			// the answer, and the question again.
			t.answer(m)
			p["Again"] = true
			t.say("ask_ref", p)
			return Booking{}, false
		}
		if t.st.Ask == askRef && wantsBooking(&m) && m.svc >= 0 {
			// "en fait une coupe homme jeudi à 14h": the lookup is given up
			// for the new request.
			t.st.clearDraft()
			t.route(m, false)
			return Booking{}, false
		}
		if t.st.Ask == askRef && m.phone != "" {
			// "sorry, my number is actually +44 …": the reference of a
			// booking under that number, asked again.
			t.say("ask_ref", p)
			return Booking{}, false
		}
		if t.st.Ask == askRef {
			t.st.Miss++
			t.say("bad_ref", p)
			return Booking{}, false
		}
		t.st.Ask = askRef
		t.say("ask_ref", p)
		return Booking{}, false
	}
	t.st.Ref = ""
	if b, ok := t.checkRef(ref, bs); ok {
		t.st.Miss = 0
		return b, true
	}
	if t.refsLocked() {
		return Booking{}, false
	}
	t.st.Ask = askRef
	t.say("unknown_ref", t.unknownRefParams(ref))
	p["Again"] = true
	t.say("ask_ref", p)
	return Booking{}, false
}

// maxWrongRefs is how many wrong references a conversation may give
// before it is sent to the phone; maxPhoneWrongRefs how many may be given
// with one typed phone, over all conversations, in wrongRefsWindow.
const (
	maxWrongRefs      = 3
	maxPhoneWrongRefs = 10
	wrongRefsWindow   = 24 * time.Hour
)

// phoneWrongRefs returns the typed phone's count of wrong references in
// the current window (zero once the window is over).
func (t *turn) phoneWrongRefs() WrongRefs {
	if t.st.Phone == "" {
		return WrongRefs{}
	}
	if w := t.out.Effects.WrongRefs; w != nil && w.Phone == t.st.Phone {
		return *w // counted in this turn already
	}
	if t.wrongRefsRead && t.wrongRefs.Phone == t.st.Phone {
		return t.wrongRefs
	}
	w, err := t.cal.WrongRefs(t.st.Phone)
	if err != nil {
		t.fail(fmt.Errorf("engine: read wrong references: %w", err))
		return WrongRefs{Phone: t.st.Phone}
	}
	if w.Count == 0 || t.now.Sub(w.Since) > wrongRefsWindow {
		w = WrongRefs{}
	}
	w.Phone = t.st.Phone
	t.wrongRefs, t.wrongRefsRead = w, true
	return w
}

// refsBlocked reports whether references are no longer looked up: too many
// wrong ones in this conversation, or with this phone.
func (t *turn) refsBlocked() bool {
	return t.st.BadRefs >= maxWrongRefs || t.phoneWrongRefs().Count >= maxPhoneWrongRefs
}

// checkRef is the one place a reference typed by the customer is looked up
// among the phone's bookings bs: a match proves the booking theirs; a miss
// counts towards maxWrongRefs, and once there nothing matches any more.
// A phone the channel verified needs no reference: its lookups are not
// counted.
func (t *turn) checkRef(ref string, bs []Booking) (Booking, bool) {
	verified := t.phoneVerified()
	if !verified && t.refsBlocked() {
		return Booking{}, false
	}
	for _, b := range bs {
		if strings.EqualFold(b.ID, ref) {
			if !verified {
				t.prove(b.ID)
			}
			return b, true
		}
	}
	if !verified {
		t.st.BadRefs++
		w := t.phoneWrongRefs()
		if w.Count == 0 {
			w.Since = t.now
		}
		w.Count++
		t.out.Effects.WrongRefs = &w
	}
	return Booking{}, false
}

// unknownRefParams are the parameters of "unknown_ref" for ref, which is
// none of the phone's bookings to come: Gone when it is one of the
// phone's bookings that was cancelled or replaced (a move or a change of
// service gives a new reference), Past when it is one already past. Only
// the phone's own bookings are read, so nothing is told of another's.
func (t *turn) unknownRefParams(ref string) P {
	p := P{"Ref": ref}
	if t.st.Phone == "" {
		return p
	}
	bs, err := t.cal.CustomerBookings(t.st.Phone)
	if err != nil {
		return p // the plain answer; the failure shows in the next read
	}
	for _, b := range bs {
		if !strings.EqualFold(b.ID, ref) {
			continue
		}
		switch {
		case b.Status != "" && b.Status != "confirmed":
			p["Gone"] = true
		case !b.Start.After(t.now):
			p["Past"] = true
		}
	}
	return p
}

// checkRefIn checks the reference a message gives, if any (checkRef).
func (t *turn) checkRefIn(m msg, bs []Booking) (Booking, bool) {
	if m.ref == "" {
		return Booking{}, false
	}
	return t.checkRef(m.ref, bs)
}

// refsLocked reports whether the conversation gave too many wrong
// references; if so it says so, sends the customer to the phone and drops
// the task. Guessing references is no way in.
func (t *turn) refsLocked() bool {
	if t.phoneVerified() || !t.refsBlocked() {
		return false
	}
	t.st.clearDraft()
	t.st.Miss = 0
	t.say("ref_give_up", P{"Phone": t.e.b.HandoffPhone()})
	return true
}

// bareRef reads a reference given without its prefix ("7K3F") in answer
// to the question.
func (t *turn) bareRef(m msg) string {
	n := 0
	ref := ""
	for _, w := range m.words {
		if w.fold == "" {
			continue
		}
		n++
		if len(w.fold) == refLen && strings.Trim(strings.ToUpper(w.fold), refAlphabet) == "" &&
			!t.e.match.vocab[w.can] && !t.e.match.stop[w.fold] { // "plus tard" gives no LUM-TARD
			ref = t.e.b.Config.ReferencePrefix + "-" + strings.ToUpper(w.fold)
		}
	}
	if n > 4 {
		return t.spelledRef(m)
	}
	if ref == "" {
		return t.spelledRef(m)
	}
	return ref
}

// spelledRef reads a reference spelled out, as a caller says it and a
// transcript writes it: "L U M dash H Y eight E", "h y 8 e".
func (t *turn) spelledRef(m msg) string {
	var b strings.Builder
	for _, w := range m.words {
		f := w.fold
		switch {
		case f == "" || f == "dash" || f == "tiret" || f == "hyphen" || f == "trait" || f == "union":
		case spelledDigits[f] != "":
			b.WriteString(spelledDigits[f])
		case len(f) <= 2 && strings.Trim(strings.ToUpper(f), refAlphabet+"LUM") == "":
			b.WriteString(strings.ToUpper(f))
		default:
			return ""
		}
	}
	ref, _ := strings.CutPrefix(b.String(), strings.ToUpper(t.e.b.Config.ReferencePrefix))
	if len(ref) != refLen || strings.Trim(ref, refAlphabet) != "" {
		return ""
	}
	return t.e.b.Config.ReferencePrefix + "-" + ref
}

// spelledDigits are the digits said in words.
var spelledDigits = map[string]string{
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
	"un": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "sept": "7", "huit": "8", "neuf": "9",
}

// moveStep continues a move once the booking is known: the booking flow.
func (t *turn) moveStep(m msg) {
	t.bookStep(m)
}

func (t *turn) bookingParams(bs []Booking) []P {
	out := make([]P, len(bs))
	for i, b := range bs {
		out[i] = t.bookingParam(b)
	}
	return out
}

func (t *turn) bookingParam(b Booking) P {
	svc, ok := t.e.b.Service(b.Service)
	name := b.Service
	if ok {
		name = t.svcName(svc)
	}
	staff := b.Staff
	if st, ok := t.e.b.StaffMember(b.Staff); ok {
		staff = st.Name
	}
	p := P{"Ref": b.ID, "When": b.Start.In(t.loc), "Svc": name, "Staff": staff}
	if ok {
		p["Price"] = svc.Price
	}
	if n := b.Customer.Name; n != "" && t.st.Name != "" && !sameName(n, t.st.Name) &&
		(b.Customer.Phone == "" || b.Customer.Phone == t.st.Phone) {
		// "coupe enfant pour Léa" (not "pour Marie Curie" to Marie, nor
		// the owner's name on a booking found under another number)
		p["For"] = n
	}
	return p
}

// answerOwn answers the price or the stylist of the customer's own
// bookings ("c'est combien ce que j'ai réservé ?", "je suis avec qui
// jeudi ?"): the bookings the message names, else all of them.
func (t *turn) answerOwn(m msg) {
	bs := t.ownBookings()
	if id := t.bookingNamed(bs, m); id != "" {
		for _, b := range bs {
			if b.ID == id {
				bs = []Booking{b}
			}
		}
	}
	total := 0.0
	for _, b := range bs {
		if svc, ok := t.e.b.Service(b.Service); ok {
			total += svc.Price
		}
	}
	t.say("bookings_detail", P{"Bookings": t.bookingParams(bs), "Count": len(bs), "Total": total, "ShowTotal": m.has(inPrice) && len(bs) > 1})
}

func (t *turn) sayBookings(bs []Booking) {
	if len(bs) == 0 {
		t.say("no_bookings", P{"Phone": t.st.Phone})
		return
	}
	t.say("bookings", P{"Bookings": t.bookingParams(bs), "Count": len(bs)})
}

// --- helpers ---------------------------------------------------------------

func (t *turn) svcName(s *business.Service) string {
	return s.Name.In(t.lang(), t.e.b.DefaultLanguage())
}

func (t *turn) staffNames(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if st, ok := t.e.b.StaffMember(id); ok {
			out = append(out, st.Name)
		}
	}
	return out
}

// weekdays lists the weekday numbers set in days, Monday first.
func (t *turn) weekdays(days [7]bool) []int {
	var out []int
	for i := 1; i <= 7; i++ {
		if days[i%7] {
			out = append(out, i%7)
		}
	}
	return out
}

// parsePhone reads a phone number the customer typed or said: French formats
// first; a customer writing English may give a British national number.
//
// A number without a country code is read in the business's country
// (that of its phone), then as French, then, from a customer writing
// English, as British.
func (t *turn) parsePhone(text string) (string, error) {
	p, err := validate.ParsePhone(text, t.e.region)
	national := digitsOf(text)
	for _, alt := range [...]string{"FR", "GB"} {
		if err == nil || alt == t.e.region || alt == "GB" && t.st.Lang != "en" {
			continue
		}
		// Another country's number only in its own national form ("06 12
		// 34 56 78", "07911 123456"): a mistyped American number ("718
		// 555 013") is no French one.
		if strings.Contains(text, "+") || len(national) == 0 || national[0] != '0' ||
			alt == "FR" && len(national) != 10 || alt == "GB" && len(national) != 11 {
			continue
		}
		if p2, err2 := validate.ParsePhone(text, alt); err2 == nil {
			return p2, nil
		}
	}
	return p, err
}

// surnameOf returns the customer's name completed by a message that is a
// single capitalised word, when the name so far is a first name alone
// ("Karim", then "Benali" at the recap); "" otherwise.
func (t *turn) surnameOf(m msg) string {
	if t.st.Name == "" || strings.ContainsRune(t.st.Name, ' ') || t.st.Other || len(m.words) != 1 || m.in != 0 ||
		m.svc >= 0 || m.staff >= 0 || m.when.Found() || m.choice != 0 || m.phone != "" {
		return ""
	}
	w := m.words[0]
	if !isAlpha(w.raw) || !capitalised(w.raw) || len(w.fold) < 2 || t.e.match.vocab[w.can] || t.e.match.stop[w.fold] ||
		t.e.match.fr[w.fold] || t.e.match.en[w.fold] || t.e.match.staffNames[w.fold] || weekdayWords[w.fold] {
		return ""
	}
	return t.st.Name + " " + title(w.raw)
}

// staffPronounPhrases refer to the stylist just talked about: "un brushing
// avec elle", "elle a de la place mercredi ?", "does she have time on
// Friday?".
var staffPronounPhrases = []string{"avec elle", "avec lui", "with her", "with him", "chez elle", "chez lui", "elle a", "il a", "elle est",
	"il est", "elle peut", "il peut", "elle serait", "il serait", "does she", "is she", "has she", "does he", "is he", "has he", "she have",
	"he have", "can she", "can he"}

// addsService reports whether a message naming a service while another is
// being booked adds it after that one ("aussi un brushing après", "and a
// beard trim afterwards") rather than replacing it.
func (t *turn) addsService(m msg) bool {
	also := m.mentions([]string{"aussi", "also", "too", "egalement"}) || m.mentionsPhrase([]string{"en plus"}) || strings.Contains(strings.ToLower(m.text), "as well")
	after := m.mentionsPhrase(rightAfterPhrases) || m.mentions([]string{"apres", "after", "ensuite", "then", "puis"})
	adds := m.mentions([]string{"add", "adding", "ajouter", "ajoute", "ajoutez", "rajouter", "rajoute", "rajoutez", "rajoutes", "ajoutes"})
	return also && after || m.mentionsPhrase(rightAfterPhrases) ||
		(also || adds) && !m.mentions(insteadWords) && !m.mentionsPhrase([]string{"a la place", "au lieu"})
}

// bookFor makes the booking being made another person's, under name (""
// asks it); the customer's own name is kept for afterwards.
func (t *turn) bookFor(name string) {
	if t.st.Own == "" {
		t.st.Own = t.st.Name
	}
	t.st.Other, t.st.Name = true, name
}

// sameName reports whether two names have the same first name ("Paul"
// and "Paul Martin"): the same person, as far as a list of bookings is
// concerned ("Marie Dupont" and "Paul Dupont" are two).
func sameName(a, b string) bool {
	fa, _, _ := strings.Cut(validate.Fold(strings.TrimSpace(a)), " ")
	fb, _, _ := strings.Cut(validate.Fold(strings.TrimSpace(b)), " ")
	return fa == fb
}

// dropsFromDraft handles a service taken out of the booking being made:
// "skip the blow dry", "cancel the beard trim but keep the haircut",
// "finalement sans la barbe". The other service stays, at the same time;
// both taken out, the booking is dropped.
func (t *turn) dropsFromDraft(m msg) bool {
	svc, next := t.serviceIndex(t.st.Svc), t.serviceIndex(t.st.Next)
	dropSvc := svc >= 0 && t.namesServiceWhere(m, svc, func(at int) bool { return removedAt(m.words, at) })
	dropNext := next >= 0 && t.namesServiceWhere(m, next, func(at int) bool { return removedAt(m.words, at) })
	switch {
	case dropNext && dropSvc:
		t.abandon()
	case dropNext:
		t.say("dropped_service", P{"Svc": t.svcName(&t.e.b.Config.Services[next])})
		t.st.Next, t.st.Together, t.st.Second = "", false, false
		t.advance()
	case dropSvc && next >= 0:
		// The second service alone, at the time held for the first.
		day, min := t.st.Day, t.st.Min
		if h := t.st.Held; h != nil {
			start := h.time(t.loc)
			day, min = business.DateOf(start).String(), minuteOf(start)+1
		}
		t.releaseIfHeld()
		t.st.Svc, t.st.Next, t.st.Together, t.st.Second = t.st.Next, "", false, false
		t.st.Day, t.st.DayEnd, t.st.Min, t.st.Offers = day, "", min, nil
		t.say("dropped_service", P{"Svc": t.svcName(&t.e.b.Config.Services[svc])})
		t.advance()
	default:
		if next >= 0 || m.svc < 0 || m.svc == svc || m.svc2 >= 0 || slices.ContainsFunc(t.ownBookings(), func(b Booking) bool { return b.Service == t.e.b.Config.Services[m.svc].ID }) {
			return false
		}
		if t.namesServiceWhere(m, m.svc, func(at int) bool { return removalVerbBefore(m.words, at) }) &&
			!t.namesServiceWhere(m, m.svc, func(at int) bool { return !removalVerbBefore(m.words, at) }) {
			// "skip the blow dry" with none booked: nothing to take out;
			// the booking as it stands.
			t.reask()
			return true
		}
		return false
	}
	return true
}

// namesServiceWhere reports whether m names service i (by a name, a
// synonym or, for a cut, a word for any cut) at a position where at holds.
func (t *turn) namesServiceWhere(m msg, i int, at func(int) bool) bool {
	for w := range m.words {
		for _, pi := range t.e.match.first[m.words[w].can] {
			p := &t.e.match.phrases[pi]
			if (p.tag == tagService && p.id == i || p.tag == tagIntent && intent(1)<<p.id == inHaircut && t.e.match.haircut[i]) &&
				matchAt(m.words, w, p.toks) && at(w) {
				return true
			}
		}
	}
	return false
}

// removedAt reports whether the service named at words[i] is taken out:
// refused ("sans la barbe", "not the beard") or named after a verb that
// removes it ("skip the blow dry", "enlevez la barbe").
func removedAt(words []word, i int) bool {
	return refusedBefore(words, i) || removalVerbBefore(words, i)
}

// removalVerbBefore reports whether a verb that takes a service out comes
// shortly before words[i], in the same clause.
func removalVerbBefore(words []word, i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		switch words[j].fold {
		case "", "but", "mais", "and", "et", "keep", "garde", "garder", "gardez", "just", "juste", "only":
			return false
		case "skip", "drop", "remove", "cancel", "forget", "enlever", "enlevez", "enleve", "retirer", "retirez", "retire",
			"annuler", "annulez", "annule", "supprimer", "supprimez", "supprime", "oublier", "oubliez", "oublie":
			return true
		}
	}
	return false
}

// forSomeoneElse handles "non, c'est pas pour moi, c'est pour mon fils de 7
// ans" at the recap: the booking is the other person's, under their name,
// with their cut when the service was a cut (the children's cut for a
// child young enough), at the time held.
func (t *turn) forSomeoneElse(m msg) bool {
	if !m.mentionsPhrase(forOtherPhrases) || m.mentionsPhrase(forMePhrases) && !m.mentionsPhrase(notForMePhrases) {
		return false
	}
	if !m.mentionsPhrase(notForMePhrases) && !m.has(inNo) {
		return false
	}
	svc := t.serviceIndex(t.st.Svc)
	if m.age == 0 {
		m.age = statedAge(m.words) // "pour mon fils de 7 ans"
	}
	if svc >= 0 && t.e.match.haircut[svc] && m.age > 0 {
		// (without an age, the cut asked stays: a son may be grown up)
		cut := t.cutFor(m)
		if cut >= 0 && t.e.b.Config.Services[cut].UnderAge > 0 && m.age >= t.e.b.Config.Services[cut].UnderAge {
			cut = t.grownCutFor(m) // too old for the children's cut
		}
		if cut >= 0 && cut != svc {
			start := t.st.Held.time(t.loc)
			t.releaseIfHeld()
			t.st.Svc, t.st.Next, t.st.Together, t.st.Second = t.e.b.Config.Services[cut].ID, "", false, false
			t.st.Day, t.st.DayEnd, t.st.Min, t.st.Offers = business.DateOf(start).String(), "", minuteOf(start)+1, nil
		}
	}
	t.bookFor(t.namedFor(m)) // "c pour mon fils Lucas": his
	t.advance()
	return true
}

// sameWay returns the slots to offer instead of a time that does not fit:
// the nearest ones, and for a move only those on the side the customer
// moved towards ("push it back an hour" is not offered earlier than the
// booking, "avancez-le" not later), unless none is.
func (t *turn) sameWay(s search, d business.Date, minute int) []slot {
	near := t.nearest(s, d, minute, 3)
	b, ok := t.targetBooking()
	if t.st.Flow != flowMove || !ok {
		return near
	}
	start := b.Start.In(t.loc)
	if business.DateOf(start) != d {
		return near // another day: no side to keep
	}
	at := d.At(t.loc, minute)
	var kept []slot
	for _, sl := range t.daySlots(s, d, 0, 24*60) {
		if at.After(start) && sl.start.After(start) || at.Before(start) && sl.start.Before(start) {
			kept = append(kept, sl)
		}
	}
	if len(kept) == 0 {
		return near
	}
	slices.SortStableFunc(kept, func(a, b slot) int {
		return cmp.Compare(abs(minuteOf(a.start)-minute), abs(minuteOf(b.start)-minute))
	})
	kept = spread(kept, 3, 30)
	sortSlots(kept)
	return kept
}
