package engine

import "time"

// This file is the contract between the engine and the runtime. The runtime
// converts sdk/abi events into Event, adapts the store's View into Calendar,
// and turns Output.Effects into the store's Writes. Keep it stable.

// Event kinds (the same strings as sdk/abi's).
const (
	KindMessage      = "message"
	KindSessionStart = "session_start"
	KindToolCall     = "tool_call"
)

// Tool names the engine answers (Vapi's model calls them; see docs/voice.md).
const (
	ToolCheckAvailability = "verifier_disponibilite"
	ToolBook              = "reserver"
	ToolReschedule        = "deplacer_rdv"
	ToolCancel            = "annuler_rdv"
	ToolFindBookings      = "mes_rdv"
	ToolAnswer            = "question"
	ToolTransfer          = "transferer"
)

// Event is one input of a turn.
type Event struct {
	Kind string
	// ID is the provider's id of the event; with the session key it makes the
	// booking references of this turn deterministic.
	ID string
	// Channel is the plugin name: "whatsapp", "voice", "web", "chat".
	Channel string
	// Session is the conversation key (channel-prefixed).
	Session string
	// From is the customer's phone in E.164 when the channel knows it.
	From string
	// Unverified is set when the request that carried the event was not
	// authenticated (its provider's signature was not checked): From is
	// then only what the request claims. It may stand as the phone of a
	// new booking but does not open that phone's bookings, which need
	// their reference as on a channel without a phone.
	Unverified bool
	Name       string
	Text       string
	Payload    string
	Language   string
	// ToolName and ToolArgs (a JSON object) for KindToolCall.
	ToolName string
	ToolArgs string
	// Attachment says what came with the message besides its text:
	// "audio", "image", "video", "document", "location", or "".
	Attachment string
}

// Reply is one message to the customer.
type Reply struct {
	Text    string
	Choices []Choice
	// Speech is Text phrased for a voice channel (no lists, times in words).
	Speech string
}

// Choice is a quick reply (an offered slot, yes/no).
type Choice struct {
	ID    string
	Label string
}

// Customer mirrors store.Customer.
type Customer struct {
	Phone    string
	Name     string
	Language string
}

// Booking mirrors store.Booking.
type Booking struct {
	ID          string
	Service     string
	Staff       string
	Start       time.Time
	End         time.Time
	BlockEnd    time.Time
	Status      string // "confirmed" or "cancelled"
	Channel     string
	Customer    Customer
	Session     string
	CreatedAt   time.Time
	CancelledAt time.Time
}

// Hold mirrors store.Hold.
type Hold struct {
	Staff   string
	Start   time.Time
	End     time.Time
	Session string
	Expires time.Time
}

// Calendar is the read side of the turn transaction (the store's View).
type Calendar interface {
	Bookings(from, to time.Time) ([]Booking, error)
	Holds(from, to time.Time) ([]Hold, error)
	CustomerBookings(phone string) ([]Booking, error)
	// BookingExists reports whether a booking (any status) has this
	// reference: a new booking takes one not used yet.
	BookingExists(id string) (bool, error)
	// Customer returns ok=false when the phone is unknown.
	Customer(phone string) (c Customer, ok bool, err error)
	// Exchanges returns the session's logged exchanges (Output.Exchange of
	// its last turns), oldest first, each with what its turn answered; the
	// last few are enough. Step reads them only to hand a conversation
	// over.
	Exchanges() ([]LoggedExchange, error)
	// WrongRefs returns the wrong booking references typed with a phone
	// the channel did not verify, across conversations (Effects.WrongRefs);
	// the zero value when there are none.
	WrongRefs(phone string) (WrongRefs, error)
}

// LoggedExchange is an entry of a session's exchange log.
type LoggedExchange struct {
	// Entry is the turn's Output.Exchange.
	Entry []byte
	// Answer is what the turn answered (AnswerOf its Output): an entry
	// does not repeat it, so that a turn's answer is stored once, with
	// its reply. Empty when the store no longer has the reply.
	Answer string
}

// AnswerOf is what a turn answered, as an exchange log keeps it: the text
// of its last reply, or its tool result when it has no reply.
func AnswerOf(out Output) string {
	if len(out.Replies) > 0 {
		return out.Replies[len(out.Replies)-1].Text
	}
	return out.ToolResult
}

// WrongRefs counts the wrong references typed with one phone since Since.
type WrongRefs struct {
	Phone string
	Count int
	Since time.Time
}

// Handoff is the engine's decision to hand the conversation to a person.
type Handoff struct {
	Phone  string
	Reason string
	Until  time.Time
	// Transcript is the end of the conversation, oldest first, ending with
	// the exchange that handed it over: what the person taking over reads
	// first.
	Transcript []Exchange
	// FollowUp marks a message written while the team has the
	// conversation (Until is that handoff's): the host updates the
	// handoff's transcript instead of starting another handoff.
	FollowUp bool
	// Paused reports that the assistant stays silent until Until but for
	// a fact question or the number to call back: the team has the
	// conversation (a follow-up, or a handoff in writing that the customer
	// asked for). A handoff after misses keeps the assistant answering.
	Paused bool
	// Customer is the customer's phone when known (E.164), for the team to
	// call back.
	Customer string
	// At is when the conversation was handed over: now, or for a
	// FollowUp the handoff's own time.
	At time.Time
}

// Exchange is one message of the customer and the assistant's answer to
// it. Each side is clipped to 160 bytes.
type Exchange struct {
	Customer  string `json:"customer"`
	Assistant string `json:"assistant"`
}

// Effects are the writes a turn asks for; the runtime commits them with the
// session in one transaction. A conflicting Book or Holds makes the store run
// the turn again on fresh state.
type Effects struct {
	Book     []Booking
	Cancel   []string
	SetHolds bool
	Holds    []Hold
	Customer *Customer
	Handoff  *Handoff
	// WrongRefs, when set, is the phone's new count of wrong references,
	// for the store to keep.
	WrongRefs *WrongRefs
}

// Output is the result of Step.
type Output struct {
	// Session is the new encoded session state.
	Session []byte
	// Exchange is this turn's exchange, encoded, for the session's exchange
	// log (Calendar.Exchanges), which the store keeps apart from the
	// session.
	Exchange []byte
	Replies  []Reply
	// ToolResult and ToolError answer a KindToolCall (one line each).
	ToolResult string
	ToolError  string
	Effects    Effects
	// Language is the conversation's language after the turn ("fr", "en").
	Language string
}
