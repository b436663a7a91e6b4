package jsonlite

import (
	"iter"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// Kind is the type of a JSON value.
type Kind uint8

// Kinds of JSON values. The zero Kind, Invalid, is the kind of a missing
// value.
const (
	Invalid Kind = iota
	Null
	False
	True
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"invalid", "null", "false", "true", "number", "string", "array", "object"}

// String returns the kind's name, e.g. "object".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one JSON value: a window on the input bytes. The zero Value is a
// missing value (Kind Invalid). See the package documentation on ownership.
type Value struct {
	raw []byte
}

// kindOf returns the kind of the value starting at b[0].
func kindOf(b []byte) Kind {
	if len(b) == 0 {
		return Invalid
	}
	switch b[0] {
	case '{':
		return Object
	case '[':
		return Array
	case '"':
		return String
	case 't':
		return True
	case 'f':
		return False
	case 'n':
		return Null
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return Number
	}
	return Invalid
}

// Kind returns the value's kind; Invalid when the value is missing.
func (v Value) Kind() Kind { return kindOf(v.raw) }

// Exists reports whether the value is present.
func (v Value) Exists() bool { return len(v.raw) > 0 }

// IsNull reports whether the value is the literal null.
func (v Value) IsNull() bool { return v.Kind() == Null }

// Raw returns the value's exact bytes as they appear in the input (strings
// keep their quotes and escapes). The slice aliases the input; nil when the
// value is missing.
func (v Value) Raw() []byte { return v.raw }

// Text returns the value as text: a string unescaped, a number or a boolean
// as written, and "" for null, arrays, objects and missing values.
func (v Value) Text() string {
	switch v.Kind() {
	case String:
		inner := v.raw[1 : len(v.raw)-1]
		if plain(inner) {
			return string(inner)
		}
		return string(appendUnescaped(make([]byte, 0, len(inner)), inner))
	case Number, True, False:
		return string(v.raw)
	}
	return ""
}

// TextView is [Value.Text] without a copy where it can: a string without
// escapes, a number or a boolean comes back as a view of the parsed
// document, valid as long as the document is unchanged. Inside a plugin
// that is until the call returns, like everything a channel receives (see
// sdk.Channel). Only a string with escapes is unescaped into a new string.
func (v Value) TextView() string {
	switch v.Kind() {
	case String:
		inner := v.raw[1 : len(v.raw)-1]
		if plain(inner) {
			return unsafe.String(unsafe.SliceData(inner), len(inner))
		}
		return string(appendUnescaped(make([]byte, 0, len(inner)), inner))
	case Number, True, False:
		return unsafe.String(unsafe.SliceData(v.raw), len(v.raw))
	}
	return ""
}

// AppendText appends [Value.Text] to dst and returns the extended buffer.
// It allocates only when dst must grow.
func (v Value) AppendText(dst []byte) []byte {
	switch v.Kind() {
	case String:
		return appendUnescaped(dst, v.raw[1:len(v.raw)-1])
	case Number, True, False:
		return append(dst, v.raw...)
	}
	return dst
}

// TextEquals reports whether the value is a string equal to s once
// unescaped, without allocating.
func (v Value) TextEquals(s string) bool {
	if v.Kind() != String {
		return false
	}
	return rawStringEquals(v.raw, s)
}

// Bool reports whether the value is the literal true.
func (v Value) Bool() bool { return v.Kind() == True }

// Int returns the value as an int64. ok is false when the value is not a
// number or not an integer that fits in an int64.
func (v Value) Int() (n int64, ok bool) {
	if v.Kind() != Number {
		return 0, false
	}
	n, err := strconv.ParseInt(string(v.raw), 10, 64)
	return n, err == nil
}

// Float returns the value as a float64. ok is false when the value is not a
// number or is out of range.
func (v Value) Float() (f float64, ok bool) {
	if v.Kind() != Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(v.raw), 64)
	return f, err == nil
}

// Get looks up a path of object keys from v: v.Get("call", "customer",
// "number"). It returns a missing Value when v is not an object, a key is
// absent, or the input is malformed along the way.
func (v Value) Get(path ...string) Value {
	cur := v.raw
	for _, key := range path {
		cur = member(cur, key)
		if cur == nil {
			return Value{}
		}
	}
	return Value{raw: cur}
}

// Index returns the i-th element (0-based) of an array, or a missing Value.
func (v Value) Index(i int) Value {
	if i < 0 {
		return Value{}
	}
	for j, e := range v.Elements() {
		if j == i {
			return e
		}
	}
	return Value{}
}

// Len returns the number of elements of an array or members of an object,
// and 0 for any other value.
func (v Value) Len() int {
	n := 0
	switch v.Kind() {
	case Array:
		for range v.Elements() {
			n++
		}
	case Object:
		for range v.members() {
			n++
		}
	}
	return n
}

// Elements iterates over an array's elements with their index. It yields
// nothing when v is not an array, and stops at the first malformed element.
func (v Value) Elements() iter.Seq2[int, Value] {
	return func(yield func(int, Value) bool) {
		d := v.raw
		if kindOf(d) != Array {
			return
		}
		i := skipWS(d, 1)
		if i < len(d) && d[i] == ']' {
			return
		}
		for n := 0; ; n++ {
			end := skip(d, i)
			if end < 0 {
				return
			}
			if !yield(n, Value{raw: d[i:end]}) {
				return
			}
			i = skipWS(d, end)
			if i >= len(d) || d[i] != ',' {
				return
			}
			i = skipWS(d, i+1)
		}
	}
}

// Members iterates over an object's members, yielding each key unescaped and
// its value. It yields nothing when v is not an object, and stops at the
// first malformed member.
func (v Value) Members() iter.Seq2[string, Value] {
	return func(yield func(string, Value) bool) {
		for k, val := range v.members() {
			if !yield(Value{raw: k}.Text(), val) {
				return
			}
		}
	}
}

// RawMembers is [Value.Members] with each key as a Value (a JSON string),
// which avoids an allocation per key; compare keys with [Value.TextEquals].
func (v Value) RawMembers() iter.Seq2[Value, Value] {
	return func(yield func(Value, Value) bool) {
		for k, val := range v.members() {
			if !yield(Value{raw: k}, val) {
				return
			}
		}
	}
}

// members yields the raw quoted key and the value of each member.
func (v Value) members() iter.Seq2[[]byte, Value] {
	return func(yield func([]byte, Value) bool) {
		d := v.raw
		if kindOf(d) != Object {
			return
		}
		i := skipWS(d, 1)
		if i < len(d) && d[i] == '}' {
			return
		}
		for {
			if i >= len(d) || d[i] != '"' {
				return
			}
			kend := skipString(d, i)
			if kend < 0 {
				return
			}
			key := d[i:kend]
			i = skipWS(d, kend)
			if i >= len(d) || d[i] != ':' {
				return
			}
			i = skipWS(d, i+1)
			end := skip(d, i)
			if end < 0 {
				return
			}
			if !yield(key, Value{raw: d[i:end]}) {
				return
			}
			i = skipWS(d, end)
			if i >= len(d) || d[i] != ',' {
				return
			}
			i = skipWS(d, i+1)
		}
	}
}

// member returns the raw value of key in the object d, or nil.
func member(d []byte, key string) []byte {
	for k, val := range (Value{raw: d}).members() {
		if rawStringEquals(k, key) {
			return val.raw
		}
	}
	return nil
}

// Get parses nothing up front: it looks up a path of object keys in the
// document data and returns the value found, or a missing Value. See the
// package documentation about validation.
func Get(data []byte, path ...string) Value {
	i := skipWS(data, 0)
	end := skip(data, i)
	if end < 0 {
		return Value{}
	}
	return Value{raw: data[i:end]}.Get(path...)
}

// rawStringEquals compares the quoted JSON string raw with s, unescaping
// on the fly when needed.
func rawStringEquals(raw []byte, s string) bool {
	if len(raw) < 2 {
		return false
	}
	inner := raw[1 : len(raw)-1]
	if plain(inner) {
		return string(inner) == s
	}
	var buf [64]byte
	return string(appendUnescaped(buf[:0], inner)) == s
}

// plain reports whether a string's inner bytes need no unescaping: no
// backslash and valid UTF-8.
func plain(inner []byte) bool {
	ascii := true
	for _, c := range inner {
		if c == '\\' {
			return false
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	return ascii || utf8.Valid(inner)
}
