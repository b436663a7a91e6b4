// Package form parses application/x-www-form-urlencoded data without
// reflection and with few allocations.
//
// Unlike net/url.ParseQuery it keeps every pair in wire order, including
// empty values and repeated keys, which is what request signature schemes
// such as Twilio's X-Twilio-Signature need. It reports malformed percent
// escapes as a [*SyntaxError] instead of dropping the pair.
//
// # Syntax
//
// Pairs are separated by '&'. Empty segments ("a=1&&b=2", a trailing '&')
// are skipped. A segment without '=' is a key with an empty value. In keys
// and values '+' decodes to a space and "%XX" (hexadecimal, either case) to
// the byte XX. A ';' is an ordinary character. Decoded bytes are not checked
// for UTF-8 validity. A form holds at most [MaxPairs] pairs.
package form

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// MaxPairs is the most pairs a form may hold. Real forms hold a few dozen
// (a Twilio message with ten media, about sixty); past this, the work is
// someone's attempt to make a plugin busy, and decoding stops.
const MaxPairs = 1000

// ErrTooManyPairs is the error of a form with more than [MaxPairs] pairs.
var ErrTooManyPairs = errors.New("form: more than " + strconv.Itoa(MaxPairs) + " fields")

// Pair is one decoded key/value pair.
type Pair struct {
	Key   string
	Value string
}

// Values is a list of pairs in wire order. The zero value is an empty list.
type Values []Pair

// Get returns the value of the first pair whose key is key, or "".
func (v Values) Get(key string) string {
	for i := range v {
		if v[i].Key == key {
			return v[i].Value
		}
	}
	return ""
}

// Lookup returns the value of the first pair whose key is key, and whether
// there is one. It tells a present-but-empty value ("Body=") from an absent key.
func (v Values) Lookup(key string) (string, bool) {
	for i := range v {
		if v[i].Key == key {
			return v[i].Value, true
		}
	}
	return "", false
}

// SyntaxError reports a malformed percent escape.
type SyntaxError struct {
	// Offset is the byte offset of the '%' in the input.
	Offset int
	// Escape is the malformed escape, at most three bytes ("%4", "%zz").
	Escape string
}

func (e *SyntaxError) Error() string {
	return "form: invalid percent escape " + strconv.Quote(e.Escape) + " at byte " + strconv.Itoa(e.Offset)
}

// Parse decodes p and appends its pairs to dst, in wire order.
//
// All decoded keys and values share one new string, so a parse costs two
// allocations plus the growth of dst, whatever the number of pairs; they do
// not alias p. Pass a reused dst[:0] to avoid growing it. A [Decoder] also
// saves those two allocations.
//
// # Errors
//
// A malformed escape returns dst unchanged and a [*SyntaxError]; more than
// [MaxPairs] pairs, [ErrTooManyPairs].
func Parse(dst Values, p []byte) (Values, error) {
	if len(p) == 0 {
		return dst, nil
	}
	var small [32]span
	buf := make([]byte, len(p)+8)
	spans, w, err := decode(buf, p, small[:0])
	if err != nil {
		return dst, err
	}
	return appendPairs(dst, string(buf[:w]), spans), nil
}

// ParseString is [Parse] for a string, such as a raw query.
func ParseString(dst Values, s string) (Values, error) {
	return Parse(dst, unsafe.Slice(unsafe.StringData(s), len(s)))
}

// A Decoder parses form data like [Parse], reusing its memory from call to
// call: once warm, a parse allocates nothing. The pairs it returns, and
// their strings, are valid only until its next call, which overwrites them;
// copy (strings.Clone) what must live longer. The zero value is ready to
// use. A Decoder is not safe for concurrent use.
type Decoder struct {
	buf   []byte
	spans []span
	pairs Values
	// order holds the indexes of pairs sorted by key then value, once
	// sorted says so.
	order  []int32
	sorted bool
}

// Parse decodes p; see the type's documentation for how long the result lives.
//
// Inside the Accueil host (GOOS=wasip1) the host decodes natively, through
// its form_decode function, which is several times faster than decoding
// inside WebAssembly; the result is the same.
//
// # Errors
//
// A malformed escape returns no pairs and a [*SyntaxError]; more than
// [MaxPairs] pairs, [ErrTooManyPairs].
func (d *Decoder) Parse(p []byte) (Values, error) {
	d.sorted = false
	if len(p) == 0 {
		d.pairs = d.pairs[:0]
		return d.pairs, nil
	}
	if pairs, ok := d.parseByHost(p); ok {
		return pairs, nil
	}
	return d.parse(p)
}

// SortedIndex returns the indexes of the pairs of the last Parse sorted by
// key, then value, in byte order: the order signature schemes such as
// X-Twilio-Signature sign. It is valid until the next Parse.
func (d *Decoder) SortedIndex() []int32 {
	if d.sorted {
		return d.order
	}
	d.order = SortedIndex(d.order[:0], d.pairs)
	d.sorted = true
	return d.order
}

// SortedIndex appends to dst the indexes of pairs sorted by key, then
// value, in byte order, and returns it. Pairs that compare equal keep their
// wire order.
func SortedIndex(dst []int32, pairs Values) []int32 {
	start := len(dst)
	for i := range pairs {
		dst = append(dst, int32(i))
	}
	idx := dst[start:]
	if len(idx) > insertionMax {
		slices.SortStableFunc(idx, func(x, y int32) int { return comparePairs(&pairs[x], &pairs[y]) })
		return dst
	}
	// Insertion sort on the keys' first eight bytes as integers, with a
	// full comparison only on a tie: a webhook has 15 to 40 parameters.
	var prefix [insertionMax]uint64
	for i := range pairs {
		prefix[i] = prefix8(pairs[i].Key)
	}
	for i := 1; i < len(idx); i++ {
		v := idx[i]
		j := i
		for ; j > 0; j-- {
			u := idx[j-1]
			if prefix[v] > prefix[u] || (prefix[v] == prefix[u] && comparePairs(&pairs[v], &pairs[u]) >= 0) {
				break
			}
			idx[j] = u
		}
		idx[j] = v
	}
	return dst
}

// insertionMax is the most pairs SortedIndex sorts by insertion; more take
// n log n, so that a hostile form with thousands of pairs stays cheap.
const insertionMax = 64

// comparePairs orders pairs by key, then value, in byte order.
func comparePairs(x, y *Pair) int {
	if c := strings.Compare(x.Key, y.Key); c != 0 {
		return c
	}
	return strings.Compare(x.Value, y.Value)
}

// prefix8 returns the first eight bytes of s, zero-padded, as a big-endian
// integer: comparing two of them orders strings like their first eight
// bytes, and equal prefixes need a full comparison.
func prefix8(s string) uint64 {
	var b [8]byte
	copy(b[:], s)
	return binary.BigEndian.Uint64(b[:])
}

// parse decodes p in the guest (or natively).
func (d *Decoder) parse(p []byte) (Values, error) {
	if cap(d.buf) < len(p)+8 {
		d.buf = make([]byte, len(p)+8+len(p)/2)
	}
	buf := d.buf[:cap(d.buf)]
	spans, w, err := decode(buf, p, d.spans[:0])
	d.spans = spans
	if err != nil {
		return d.pairs[:0], err
	}
	d.pairs = appendPairs(d.pairs[:0], unsafe.String(unsafe.SliceData(buf), w), spans)
	return d.pairs, nil
}

// ParseString is [Decoder.Parse] for a string, such as a raw query.
func (d *Decoder) ParseString(s string) (Values, error) {
	return d.Parse(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// span locates a decoded key and value in the decoded buffer.
type span struct{ k0, k1, v0, v1 int32 }

func appendPairs(dst Values, s string, spans []span) Values {
	for _, sp := range spans {
		dst = append(dst, Pair{Key: s[sp.k0:sp.k1], Value: s[sp.v0:sp.v1]})
	}
	return dst
}

// Word-at-a-time ("SWAR") scanning. Inside a WebAssembly guest every branch
// taken costs a dispatch, and with interruption checks an exit to the host,
// so the decoder looks at eight bytes per step and branches only at the
// bytes that need work: '&', '=', '%' and '+'.
const (
	ones  = 0x0101010101010101
	low7  = 0x7f7f7f7f7f7f7f7f
	highs = 0x8080808080808080
	// pad fills the bytes past the end of the input in the last word: 'A'
	// is not special.
	pad = 0x4141414141414141
)

// zeroBytes has 0x80 in each byte of x that is 0, and 0 elsewhere (exact:
// no carry crosses bytes).
func zeroBytes(x uint64) uint64 { return ^(((x & low7) + low7) | x) & highs }

// specials marks the bytes of x that are '&', '=', '%' or '+'.
func specials(x uint64) uint64 {
	return zeroBytes(x^(ones*'&')) | zeroBytes(x^(ones*'=')) |
		zeroBytes(x^(ones*'%')) | zeroBytes(x^(ones*'+'))
}

// loadTail returns the last, short word of p: its bytes (fewer than eight),
// little-endian, padded with 'A'.
func loadTail(p []byte) uint64 {
	b := [8]byte{'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'}
	copy(b[:], p)
	return binary.LittleEndian.Uint64(b[:])
}

// decode decodes p into out, which must be at least len(p)+8 bytes long
// (whole words are written), and appends one span per pair to spans. It
// returns the decoded length. Decoding never lengthens text: the write
// position never passes the read position.
func decode(out, p []byte, spans []span) ([]span, int, error) {
	n := len(p)
	_ = out[n+7]
	var (
		i, w   int // read position in p, write position in out
		seg    int // where the current segment starts in p
		k0, k1 int // the current key in out
		v0     = -1
	)
	for i < n {
		var x uint64
		if n-i >= 8 {
			x = binary.LittleEndian.Uint64(p[i:])
		} else {
			x = loadTail(p[i:])
		}
		binary.LittleEndian.PutUint64(out[w:], x)
		m := specials(x)
		if m == 0 {
			step := min(8, n-i)
			i, w = i+step, w+step
			continue
		}
		k := bits.TrailingZeros64(m) >> 3 // < n-i: padding is not special
		i, w = i+k, w+k
		switch p[i] {
		case '&':
			if i > seg {
				if len(spans) == MaxPairs {
					return spans, w, ErrTooManyPairs
				}
				spans = appendSpan(spans, k0, k1, v0, w)
			}
			i++
			seg, k0, v0 = i, w, -1
		case '=':
			if v0 < 0 {
				k1, v0 = w, w
			} else {
				w++ // a literal '=' in a value; already copied
			}
			i++
		case '+':
			out[w] = ' '
			i, w = i+1, w+1
		default: // '%'
			if i+2 < n {
				hi, ok1 := unhex(p[i+1])
				lo, ok2 := unhex(p[i+2])
				if ok1 && ok2 {
					out[w] = hi<<4 | lo
					i, w = i+3, w+1
					continue
				}
			}
			return spans, w, escapeError(p, i, v0 < 0)
		}
	}
	if n > seg {
		if len(spans) == MaxPairs {
			return spans, w, ErrTooManyPairs
		}
		spans = appendSpan(spans, k0, k1, v0, w)
	}
	return spans, w, nil
}

// appendSpan closes a pair: the key from k0 to k1 (to w when there is no
// '=', v0 < 0) and the value from v0 to w.
func appendSpan(spans []span, k0, k1, v0, w int) []span {
	if v0 < 0 {
		k1, v0 = w, w
	}
	return append(spans, span{int32(k0), int32(k1), int32(v0), int32(w)})
}

// escapeError describes the malformed escape at p[i]: at most three bytes,
// cut at the end of the key (inKey) or value it is in.
func escapeError(p []byte, i int, inKey bool) error {
	to := i + 1
	for to < len(p) && p[to] != '&' && !(inKey && p[to] == '=') {
		to++
	}
	if i+2 >= to {
		return &SyntaxError{Offset: i, Escape: string(p[i:to])}
	}
	return &SyntaxError{Offset: i, Escape: string(p[i : i+3])}
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// Unescape decodes one form-encoded component ('+' is a space).
//
// # Errors
//
// A malformed escape returns a [*SyntaxError].
func Unescape(s string) (string, error) {
	out := make([]byte, len(s))
	w := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			out[w] = ' '
		case '%':
			if i+2 >= len(s) {
				return "", &SyntaxError{Offset: i, Escape: s[i:]}
			}
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if !ok1 || !ok2 {
				return "", &SyntaxError{Offset: i, Escape: s[i : i+3]}
			}
			out[w] = hi<<4 | lo
			i += 2
		default:
			out[w] = c
		}
		w++
	}
	return string(out[:w]), nil
}

// AppendEscape appends the form encoding of s to b: unreserved bytes
// (A-Z a-z 0-9 - . _ ~) as they are, ' ' as '+', everything else as %XX.
// It is the inverse of [Unescape], for building test bodies and signed strings.
func AppendEscape(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b = append(b, c)
		case c == ' ':
			b = append(b, '+')
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}

// Append appends the encoding of pairs to b, "k=v" joined by '&'.
func Append(b []byte, pairs Values) []byte {
	for i, p := range pairs {
		if i > 0 {
			b = append(b, '&')
		}
		b = AppendEscape(b, p.Key)
		b = append(b, '=')
		b = AppendEscape(b, p.Value)
	}
	return b
}
