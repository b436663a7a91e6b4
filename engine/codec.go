package engine

import (
	"encoding/binary"
	"encoding/json"
	"unicode/utf8"
)

// The session is stored with every turn, so it is encoded by hand: a
// leading format byte, a bit set of the fields present, then the present
// fields in a fixed order. Integers are zig-zag varints, strings and lists
// are length-prefixed. An empty field costs nothing.
//
//	session  = format(1 byte) fields(uvarint) field*
//	string   = len(uvarint) bytes
//	slotRef  = start(varint) staff(string) svc(string)
//
// Sessions written by older builds are JSON objects (first byte '{') and
// are still read. Anything else that cannot be decoded exactly (unknown
// format, truncated or trailing bytes, impossible values) starts a fresh
// session, as the JSON decoder did.

// sessionFormat is the leading byte of a binary session. It is not '{',
// so it never collides with the JSON sessions of older builds.
const sessionFormat = 0x02

// Field bits, in encoding order. Add new fields at the end.
const (
	fLang = 1 << iota
	fName
	fPhone
	fLast
	fTurns
	fGreeted
	fClosedSaid
	fMiss
	fPause
	fFlow
	fAsk
	fSvc
	fStaff
	fPrefer
	fDay
	fDayEnd
	fMin
	fPart
	fAfter
	fBefore
	fOffers
	fHeld
	fTarget
	fCands
	fTopic
	fHist
	fRef
	fMenu
	fSuggest
	fAbout
	fNext
	fPauseSaid
	fEnded
	fOther
	fTogether
	fOwn
	fPending
	fProved
	fAvoid
	fBadRefs
	fPauseWhy
	fSaid
	fTyped
	fSwap
	fSecond
	fNextName
	fieldsKnown = fNextName<<1 - 1
)

// decodeState reads a session in the binary format, or the JSON of older
// builds; a missing, foreign or damaged session gives a fresh state.
func decodeState(b []byte) state {
	var s state
	s.decode(b)
	return s
}

// decode sets s, the zero state, to the session b, as decodeState reads
// it. Step decodes into its turn's state in place: the state, some 600
// bytes, is not copied from result to result.
func (s *state) decode(b []byte) {
	ok := false
	switch {
	case len(b) == 0:
	case b[0] == '{':
		// Into a state of its own: s, given to Unmarshal, would escape
		// (and Step's turn, which holds it, with it).
		var js state
		if ok = json.Unmarshal(b, &js) == nil && js.V == stateVersion; ok {
			*s = js
		}
	case b[0] == sessionFormat:
		ok = decodeBinary(s, b[1:])
	}
	if !ok {
		*s = state{V: stateVersion}
	}
}

// reader reads the binary session. The payload is copied into one string
// up front; every string field is a substring of it (one allocation).
type reader struct {
	s   string
	off int
	bad bool
}

func (r *reader) uvarint() uint64 {
	if r.bad {
		return 0
	}
	var x uint64
	var shift uint
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if r.off >= len(r.s) {
			r.bad = true
			return 0
		}
		c := r.s[r.off]
		r.off++
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				r.bad = true
				return 0
			}
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	r.bad = true
	return 0
}

func (r *reader) varint() int64 {
	u := r.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// count reads a length that must fit in the rest of the payload.
func (r *reader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.s)-r.off) {
		r.bad = true
		return 0
	}
	return int(n)
}

func (r *reader) str() string {
	n := r.count()
	if r.bad {
		return ""
	}
	v := r.s[r.off : r.off+n]
	r.off += n
	return v
}

func (r *reader) slot() slotRef {
	return slotRef{Start: r.varint(), Staff: r.str(), Svc: r.str()}
}

// decodeBinary fills s, the zero state, from the binary session b (past
// its format byte); false when b is damaged, s then holding part of it.
func decodeBinary(s *state, b []byte) bool {
	r := reader{s: string(b)}
	s.V = stateVersion
	f := r.uvarint()
	if f&^fieldsKnown != 0 {
		return false
	}
	if f&fLang != 0 {
		s.Lang = r.str()
	}
	if f&fName != 0 {
		s.Name = r.str()
	}
	if f&fPhone != 0 {
		s.Phone = r.str()
	}
	if f&fLast != 0 {
		s.Last = r.varint()
	}
	if f&fTurns != 0 {
		s.Turns = int(r.varint())
	}
	s.Greeted = f&fGreeted != 0
	s.PauseSaid = f&fPauseSaid != 0
	s.Other = f&fOther != 0
	s.Typed = f&fTyped != 0
	s.Together = f&fTogether != 0
	s.Second = f&fSecond != 0
	s.ClosedSaid = f&fClosedSaid != 0
	if f&fMiss != 0 {
		s.Miss = int(r.varint())
	}
	if f&fPause != 0 {
		s.Pause = r.varint()
	}
	if f&fFlow != 0 {
		s.Flow = r.str()
	}
	if f&fAsk != 0 {
		s.Ask = r.str()
	}
	if f&fSvc != 0 {
		s.Svc = r.str()
	}
	if f&fStaff != 0 {
		s.Staff = r.str()
	}
	if f&fPrefer != 0 {
		s.Prefer = r.str()
	}
	if f&fDay != 0 {
		s.Day = r.str()
	}
	if f&fDayEnd != 0 {
		s.DayEnd = r.str()
	}
	if f&fMin != 0 {
		s.Min = int(r.varint())
	}
	if f&fPart != 0 {
		p := r.uvarint()
		if p > 0xff {
			return false
		}
		s.Part = uint8(p)
	}
	s.After = f&fAfter != 0
	s.Before = f&fBefore != 0
	if f&fOffers != 0 {
		// Each slotRef takes at least three bytes.
		n := r.count()
		if r.bad || n == 0 || n > (len(r.s)-r.off)/3 {
			return false
		}
		s.Offers = make([]slotRef, n)
		for i := range s.Offers {
			s.Offers[i] = r.slot()
		}
	}
	if f&fHeld != 0 {
		h := r.slot()
		s.Held = &h
	}
	if f&fTarget != 0 {
		s.Target = r.str()
	}
	if f&fCands != 0 {
		n := r.count()
		if r.bad || n == 0 {
			return false
		}
		s.Cands = make([]string, n)
		for i := range s.Cands {
			s.Cands[i] = r.str()
		}
	}
	if f&fTopic != 0 {
		s.Topic = r.str()
	}
	if f&fHist != 0 {
		// Each line takes at least two bytes.
		n := r.count()
		if r.bad || n == 0 || n > (len(r.s)-r.off)/2 {
			return false
		}
		s.Hist = make([]line, n)
		for i := range s.Hist {
			s.Hist[i] = line{U: r.str(), B: r.str()}
		}
	}
	if f&fRef != 0 {
		s.Ref = r.str()
	}
	if f&fMenu != 0 {
		s.Menu = r.str()
	}
	if f&fSuggest != 0 {
		s.Suggest = r.str()
	}
	if f&fAbout != 0 {
		s.About = r.str()
	}
	if f&fNext != 0 {
		s.Next = r.str()
	}
	if f&fEnded != 0 {
		s.Ended = r.str()
	}
	if f&fOwn != 0 {
		s.Own = r.str()
	}
	if f&fPending != 0 {
		s.Pending = r.str()
	}
	if f&fProved != 0 {
		s.Proved = r.str()
	}
	if f&fAvoid != 0 {
		s.Avoid = r.str()
	}
	if f&fPauseWhy != 0 {
		s.PauseWhy = r.str()
	}
	if f&fBadRefs != 0 {
		s.BadRefs = int(r.varint())
	}
	if f&fSaid != 0 {
		s.Said = r.str()
	}
	if f&fSwap != 0 {
		s.Swap = r.str()
	}
	if f&fNextName != 0 {
		s.NextName = r.str()
	}
	if r.bad || r.off != len(r.s) {
		return false
	}
	return true
}

// encode writes the session in the binary format.
func (s *state) encode() []byte {
	var f uint64
	size := 1 + binary.MaxVarintLen64
	str := func(bit uint64, v string) {
		if v != "" {
			f |= bit
			size += binary.MaxVarintLen32 + len(v)
		}
	}
	num := func(bit uint64, v int64) {
		if v != 0 {
			f |= bit
			size += binary.MaxVarintLen64
		}
	}
	flag := func(bit uint64, v bool) {
		if v {
			f |= bit
		}
	}
	str(fLang, s.Lang)
	str(fName, s.Name)
	str(fPhone, s.Phone)
	num(fLast, s.Last)
	num(fTurns, int64(s.Turns))
	flag(fGreeted, s.Greeted)
	flag(fPauseSaid, s.PauseSaid)
	flag(fOther, s.Other)
	flag(fTyped, s.Typed)
	flag(fTogether, s.Together)
	flag(fSecond, s.Second)
	num(fBadRefs, int64(s.BadRefs))
	flag(fClosedSaid, s.ClosedSaid)
	num(fMiss, int64(s.Miss))
	num(fPause, s.Pause)
	str(fFlow, s.Flow)
	str(fAsk, s.Ask)
	str(fSvc, s.Svc)
	str(fStaff, s.Staff)
	str(fPrefer, s.Prefer)
	str(fDay, s.Day)
	str(fDayEnd, s.DayEnd)
	num(fMin, int64(s.Min))
	num(fPart, int64(s.Part))
	flag(fAfter, s.After)
	flag(fBefore, s.Before)
	slotSize := func(r *slotRef) int {
		return binary.MaxVarintLen64 + 2*binary.MaxVarintLen32 + len(r.Staff) + len(r.Svc)
	}
	if len(s.Offers) > 0 {
		f |= fOffers
		size += binary.MaxVarintLen32
		for i := range s.Offers {
			size += slotSize(&s.Offers[i])
		}
	}
	if s.Held != nil {
		f |= fHeld
		size += slotSize(s.Held)
	}
	str(fTarget, s.Target)
	if len(s.Cands) > 0 {
		f |= fCands
		size += binary.MaxVarintLen32
		for _, c := range s.Cands {
			size += binary.MaxVarintLen32 + len(c)
		}
	}
	str(fTopic, s.Topic)
	// Hist, from the sessions of older builds, is read but no longer
	// written: the exchanges are logged apart (exchange.go).
	str(fRef, s.Ref)
	str(fMenu, s.Menu)
	str(fSuggest, s.Suggest)
	str(fAbout, s.About)
	str(fNext, s.Next)
	str(fEnded, s.Ended)
	str(fOwn, s.Own)
	str(fPending, s.Pending)
	str(fProved, s.Proved)
	str(fAvoid, s.Avoid)
	str(fPauseWhy, s.PauseWhy)
	str(fSaid, s.Said)
	str(fSwap, s.Swap)
	str(fNextName, s.NextName)

	w := writer{b: make([]byte, 0, size)}
	w.b = append(w.b, sessionFormat)
	w.b = binary.AppendUvarint(w.b, f)
	w.optStr(s.Lang)
	w.optStr(s.Name)
	w.optStr(s.Phone)
	w.optInt(s.Last)
	w.optInt(int64(s.Turns))
	w.optInt(int64(s.Miss))
	w.optInt(s.Pause)
	w.optStr(s.Flow)
	w.optStr(s.Ask)
	w.optStr(s.Svc)
	w.optStr(s.Staff)
	w.optStr(s.Prefer)
	w.optStr(s.Day)
	w.optStr(s.DayEnd)
	w.optInt(int64(s.Min))
	if s.Part != 0 {
		w.b = binary.AppendUvarint(w.b, uint64(s.Part))
	}
	if len(s.Offers) > 0 {
		w.b = binary.AppendUvarint(w.b, uint64(len(s.Offers)))
		for i := range s.Offers {
			w.slot(&s.Offers[i])
		}
	}
	if s.Held != nil {
		w.slot(s.Held)
	}
	w.optStr(s.Target)
	if len(s.Cands) > 0 {
		w.b = binary.AppendUvarint(w.b, uint64(len(s.Cands)))
		for _, c := range s.Cands {
			w.str(c)
		}
	}
	w.optStr(s.Topic)
	w.optStr(s.Ref)
	w.optStr(s.Menu)
	w.optStr(s.Suggest)
	w.optStr(s.About)
	w.optStr(s.Next)
	w.optStr(s.Ended)
	w.optStr(s.Own)
	w.optStr(s.Pending)
	w.optStr(s.Proved)
	w.optStr(s.Avoid)
	w.optStr(s.PauseWhy)
	w.optInt(int64(s.BadRefs))
	w.optStr(s.Said)
	w.optStr(s.Swap)
	w.optStr(s.NextName)
	return w.b
}

type writer struct{ b []byte }

// optStr writes a string field present only when not empty.
func (w *writer) optStr(v string) {
	if v != "" {
		w.str(v)
	}
}

// optInt writes a number field present only when not zero.
func (w *writer) optInt(v int64) {
	if v != 0 {
		w.b = binary.AppendVarint(w.b, v)
	}
}

// str writes a length-prefixed string. Invalid UTF-8 is replaced byte by
// byte with U+FFFD, as the JSON sessions did, so a session reads back the
// same whichever format wrote it.
func (w *writer) str(v string) {
	if !utf8.ValidString(v) {
		v = validUTF8(v)
	}
	w.b = binary.AppendUvarint(w.b, uint64(len(v)))
	w.b = append(w.b, v...)
}

func (w *writer) slot(r *slotRef) {
	w.b = binary.AppendVarint(w.b, r.Start)
	w.str(r.Staff)
	w.str(r.Svc)
}

// validString returns s with every byte that is not part of a valid UTF-8
// sequence replaced with U+FFFD.
func validString(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return validUTF8(s)
}

// validUTF8 replaces every byte of s that is not part of a valid UTF-8
// sequence with U+FFFD (strings.ToValidUTF8 would merge runs).
func validUTF8(s string) string {
	out := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, s[i:i+n]...)
		}
		i += n
	}
	return string(out)
}
