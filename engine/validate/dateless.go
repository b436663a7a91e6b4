package validate

import "strings"

// Dateless reports whether ParseWhen passes over the word w, folded as Fold
// folds it, wherever it stands: ParseWhen (or ParseWhenWith) of a text
// without ':', '/' or '@' whose words, as Fold splits them, are all
// dateless returns the zero When. A caller that has folded a message's
// words already can so skip the parser for most messages that hold no date.
//
// A dateless word is made of the letters a to z only (no digit), and:
//   - no date matcher starts on it (its lexicon entry lacks lfStart, so
//     match returns 0 at once: no number, ordinal, weekday, month, nor
//     any other word of startWords);
//   - it is no typo correct would fix (a corrected word may start one);
//   - it is no abbreviated weekday (expandWeekdays may read it as one);
//   - it holds no "idday" (middayAsNoon rewrites "midday" as "noon").
//
// Why that suffices: in such a text lex finds only word tokens, one for
// each of Fold's words and the same folded string (both fold letters
// alike; the punctuation tokens need a digit or one of ':', '/', '@').
// dropFillers and dropFalseFriends only drop tokens, readIsh needs a
// number, and correctTypos and expandWeekdays leave these words as they
// are; so run calls match on dateless words only, every call returns 0,
// and resolve, with nothing matched, sets nothing.
func Dateless(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	if lexicon[w].flags&lfStart != 0 {
		return false
	}
	if _, ok := weekdayAbbrevs[w]; ok {
		return false
	}
	if _, ok := correct(w); ok {
		return false
	}
	return !strings.Contains(w, "idday")
}
