package badgerstore

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

type loggedWrite struct {
	key, value string
	expiresAt  uint64
	del        bool
	meta       byte
}

func TestRecordRoundTrip(t *testing.T) {
	writes := []loggedWrite{
		{key: "salon\x00s\x00whatsapp:+33600000000", value: "session"},
		{key: "salon\x00d\x00SM123", value: "<Response/>", expiresAt: 1_900_000_000},
		{key: "salon\x00h\x00hold", del: true},
		{key: "salon\x00e\x00empty", value: ""},
		{key: "salon\x00d\x00SM124", value: "\x03whatsapp:+33600000000", expiresAt: 1_900_000_000, meta: metaReplyRef},
		{key: "salon\x00d\x00SM125", value: "\x04whatsapp:+33600000000", meta: metaReplyRef},
	}
	rec := newRecord(nil)
	for _, w := range writes {
		rec = appendWrite(rec, w.key, stagedWrite{v: []byte(w.value), del: w.del, meta: w.meta}, w.expiresAt)
	}
	setRecordTs(rec, 42)
	var got []loggedWrite
	ts, err := decodeRecord(rec[recordStart-8:], func(e *badger.Entry, del bool) error {
		got = append(got, loggedWrite{key: string(e.Key), value: string(e.Value), expiresAt: e.ExpiresAt, del: del, meta: e.UserMeta})
		return nil
	}, nil)
	if err != nil || ts != 42 {
		t.Fatalf("decode: ts %d, %v", ts, err)
	}
	if len(got) != len(writes) {
		t.Fatalf("decoded %d writes, want %d", len(got), len(writes))
	}
	for i := range writes {
		if got[i] != writes[i] {
			t.Errorf("write %d = %+v, want %+v", i, got[i], writes[i])
		}
	}
}

func TestRecordCorrupt(t *testing.T) {
	rec := newRecord(nil)
	rec = appendWrite(rec, "key", stagedWrite{v: []byte("value")}, 0)
	setRecordTs(rec, 7)
	payload := rec[recordStart-8:]
	for _, bad := range [][]byte{
		payload[:5],                                   // no full timestamp
		make([]byte, 8),                               // timestamp 0
		payload[:len(payload)-1],                      // value cut short
		append(bytes.Clone(payload), 9),               // unknown operation
		append(bytes.Clone(payload), opSet),           // key missing
		append(bytes.Clone(payload), 2, 1, 'k', 0),    // expiring set without expiry
		append(bytes.Clone(payload), 3, 1, 'k', 0, 0), // set with meta without the meta byte
	} {
		_, err := decodeRecord(bad, func(*badger.Entry, bool) error { return nil }, nil)
		if !errors.Is(err, errCorruptRecord) {
			t.Errorf("decode %x: err = %v, want errCorruptRecord", bad, err)
		}
	}
}

// FuzzDecodeRecord decodes arbitrary payloads: no panic, and what decodes
// encodes back to a record that decodes to the same writes.
func FuzzDecodeRecord(f *testing.F) {
	rec := newRecord(nil)
	rec = appendWrite(rec, "a", stagedWrite{v: []byte("b")}, 0)
	rec = appendWrite(rec, "c", stagedWrite{del: true}, 0)
	rec = appendWrite(rec, "d", stagedWrite{v: []byte("e")}, 99)
	rec = appendWrite(rec, "f", stagedWrite{v: []byte("g"), meta: metaReplyRef}, 99)
	setRecordTs(rec, 3)
	f.Add(rec[recordStart-8:])
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0})
	decode := func(payload []byte) (uint64, []loggedWrite, error) {
		var ws []loggedWrite
		ts, err := decodeRecord(payload, func(e *badger.Entry, del bool) error {
			ws = append(ws, loggedWrite{key: string(e.Key), value: string(e.Value), expiresAt: e.ExpiresAt, del: del, meta: e.UserMeta})
			return nil
		}, nil)
		return ts, ws, err
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		ts, writes, err := decode(payload)
		if err != nil {
			return
		}
		again := newRecord(nil)
		for _, w := range writes {
			again = appendWrite(again, w.key, stagedWrite{v: []byte(w.value), del: w.del, meta: w.meta}, w.expiresAt)
		}
		setRecordTs(again, ts)
		ts2, writes2, err := decode(again[recordStart-8:])
		if err != nil || ts2 != ts || !slices.Equal(writes, writes2) {
			t.Fatalf("re-encoded record decodes to %d %+v (%v), want %d %+v", ts2, writes2, err, ts, writes)
		}
	})
}
