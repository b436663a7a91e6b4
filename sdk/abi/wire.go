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

// dec reads the fields of one message: the bytes r.b[i:end]. It is three
// words, so that Go keeps it in registers: inside WebAssembly, Go zeroes
// and copies a struct of more than four words with memory.fill and
// memory.copy, which wazero runs as calls to the host's memmove, and a
// decoder is made for every nested message (sub) and copied around. What
// the decoders of one input share (the buffer, the first error) is in
// their root.
type dec struct {
	r      *decRoot
	i, end int
}

// decRoot is what the decoders of one input share.
type decRoot struct {
	b []byte
	// s holds the same bytes as b, as a string: decoded strings are
	// substrings of it, so a decode costs at most one string allocation
	// whatever the number of fields.
	s string
	// err is the first error met, at any depth; it stops every decoder.
	err error
}

// newDec returns a decoder over p.
func newDec(p []byte) *dec { return &dec{r: &decRoot{b: p, s: string(p)}, end: len(p)} }

// newViewDec returns a decoder over p whose strings alias p: no copy.
func newViewDec(p []byte) *dec {
	return &dec{r: &decRoot{b: p, s: unsafe.String(unsafe.SliceData(p), len(p))}, end: len(p)}
}

// Errors of malformed envelopes.
var (
	errOverflow  = errors.New("abi: varint overflows 64 bits")
	errWantBytes = errors.New("abi: expected a length-delimited field")
	errWantInt   = errors.New("abi: expected a varint field")
)

// uvarint decodes an unsigned varint at the start of b and returns it with
// its length; the length is 0 when b ends first and -1 on overflow.
func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		c := b[i]
		if i == 9 && c > 1 {
			return 0, -1 // the tenth byte may only hold the top bit
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	if len(b) >= 10 {
		return 0, -1
	}
	return 0, 0
}

// fail records err unless an error came first, and stops d. The decoders
// of enclosing messages stop at their join.
func (d *dec) fail(err error) {
	if d.r.err == nil {
		d.r.err = err
	}
	d.i = d.end
}

func (d *dec) failVarint(n int) {
	if n < 0 {
		d.fail(errOverflow)
	} else {
		d.fail(ErrTruncated)
	}
}

// next reads the next field whole: its number f, its wire type w, and v,
// the value of a varint or the length of a length-delimited field, whose
// payload is then the v bytes before d.i (text, bytes and sub take it).
// ok is false at the end or on an error. Decoding costs one call per
// field: inside WebAssembly a call is what a field costs most, so the
// accessors below (text, sub, sint, flag) are small enough to be inlined.
func (d *dec) next() (f, w int, v uint64, ok bool) {
	if d.i >= d.end {
		return 0, 0, 0, false
	}
	b := d.r.b[d.i:d.end]
	k, n := uint64(b[0]), 1
	if k >= 0x80 {
		if k, n = uvarint(b); n <= 0 {
			d.failVarint(n)
			return 0, 0, 0, false
		}
	}
	f, w = int(k>>3), int(k&7)
	if f == 0 || (w != wireVarint && w != wireBytes) {
		d.fail(fmt.Errorf("abi: bad field key %d", k))
		return 0, 0, 0, false
	}
	b = b[n:]
	var x uint64
	if len(b) > 0 && b[0] < 0x80 {
		x, n = uint64(b[0]), 1
	} else if x, n = uvarint(b); n <= 0 {
		d.failVarint(n)
		return 0, 0, 0, false
	}
	b = b[n:]
	if w == wireVarint {
		d.i = d.end - len(b)
		return f, w, x, true
	}
	if x > uint64(len(b)) {
		d.fail(ErrTruncated)
		return 0, 0, 0, false
	}
	d.i = d.end - len(b) + int(x)
	return f, w, x, true
}

// text returns the length-delimited field of length n next just read, as
// a substring of the root's string.
func (d *dec) text(w int, n uint64) string {
	if w != wireBytes {
		d.fail(errWantBytes)
		return ""
	}
	return d.r.s[d.i-int(n) : d.i]
}

// bytes returns the length-delimited field of length n next just read.
func (d *dec) bytes(w int, n uint64) []byte {
	if w != wireBytes {
		d.fail(errWantBytes)
		return nil
	}
	return d.r.b[d.i-int(n) : d.i : d.i]
}

// sub returns a decoder over the nested message of length n next just
// read. It is a value, so that it stays on the caller's stack.
func (d *dec) sub(w int, n uint64) dec {
	if w != wireBytes {
		d.fail(errWantBytes)
		return dec{r: d.r}
	}
	return dec{r: d.r, i: d.i - int(n), end: d.i}
}

// sint returns the zigzag-encoded integer next just read.
func (d *dec) sint(w int, v uint64) int64 {
	if w != wireVarint {
		d.fail(errWantInt)
		return 0
	}
	return int64(v>>1) ^ -int64(v&1)
}

// flag returns the boolean next just read.
func (d *dec) flag(w int, v uint64) bool {
	if w != wireVarint {
		d.fail(errWantInt)
		return false
	}
	return v != 0
}

// count returns how many of the fields left to read have number f, or a
// lower bound when the rest is malformed (next then reports it).
func (d *dec) count(f int) int {
	r := decRoot{b: d.r.b, s: d.r.s} // its own error: next reports it, when it gets there
	s, n := dec{r: &r, i: d.i, end: d.end}, 0
	for g, _, _, ok := s.next(); ok; g, _, _, ok = s.next() {
		if g == f {
			n++
		}
	}
	return n
}

// join ends the decoding of the nested message s: d stops too when s
// failed.
func (d *dec) join(s *dec) {
	if d.r.err != nil {
		d.i = d.end
	}
}

func decodeKV(d *dec) KV {
	var kv KV
	for f, w, v, ok := d.next(); ok; f, w, v, ok = d.next() {
		switch f {
		case 1:
			kv.Key = d.text(w, v)
		case 2:
			kv.Value = d.text(w, v)
		}
	}
	return kv
}

// kv decodes the nested KV next just read.
func (d *dec) kv(w int, n uint64) KV {
	s := d.sub(w, n)
	kv := decodeKV(&s)
	d.join(&s)
	return kv
}
