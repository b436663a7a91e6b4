package main

import (
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/accueil-pme/accueil/sdk/abi"
)

const (
	contentType = "text/xml; charset=utf-8"
	xmlDecl     = `<?xml version="1.0" encoding="UTF-8"?>`
	// maxUnits is Twilio's limit for one message body, in UTF-16 code units
	// (an emoji outside the Basic Multilingual Plane counts two); longer
	// replies are split into parts of at most partUnits.
	maxUnits  = 1600
	partUnits = 1500

	apologyFR = "Désolé, un problème technique nous empêche de répondre. Merci de réessayer dans un instant."
	apologyEN = "Sorry, a technical problem prevents us from answering. Please try again in a moment."
)

// Render answers Twilio with TwiML: one <Message> per reply (several for a
// long one), nothing for status callbacks, and a 500 with an apology when a
// turn failed.
func (c *channel) Render(in *abi.RenderInput) (abi.Response, error) {
	for i := range in.Results {
		if in.Results[i].Error != "" {
			lang := in.Business.Language
			if i < len(in.Events) && in.Events[i].Language != "" {
				lang = in.Events[i].Language
			}
			return apology(lang), nil
		}
	}
	b := c.out[:0] // the SDK encodes the response before the next call
	b = append(b, xmlDecl...)
	b = append(b, "<Response>"...)
	empty := len(b)
	for i := range in.Results {
		for j := range in.Results[i].Replies {
			b = appendReply(b, &in.Results[i].Replies[j])
		}
	}
	if len(b) == empty {
		b = append(b[:empty-len("<Response>")], "<Response/>"...)
	} else {
		b = append(b, "</Response>"...)
	}
	c.out = b[:0]
	return abi.Response{Status: 200, ContentType: contentType, Body: b}, nil
}

// apology is the answer to a failed turn (the store or the engine failed,
// nothing was kept): a 200, since Twilio drops the body of any other
// status (its error 11200) and the customer would hear nothing; the
// failure is in the host's log. A plugin that traps gets the manifest's
// fallback instead, a 500.
func apology(lang string) abi.Response {
	text := apologyFR
	if strings.HasPrefix(strings.ToLower(lang), "en") {
		text = apologyEN
	}
	b := make([]byte, 0, 192)
	b = append(b, xmlDecl...)
	b = append(b, "<Response><Message>"...)
	b = appendEscaped(b, text)
	b = append(b, "</Message></Response>"...)
	return abi.Response{Status: 200, ContentType: contentType, Body: b}
}

// appendReply appends the <Message> elements of one reply.
func appendReply(b []byte, rp *abi.Reply) []byte {
	text := rp.Text
	if len(rp.Choices) > 0 {
		text = withChoices(text, rp.Choices)
	}
	text = strings.TrimSpace(clean(text))
	media := 0
	for _, m := range rp.Media {
		if strings.TrimSpace(m) != "" {
			media++
		}
	}
	if text == "" && media == 0 {
		return b
	}
	var one [1]string
	parts := one[:]
	if len(text) <= maxUnits { // UTF-8 takes at least as many bytes as UTF-16 units: no need to count
		one[0] = text
	} else {
		parts = split(text)
	}
	for i, part := range parts {
		b = append(b, "<Message>"...)
		last := i == len(parts)-1
		if last && media > 0 {
			if part != "" {
				b = append(b, "<Body>"...)
				b = appendEscaped(b, part)
				b = append(b, "</Body>"...)
			}
			for _, m := range rp.Media {
				if m = strings.TrimSpace(m); m != "" {
					b = append(b, "<Media>"...)
					b = appendEscaped(b, clean(m))
					b = append(b, "</Media>"...)
				}
			}
		} else {
			b = appendEscaped(b, part)
		}
		b = append(b, "</Message>"...)
	}
	return b
}

// withChoices appends the quick replies as numbered lines: TwiML has no buttons.
func withChoices(text string, choices []abi.Choice) string {
	var sb strings.Builder
	sb.Grow(len(text) + 32*len(choices))
	sb.WriteString(strings.TrimRight(text, " \t\r\n"))
	if sb.Len() > 0 {
		sb.WriteString("\n\n")
	}
	for i, ch := range choices {
		if i > 0 {
			sb.WriteByte('\n')
		}
		label := ch.Label
		if label == "" {
			label = ch.ID
		}
		sb.WriteString(strconv.Itoa(i + 1))
		sb.WriteString(". ")
		sb.WriteString(label)
	}
	return sb.String()
}

// legal reports whether r may appear in an XML 1.0 document.
func legal(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return r <= utf8.MaxRune
}

// clean drops the characters XML 1.0 forbids and bytes that are not UTF-8.
// It returns s itself when there is nothing to drop.
func clean(s string) string {
	for i := 0; i < len(s); {
		if i+8 <= len(s) && printableASCII(load8(s, i)) {
			i += 8
			continue
		}
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			// A two-byte sequence (U+0080 to U+07FF: é, à, ç…), always
			// legal: no call to the UTF-8 decoder.
			i += 2
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || !legal(r) {
			return cleanSlow(s)
		}
		i += n
	}
	return s
}

func cleanSlow(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && n == 1) && legal(r) {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// appendEscaped appends s as XML character data: & < > escaped, quotes kept
// (legal in content). s must already be [clean].
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		for i+8 <= len(s) && escapes(load8(s, i)) == 0 {
			i += 8
		}
		if i >= len(s) {
			break
		}
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\r':
			esc = "&#xD;" // a bare CR would be normalized away by XML parsers
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// split cuts text longer than maxUnits UTF-16 code units (Twilio's count)
// into parts of at most partUnits, preferring paragraph, then sentence, then
// word boundaries, and never cutting inside a UTF-8 sequence or an emoji
// sequence.
func split(text string) []string {
	if utf16Len(text) <= maxUnits {
		return []string{text}
	}
	var parts []string
	for text != "" {
		text = strings.TrimLeft(text, " \t\r\n")
		end, n := 0, 0 // the byte length and UTF-16 length of the longest part allowed
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if n += utf16Units(r); n > partUnits {
				break
			}
			end += size
		}
		if end == len(text) {
			if text != "" {
				parts = append(parts, text)
			}
			break
		}
		cut := bestCut(text, end)
		if part := strings.TrimRight(text[:cut], " \t\r\n"); part != "" {
			parts = append(parts, part)
		}
		text = text[cut:]
	}
	return parts
}

// utf16Units is the length of r in UTF-16 code units: 2 outside the Basic
// Multilingual Plane (most emoji), 1 otherwise.
func utf16Units(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// utf16Len is the length of s in UTF-16 code units, as Twilio counts a body.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Units(r)
	}
	return n
}

// bestCut returns the byte offset at which to end a part taken from text,
// whose longest prefix allowed is text[:end].
func bestCut(text string, end int) int {
	w := text[:end]
	half := len(w) / 2
	if i := strings.LastIndex(w, "\n\n"); i >= half {
		return i + 2
	}
	for i := len(w) - 2; i >= half; i-- {
		if (w[i] == '.' || w[i] == '!' || w[i] == '?' || w[i] == ';') && (w[i+1] == ' ' || w[i+1] == '\n') &&
			!(w[i] == '.' && abbreviation(w[:i])) {
			return i + 1
		}
	}
	if i := strings.LastIndexByte(w, '\n'); i >= half {
		return i + 1
	}
	if i := strings.LastIndex(w, ", "); i >= half {
		return i + 2 // between the items of a list: "…, mardi 9 (réf. LUM-7K3F), …"
	}
	if i := strings.LastIndexByte(w, ' '); i > 0 {
		return i + 1
	}
	// No space at all: cut between runes, outside an emoji sequence.
	cut := len(w)
	for range 16 {
		prev, pn := utf8.DecodeLastRuneInString(w[:cut])
		next, _ := utf8.DecodeRuneInString(text[cut:]) // what follows w, at first
		if !joins(prev, next) || cut-pn <= 0 {
			break
		}
		cut -= pn
	}
	return cut
}

// abbreviation reports whether the text before a full stop ends with a
// short lower-case word ("réf", "env", "min"): an abbreviation more likely
// than the end of a sentence ("(réf. LUM-7K3F)"), so no place to cut.
func abbreviation(before string) bool {
	n := 0
	for before != "" {
		r, size := utf8.DecodeLastRuneInString(before)
		if r == ' ' || r == '(' || r == '\n' {
			break
		}
		if !(r >= 'a' && r <= 'z' || r >= 0xDF && r <= 0xFF && r != 0xF7) || n == 3 { // Latin-1 lower case: "réf"
			return false
		}
		n++
		before = before[:len(before)-size]
	}
	return n > 0
}

// joins reports whether a cut between prev and next would break a grapheme
// cluster: a zero-width joiner, a variation selector, a skin tone modifier,
// a combining mark or a regional-indicator pair.
func joins(prev, next rune) bool {
	switch {
	case prev == 0x200D, next == 0x200D:
		return true
	case next >= 0xFE00 && next <= 0xFE0F, next >= 0x1F3FB && next <= 0x1F3FF, next >= 0xE0020 && next <= 0xE007F:
		return true
	case next >= 0x0300 && next <= 0x036F, next >= 0x20D0 && next <= 0x20FF:
		return true
	case prev >= 0x1F1E6 && prev <= 0x1F1FF && next >= 0x1F1E6 && next <= 0x1F1FF:
		return true
	}
	return false
}

// Word-at-a-time ("SWAR") tests: inside the guest every branch taken costs
// a dispatch, so clean and appendEscaped skip eight ordinary bytes per step.
const (
	ones  = 0x0101010101010101
	low7  = 0x7f7f7f7f7f7f7f7f
	highs = 0x8080808080808080
)

// load8 returns s[i:i+8] as a little-endian integer.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	if runtime.GOARCH == "wasm" {
		// One i64.load: Go's WebAssembly backend does not merge the eight
		// byte loads below into one, as it does on amd64 or arm64.
		// WebAssembly is little-endian and allows unaligned loads.
		return *(*uint64)(unsafe.Pointer(unsafe.StringData(s)))
	}
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// printableASCII reports whether every byte of x is in [0x20, 0x80).
func printableASCII(x uint64) bool {
	// A byte's high bit in (b&0x7f)+0x60 is set when b&0x7f >= 0x20; the
	// sums never carry into the next byte.
	return (^((x&low7)+ones*0x60)|x)&highs == 0
}

// zeroBytes has 0x80 in each byte of x that is 0, and 0 elsewhere (exact).
func zeroBytes(x uint64) uint64 { return ^(((x & low7) + low7) | x) & highs }

// escapes marks the bytes of x that appendEscaped replaces.
func escapes(x uint64) uint64 {
	return zeroBytes(x^(ones*'&')) | zeroBytes(x^(ones*'<')) |
		zeroBytes(x^(ones*'>')) | zeroBytes(x^(ones*'\r'))
}
