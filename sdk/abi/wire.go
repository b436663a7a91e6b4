package abi

import (
	"errors"
	"fmt"
	"runtime"
	"unsafe"
)

// ErrTruncated is returned when an encoded envelope ends in the middle of a field.
var ErrTruncated = errors.New("abi: truncated input")

const (
	wireVarint = 0
	wireBytes  = 2
)

// enc appends fields to a buffer.
type enc struct{ b []byte }

func (e *enc) uvarint(v uint64) {
	for v >= 0x80 {
		e.b = append(e.b, byte(v)|0x80)
		v >>= 7
	}
	e.b = append(e.b, byte(v))
}

func (e *enc) key(field, wire int) { e.uvarint(uint64(field)<<3 | uint64(wire)) }

func (e *enc) str(field int, s string) {
	if s == "" {
		return
	}
	if field < 16 && len(s) < 0x80 { // one-byte key and length: most fields
		e.b = append(e.b, byte(field<<3|wireBytes), byte(len(s)))
		e.b = append(e.b, s...)
		return
	}
	e.key(field, wireBytes)
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}

// repeatedStr writes an element of a repeated string field; unlike str it
// keeps empty strings, so that the elements keep their positions.
func (e *enc) repeatedStr(field int, s string) {
	e.key(field, wireBytes)
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *enc) bytes(field int, p []byte) {
	if len(p) == 0 {
		return
	}
	e.key(field, wireBytes)
	e.uvarint(uint64(len(p)))
	e.b = append(e.b, p...)
}

func (e *enc) int(field int, v int64) {
	if v == 0 {
		return
	}
	e.key(field, wireVarint)
	e.uvarint(uint64(v<<1) ^ uint64(v>>63)) // zigzag
}

func (e *enc) bool(field int, v bool) {
	if v {
		e.key(field, wireVarint)
		e.uvarint(1)
	}
}

// begin starts a length-delimited sub-message: it writes the key and
// reserves five bytes for the length, which end fills in. (A callback would
// make the encoder escape to the heap: one allocation per encode.)
func (e *enc) begin(field int) int {
	e.key(field, wireBytes)
	e.b = append(e.b, 0, 0, 0, 0, 0)
	return len(e.b)
}

// minimalLengths: outside WebAssembly (on the host), end moves a short
// body back so that its length takes one byte: the guest then decodes every
// length on its fast path, which inside WebAssembly is worth more than the
// move costs natively. Inside the guest, end leaves the padded length and
// moves nothing.
const minimalLengths = runtime.GOARCH != "wasm"

// end closes the sub-message whose body starts at body, as begin returned.
func (e *enc) end(body int) {
	n := len(e.b) - body
	start := body - 5
	if minimalLengths && n < 0x80 {
		e.b[start] = byte(n)
		copy(e.b[start+1:], e.b[body:])
		e.b = e.b[:start+1+n]
		return
	}
	// Encode n as a 5-byte padded varint so the body needs no move.
	e.b[start] = byte(n) | 0x80
	e.b[start+1] = byte(n>>7) | 0x80
	e.b[start+2] = byte(n>>14) | 0x80
	e.b[start+3] = byte(n>>21) | 0x80
	e.b[start+4] = byte(n >> 28)
}

func (e *enc) kvs(field int, kvs []KV) {
	for i := range kvs {
		body := e.begin(field)
		e.str(1, kvs[i].Key)
		e.str(2, kvs[i].Value)
		e.end(body)
	}
}

// dec reads fields from a buffer.
type dec struct {
	b []byte
	// s holds the same bytes as the buffer d started with, as a string:
	// decoded strings are substrings of it, so a decode costs one string
	// allocation whatever the number of fields. b is always a suffix of it.
	s   string
	err error
}

// newDec returns a decoder over p.
func newDec(p []byte) *dec { return &dec{b: p, s: string(p)} }

// newViewDec returns a decoder over p whose strings alias p: no copy.
func newViewDec(p []byte) *dec {
	return &dec{b: p, s: unsafe.String(unsafe.SliceData(p), len(p))}
}

// uvarint reads an unsigned varint. One-byte varints (field keys, short
// lengths, small numbers: most of an envelope) take the inlined fast path.
func (d *dec) uvarint() uint64 {
	if len(d.b) > 0 && d.b[0] < 0x80 {
		c := d.b[0]
		d.b = d.b[1:]
		return uint64(c)
	}
	return d.uvarintSlow()
}

func (d *dec) uvarintSlow() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if len(d.b) == 0 {
			d.fail(ErrTruncated)
			return 0
		}
		c := d.b[0]
		d.b = d.b[1:]
		if shift == 63 && c > 1 {
			break // the tenth byte may only hold the top bit
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	d.fail(errors.New("abi: varint overflows 64 bits"))
	return 0
}

func (d *dec) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.b = nil
}

// next returns the next field number and wire type; ok is false at the end or on error.
func (d *dec) next() (field, wire int, ok bool) {
	// Fast path, inlined: a one-byte key of a valid field (d.b is nil
	// after an error, so an error never takes it).
	if len(d.b) > 0 {
		if k := d.b[0]; k < 0x80 && k>>3 != 0 && (k&7 == wireVarint || k&7 == wireBytes) {
			d.b = d.b[1:]
			return int(k >> 3), int(k & 7), true
		}
	}
	return d.nextSlow()
}

func (d *dec) nextSlow() (field, wire int, ok bool) {
	if len(d.b) == 0 || d.err != nil {
		return 0, 0, false
	}
	k := d.uvarint()
	if d.err != nil {
		return 0, 0, false
	}
	field, wire = int(k>>3), int(k&7)
	if field == 0 || (wire != wireVarint && wire != wireBytes) {
		d.fail(fmt.Errorf("abi: bad field key %d", k))
		return 0, 0, false
	}
	return field, wire, true
}

func (d *dec) raw(wire int) []byte {
	// Fast path, inlined: a one-byte length that fits.
	if wire == wireBytes && len(d.b) > 0 {
		if n := int(d.b[0]); n < 0x80 && n < len(d.b) {
			p := d.b[1 : 1+n : 1+n]
			d.b = d.b[1+n:]
			return p
		}
	}
	return d.rawSlow(wire)
}

func (d *dec) rawSlow(wire int) []byte {
	if wire != wireBytes {
		d.fail(errors.New("abi: expected a length-delimited field"))
		return nil
	}
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.fail(ErrTruncated)
		return nil
	}
	p := d.b[:n:n]
	d.b = d.b[n:]
	return p
}

// str returns a length-delimited field as a substring of d.s.
func (d *dec) str(wire int) string {
	p := d.raw(wire)
	if len(p) == 0 {
		return ""
	}
	end := len(d.s) - len(d.b)
	return d.s[end-len(p) : end]
}

func (d *dec) int(wire int) int64 {
	if wire != wireVarint {
		d.fail(errors.New("abi: expected a varint field"))
		return 0
	}
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *dec) bool(wire int) bool {
	if wire != wireVarint {
		d.fail(errors.New("abi: expected a varint field"))
		return false
	}
	return d.uvarint() != 0
}

// skip discards a field of an unknown number.
func (d *dec) skip(wire int) {
	switch wire {
	case wireVarint:
		d.uvarint()
	default:
		d.raw(wire)
	}
}

// sub returns a decoder over a nested message. It is a value, so that it
// stays on the caller's stack.
func (d *dec) sub(wire int) dec {
	p := d.raw(wire)
	if len(p) == 0 {
		return dec{}
	}
	end := len(d.s) - len(d.b)
	return dec{b: p, s: d.s[end-len(p) : end]}
}

func (d *dec) join(s *dec) {
	if s.err != nil {
		d.fail(s.err)
	}
}

func decodeKV(d *dec) KV {
	var kv KV
	for f, w, ok := d.next(); ok; f, w, ok = d.next() {
		switch f {
		case 1:
			kv.Key = d.str(w)
		case 2:
			kv.Value = d.str(w)
		default:
			d.skip(w)
		}
	}
	return kv
}

func (d *dec) kv(wire int) KV {
	s := d.sub(wire)
	kv := decodeKV(&s)
	d.join(&s)
	return kv
}
