package badgerstore

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// A turn's reply is kept for provider retries with its dedupe mark. When
// the turn also logs an exchange and writes its session, the reply goes
// into the exchange's slot instead (store.Exchange.Reply), and the mark
// only points at it: the bytes of a turn are the store's main cost
// (docs/benchmarks.md), and the reply was otherwise written twice, once in
// the mark and once beside the exchange.
//
// Formats:
//
//	mark, user meta 0:            the reply
//	mark, user meta metaReplyRef: uvarint(seq) session
//	exchange slot:                seq(8) exchange
//	exchange slot with a reply:   seq|slotHasReply (8) uvarint(len exchange) exchange reply
//
// A slot is reused after store.ExchangeLog turns of its session. A retry
// whose mark points at a reused slot is still a duplicate (the session
// advanced once) but gets an empty reply: providers retry within minutes,
// long before a customer has sent that many more messages.

// metaReplyRef is the user meta byte of a mark whose reply is in an
// exchange slot.
const metaReplyRef byte = 1

// slotHasReply flags, in a slot's sequence, a slot that holds its turn's
// reply after the exchange.
const slotHasReply = uint64(1) << 63

var errBadReplyRef = errors.New("bad reply reference")

func encodeReplyRef(seq uint64, session string) []byte {
	b := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64+len(session)), seq)
	return append(b, session...)
}

func decodeReplyRef(v []byte) (seq uint64, session string, err error) {
	seq, n := binary.Uvarint(v)
	if n <= 0 || seq == 0 || seq&slotHasReply != 0 {
		return 0, "", fmt.Errorf("%w: %q", errBadReplyRef, v)
	}
	return seq, string(v[n:]), nil
}

// encodeSlot is the value of an exchange slot written by session version
// seq; reply is kept after the exchange when withReply.
func encodeSlot(seq uint64, exchange, reply []byte, withReply bool) []byte {
	if !withReply {
		v := make([]byte, 8, 8+len(exchange))
		putUint64(v, seq)
		return append(v, exchange...)
	}
	v := make([]byte, 8, 8+binary.MaxVarintLen32+len(exchange)+len(reply))
	putUint64(v, seq|slotHasReply)
	v = binary.AppendUvarint(v, uint64(len(exchange)))
	v = append(v, exchange...)
	return append(v, reply...)
}

// decodeSlot reads an exchange slot; ok is false for a damaged one.
func decodeSlot(v []byte) (seq uint64, exchange, reply []byte, hasReply, ok bool) {
	if len(v) < 8 {
		return 0, nil, nil, false, false
	}
	seq = getUint64(v)
	if seq&slotHasReply == 0 {
		return seq, v[8:], nil, false, true
	}
	seq &^= slotHasReply
	n, w := binary.Uvarint(v[8:])
	if w <= 0 || n > uint64(len(v)-8-w) {
		return 0, nil, nil, false, false
	}
	rest := v[8+w:]
	return seq, rest[:n], rest[n:], true, true
}

// markReply returns the reply of a committed mark, read in txn: the mark's
// own value, or the reply in the exchange slot it points at (nil when that
// slot has been reused since).
func markReply(txn *badger.Txn, business string, item *badger.Item) ([]byte, error) {
	v, err := item.ValueCopy(nil)
	if err != nil || item.UserMeta() != metaReplyRef {
		return v, err
	}
	seq, session, err := decodeReplyRef(v)
	if err != nil {
		return nil, err
	}
	raw, ok, err := getValue(txn, exchangeKey(business, session, seq))
	if err != nil || !ok {
		return nil, err
	}
	if got, _, reply, hasReply, ok := decodeSlot(raw); ok && hasReply && got == seq {
		return reply, nil
	}
	return nil, nil
}
