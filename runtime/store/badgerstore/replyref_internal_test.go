package badgerstore

import (
	"bytes"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/accueil-pme/accueil/runtime/store"
)

func TestSlotRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name              string
		exchange, reply   []byte
		withReply         bool
		wantExchangeBytes int
	}{
		{"exchange only", []byte("bonjour → bonjour !"), nil, false, 0},
		{"with a reply", []byte("bonjour → bonjour !"), []byte("\x0a\x05hello"), true, 0},
		{"with an empty reply", []byte("x"), nil, true, 0},
		{"empty exchange with a reply", []byte{}, []byte("r"), true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := encodeSlot(42, tc.exchange, tc.reply, tc.withReply)
			seq, exchange, reply, hasReply, ok := decodeSlot(v)
			if !ok || seq != 42 || !bytes.Equal(exchange, tc.exchange) || hasReply != tc.withReply || !bytes.Equal(reply, tc.reply) {
				t.Errorf("decodeSlot = %d %q %q %v %v", seq, exchange, reply, hasReply, ok)
			}
		})
	}
	// A slot written before replies moved into slots.
	legacy := append(make([]byte, 8), "old exchange"...)
	putUint64(legacy, 7)
	if seq, exchange, _, hasReply, ok := decodeSlot(legacy); !ok || seq != 7 || string(exchange) != "old exchange" || hasReply {
		t.Errorf("legacy slot = %d %q %v %v", seq, exchange, hasReply, ok)
	}
	for _, bad := range [][]byte{nil, {1, 2, 3}, append(encodeSlot(1, []byte("abc"), nil, true)[:8], 0x80)} {
		if _, _, _, _, ok := decodeSlot(bad); ok {
			t.Errorf("decodeSlot(%x) ok, want damaged", bad)
		}
	}
}

func TestReplyRefRoundTrip(t *testing.T) {
	v := encodeReplyRef(300, "whatsapp:+33612345678")
	seq, session, err := decodeReplyRef(v)
	if err != nil || seq != 300 || session != "whatsapp:+33612345678" {
		t.Errorf("decodeReplyRef = %d %q %v", seq, session, err)
	}
	for _, bad := range [][]byte{nil, {0}, {0x80}, encodeReplyRef(slotHasReply|1, "s")} {
		if _, _, err := decodeReplyRef(bad); !errors.Is(err, errBadReplyRef) {
			t.Errorf("decodeReplyRef(%x) = %v, want errBadReplyRef", bad, err)
		}
	}
}

func FuzzDecodeSlot(f *testing.F) {
	f.Add(encodeSlot(3, []byte("e"), []byte("r"), true))
	f.Add(encodeSlot(3, []byte("e"), nil, false))
	f.Fuzz(func(t *testing.T, v []byte) {
		seq, exchange, reply, hasReply, ok := decodeSlot(v)
		if !ok {
			return
		}
		again := encodeSlot(seq, exchange, reply, hasReply)
		if seq&slotHasReply == 0 && !bytes.Equal(again, v) {
			t.Fatalf("re-encoded %x, was %x", again, v)
		}
	})
}

func FuzzDecodeReplyRef(f *testing.F) {
	f.Add(encodeReplyRef(9, "web:abc"))
	f.Fuzz(func(t *testing.T, v []byte) {
		seq, session, err := decodeReplyRef(v)
		if err != nil {
			return
		}
		if got, s2, err := decodeReplyRef(encodeReplyRef(seq, session)); err != nil || got != seq || s2 != session {
			t.Fatalf("round trip of %d %q: %d %q %v", seq, session, got, s2, err)
		}
	})
}

// TestReplyInSlot checks, on a real Badger directory, that a turn with a
// dedupe key, a session and an exchange keeps its reply once, in the
// exchange's slot, with a small mark pointing at it; that retries get it
// back, before and after a reopen; that the exchange log does not show it;
// and what happens once the slot is reused.
func TestReplyInSlot(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{MemTableSize: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)
	turn := func(session, dedupe string, w store.Writes) (store.TurnResult, int) {
		t.Helper()
		calls := 0
		res, err := s.Turn(t.Context(), store.TurnKey{Business: "salon", Session: session, Dedupe: dedupe, Now: now},
			func(store.View) (store.Writes, error) { calls++; return w, nil })
		if err != nil {
			t.Fatal(err)
		}
		return res, calls
	}
	reply := bytes.Repeat([]byte("Bonjour, nous sommes ouverts du mardi au samedi. "), 4)
	const a = "whatsapp:+33612345678"
	turn(a, "SM1", store.Writes{Session: []byte("s1"), Exchange: []byte("e1"), Reply: reply})
	// Without an exchange, the reply stays in the mark.
	turn("web:b", "SM-b", store.Writes{Session: []byte("sb"), Reply: []byte("inline")})

	mark := func(dedupe string) (meta byte, size int) {
		t.Helper()
		err := s.db.View(func(txn *badger.Txn) error {
			item, err := txn.Get(key("salon", tagDedupe, dedupe))
			if err != nil {
				return err
			}
			meta, size = item.UserMeta(), int(item.ValueSize())
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return meta, size
	}
	if meta, size := mark("SM1"); meta != metaReplyRef || size > 32 {
		t.Errorf("mark SM1: meta %d, %d bytes; want a reference of at most 32 bytes", meta, size)
	}
	if meta, size := mark("SM-b"); meta != 0 || size != len("inline") {
		t.Errorf("mark SM-b: meta %d, %d bytes; want the reply itself", meta, size)
	}
	check := func(when, session, dedupe string, want []byte) {
		t.Helper()
		res, calls := turn(session, dedupe, store.Writes{Session: []byte("again"), Reply: []byte("again")})
		if !res.Duplicate || calls != 0 || !bytes.Equal(res.Reply, want) {
			t.Errorf("%s: retry of %s = {%q, %v}, %d calls; want {%q, true}, 0 calls", when, dedupe, res.Reply, res.Duplicate, calls, want)
		}
	}
	check("first", a, "SM1", reply)
	check("first", "web:b", "SM-b", []byte("inline"))
	// A provider retrying from another conversation still gets the reply.
	check("from another session", "web:other", "SM1", reply)

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(dir, Options{MemTableSize: 8 << 20}); err != nil {
		t.Fatal(err)
	}
	check("after a reopen", a, "SM1", reply)

	var log []store.Exchange
	_, err = s.Turn(t.Context(), store.TurnKey{Business: "salon", Session: a, Now: now}, func(v store.View) (store.Writes, error) {
		log, err = v.Exchanges()
		return store.Writes{}, err
	})
	if err != nil || len(log) != 1 || string(log[0].Entry) != "e1" || !bytes.Equal(log[0].Reply, reply) {
		t.Errorf("exchange log = %q, %v; want [{e1, the reply}]", log, err)
	}

	// The slot of SM1 is reused after ExchangeLog more turns: the retry is
	// still a duplicate, with no reply.
	for i := 2; i <= store.ExchangeLog; i++ {
		turn(a, "SM"+strconv.Itoa(i), store.Writes{Session: []byte("s"), Exchange: []byte("e"), Reply: []byte("r" + strconv.Itoa(i))})
	}
	check("slot still held", a, "SM1", reply)
	turn(a, "SM-next", store.Writes{Session: []byte("s"), Exchange: []byte("e"), Reply: []byte("next")})
	check("slot reused", a, "SM1", nil)
	check("newest", a, "SM-next", []byte("next"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
