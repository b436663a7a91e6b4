package engine

import (
	"strings"
	"testing"
)

// TestPhoneFrom checks the E.164 fast path of phoneFrom against the
// general reading of a number.
func TestPhoneFrom(t *testing.T) {
	for _, from := range []string{"", "+", "+33612345678", "+3361234567", "+336123456789", "+4420123456", "+44201234567890123",
		"+12025550123", "+1202", "+1234567", "+12345678", "+123456789012345", "+1234567890123456", "0612345678", "+33 6 12 34 56 78",
		"0033612345678", "+33612345678x", "abc", "+3312345678901", "612345678"} {
		want, wok := normalisePhone(strings.HasPrefix(from, "+"), digitsOf(from))
		got, ok := phoneFrom(from)
		if got != want || ok != wok {
			t.Errorf("phoneFrom(%q) = %q %v, want %q %v", from, got, ok, want, wok)
		}
	}
}
