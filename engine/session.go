package engine

import (
	"time"

	"github.com/accueil-pme/accueil/engine/business"
)

// state is the engine-owned session, stored with every turn in the binary
// format of codec.go. The JSON tags read the sessions of older builds,
// which were compact JSON.
type state struct {
	V     int    `json:"v"`
	Lang  string `json:"l,omitempty"`
	Name  string `json:"n,omitempty"`
	Phone string `json:"p,omitempty"`
	// Last is the unix time of the last turn; Start of this conversation.
	Last  int64 `json:"t,omitempty"`
	Turns int   `json:"k,omitempty"`
	// Greeted and ClosedSaid: said once per conversation.
	Greeted    bool `json:"g,omitempty"`
	ClosedSaid bool `json:"c,omitempty"`
	// Miss counts misunderstandings in a row.
	Miss int `json:"m,omitempty"`
	// Pause is the unix time until which the bot stays silent (handoff).
	Pause int64 `json:"z,omitempty"`
	// PauseSaid: a message during the pause was answered that the team has it.
	PauseSaid bool `json:"zs,omitempty"`

	// Flow is the task in progress (flowBook, flowMove, flowCancel) and Ask
	// what the last reply asked for.
	Flow string `json:"f,omitempty"`
	Ask  string `json:"a,omitempty"`
	// The booking draft.
	Svc    string `json:"s,omitempty"`
	Staff  string `json:"w,omitempty"` // staff asked for by the customer
	Prefer string `json:"r,omitempty"` // staff preferred (the booking being moved)
	Day    string `json:"d,omitempty"` // YYYY-MM-DD
	DayEnd string `json:"e,omitempty"` // last day of a span ("la semaine prochaine")
	Min    int    `json:"h,omitempty"` // minute of day + 1; 0 = none
	Part   uint8  `json:"pa,omitempty"`
	After  bool   `json:"af,omitempty"`
	Before bool   `json:"bf,omitempty"`
	// Offers are the slots last offered; Held the slot held for confirmation.
	Offers []slotRef `json:"o,omitempty"`
	Held   *slotRef  `json:"x,omitempty"`
	// Target is the booking being moved or cancelled; Cands the bookings
	// offered to choose from.
	Target string   `json:"b,omitempty"`
	Cands  []string `json:"cb,omitempty"`
	// Other: the booking in progress is for another person ("et une coupe
	// pour moi" after the child's): the customer's own bookings do not
	// block its slot, and its name is asked again.
	Other bool `json:"ot,omitempty"`
	// Typed: Phone was typed or said by the customer to find a booking
	// made with another number than the one the channel gives; it proves
	// nothing by itself, and the channel's number comes back once the
	// task is over.
	Typed bool `json:"ty,omitempty"`
	// Together: Next is for a second person at the same time ("ma copine
	// et moi, une coupe femme et une coupe homme"), not right after.
	Together bool `json:"tg,omitempty"`
	// Second: Next is for a second person, right after when one staff
	// member does both ("une coupe homme pour moi et mon fils").
	Second bool `json:"sc,omitempty"`
	// Own is the customer's own name while Name holds another person's
	// for their booking; it comes back once that booking is made.
	Own string `json:"on,omitempty"`
	// Pending is the rest of a message that asked for two tasks ("décaler
	// ma coupe à vendredi et prendre un brushing samedi"): taken up once
	// the first one ends.
	Pending string `json:"pd,omitempty"`
	// Proved is the booking whose reference the customer gave on a
	// channel that does not verify the phone: later tasks on it in the
	// conversation do not ask for the reference again.
	Proved string `json:"pv,omitempty"`
	// Avoid is a staff member the customer does not want for the booking
	// being made ("pas avec Camille"): never offered; and "day:N" for a
	// weekday they excluded ("any day except saturday"), never offered
	// either.
	Avoid string `json:"av,omitempty"`
	// BadRefs counts the wrong references given in the conversation; from
	// maxWrongRefs on, no booking is looked up by reference any more. Only
	// a new conversation starts it again.
	BadRefs int `json:"ro,omitempty"`
	// Swap is the service the booking being moved becomes ("un balayage
	// au lieu de la couleur"), at the same time unless another is said.
	Swap string `json:"sw,omitempty"`
	// PauseWhy is the reason of the handoff that paused the bot (Pause),
	// repeated with the messages written during the pause.
	PauseWhy string `json:"zw,omitempty"`
	// Said is the request of a move made on a channel that does not
	// verify the phone, kept while the phone and the reference are asked:
	// once the booking is proved, it is taken up again ("une heure plus
	// tard", "to next Saturday").
	Said string `json:"sd,omitempty"`
	// Topic is the subject of the last answer, for follow-ups.
	Topic string `json:"q,omitempty"`
	// Hist is the end of the conversation in the sessions of older builds,
	// read for a handoff until the conversation ends. The exchanges are
	// now logged apart from the session (exchange.go).
	Hist []line `json:"hi,omitempty"`
	// Ref is a booking reference the customer gave before their phone on
	// a channel that does not verify the phone; it is checked against the
	// phone's bookings once the phone is known.
	Ref string `json:"rf,omitempty"`
	// Menu is the numbered choice the last reply offered where a number
	// means something other than a slot or a booking (those are in Offers
	// and Cands): "yes,no", or the services listed, as comma-separated
	// choice ids. A customer who types "2" picks its second entry.
	Menu string `json:"mn,omitempty"`
	// Suggest is the day the last reply suggested instead of an impossible
	// one ("Vouliez-vous dire mardi 1er décembre ?"), "YYYY-MM-DD" and the
	// minute of the day said with it, if any: a "oui" takes it.
	Suggest string `json:"sg,omitempty"`
	// About is the service the last reply was about (a price asked, a
	// booking made): a booking or a price asked next without naming a
	// service is for it. Two service IDs, space-separated, after the
	// price of both: both are booked next.
	About string `json:"ab,omitempty"`
	// Next is a second service asked for with the first ("une coupe et
	// une barbe"), booked right after it.
	Next string `json:"nx,omitempty"`
	// NextName is the second person's name, given with the first one's
	// ("Lina et Adam"): their booking (Next) is made under it.
	NextName string `json:"nn,omitempty"`
	// Ended is the end of the booking just made, "<unix> <staff id>", for
	// "et une barbe juste après" in the next message.
	Ended string `json:"ed,omitempty"`
}

// slotRef is a slot in the session: start (unix) and staff.
type slotRef struct {
	Start int64  `json:"s"`
	Staff string `json:"p"`
	Svc   string `json:"v,omitempty"`
}

type line struct {
	U string `json:"u,omitempty"`
	B string `json:"b,omitempty"`
}

const (
	stateVersion = 1
	// maxHistory is how many exchanges a handoff's transcript holds (the
	// store logs store.ExchangeLog per session, more than enough).
	maxHistory = 4
	maxLineLen = 160
)

// Flows.
const (
	flowBook   = "book"
	flowMove   = "move"
	flowCancel = "cancel"
	flowList   = "list"
)

// Topics of answers (state.Topic).
const (
	topicHours = "hours"
	// topicHoursClosed: hours asked as "are you closed…?", so that a
	// follow-up ("and on Whit Monday?") is answered "yes" when closed.
	topicHoursClosed = "hours-closed"
	topicPrice       = "price"
	topicOther       = "other"
	topicWho         = "who"   // who does a service: "qui fait les couleurs ?", then "et les coupes ?"
	topicStaff       = "staff" // a staff member's days, as "staff:ID" or "staff:ID:2006-01-02": "et Inès ?" next
)

// isHoursTopic reports whether the last answer was about the opening hours.
func isHoursTopic(topic string) bool {
	return topic == topicHours || topic == topicHoursClosed
}

// Questions asked (state.Ask).
const (
	askService = "service"
	askWhen    = "when"
	askPick    = "pick"
	askName    = "name"
	askPhone   = "phone"
	askConfirm = "confirm"
	askChange  = "change"
	askWhich   = "which"
	askRef     = "ref"
	// askMore: "anything else?" was the last question; "non", "merci"
	// and "c'est tout" then end the conversation.
	askMore = "more"
)

// newConversation forgets the conversation but keeps what is known of the
// customer.
func (s *state) newConversation() {
	if s.Other {
		s.Name = s.Own // not the name of someone the last conversation booked for
	}
	*s = state{V: stateVersion, Lang: s.Lang, Name: s.Name, Phone: s.Phone, Pause: s.Pause, PauseSaid: s.PauseSaid, PauseWhy: s.PauseWhy}
}

// clearDraft forgets the task in progress.
func (s *state) clearDraft() {
	if s.Other {
		s.Name, s.Own = s.Own, "" // a booking for someone else dropped: the customer's own name again
	}
	s.Flow, s.Ask, s.Svc, s.Staff, s.Prefer, s.Avoid, s.Swap = "", "", "", "", "", "", ""
	s.clearWhen()
	s.Held, s.Target, s.Cands, s.Ref, s.Next, s.Other, s.Together, s.Second, s.Said = nil, "", nil, "", "", false, false, false, ""
	s.NextName = ""
}

func (s *state) clearWhen() {
	s.Day, s.DayEnd, s.Min, s.Part, s.After, s.Before = "", "", 0, 0, false, false
	s.Offers = nil
}

// exchangeLine is the exchange of a turn as the log keeps it: each side
// clipped and valid UTF-8.
func exchangeLine(user, bot string) line {
	return line{U: validString(clip(user)), B: validString(clip(bot))}
}

func clip(s string) string {
	if len(s) <= maxLineLen {
		return s
	}
	cut := maxLineLen
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

func (r slotRef) time(loc *time.Location) time.Time { return time.Unix(r.Start, 0).In(loc) }

// sanitize drops what a session refers to that the business does not know
// (a service or staff member removed from the file, a damaged session).
func (s *state) sanitize(b *business.Business) {
	known := func(r *slotRef) bool {
		if r == nil {
			return false
		}
		svc, ok := b.Service(r.Svc)
		return ok && svc.Performs(r.Staff)
	}
	if s.Held != nil && !known(s.Held) {
		s.Held = nil
	}
	offers := s.Offers[:0]
	for i := range s.Offers {
		if known(&s.Offers[i]) {
			offers = append(offers, s.Offers[i])
		}
	}
	s.Offers = offers
	if len(s.Offers) == 0 {
		s.Offers = nil
	}
	// An empty id stays empty: not looked up (each lookup reads every
	// service or staff member of the file).
	for _, id := range [...]*string{&s.Svc, &s.Swap} {
		if *id != "" {
			if _, ok := b.Service(*id); !ok {
				*id = ""
			}
		}
	}
	for _, id := range [...]*string{&s.Staff, &s.Prefer} {
		if *id != "" {
			if _, ok := b.StaffMember(*id); !ok {
				*id = ""
			}
		}
	}
	if s.Day != "" {
		if _, err := business.ParseDate(s.Day); err != nil {
			s.Day, s.Min = "", 0
		}
	}
	if s.DayEnd != "" {
		if _, err := business.ParseDate(s.DayEnd); err != nil {
			s.DayEnd = ""
		}
	}
	if s.Min > 24*60 || s.Min < -24*60 {
		s.Min = 0
	}
	if s.Part > 4 {
		s.Part = 0
	}
	switch s.Flow {
	case "", flowBook, flowMove, flowCancel, flowList:
	default:
		s.clearDraft()
	}
	if s.Held == nil && s.Ask == askConfirm && s.Flow != flowCancel {
		s.Ask = ""
	}
	if s.Lang != "" && !b.Supports(s.Lang) {
		s.Lang = ""
	}
}
