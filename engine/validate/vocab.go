package validate

import "time"

var weekdays = map[string]time.Weekday{
	"lundi": time.Monday, "mardi": time.Tuesday, "mercredi": time.Wednesday, "jeudi": time.Thursday,
	"vendredi": time.Friday, "samedi": time.Saturday, "dimanche": time.Sunday,
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
	// English abbreviations that are no other word: weekdays anywhere.
	"tues": time.Tuesday, "weds": time.Wednesday, "thurs": time.Thursday,
}

// weekdayAbbrevs are the short weekday names customers write, taken as
// weekdays only before a number ("sam 28", "wed 10am"): see expandWeekdays.
// "mar" is left out (March), "mon" is taken only there (French "my").
var weekdayAbbrevs = map[string]time.Weekday{
	"lun": time.Monday, "mer": time.Wednesday, "merc": time.Wednesday, "jeu": time.Thursday,
	"ven": time.Friday, "vend": time.Friday, "sam": time.Saturday, "dim": time.Sunday,
	"mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "wed": time.Wednesday, "weds": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
}

// abbrevFollowers are the words after which an abbreviated weekday is one
// ("sat morning", "wed after school", "ven aprem").
var abbrevFollowers = map[string]bool{
	"at": true, "a": true, "morning": true, "afternoon": true, "evening": true, "night": true, "after": true,
	"before": true, "around": true, "noon": true, "matin": true, "aprem": true, "apres": true, "soir": true,
	"midi": true, "avant": true, "vers": true, "prochain": true, "next": true, "arvo": true, "morn": true, "am": true, "pm": true,
	"please": true, "pls": true, "plz": true, "thanks": true, "thx": true, "svp": true,
	"not": true, "but": true, "from": true, "between": true, "anytime": true,
	"half": true, "quarter": true, "lunchtime": true, "lunch": true, "noonish": true, "midday": true, "first": true,
	"early": true, "late": true, "till": true, "til": true, "by": true,
}

// weekdayNames are the French weekday names, whose lexicon entries the
// abbreviations take.
var weekdayNames = [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

var months = map[string]time.Month{
	"janvier": 1, "janv": 1, "fevrier": 2, "fev": 2, "fevr": 2, "mars": 3, "avril": 4, "avr": 4,
	"mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9,
	"octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "october": 10, "november": 11, "december": 12,
}

// fuzzyVocab are the words worth correcting one typo in (one letter
// missing, extra, wrong or two letters swapped). Only words of five letters
// or more are corrected, and only into these.
var fuzzyVocab = []string{
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"janvier", "fevrier", "avril", "juillet", "septembre", "octobre", "novembre", "decembre",
	"january", "february", "march", "april", "august", "september", "october", "november", "december",
	"demain", "aujourd", "aujourdhui", "tomorrow", "today", "semaine", "semaines", "prochain", "prochaine",
	"heure", "heures", "minutes", "matinee", "morning", "afternoon", "evening", "quatorze",
}

// misspellings are frequent spellings more than one typo away.
var misspellings = map[string]string{
	"tommorow": "tomorrow", "tommorrow": "tomorrow", "tmrw": "tomorrow", "tmr": "tomorrow", "tomoro": "tomorrow",
	"ajd": "aujourdhui", "auj": "aujourdhui", "ojourdui": "aujourdhui", "aujourdui": "aujourdhui",
	"dmain": "demain", "dem1": "demain", "wkend": "weekend",
	"mercerdi": "mercredi", "vendredis": "vendredi", "mecredi": "mercredi",
}

// vocabByFirst indexes fuzzyVocab by first letter; a typo on the first
// letter is not corrected.
var vocabByFirst = func() (idx [26][]string) {
	for _, w := range fuzzyVocab {
		idx[w[0]-'a'] = append(idx[w[0]-'a'], w)
	}
	return idx
}()

// grammarWords are the other words of the date grammar; they are never
// "corrected" into something else.
var grammarWords = map[string]bool{
	"demain": true, "aujourd": true, "hui": true, "aujourdhui": true, "hier": true, "apres": true, "avant": true,
	"semaine": true, "semaines": true, "prochain": true, "prochaine": true, "heure": true, "heures": true,
	"minutes": true, "minute": true, "matin": true, "matinee": true, "midi": true, "soir": true, "soiree": true,
	"today": true, "tomorrow": true, "tonight": true, "morning": true, "afternoon": true, "evening": true,
	"marche": true, "marcher": true,
}

// oneEdit reports whether a and b are at most one edit apart (insertion,
// deletion, substitution or swap of two adjacent letters).
func oneEdit(a, b string) bool {
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	if lb-la > 1 {
		return false
	}
	i := 0
	for i < la && a[i] == b[i] {
		i++
	}
	if i == la {
		return true // equal, or b has one extra letter at the end
	}
	if la == lb {
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swap
	}
	return a[i:] == b[i+1:] // b has one extra letter
}

// correct returns the vocabulary word w is one typo away from, if exactly
// one such word exists.
func correct(w string) (string, bool) {
	if m, ok := misspellings[w]; ok {
		return m, true
	}
	if len(w) < 5 || w[0] < 'a' || w[0] > 'z' || lexicon[w].flags&(lfKnown|lfStart) != 0 {
		return "", false
	}
	found := ""
	for _, v := range vocabByFirst[w[0]-'a'] {
		if d := len(v) - len(w); d < -1 || d > 1 || !oneEdit(w, v) {
			continue
		}
		switch {
		case found == "" || found == v:
			found = v
		case found+"s" == v: // "heurs": heure or heures, same meaning
		case v+"s" == found:
			found = v
		default:
			return "", false
		}
	}
	return found, found != ""
}

// Lexicon flags.
const (
	lfStart  = 1 << iota // a date matcher may start on the word
	lfConn               // a connector taken along with an expression
	lfFiller             // a hesitation, dropped
	lfKnown              // a word of the grammar, never corrected
)

// lexEntry is everything the grammar needs to know about a word, found
// with one map lookup per token.
type lexEntry struct {
	num   numWord
	ord   int8 // day ordinal ("premier", "third"), 0 if none
	wd    int8 // weekday + 1, 0 if none
	mon   int8 // month, 0 if none
	flags uint8
}

var lexicon = map[string]lexEntry{}

func init() {
	set := func(w string, f func(*lexEntry)) {
		e := lexicon[w]
		f(&e)
		lexicon[w] = e
	}
	for w, n := range numWords {
		set(w, func(e *lexEntry) { e.num = n; e.flags |= lfKnown })
	}
	for w, v := range ordinalWords {
		set(w, func(e *lexEntry) { e.ord = int8(v); e.flags |= lfKnown })
	}
	for w, d := range weekdays {
		set(w, func(e *lexEntry) { e.wd = int8(d) + 1; e.flags |= lfKnown })
	}
	for w, m := range months {
		set(w, func(e *lexEntry) { e.mon = int8(m); e.flags |= lfKnown })
	}
	for w := range grammarWords {
		set(w, func(e *lexEntry) { e.flags |= lfKnown })
	}
	for w := range startWords {
		set(w, func(e *lexEntry) { e.flags |= lfStart })
	}
	for w, ok := range connectors {
		if ok {
			set(w, func(e *lexEntry) { e.flags |= lfConn })
		}
	}
	for w := range fillers {
		set(w, func(e *lexEntry) { e.flags |= lfFiller })
	}
}
