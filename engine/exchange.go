package engine

import "encoding/binary"

// The exchange log. Every turn's exchange (what the customer said, what
// was answered) is handed to the store (Output.Exchange), which keeps the
// last few of each session apart from the session; a handoff reads them
// back (Calendar.Exchanges) to give the person taking over the end of the
// conversation. Keeping them out of the session keeps the session, which
// every turn rewrites, small: the history was three quarters of it.

// The formats of an encoded exchange, its leading byte.
const (
	// exchangeWithAnswer: turn, what the customer said, what was answered.
	// Written until the store kept each exchange with its turn's reply.
	exchangeWithAnswer = 0x01
	// exchangeFormat: turn, what the customer said; what was answered is
	// the turn's reply, which the store keeps beside the entry
	// (LoggedExchange.Answer).
	exchangeFormat = 0x02
)

// loggedExchange is an exchange of the log: n is its turn's index in its
// conversation (state.Turns before that turn), so that a handoff takes only
// the exchanges of the conversation in progress.
type loggedExchange struct {
	n    uint64
	line line
}

// encodeExchange encodes the exchange of turn n, where the customer said
// user (clipped as a line is).
func encodeExchange(n int, user string) []byte {
	b := make([]byte, 0, 1+2*binary.MaxVarintLen32+len(user))
	b = append(b, exchangeFormat)
	b = binary.AppendUvarint(b, uint64(n))
	b = binary.AppendUvarint(b, uint64(len(user)))
	return append(b, user...)
}

// decodeExchange reads an entry of the exchange log; ok is false for a
// damaged or foreign one.
func decodeExchange(x LoggedExchange) (e loggedExchange, ok bool) {
	b := x.Entry
	if len(b) == 0 || b[0] != exchangeFormat && b[0] != exchangeWithAnswer {
		return e, false
	}
	r := reader{s: string(b[1:])}
	e.n = r.uvarint()
	e.line.U = r.str()
	if b[0] == exchangeWithAnswer {
		e.line.B = r.str()
	} else {
		e.line.B = clip(x.Answer)
	}
	if r.bad || r.off != len(r.s) {
		return loggedExchange{}, false
	}
	e.line.U, e.line.B = validString(e.line.U), validString(e.line.B)
	return e, true
}

// transcript returns the end of the conversation in progress, oldest
// first, ending with cur, the exchange of this turn: the lines of an older
// session (state.Hist) and the logged exchanges of this conversation's
// earlier turns, maxHistory at most.
func (t *turn) transcript(cur line) ([]Exchange, error) {
	logged, err := t.cal.Exchanges()
	if err != nil {
		return nil, err
	}
	// Walk the log back from the newest entry while it holds this
	// conversation's turns in order; anything else ends it.
	var lines []line
	want := uint64(t.st.Turns)
	for i := len(logged) - 1; i >= 0 && want > 0 && len(lines) < maxHistory-1; i-- {
		e, ok := decodeExchange(logged[i])
		if !ok || e.n != want-1 {
			break
		}
		lines = append(lines, e.line)
		want--
	}
	for i := len(t.st.Hist) - 1; i >= 0 && len(lines) < maxHistory-1; i-- {
		lines = append(lines, t.st.Hist[i])
	}
	out := make([]Exchange, 0, len(lines)+1)
	for i := len(lines) - 1; i >= 0; i-- {
		out = append(out, Exchange{Customer: lines[i].U, Assistant: lines[i].B})
	}
	return append(out, Exchange{Customer: cur.U, Assistant: cur.B}), nil
}
