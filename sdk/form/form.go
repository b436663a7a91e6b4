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
// for UTF-8 validity.
package form

import (
	"bytes"
	"strconv"
)

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
// not alias p. Pass a reused dst[:0] to avoid growing it.
//
// # Errors
//
// A malformed escape returns dst unchanged and a [*SyntaxError].
func Parse(dst Values, p []byte) (Values, error) {
	if len(p) == 0 {
		return dst, nil
	}
	buf := make([]byte, len(p))
	copy(buf, p)
	return parse(dst, buf)
}

// ParseString is [Parse] for a string, such as a raw query.
func ParseString(dst Values, s string) (Values, error) {
	if len(s) == 0 {
		return dst, nil
	}
	buf := make([]byte, len(s))
	copy(buf, s)
	return parse(dst, buf)
}

// span locates a decoded key and value in the decoded buffer.
type span struct{ k0, k1, v0, v1 int32 }

// parse decodes buf in place (decoding never lengthens text) and appends
// the pairs, which share one string, to dst.
func parse(dst Values, buf []byte) (Values, error) {
	var small [32]span
	spans := small[:0]
	w := 0 // end of the decoded text, never past the read position
	var err error
	for i := 0; i < len(buf); {
		end := bytes.IndexByte(buf[i:], '&')
		if end < 0 {
			end = len(buf)
		} else {
			end += i
		}
		if end > i {
			var sp span
			sp.k0 = int32(w)
			eq := bytes.IndexByte(buf[i:end], '=')
			if eq < 0 {
				eq = end
			} else {
				eq += i
			}
			if w, err = unescape(buf, w, i, eq); err != nil {
				return dst, err
			}
			sp.k1, sp.v0 = int32(w), int32(w)
			if eq < end {
				if w, err = unescape(buf, w, eq+1, end); err != nil {
					return dst, err
				}
			}
			sp.v1 = int32(w)
			spans = append(spans, sp)
		}
		i = end + 1
	}
	s := string(buf[:w])
	for _, sp := range spans {
		dst = append(dst, Pair{Key: s[sp.k0:sp.k1], Value: s[sp.v0:sp.v1]})
	}
	return dst, nil
}

// unescape decodes buf[from:to] to buf[w:] (w <= from) and returns the new
// end of the decoded text. Runs of plain bytes move with one copy.
func unescape(buf []byte, w, from, to int) (int, error) {
	seg := buf[from:to]
	pct, plus := bytes.IndexByte(seg, '%'), bytes.IndexByte(seg, '+')
	if pct < 0 && plus < 0 {
		if w != from {
			copy(buf[w:], seg)
		}
		return w + len(seg), nil
	}
	i := from
	for i < to {
		// The next special byte at or after i (offsets are relative to from).
		if pct >= 0 && pct < i-from {
			if pct = bytes.IndexByte(buf[i:to], '%'); pct >= 0 {
				pct += i - from
			}
		}
		if plus >= 0 && plus < i-from {
			if plus = bytes.IndexByte(buf[i:to], '+'); plus >= 0 {
				plus += i - from
			}
		}
		next := to
		if pct >= 0 {
			next = from + pct
		}
		if plus >= 0 && from+plus < next {
			next = from + plus
		}
		w += copy(buf[w:], buf[i:next])
		if i = next; i == to {
			break
		}
		if buf[i] == '+' {
			buf[w] = ' '
			w, i = w+1, i+1
			continue
		}
		if i+2 >= to {
			return w, &SyntaxError{Offset: i, Escape: string(buf[i:to])}
		}
		hi, ok1 := unhex(buf[i+1])
		lo, ok2 := unhex(buf[i+2])
		if !ok1 || !ok2 {
			return w, &SyntaxError{Offset: i, Escape: string(buf[i : i+3])}
		}
		buf[w] = hi<<4 | lo
		w, i = w+1, i+3
	}
	return w, nil
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
	buf := []byte(s)
	n, err := unescape(buf, 0, 0, len(buf))
	if err != nil {
		return "", err
	}
	return string(buf[:n]), nil
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
