package jsonlite

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// Writer builds a JSON document in a byte slice. It writes the commas
// between members and elements; the caller pairs each Start with its End and
// gives each object member a [Writer.Key] before its value. The zero Writer
// is ready to use. A Writer is not safe for concurrent use.
//
// Writer does not check that the document is well formed (a value without a
// key inside an object, a missing End): such mistakes produce invalid JSON,
// which tests catch with [Valid].
type Writer struct {
	buf []byte
	// comma[i] reports that level i already holds a member or element.
	comma    []bool
	afterKey bool
}

// NewWriter returns a Writer that appends to buf (which may be nil).
func NewWriter(buf []byte) *Writer { return &Writer{buf: buf} }

// Reset empties the Writer and makes it append to buf, keeping its
// nesting stack's storage.
func (w *Writer) Reset(buf []byte) {
	w.buf = buf
	w.comma = w.comma[:0]
	w.afterKey = false
}

// Bytes returns the document written so far. The slice aliases the
// Writer's buffer until the next write or Reset.
func (w *Writer) Bytes() []byte { return w.buf }

// Len returns the number of bytes written.
func (w *Writer) Len() int { return len(w.buf) }

// sep writes the comma a new value or key needs.
func (w *Writer) sep() {
	if w.afterKey {
		w.afterKey = false
		return
	}
	if n := len(w.comma); n > 0 {
		if w.comma[n-1] {
			w.buf = append(w.buf, ',')
		} else {
			w.comma[n-1] = true
		}
	}
}

// StartObject writes '{'.
func (w *Writer) StartObject() {
	w.sep()
	w.buf = append(w.buf, '{')
	w.comma = append(w.comma, false)
}

// EndObject writes '}'.
func (w *Writer) EndObject() {
	w.buf = append(w.buf, '}')
	w.pop()
}

// StartArray writes '['.
func (w *Writer) StartArray() {
	w.sep()
	w.buf = append(w.buf, '[')
	w.comma = append(w.comma, false)
}

// EndArray writes ']'.
func (w *Writer) EndArray() {
	w.buf = append(w.buf, ']')
	w.pop()
}

func (w *Writer) pop() {
	if n := len(w.comma); n > 0 {
		w.comma = w.comma[:n-1]
	}
	w.afterKey = false
}

// Key writes an object member's key and the colon; the next call writes
// its value.
func (w *Writer) Key(k string) {
	w.sep()
	w.buf = AppendString(w.buf, k)
	w.buf = append(w.buf, ':')
	w.afterKey = true
}

// String writes s as a JSON string, escaped.
func (w *Writer) String(s string) {
	w.sep()
	w.buf = AppendString(w.buf, s)
}

// StringBytes writes b as a JSON string, escaped.
func (w *Writer) StringBytes(b []byte) {
	w.sep()
	w.buf = appendEscaped(w.buf, b)
}

// Raw writes raw verbatim as one value; raw must be one valid JSON value
// (for instance a [Value.Raw]).
func (w *Writer) Raw(raw []byte) {
	w.sep()
	w.buf = append(w.buf, raw...)
}

// RawString is [Writer.Raw] for a string holding JSON.
func (w *Writer) RawString(raw string) {
	w.sep()
	w.buf = append(w.buf, raw...)
}

// Int writes an integer.
func (w *Writer) Int(n int64) {
	w.sep()
	w.buf = strconv.AppendInt(w.buf, n, 10)
}

// Float writes a number in the shortest form that reads back as f; NaN and
// infinities, which JSON cannot represent, are written as null.
func (w *Writer) Float(f float64) {
	w.sep()
	w.buf = AppendFloat(w.buf, f)
}

// Bool writes true or false.
func (w *Writer) Bool(b bool) {
	w.sep()
	if b {
		w.buf = append(w.buf, "true"...)
	} else {
		w.buf = append(w.buf, "false"...)
	}
}

// Null writes null.
func (w *Writer) Null() {
	w.sep()
	w.buf = append(w.buf, "null"...)
}

// StringField writes the member "k": "v".
func (w *Writer) StringField(k, v string) { w.Key(k); w.String(v) }

// IntField writes the member "k": n.
func (w *Writer) IntField(k string, n int64) { w.Key(k); w.Int(n) }

// FloatField writes the member "k": f.
func (w *Writer) FloatField(k string, f float64) { w.Key(k); w.Float(f) }

// BoolField writes the member "k": b.
func (w *Writer) BoolField(k string, b bool) { w.Key(k); w.Bool(b) }

// RawField writes the member "k": raw, raw verbatim.
func (w *Writer) RawField(k string, raw []byte) { w.Key(k); w.Raw(raw) }

// ObjectField writes "k": { and leaves the object open.
func (w *Writer) ObjectField(k string) { w.Key(k); w.StartObject() }

// ArrayField writes "k": [ and leaves the array open.
func (w *Writer) ArrayField(k string) { w.Key(k); w.StartArray() }

// AppendFloat appends f as a JSON number (null for NaN and infinities),
// formatted like encoding/json.
func AppendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// Clean up e-09 to e-9, as encoding/json does.
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// AppendString appends s to dst as a quoted, escaped JSON string. Quotes,
// backslashes and control characters are escaped, as are U+2028 and U+2029
// (so the output is safe inside a script); invalid UTF-8 becomes U+FFFD.
func AppendString(dst []byte, s string) []byte { return appendQuoted(dst, s) }

func appendEscaped(dst, b []byte) []byte { return appendQuoted(dst, b) }

func appendQuoted[S string | []byte](dst []byte, s S) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscapedByte(dst, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			switch r {
			case '\u2028':
				dst = append(dst, `\u2028`...)
			case '\u2029':
				dst = append(dst, `\u2029`...)
			default:
				dst = append(dst, `\ufffd`...)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

func appendEscapedByte(dst []byte, c byte) []byte {
	switch c {
	case '"':
		return append(dst, '\\', '"')
	case '\\':
		return append(dst, '\\', '\\')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}
