package engine

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/prompts"
	"github.com/accueil-pme/accueil/engine/validate"
)

// Engine answers the customers of one business. It is immutable after New
// and safe for concurrent use; Step is pure.
type Engine struct {
	b *business.Business
	// when are the conventions dates are read with (month first in the
	// United States).
	when    validate.WhenOptions
	loc     *time.Location
	prompts *prompts.Catalogue
	match   *matcher
	hours   hoursMemo
	// holidayKeys name the business's holidays in messages.
	holidayKeys map[string]*business.Holiday
	// holidayPhrases name the holidays no single word names ("Good
	// Friday"): their whole name, folded.
	holidayPhrases []holidayPhrase
	// holidayNames are the holidays' whole names that start with a
	// weekday: a booking names a holiday by them ("un brushing le lundi de
	// Pâques").
	holidayNames []holidayPhrase
	// holidayStarts holds the keys (foldKey) of the words that may start a
	// holiday's name in a message: the holidayKeys and the first words of
	// holidayPhrases and holidayNames.
	holidayStarts foldKeys
	// region is where the business's phone is ("FR", "GB"): the country
	// of the numbers customers type without a country code.
	region string
	// examplePhone is a mobile number of region, for the prompts.
	examplePhone string
}

// New builds the engine of a validated business.
func New(b *business.Business) (*Engine, error) {
	if b == nil || b.Location() == nil {
		return nil, fmt.Errorf("engine: new: business is nil or not validated")
	}
	c, err := prompts.New()
	if err != nil {
		return nil, fmt.Errorf("engine: new: %w", err)
	}
	if err := c.SetCurrency(b.Config.Currency); err != nil {
		return nil, fmt.Errorf("engine: new: %w", err)
	}
	region := validate.PhoneRegion(b.Config.Phone)
	if region == "" {
		region = "FR"
	}
	// A business in the United States or Canada writes English dates and
	// times the American way ("Friday, November 27 at 2:00 PM").
	c.SetUSStyle(region == "US" || region == "CA")
	if region != "FR" {
		c.SetHomeRegion(region) // the salon's French numbers stay as they were
	}
	example := "+33612345678" // the French example the prompts always gave
	if region != "FR" {
		if e := validate.ExamplePhone(region); e != "" {
			example = e
		}
	}
	e := &Engine{b: b, loc: b.Location(), when: validate.WhenOptions{MonthFirst: region == "US"}, prompts: c, match: newMatcher(b), holidayKeys: holidayKeys(b), holidayPhrases: holidayPhrases(b), holidayNames: holidayNames(b, true), region: region, examplePhone: example}
	for k := range e.holidayKeys {
		e.holidayStarts.add(k)
	}
	for _, p := range slices.Concat(e.holidayPhrases, e.holidayNames) {
		e.holidayStarts.add(p.toks[0])
	}
	return e, nil
}

// Business returns the business the engine serves.
func (e *Engine) Business() *business.Business { return e.b }

// turn is the working state of one Step.
type turn struct {
	// reasking: the question of the task is asked again after an aside
	// (a price, a photo); the reason a time was not free, said already,
	// is not said again.
	reasking bool
	// bySentence is set while understand reads a message's sentences one
	// by one.
	bySentence bool
	// noticeParts is the number of reply parts once "I cannot see
	// attachments" was said (0: not said).
	noticeParts int
	e           *Engine
	st          state
	ev          Event
	now         time.Time // in the business location
	loc         *time.Location
	cal         Calendar
	out         Output

	voice bool
	// isTool is set for a KindToolCall: what is said goes to the tool result,
	// in the Tool form (a voice model reads it).
	isTool  bool
	parts   []string // sentences of the reply being built
	speech  []string
	choices []Choice
	err     error
	days    []*dayBusy // calendar days read in this turn
	// justHeld is set when a slot was put on hold in this turn.
	justHeld bool
	// alsoBooked is set while booking the second of two services that the
	// customer confirmed together.
	alsoBooked bool
	refs       int
	// suggest is the session's Suggest as the turn began: it holds for
	// the next message only.
	suggest string
	// expired: the conversation timed out with a booking, move or
	// cancellation waiting for its confirmation.
	expired bool
	// saidClosedNow: the reply says already that the business is closed
	// now, and when it reopens.
	saidClosedNow bool
	// about is the session's About as the turn began (the next message only).
	about string
	// ended is the session's Ended as the turn began (the next message only).
	ended string
	// upcomingList caches upcoming() for the phone upcomingOf.
	upcomingOf   string
	upcomingList []Booking
	upcomingRead bool
	// wrongRefs is the phone's count of wrong references, read once a turn
	// (phoneWrongRefs).
	wrongRefs     WrongRefs
	wrongRefsRead bool
	// words holds the words of the turn's first message understood, from
	// wordBufs, given back when the turn is over (see understand).
	words *wordBuf
}

// wordBuf holds the words of a message of up to some 70 bytes.
type wordBuf [16]word

// wordBufs keeps the wordBufs of the turns over: the words of a message,
// the largest allocation of a turn, are not allocated again on every
// message. No word of a turn is used once Step has returned.
var wordBufs = sync.Pool{New: func() any { return new(wordBuf) }}

// Step runs one turn: it decodes the session, reads the event, consults the
// calendar and returns the new session, the replies and the effects to
// commit. It does no I/O besides reading cal, keeps no state between calls
// and never reads the clock: the same inputs give the same output.
//
// # Errors
//
// Step returns an error only when the calendar fails; the runtime then
// commits nothing.
func (e *Engine) Step(session []byte, ev Event, now time.Time, cal Calendar) (Output, error) {
	t := &turn{e: e, ev: ev, now: now.In(e.loc), loc: e.loc, cal: cal,
		voice: ev.Channel == "voice", isTool: ev.Kind == KindToolCall}
	t.st.decode(session)
	t.st.sanitize(e.b)
	t.suggest, t.st.Suggest = t.st.Suggest, ""
	t.about, t.st.About = t.st.About, ""
	t.ended, t.st.Ended = t.st.Ended, ""
	if t.ev.Session == "" {
		t.ev.Session = "anonymous"
	}
	if t.st.Last != 0 && now.Sub(time.Unix(t.st.Last, 0)) > e.b.Policy.SessionTTL {
		if t.st.Held != nil {
			t.releaseHold()
		}
		// A recap or a confirmation left unanswered is forgotten; a bare
		// "oui" to it now is told so (expired), not "très bien".
		t.expired = t.st.Flow != "" && (t.st.Ask == askConfirm || t.st.Target != "")
		t.st.newConversation()
	}
	if p, ok := phoneFrom(ev.From); ok && p != t.st.Phone && (!t.st.Typed || t.st.Flow == "") {
		t.st.Phone, t.st.Typed = p, false
	}
	if t.st.Phone != "" && t.st.Name == "" && !t.st.Other && t.phoneVerified() {
		// A typed phone (the web chat) proves nothing: its customer's name
		// is not theirs to learn. A booking for someone else keeps the
		// name asked for them empty until it is given.
		c, ok, err := cal.Customer(t.st.Phone)
		if err != nil {
			return Output{}, fmt.Errorf("engine: read customer: %w", err)
		}
		if ok {
			t.st.Name = c.Name
			if t.st.Lang == "" && e.b.Supports(c.Language) {
				t.st.Lang = c.Language
			}
		}
	}
	if t.st.Name == "" && !t.st.Other {
		// The profile's name is the customer's; not the one of a booking
		// for someone else, whose name is asked. Read only when the name
		// is missing: it costs a microsecond, every turn otherwise.
		if n := profileName(ev.Name); n != "" {
			t.st.Name = n
		}
	}
	if t.ev.Language != "" && e.b.Supports(t.ev.Language) && (t.st.Lang == "" || ev.Kind != KindMessage) {
		// The channel's language starts the conversation (see
		// detectLanguage for a message in another one).
		t.st.Lang = t.ev.Language
	}
	if t.st.Lang == "" && ev.Kind != KindMessage {
		t.st.Lang = e.b.DefaultLanguage()
	}
	user := ev.Text
	switch ev.Kind {
	case KindSessionStart:
		t.start()
	case KindToolCall:
		user = ev.ToolName + " " + ev.ToolArgs
		t.tool()
	default:
		if t.st.Pause > now.Unix() && !t.withdrawsHandoff() {
			// A person has the conversation: the bot stays silent, but for
			// once telling the customer their request is with the team, or
			// taking the number the team is to call back.
			if p, _ := t.findPhone(ev.Text); p != "" && t.st.Phone == "" {
				t.st.Phone, t.st.PauseSaid = p, true
				t.say("handoff_phone", P{"Phone": p})
			} else if m := t.understand(strings.TrimSpace(ev.Text)); t.factQuestion(m) {
				// "vous êtes ouverts samedi ?": a fact, answered; the team
				// still reads it.
				t.detectLanguage(m)
				t.answer(m)
			} else if !t.st.PauseSaid {
				t.st.PauseSaid = true
				// Without a number, no one can call back: say so.
				t.say("handoff_pending", P{"Phone": e.b.HandoffPhone(), "Open": t.openNow(), "NoPhone": t.st.Phone == ""})
			}
			// The person taking over reads this message too.
			until := time.Unix(t.st.Pause, 0)
			t.out.Effects.Handoff = &Handoff{Phone: e.b.HandoffPhone(), Reason: t.st.PauseWhy, Until: until, FollowUp: true, Paused: true,
				Customer: t.st.Phone, At: until.Add(-e.b.Config.Handoff.Pause)}
			break
		}
		t.st.Pause, t.st.PauseSaid = 0, false
		t.message()
		if t.ended != "" && t.st.Ended == "" && t.st.Flow == "" && t.st.Pause == 0 && t.quiet() {
			// An answer that changed nothing ("c'est avec qui ?", a price):
			// the booking just made is still the one "instead", "une heure
			// plus tard" or "annulez-la" is about.
			t.st.Ended = t.ended
		}
	}
	if t.err != nil {
		return Output{}, t.err
	}
	t.flush()
	if h := t.out.Effects.Handoff; h != nil {
		tr, err := t.transcript(exchangeLine(user, AnswerOf(t.out)))
		if err != nil {
			return Output{}, fmt.Errorf("engine: read the exchange log: %w", err)
		}
		h.Transcript = tr
	}
	// The log keeps the customer's side; the reply, stored beside it, is
	// clipped and checked only for a handoff's transcript.
	t.out.Exchange = encodeExchange(t.st.Turns, exchangeLine(user, "").U)
	t.st.Last = now.Unix()
	t.st.Turns++
	t.out.Session = t.st.encode()
	t.out.Language = t.st.Lang
	if t.words != nil {
		wordBufs.Put(t.words)
	}
	return t.out, nil
}

// phoneFrom reads the phone of Event.From; a number already in E.164, the
// usual case, is returned as is.
func phoneFrom(from string) (string, bool) {
	if len(from) >= 9 && len(from) <= 16 && from[0] == '+' && digitsOnly(from[1:]) &&
		!(strings.HasPrefix(from, "+33") && len(from) != 12) {
		return from, true
	}
	return normalisePhone(strings.HasPrefix(from, "+"), digitsOf(from))
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func digitsOf(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// lang returns the conversation language.
func (t *turn) lang() string {
	if t.st.Lang == "" {
		return t.e.b.DefaultLanguage()
	}
	return t.st.Lang
}

// say adds the sentence(s) of prompt name to the reply being built: the
// text, and on a voice channel the speech; for a tool call, the Tool form.
func (t *turn) say(name string, p prompts.Params) {
	form := prompts.Text
	if t.isTool {
		form = prompts.Tool
	}
	s, err := t.e.prompts.RenderForm(t.lang(), form, name, p)
	if err != nil {
		t.err = fmt.Errorf("engine: %w", err)
		return
	}
	t.parts = append(t.parts, s)
	switch name {
	case "thanks", "ok_more", "abandoned":
		t.st.Ask = askMore // a later question of the turn replaces it
	case "closed_now":
		t.saidClosedNow = true
	}
	if t.voice && !t.isTool {
		sp, err := t.e.prompts.Render(t.lang(), true, name, p)
		if err != nil {
			t.err = fmt.Errorf("engine: %w", err)
			return
		}
		t.speech = append(t.speech, sp)
	}
}

// text renders a prompt to a string without adding it to the reply.
func (t *turn) text(name string, p prompts.Params) string {
	s, err := t.e.prompts.Render(t.lang(), false, name, p)
	if err != nil {
		t.err = fmt.Errorf("engine: %w", err)
	}
	return s
}

// flush turns the sentences said into one reply.
func (t *turn) flush() {
	if len(t.parts) == 0 {
		return
	}
	r := Reply{Text: strings.Join(t.parts, " "), Choices: t.choices}
	t.st.Menu = menuOf(t.choices)
	if t.voice {
		r.Speech = strings.Join(t.speech, " ")
	}
	t.out.Replies = append(t.out.Replies, r)
	t.parts, t.speech, t.choices = nil, nil, nil
}

// reference derives a booking reference from the session, the event and
// the number of references made in this turn: short, readable,
// deterministic.
//
// The hash is the first candidate; one already taken (by another customer,
// or by a turn committed since: the store then runs this turn again) is
// followed by the next hash until a free one.
func (t *turn) reference() string {
	ref := t.candidateRef()
	for range 16 {
		used, err := t.cal.BookingExists(ref)
		if err != nil {
			if t.err == nil {
				t.err = fmt.Errorf("engine: check reference %s: %w", ref, err)
			}
			return ref
		}
		if !used {
			return ref
		}
		ref = t.candidateRef()
	}
	return ref // the store refuses a reference used: the turn fails, nothing is booked twice
}

// candidateRef derives the next candidate reference of the turn.
func (t *turn) candidateRef() string {
	h := fnv.New64a()
	h.Write([]byte(t.ev.Session))
	h.Write([]byte{0})
	if t.ev.ID != "" {
		h.Write([]byte(t.ev.ID))
	} else {
		fmt.Fprintf(h, "%d/%d", t.st.Turns, t.now.Unix())
	}
	fmt.Fprintf(h, "/%d", t.refs)
	t.refs++
	v := h.Sum64()
	var b [refLen]byte
	for i := range b {
		b[i] = refAlphabet[v%uint64(len(refAlphabet))]
		v /= uint64(len(refAlphabet))
	}
	return t.e.b.Config.ReferencePrefix + "-" + string(b[:])
}

const (
	refLen = 4
	// refAlphabet has no 0/O, 1/I/L: references are read aloud and typed.
	refAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
)

// TaskUnderway reports whether the conversation of session (a Step's
// Output.Session) was in the middle of a task (a booking, a move, a
// cancellation not yet done): a call that ends then was abandoned.
func (e *Engine) TaskUnderway(session []byte) bool {
	return decodeState(session).Flow != ""
}

// quiet reports whether the turn changes nothing in the calendar: no
// booking, cancellation or hold, no handoff.
func (t *turn) quiet() bool {
	e := &t.out.Effects
	return len(e.Book) == 0 && len(e.Cancel) == 0 && !(e.SetHolds && len(e.Holds) > 0) && e.Handoff == nil
}
