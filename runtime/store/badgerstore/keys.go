package badgerstore

import (
	"encoding/binary"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
)

// Key layout. Every key starts with the business id and a NUL, so the keys
// of business "a" never share a prefix with those of business "ab". A one
// byte tag and a NUL follow, then the rest:
//
//	s  session                 → 8-byte version, then the state
//	x  session NUL slot(1)     → 8-byte sequence, then an exchange: the
//	                             session's exchange log, a ring of
//	                             store.ExchangeLog slots; the sequence is the
//	                             session version that wrote it (and, when
//	                             its turn has a dedupe mark, the reply:
//	                             replyref.go)
//	d  dedupe key              → the reply, or where it is (replyref.go)
//	b  booking id              → JSON Booking
//	t  start(8) booking id     → empty: bookings ordered by Start
//	p  phone NUL booking id    → empty: bookings of a customer
//	c  phone                   → JSON Customer
//	k  day(8) staff            → JSON bucket: confirmed bookings and holds
//	                             touching that UTC day for that staff member
//	h  session                 → JSON []Hold: the session's current holds
//	r  kind NUL id             → JSON Record
//	o  outbound id             → JSON Outbound
//
// Numbers are big-endian with the sign bit flipped, so byte order is
// numeric order.
const (
	tagSession   = 's'
	tagExchange  = 'x'
	tagDedupe    = 'd'
	tagBooking   = 'b'
	tagStart     = 't'
	tagPhone     = 'p'
	tagCustomer  = 'c'
	tagBucket    = 'k'
	tagHolds     = 'h'
	tagRecord    = 'r'
	tagOutbound  = 'o'
	microsPerDay = int64(24 * time.Hour / time.Microsecond)
)

func prefix(business string, tag byte) []byte {
	k := make([]byte, 0, len(business)+32)
	k = append(k, business...)
	return append(k, 0, tag, 0)
}

// tagOf returns the tag of a key made by key or prefix (business NUL tag
// NUL …), or 0 for any other byte string.
func tagOf[K ~string | ~[]byte](k K) byte {
	for i := 0; i < len(k); i++ {
		if k[i] == 0 {
			if i+2 < len(k) && k[i+2] == 0 {
				return k[i+1]
			}
			return 0
		}
	}
	return 0
}

func key(business string, tag byte, parts ...string) []byte {
	n := len(business) + 3 + len(parts) + 2 // room for exchangeKey's slot
	for _, p := range parts {
		n += len(p)
	}
	k := append(make([]byte, 0, n), business...)
	k = append(k, 0, tag, 0)
	for i, p := range parts {
		if i > 0 {
			k = append(k, 0)
		}
		k = append(k, p...)
	}
	return k
}

// exchangeKey is the key of the slot of a session's exchange log that the
// session version seq writes.
func exchangeKey(business, session string, seq uint64) []byte {
	return append(key(business, tagExchange, session), 0, byte(seq%store.ExchangeLog))
}

func appendInt(k []byte, v int64) []byte {
	return binary.BigEndian.AppendUint64(k, uint64(v)^(1<<63))
}

func readInt(b []byte) int64 { return int64(binary.BigEndian.Uint64(b) ^ (1 << 63)) }

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// dayOf returns the UTC day number of an instant in microseconds.
func dayOf(us int64) int64 {
	d := us / microsPerDay
	if us%microsPerDay < 0 {
		d--
	}
	return d
}

// days returns the UTC days [start, end) touches; end is exclusive.
func days(start, end int64) (first, last int64) {
	return dayOf(start), dayOf(end - 1)
}

func bucketKey(business string, day int64, staff string) []byte {
	k := appendInt(prefix(business, tagBucket), day)
	return append(k, staff...)
}

func startKey(business string, start int64, id string) []byte {
	k := appendInt(prefix(business, tagStart), start)
	return append(k, id...)
}
