// Package engine is the front desk every channel shares: it answers the
// customers of one business in French (and English when they write
// English), books, moves and cancels appointments, and hands over to a
// person when asked or when it keeps misunderstanding.
//
// # A pure step
//
// [Engine.Step] takes the encoded session, one [Event], the clock and a
// read-only [Calendar] (the store's view of the turn transaction), and
// returns an [Output]: the new session, the replies and the [Effects] the
// runtime commits with the session in one transaction. Step does no I/O,
// keeps no global state and never reads the clock, so the same inputs give
// the same outputs; booking references are derived from the session key and
// the event id ("LUM-7K3F"). When a commit conflicts (another session took
// the slot), the store runs Step again on fresh state and the engine sees
// the slot taken.
//
// # Conversation
//
// Free text is folded (case, accents), stemmed and typo-tolerant; dates
// and times, phones and names are read by engine/validate. A customer may
// say everything at once and is asked only for what is missing: service,
// day and time, name, phone (taken from Event.From when the channel knows
// it). A chosen slot is held for the session (Effects.Holds, expiring after
// the policy's hold TTL) until "oui" converts it into a booking; a drop, a
// correction or a timeout releases it. Questions are answered from the
// business file only (hours computed from the week, holidays and closures;
// prices, address, the owner's FAQ). Prompts live in engine/prompts.
//
// # Session
//
// The session is a compact binary record (codec.go: a format byte, a bit
// set of the fields present, varints and length-prefixed strings) with a
// capped history. Sessions stored as JSON by older builds are still read;
// a damaged session starts a fresh conversation. After the policy's
// session TTL of silence a new conversation starts; the name, phone and
// language carry over. After a handoff in writing the bot stays silent
// until Handoff.Until.
//
// # Identity
//
// A phone the channel gives (Event.From) is the customer's; a phone typed
// in a message is no proof. On channels without Event.From (the web chat),
// or when the typed phone is not Event.From, listing, moving or cancelling
// a booking also needs its reference ("LUM-7K3F"). Calls are trusted like
// the caller's line. Booking needs no proof.
//
// # Voice
//
// On Event.Channel "voice" every reply also carries Speech (times,
// durations, prices and numbers in words). KindToolCall events run the
// tools named in contract.go through the same code and answer in
// Output.ToolResult or Output.ToolError, phrased for the voice model
// (prompts.Tool). Asking for a person on a call transfers it
// (Effects.Handoff, "ne quittez pas") while the business is open; when it
// is closed there is no handoff: the caller hears when it reopens and the
// bot carries on.
package engine
