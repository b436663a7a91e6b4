package jsonlite

import (
	"strconv"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of arrays and objects [Parse] accepts.
const MaxDepth = 512

// SyntaxError describes why a document is not valid JSON.
type SyntaxError struct {
	// Offset is the byte offset of the problem in the input.
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return "jsonlite: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

// Parse validates data as exactly one JSON value (surrounding whitespace
// allowed) and returns it.
//
// # Errors
//
// A *[SyntaxError] when data is not valid JSON or nests deeper than
// [MaxDepth].
func Parse(data []byte) (Value, error) {
	i := skipWS(data, 0)
	start := i
	end, err := validate(data, i, 0)
	if err != nil {
		return Value{}, err
	}
	if j := skipWS(data, end); j != len(data) {
		return Value{}, &SyntaxError{Offset: j, Msg: "unexpected data after the top-level value"}
	}
	return Value{raw: data[start:end]}, nil
}

// Valid reports whether data is one valid JSON value.
func Valid(data []byte) bool {
	_, err := Parse(data)
	return err == nil
}

func skipWS(d []byte, i int) int {
	for i < len(d) {
		switch d[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index just after the string starting at d[i]
// (a quote), or -1 when it is unterminated.
func skipString(d []byte, i int) int {
	j := i + 1
	for j < len(d) {
		for j < len(d) && !quoteOrBackslash[d[j]] {
			j++
		}
		if j >= len(d) {
			break
		}
		if d[j] == '"' {
			return j + 1
		}
		j += 2 // a backslash and the byte it escapes
	}
	return -1
}

var quoteOrBackslash = [256]bool{'"': true, '\\': true}

// structural marks the bytes a container skip must look at.
var structural = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}

// skip returns the index just after the value starting at d[i], or -1. It
// checks bracket balance, not grammar; it never reads out of bounds.
func skip(d []byte, i int) int {
	if i >= len(d) {
		return -1
	}
	switch d[i] {
	case '"':
		return skipString(d, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(d); j++ {
			for j < len(d) && !structural[d[j]] {
				j++
			}
			if j >= len(d) {
				break
			}
			switch d[j] {
			case '"':
				e := skipString(d, j)
				if e < 0 {
					return -1
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	case ',', ':', '}', ']':
		return -1
	}
	j := i
	for j < len(d) {
		switch d[j] {
		case ' ', '\t', '\n', '\r', ',', '}', ']', ':', '{', '[', '"':
			return j
		}
		j++
	}
	return j
}

func syntaxErr(off int, msg string) error { return &SyntaxError{Offset: off, Msg: msg} }

// validate checks the value starting at d[i] and returns the index after it.
func validate(d []byte, i, depth int) (int, error) {
	if i >= len(d) {
		return i, syntaxErr(i, "unexpected end of input")
	}
	switch c := d[i]; c {
	case '{':
		if depth >= MaxDepth {
			return i, syntaxErr(i, "nesting too deep")
		}
		i = skipWS(d, i+1)
		if i < len(d) && d[i] == '}' {
			return i + 1, nil
		}
		for {
			if i >= len(d) {
				return i, syntaxErr(i, "unexpected end of input in object")
			}
			if d[i] != '"' {
				return i, syntaxErr(i, "expected a string key")
			}
			end, err := validateString(d, i)
			if err != nil {
				return end, err
			}
			i = skipWS(d, end)
			if i >= len(d) || d[i] != ':' {
				return i, syntaxErr(i, "expected ':' after an object key")
			}
			i, err = validate(d, skipWS(d, i+1), depth+1)
			if err != nil {
				return i, err
			}
			i = skipWS(d, i)
			if i >= len(d) {
				return i, syntaxErr(i, "unexpected end of input in object")
			}
			switch d[i] {
			case ',':
				i = skipWS(d, i+1)
			case '}':
				return i + 1, nil
			default:
				return i, syntaxErr(i, "expected ',' or '}' in object")
			}
		}
	case '[':
		if depth >= MaxDepth {
			return i, syntaxErr(i, "nesting too deep")
		}
		i = skipWS(d, i+1)
		if i < len(d) && d[i] == ']' {
			return i + 1, nil
		}
		for {
			var err error
			i, err = validate(d, i, depth+1)
			if err != nil {
				return i, err
			}
			i = skipWS(d, i)
			if i >= len(d) {
				return i, syntaxErr(i, "unexpected end of input in array")
			}
			switch d[i] {
			case ',':
				i = skipWS(d, i+1)
			case ']':
				return i + 1, nil
			default:
				return i, syntaxErr(i, "expected ',' or ']' in array")
			}
		}
	case '"':
		return validateString(d, i)
	case 't':
		return literal(d, i, "true")
	case 'f':
		return literal(d, i, "false")
	case 'n':
		return literal(d, i, "null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			return validateNumber(d, i)
		}
		return i, syntaxErr(i, "invalid character "+strconv.QuoteRune(rune(c))+" looking for a value")
	}
}

func literal(d []byte, i int, lit string) (int, error) {
	if len(d)-i >= len(lit) && string(d[i:i+len(lit)]) == lit {
		return i + len(lit), nil
	}
	return i, syntaxErr(i, "invalid literal, expected "+lit)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func validateNumber(d []byte, i int) (int, error) {
	start := i
	if d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && isDigit(d[i]):
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	default:
		return i, syntaxErr(start, "invalid number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || !isDigit(d[i]) {
			return i, syntaxErr(start, "invalid number: digit expected after '.'")
		}
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || !isDigit(d[i]) {
			return i, syntaxErr(start, "invalid number: digit expected in exponent")
		}
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	return i, nil
}

// plainStringByte marks the bytes a string may hold without a closer look.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func validateString(d []byte, i int) (int, error) {
	start := i
	for j := i + 1; j < len(d); j++ {
		for j < len(d) && plainStringByte[d[j]] {
			j++
		}
		if j >= len(d) {
			break
		}
		c := d[j]
		switch {
		case c == '"':
			return j + 1, nil
		case c == '\\':
			if j+1 >= len(d) {
				return j, syntaxErr(j, "unexpected end of input in string escape")
			}
			switch d[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j++
			case 'u':
				if j+5 >= len(d) {
					return j, syntaxErr(j, "unexpected end of input in \\u escape")
				}
				if _, ok := hex4(d[j+2 : j+6]); !ok {
					return j, syntaxErr(j, "invalid \\u escape")
				}
				j += 5
			default:
				return j, syntaxErr(j, "invalid escape "+strconv.Quote(string(d[j:j+2])))
			}
		case c < 0x20:
			return j, syntaxErr(j, "control character in string")
		}
	}
	return len(d), syntaxErr(start, "unterminated string")
}

func hex4(b []byte) (rune, bool) {
	var r rune
	for _, c := range b[:4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// appendUnescaped appends the unescaped form of a string's inner bytes.
// It never fails: a bad escape, a lone surrogate or invalid UTF-8 becomes
// U+FFFD.
func appendUnescaped(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' {
			if i+1 >= len(s) {
				return utf8.AppendRune(dst, utf8.RuneError)
			}
			switch s[i+1] {
			case '"', '\\', '/':
				dst = append(dst, s[i+1])
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r, ok := rune(0), false
				if i+6 <= len(s) {
					r, ok = hex4(s[i+2 : i+6])
				}
				if !ok {
					dst = utf8.AppendRune(dst, utf8.RuneError)
					i += 2
					continue
				}
				i += 6
				if r >= 0xD800 && r < 0xDC00 {
					// High surrogate: combine with a following low one.
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if lo, ok := hex4(s[i+2 : i+6]); ok && lo >= 0xDC00 && lo < 0xE000 {
							dst = utf8.AppendRune(dst, 0x10000+(r-0xD800)<<10+(lo-0xDC00))
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				} else if r >= 0xDC00 && r < 0xE000 {
					r = utf8.RuneError
				}
				dst = utf8.AppendRune(dst, r)
				continue
			default:
				dst = utf8.AppendRune(dst, utf8.RuneError)
			}
			i += 2
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}
