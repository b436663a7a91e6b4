package validate

import (
	"testing"
	"time"
)

// TestParseWhenAllocations keeps ParseWhen's tokens on the stack: it runs on
// every message, and a change that moves its token array to the heap (an
// append that may grow it, a pointer kept) costs every turn about 3 KiB.
func TestParseWhenAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under -race")
	}
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 11, 10, 0, 0, 0, loc)
	for _, text := range []string{
		"je voudrais une coupe demain vers 15h svp",
		"the Friday one",
		"un brushing sam 14 à 11h",
		"bonjour, quels sont vos horaires ?",
	} {
		allocs := testing.AllocsPerRun(50, func() { ParseWhen(text, now, loc) })
		if allocs > 4 {
			t.Errorf("ParseWhen(%q): %.0f allocations, want at most 4 (its spans and the folded text)", text, allocs)
		}
	}
}
