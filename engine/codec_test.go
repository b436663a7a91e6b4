package engine

import (
	"bytes"
	"encoding/binary"
	"os"
	"reflect"
	"strings"
	"testing"
)

// fullState sets every field of the session.
func fullState() state {
	held := slotRef{Start: 1795862700, Staff: "camille", Svc: "coupe-femme"}
	return state{V: stateVersion, Lang: "fr", Name: "Marie Dupont-Lefèvre", Phone: "+33612345678", Last: 1795597200, Turns: 7,
		Greeted: true, ClosedSaid: true, Miss: 2, Pause: 1795599000, Flow: flowMove, Ask: askConfirm, Svc: "coupe-femme",
		Staff: "ines", Prefer: "camille", Day: "2026-11-28", DayEnd: "2026-12-04", Min: -(14*60 + 1), Part: 3, After: true, Before: true,
		Offers: []slotRef{{Start: 1795855500, Staff: "camille", Svc: "coupe-femme"}, {Start: -5, Staff: "", Svc: ""}},
		Held:   &held, Target: "LUM-7K3F", Cands: []string{"LUM-7K3F", "LUM-AB2C"}, Topic: topicPrice, Ref: "LUM-AB23", Menu: "yes,no", Suggest: "2026-12-01 1020", About: "coupe-homme", Next: "barbe", PauseSaid: true, Ended: "1795000000 hugo", Other: true, Together: true, Own: "Marie Dupont", Pending: "et prendre un brushing samedi", Proved: "LUM-7K3F", Avoid: "camille", PauseWhy: "asked", BadRefs: 2, Said: "une heure plus tard", Swap: "balayage"}
}

func TestSessionRoundTrip(t *testing.T) {
	empty := state{V: stateVersion}
	cases := map[string]state{
		"empty":    empty,
		"full":     fullState(),
		"greeted":  {V: stateVersion, Greeted: true},
		"held":     {V: stateVersion, Held: &slotRef{}},
		"min-plus": {V: stateVersion, Min: 24*60 + 1, Part: 255, Turns: 1 << 40, Last: -1 << 62},
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			b := s.encode()
			if b[0] != sessionFormat {
				t.Fatalf("first byte %#x, want the format byte %#x", b[0], sessionFormat)
			}
			got := decodeState(b)
			if !reflect.DeepEqual(got, s) {
				t.Fatalf("round trip:\n got %+v\nwant %+v", got, s)
			}
			if again := got.encode(); !bytes.Equal(again, b) {
				t.Fatalf("encoding is not stable: %x then %x", b, again)
			}
		})
	}
	if n := len(empty.encode()); n != 2 {
		t.Errorf("empty session takes %d bytes, want 2", n)
	}
}

// TestSessionInvalidUTF8 checks that invalid UTF-8 is replaced byte by
// byte, as the JSON encoding of older builds did (exchange lines when they
// are made, other strings when they are written).
func TestSessionInvalidUTF8(t *testing.T) {
	s := state{V: stateVersion, Name: "Jé\xff\xfeL"}
	got := decodeState(s.encode())
	if want := "Jé\uFFFD\uFFFDL"; got.Name != want {
		t.Errorf("name %q, want %q", got.Name, want)
	}
	e, ok := decodeExchange(LoggedExchange{Entry: encodeExchange(3, exchangeLine("\xc3", "").U), Answer: "o\xffk"})
	if !ok || e.n != 3 || e.line.U != "\uFFFD" || e.line.B != "o\uFFFDk" {
		t.Errorf("exchange %+v, %v", e, ok)
	}
}

// TestExchangeFormats reads both formats of the exchange log: entries that
// hold what was answered (written by older builds) and entries whose
// answer is the turn's reply, kept beside them.
func TestExchangeFormats(t *testing.T) {
	long := strings.Repeat("Nous sommes ouverts du mardi au samedi. ", 8)
	old := []byte{exchangeWithAnswer}
	old = binary.AppendUvarint(old, 5)
	for _, s := range []string{"Bonjour", "Bonjour !"} {
		old = binary.AppendUvarint(old, uint64(len(s)))
		old = append(old, s...)
	}
	tests := []struct {
		name string
		in   LoggedExchange
		want loggedExchange
		ok   bool
	}{
		{"answer in the entry", LoggedExchange{Entry: old, Answer: "ignored"}, loggedExchange{5, line{U: "Bonjour", B: "Bonjour !"}}, true},
		{"answer beside it", LoggedExchange{Entry: encodeExchange(2, "Vos horaires ?"), Answer: "Du mardi au samedi."},
			loggedExchange{2, line{U: "Vos horaires ?", B: "Du mardi au samedi."}}, true},
		{"long answer clipped", LoggedExchange{Entry: encodeExchange(0, "?"), Answer: long},
			loggedExchange{0, line{U: "?", B: clip(long)}}, true},
		{"reply no longer kept", LoggedExchange{Entry: encodeExchange(1, "oui")}, loggedExchange{1, line{U: "oui"}}, true},
		{"damaged", LoggedExchange{Entry: encodeExchange(1, "oui")[:3]}, loggedExchange{}, false},
		{"trailing bytes", LoggedExchange{Entry: append(encodeExchange(1, "oui"), 0)}, loggedExchange{}, false},
		{"foreign", LoggedExchange{Entry: []byte("{}")}, loggedExchange{}, false},
		{"empty", LoggedExchange{}, loggedExchange{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := decodeExchange(tt.in)
			if ok != tt.ok || got != tt.want {
				t.Errorf("decodeExchange = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	if !strings.HasSuffix(clip(long), "…") || len(clip(long)) > maxLineLen+len("…") {
		t.Errorf("clip(long) = %q", clip(long))
	}
}

// TestSessionOldHistory reads the history that the binary sessions of
// older builds held (it is logged apart now) and drops it when the
// session is written again.
func TestSessionOldHistory(t *testing.T) {
	b := []byte{sessionFormat}
	b = binary.AppendUvarint(b, fName|fHist)
	b = binary.AppendUvarint(b, 4)
	b = append(b, "Paul"...)
	b = binary.AppendUvarint(b, 2)
	for _, l := range []string{"Bonjour", "Bonjour !", "oui", ""} {
		b = binary.AppendUvarint(b, uint64(len(l)))
		b = append(b, l...)
	}
	s := decodeState(b)
	want := state{V: stateVersion, Name: "Paul", Hist: []line{{U: "Bonjour", B: "Bonjour !"}, {U: "oui"}}}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("old binary session:\n got %+v\nwant %+v", s, want)
	}
	if got := decodeState(s.encode()); got.Hist != nil || got.Name != "Paul" {
		t.Fatalf("written again: %+v, want the history dropped", got)
	}
}

// TestSessionOldJSON reads sessions written by builds that stored JSON.
func TestSessionOldJSON(t *testing.T) {
	b, err := os.ReadFile("testdata/sessions/v1-confirm.json")
	if err != nil {
		t.Fatal(err)
	}
	s := decodeState(bytes.TrimSpace(b))
	want := state{V: 1, Lang: "fr", Name: "Marie Dupont", Phone: "+33612345678", Last: 1795597200, Turns: 6, Greeted: true,
		Flow: flowBook, Ask: askConfirm, Svc: "coupe-femme", Day: "2026-11-28", Min: 706,
		Held:  &slotRef{Start: 1795862700, Staff: "camille", Svc: "coupe-femme"},
		Topic: topicHours, Hist: s.Hist}
	if len(s.Hist) != 6 || s.Hist[5].U != "Marie Dupont" {
		t.Fatalf("history not read: %+v", s.Hist)
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("old JSON session:\n got %+v\nwant %+v", s, want)
	}
	// Written back in the binary format, it reads the same but for the
	// history, which is logged apart now.
	s.Hist = nil
	if got := decodeState(s.encode()); !reflect.DeepEqual(got, s) {
		t.Fatalf("old JSON session re-encoded:\n got %+v\nwant %+v", got, s)
	}
	for name, js := range map[string]string{
		"other version": `{"v":2,"n":"Paul"}`,
		"no version":    `{"n":"Paul"}`,
		"broken":        `{"v":1,"n":"Pa`,
		"wrong type":    `{"v":1,"pa":300}`,
	} {
		if got := decodeState([]byte(js)); !reflect.DeepEqual(got, state{V: stateVersion}) {
			t.Errorf("%s: %+v, want a fresh session", name, got)
		}
	}
}

// TestSessionCorrupted checks that damaged sessions give a fresh session
// and never a panic: every truncation, unknown formats and fields,
// impossible lengths.
func TestSessionCorrupted(t *testing.T) {
	fresh := state{V: stateVersion}
	full := fullState()
	b := full.encode()
	for n := 1; n < len(b); n++ {
		if got := decodeState(b[:n]); !reflect.DeepEqual(got, fresh) {
			t.Fatalf("truncated to %d bytes: %+v, want a fresh session", n, got)
		}
	}
	cases := map[string][]byte{
		"trailing byte":   append(append([]byte(nil), b...), 0),
		"unknown format":  append([]byte{0x7f}, b[1:]...),
		"unknown field":   {sessionFormat, 0x80, 0x80, 0x80, 0x80, 0x01},
		"huge length":     {sessionFormat, fLang, 0xff, 0xff, 0xff, 0xff, 0x0f, 'f', 'r'},
		"overlong varint": append([]byte{sessionFormat, fLast}, bytes.Repeat([]byte{0xff}, 11)...),
		"part too large":  binary.AppendUvarint(binary.AppendUvarint([]byte{sessionFormat}, fPart), 256),
		"zero offers":     append(binary.AppendUvarint([]byte{sessionFormat}, fOffers), 0),
		"zero cands":      append(binary.AppendUvarint([]byte{sessionFormat}, fCands), 0),
		"many offers":     append(binary.AppendUvarint([]byte{sessionFormat}, fOffers), 9, 0, 0, 0),
		"garbage":         []byte(strings.Repeat("\x02\xff", 50)),
	}
	for name, in := range cases {
		if got := decodeState(in); !reflect.DeepEqual(got, fresh) {
			t.Errorf("%s: %+v, want a fresh session", name, got)
		}
	}
	// Flipped bytes decode to something or to a fresh session, never panic.
	for i := 1; i < len(b); i++ {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			c := append([]byte(nil), b...)
			c[i] ^= x
			s := decodeState(c)
			_ = s.encode()
		}
	}
}

// FuzzSessionCodec decodes arbitrary bytes: decoding never panics, and
// whatever decodes re-encodes to a fixed point.
func FuzzSessionCodec(f *testing.F) {
	f.Add([]byte(nil))
	full := fullState()
	f.Add(full.encode())
	f.Add((&state{V: stateVersion}).encode())
	f.Add([]byte(`{"v":1,"l":"fr","f":"book","a":"confirm","x":{"s":1795000000,"p":"hugo","v":"barbe"},"hi":[{"u":"oui"}]}`))
	f.Add([]byte(`{"v":1,"o":[],"cb":[]}`))
	if b, err := os.ReadFile("testdata/sessions/v1-confirm.json"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := decodeState(b)
		if s.V != stateVersion {
			t.Fatalf("decoded version %d", s.V)
		}
		e1 := s.encode()
		s2 := decodeState(e1)
		e2 := s2.encode()
		if !bytes.Equal(e1, e2) {
			t.Fatalf("re-encoding differs:\n%x\n%x", e1, e2)
		}
		if s3 := decodeState(e2); !reflect.DeepEqual(s2, s3) {
			t.Fatalf("not a fixed point:\n%+v\n%+v", s2, s3)
		}
	})
}
