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

import "strconv"

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
	return parse(dst, p)
}

// ParseString is [Parse] for a string, such as a raw query.
func ParseString(dst Values, s string) (Values, error) {
	return parse(dst, s)
}

// span locates a decoded key and value in the scratch buffer.
type span struct{ k0, k1, v0, v1 int }

func parse[S []byte | string](dst Values, p S) (Values, error) {
	if len(p) == 0 {
		return dst, nil
	}
	// Decoded text is never longer than its encoding.
	buf := make([]byte, 0, len(p))
	var small [32]span
	spans := small[:0]
	for i := 0; i < len(p); {
		end := i
		for end < len(p) && p[end] != '&' {
			end++
		}
		if end > i {
			eq := i
			for eq < end && p[eq] != '=' {
				eq++
			}
			var sp span
			var err error
			sp.k0 = len(buf)
			if buf, err = unescape(buf, p[i:eq], i); err != nil {
				return dst, err
			}
			sp.k1 = len(buf)
			sp.v0 = sp.k1
			if eq < end {
				if buf, err = unescape(buf, p[eq+1:end], eq+1); err != nil {
					return dst, err
				}
			}
			sp.v1 = len(buf)
			spans = append(spans, sp)
		}
		i = end + 1
	}
	s := string(buf)
	for _, sp := range spans {
		dst = append(dst, Pair{Key: s[sp.k0:sp.k1], Value: s[sp.v0:sp.v1]})
	}
	return dst, nil
}

// unescape appends the decoding of p to buf; off is p's offset in the input.
func unescape[S []byte | string](buf []byte, p S, off int) ([]byte, error) {
	for i := 0; i < len(p); i++ {
		// Copy the run of plain bytes in one append.
		j := i
		for j < len(p) && p[j] != '+' && p[j] != '%' {
			j++
		}
		if j > i {
			buf = append(buf, p[i:j]...)
			if i = j; i == len(p) {
				break
			}
		}
		switch c := p[i]; c {
		case '+':
			buf = append(buf, ' ')
		case '%':
			if i+2 >= len(p) {
				return buf, &SyntaxError{Offset: off + i, Escape: string(p[i:])}
			}
			hi, ok1 := unhex(p[i+1])
			lo, ok2 := unhex(p[i+2])
			if !ok1 || !ok2 {
				return buf, &SyntaxError{Offset: off + i, Escape: string(p[i : i+3])}
			}
			buf = append(buf, hi<<4|lo)
			i += 2
		default:
			buf = append(buf, c)
		}
	}
	return buf, nil
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
	b, err := unescape(make([]byte, 0, len(s)), s, 0)
	if err != nil {
		return "", err
	}
	return string(b), nil
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
