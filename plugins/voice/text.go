package main

import (
	"hash/fnv"
	"strconv"
	"strings"
	"time"
)

// e164 returns a phone number in E.164 ("+33639980012") with spaces, dots,
// dashes and parentheses removed, or "" when it is not one (withheld
// numbers, "anonymous", SIP URIs).
func e164(s string) string {
	if s == "" {
		return ""
	}
	if e164Plain(s) {
		return s // already normalized: no copy
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+' && len(b) == 0:
			b = append(b, c)
		case c >= '0' && c <= '9':
			if len(b) == 0 {
				return "" // no leading '+': not E.164
			}
			b = append(b, c)
		case c == ' ' || c == '.' || c == '-' || c == '(' || c == ')':
		default:
			return ""
		}
	}
	// '+', a non-zero country code digit, 7 to 15 digits in all.
	if n := len(b) - 1; n < 7 || n > 15 || b[1] == '0' {
		return ""
	}
	return string(b)
}

// hashHex is a stable 64-bit FNV-1a hash of the parts, as 16 hex digits.
func hashHex(parts ...string) string {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	s := strconv.FormatUint(h.Sum64(), 16)
	return strings.Repeat("0", 16-len(s)) + s
}

// fnv32 is the 32-bit FNV-1a hash of s, computed without allocating.
func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// secondsBetween returns the seconds between two RFC 3339 times, with
// millisecond precision, or "" when either is missing or unreadable.
func secondsBetween(start, end string) string {
	if start == "" || end == "" {
		return ""
	}
	s, err1 := time.Parse(time.RFC3339Nano, start)
	e, err2 := time.Parse(time.RFC3339Nano, end)
	if err1 != nil || err2 != nil || e.Before(s) {
		return ""
	}
	return strconv.FormatFloat(e.Sub(s).Seconds(), 'f', -1, 64)
}

// oneLine flattens s to one line: newlines and tabs become spaces, runs of
// spaces collapse, ends are trimmed. Vapi's tool results must be one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t\u2028\u2029") && !strings.Contains(s, "  ") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case '\r', '\n', '\t', ' ', '\u2028', '\u2029':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// e164Plain reports whether s is already an E.164 number: '+', a non-zero
// digit, 7 to 15 digits in all, nothing else.
func e164Plain(s string) bool {
	if n := len(s) - 1; n < 7 || n > 15 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
