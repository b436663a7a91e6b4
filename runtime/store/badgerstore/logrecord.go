package badgerstore

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/accueil-pme/accueil/runtime/store/badgerstore/internal/wal"
)

// A batch's record in the write-ahead log: the batch's commit timestamp
// (8 bytes, little-endian), then each write in the order it was staged:
//
//	set:               0x00 uvarint(len key) key uvarint(len value) value
//	delete:            0x01 uvarint(len key) key
//	set, with expiry:  0x02 uvarint(len key) key uvarint(len value) value uvarint(expires at, Unix seconds)
//	set, with meta:    0x03 uvarint(len key) key uvarint(len value) value uvarint(expires at, or 0) meta(1)
//
// (meta is Badger's user meta byte: see metaReplyRef.)
//
// Replaying it writes the same entries at the same timestamp, which Badger
// (in managed mode) treats as the same versions: replaying a batch that is
// already in Badger changes nothing.
const (
	opSet byte = iota
	opDelete
	opSetExpiring
	opSetMeta
)

// recordStart is where a batch's first write goes in its record buffer:
// after the log's header and the timestamp.
const recordStart = wal.HeaderSize + 8

func newRecord(buf []byte) []byte {
	return append(buf[:0], make([]byte, recordStart)...)
}

func setRecordTs(rec []byte, ts uint64) {
	binary.LittleEndian.PutUint64(rec[wal.HeaderSize:], ts)
}

// appendWrite appends a write to rec: a deletion of key when w.del, else a
// set of key to w.v with user meta w.meta, expiring at expiresAt (Unix
// seconds) unless 0.
func appendWrite(rec []byte, key string, w stagedWrite, expiresAt uint64) []byte {
	value := w.v
	switch {
	case w.del:
		rec = append(rec, opDelete)
		rec = binary.AppendUvarint(rec, uint64(len(key)))
		return append(rec, key...)
	case w.meta != 0:
		rec = append(rec, opSetMeta)
		rec = binary.AppendUvarint(rec, uint64(len(key)))
		rec = append(rec, key...)
		rec = binary.AppendUvarint(rec, uint64(len(value)))
		rec = append(rec, value...)
		rec = binary.AppendUvarint(rec, expiresAt)
		return append(rec, w.meta)
	case expiresAt != 0:
		rec = append(rec, opSetExpiring)
	default:
		rec = append(rec, opSet)
	}
	rec = binary.AppendUvarint(rec, uint64(len(key)))
	rec = append(rec, key...)
	rec = binary.AppendUvarint(rec, uint64(len(value)))
	rec = append(rec, value...)
	if expiresAt != 0 {
		rec = binary.AppendUvarint(rec, expiresAt)
	}
	return rec
}

var errCorruptRecord = errors.New("corrupt batch record")

// decodeRecord calls fn with each write of a record's payload. The entries
// alias payload.
// start, if not nil, is called with the timestamp before the first write.
func decodeRecord(payload []byte, fn func(e *badger.Entry, del bool) error, start func(ts uint64)) (ts uint64, err error) {
	if len(payload) < 8 {
		return 0, fmt.Errorf("%w: %d bytes", errCorruptRecord, len(payload))
	}
	ts = binary.LittleEndian.Uint64(payload)
	if ts == 0 {
		return 0, fmt.Errorf("%w: timestamp 0", errCorruptRecord)
	}
	if start != nil {
		start(ts)
	}
	p := payload[8:]
	bytesOf := func() ([]byte, bool) {
		n, w := binary.Uvarint(p)
		if w <= 0 || n > uint64(len(p)-w) {
			return nil, false
		}
		b := p[w : w+int(n)]
		p = p[w+int(n):]
		return b, true
	}
	for len(p) > 0 {
		op := p[0]
		p = p[1:]
		if op > opSetMeta {
			return ts, fmt.Errorf("%w: unknown operation %#x", errCorruptRecord, op)
		}
		k, ok := bytesOf()
		if !ok || len(k) == 0 {
			return ts, fmt.Errorf("%w: truncated key", errCorruptRecord)
		}
		e := &badger.Entry{Key: k}
		if op != opDelete {
			if e.Value, ok = bytesOf(); !ok {
				return ts, fmt.Errorf("%w: truncated value of %q", errCorruptRecord, k)
			}
		}
		if op == opSetExpiring || op == opSetMeta {
			n, w := binary.Uvarint(p)
			if w <= 0 || (n == 0 && op == opSetExpiring) {
				return ts, fmt.Errorf("%w: truncated expiry of %q", errCorruptRecord, k)
			}
			e.ExpiresAt = n
			p = p[w:]
		}
		if op == opSetMeta {
			if len(p) == 0 {
				return ts, fmt.Errorf("%w: truncated meta of %q", errCorruptRecord, k)
			}
			e.UserMeta = p[0]
			p = p[1:]
		}
		if err := fn(e, op == opDelete); err != nil {
			return ts, err
		}
	}
	return ts, nil
}
