package engine

import "encoding/binary"

// The exchange log. Every turn's exchange (what the customer said, what
// was answered) is handed to the store (Output.Exchange), which keeps the
// last few of each session apart from the session; a handoff reads them
// back (Calendar.Exchanges) to give the person taking over the end of the
// conversation. Keeping them out of the session keeps the session, which
// every turn rewrites, small: the history was three quarters of it.

// exchangeFormat is the leading byte of an encoded exchange.
const exchangeFormat = 0x01

// loggedExchange is an exchange of the log: n is its turn's index in its
// conversation (state.Turns before that turn), so that a handoff takes only
// the exchanges of the conversation in progress.
type loggedExchange struct {
	n    uint64
	line line
}

func encodeExchange(n int, l line) []byte {
	b := make([]byte, 0, 1+3*binary.MaxVarintLen32+len(l.U)+len(l.B))
	b = append(b, exchangeFormat)
	b = binary.AppendUvarint(b, uint64(n))
	b = binary.AppendUvarint(b, uint64(len(l.U)))
	b = append(b, l.U...)
	b = binary.AppendUvarint(b, uint64(len(l.B)))
	return append(b, l.B...)
}

// decodeExchange reads an encoded exchange; ok is false for a damaged or
// foreign one.
func decodeExchange(b []byte) (e loggedExchange, ok bool) {
	if len(b) == 0 || b[0] != exchangeFormat {
		return e, false
	}
	r := reader{s: string(b[1:])}
	e.n = r.uvarint()
	e.line.U = r.str()
	e.line.B = r.str()
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
