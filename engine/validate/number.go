package validate

// Number words, French and English. Classes drive the small grammar in
// below100, below1000 and parseNumberAt.
const (
	nwUnit     = iota + 1 // 0–9
	nwTeen                // 10–19 (French "dix"–"seize", English "ten"–"nineteen")
	nwTens                // 20, 30, … 90
	nwHundred             // cent, hundred
	nwThousand            // mille, thousand
)

type numWord struct {
	val   int
	class uint8
}

var numWords = map[string]numWord{
	// French
	"zero": {0, nwUnit}, "un": {1, nwUnit}, "une": {1, nwUnit}, "deux": {2, nwUnit},
	"trois": {3, nwUnit}, "quatre": {4, nwUnit}, "cinq": {5, nwUnit}, "six": {6, nwUnit},
	"sept": {7, nwUnit}, "huit": {8, nwUnit}, "neuf": {9, nwUnit},
	"dix": {10, nwTeen}, "onze": {11, nwTeen}, "douze": {12, nwTeen}, "treize": {13, nwTeen},
	"quatorze": {14, nwTeen}, "quinze": {15, nwTeen}, "seize": {16, nwTeen},
	"vingt": {20, nwTens}, "vingts": {20, nwTens}, "trente": {30, nwTens}, "quarante": {40, nwTens},
	"cinquante": {50, nwTens}, "soixante": {60, nwTens}, "septante": {70, nwTens},
	"huitante": {80, nwTens}, "octante": {80, nwTens}, "nonante": {90, nwTens},
	"cent": {100, nwHundred}, "cents": {100, nwHundred},
	"mille": {1000, nwThousand}, "mil": {1000, nwThousand},
	// English
	"one": {1, nwUnit}, "two": {2, nwUnit}, "three": {3, nwUnit}, "four": {4, nwUnit},
	"five": {5, nwUnit}, "seven": {7, nwUnit}, "eight": {8, nwUnit}, "nine": {9, nwUnit},
	"ten": {10, nwTeen}, "eleven": {11, nwTeen}, "twelve": {12, nwTeen}, "thirteen": {13, nwTeen},
	"fourteen": {14, nwTeen}, "fifteen": {15, nwTeen}, "sixteen": {16, nwTeen},
	"seventeen": {17, nwTeen}, "eighteen": {18, nwTeen}, "nineteen": {19, nwTeen},
	"twenty": {20, nwTens}, "thirty": {30, nwTens}, "forty": {40, nwTens}, "fifty": {50, nwTens},
	"sixty": {60, nwTens}, "seventy": {70, nwTens}, "eighty": {80, nwTens}, "ninety": {90, nwTens},
	"hundred": {100, nwHundred}, "thousand": {1000, nwThousand},
}

// ordinalWords are day ordinals in words ("premier", "third", "twenty first"
// is tens + ordinal unit).
var ordinalWords = map[string]int{
	"premier": 1, "premiere": 1, "first": 1, "second": 2, "deuxieme": 2, "third": 3, "troisieme": 3,
	"fourth": 4, "quatrieme": 4, "fifth": 5, "cinquieme": 5, "sixth": 6, "sixieme": 6,
	"seventh": 7, "septieme": 7, "eighth": 8, "huitieme": 8, "ninth": 9, "neuvieme": 9,
	"tenth": 10, "dixieme": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
	"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "thirtieth": 30,
}

func wordAt(toks []token, i int) (numWord, bool) {
	if i >= len(toks) || toks[i].kind != tkWord || toks[i].lx.num.class == 0 {
		return numWord{}, false
	}
	return toks[i].lx.num, true
}

func isWordAt(toks []token, i int, s string) bool {
	return i < len(toks) && toks[i].kind == tkWord && toks[i].s == s
}

// below100 parses a number from 0 to 99 in words at toks[i]; n is the
// number of tokens used (0 when there is none).
func below100(toks []token, i int) (v, n int) {
	w, ok := wordAt(toks, i)
	if !ok {
		return 0, 0
	}
	switch w.class {
	case nwUnit:
		// "quatre vingt(s)" = 80, then an optional 1–19.
		if w.val == 4 && (isWordAt(toks, i+1, "vingt") || isWordAt(toks, i+1, "vingts")) {
			v, n = 80, 2
			if isWordAt(toks, i+n, "et") { // tolerated: "quatre-vingt et un"
				if u, ok := wordAt(toks, i+n+1); ok && u.val == 1 && u.class == nwUnit {
					return 81, n + 2
				}
			}
			if r, m := below20(toks, i+n); m > 0 && r > 0 {
				return v + r, n + m
			}
			return v, n
		}
		return w.val, 1
	case nwTeen:
		return below20(toks, i)
	case nwTens:
		v, n = w.val, 1
		if isWordAt(toks, i+1, "et") || isWordAt(toks, i+1, "and") {
			if u, ok := wordAt(toks, i+2); ok && (u.val == 1 || u.val == 11) && (u.class == nwUnit || u.class == nwTeen) {
				if u.val == 11 && v != 60 {
					return v, n
				}
				return v + u.val, 3
			}
			return v, n
		}
		if v == 60 { // soixante-dix … soixante-dix-neuf
			if r, m := below20(toks, i+1); m > 0 && r >= 10 {
				return v + r, 1 + m
			}
		}
		if u, ok := wordAt(toks, i+1); ok && u.class == nwUnit && u.val > 0 {
			return v + u.val, 2
		}
		return v, n
	}
	return 0, 0
}

// below20 parses 0–19 in words: a unit, a teen, or "dix" + 7/8/9.
func below20(toks []token, i int) (v, n int) {
	w, ok := wordAt(toks, i)
	if !ok {
		return 0, 0
	}
	switch w.class {
	case nwUnit:
		if w.val == 4 && (isWordAt(toks, i+1, "vingt") || isWordAt(toks, i+1, "vingts")) {
			return 0, 0
		}
		return w.val, 1
	case nwTeen:
		if w.val == 10 && toks[i].s == "dix" {
			if u, ok := wordAt(toks, i+1); ok && u.class == nwUnit && u.val >= 7 {
				return 10 + u.val, 2
			}
		}
		return w.val, 1
	}
	return 0, 0
}

// below1000 parses 0–999 in words.
func below1000(toks []token, i int) (v, n int) {
	// "cent …", "deux cent(s) …", "one hundred (and) …"
	mult, m := 1, 0
	if w, ok := wordAt(toks, i); ok && w.class == nwUnit && w.val > 1 {
		if h, ok := wordAt(toks, i+1); ok && h.class == nwHundred {
			mult, m = w.val, 1
		}
	} else if ok && w.class == nwUnit && w.val == 1 && toks[i].s == "one" {
		if h, ok := wordAt(toks, i+1); ok && h.class == nwHundred {
			mult, m = 1, 1
		}
	}
	if h, ok := wordAt(toks, i+m); ok && h.class == nwHundred {
		v, n = mult*100, m+1
		j := i + n
		if isWordAt(toks, j, "and") {
			if r, k := below100(toks, j+1); k > 0 {
				return v + r, n + 1 + k
			}
			return v, n
		}
		if r, k := below100(toks, j); k > 0 {
			return v + r, n + k
		}
		return v, n
	}
	return below100(toks, i)
}

// numberWordsAt parses a number in words (0–999 999) at toks[i].
func numberWordsAt(toks []token, i int) (v, n int) {
	v, n = below1000(toks, i)
	if t, ok := wordAt(toks, i+n); ok && t.class == nwThousand && (n == 0 || v > 1 || toks[i].s == "one") {
		if n == 0 {
			v = 1
		}
		v *= 1000
		n++
		if isWordAt(toks, i+n, "and") {
			if r, k := below1000(toks, i+n+1); k > 0 {
				return v + r, n + 1 + k
			}
			return v, n
		}
		if r, k := below1000(toks, i+n); k > 0 {
			return v + r, n + k
		}
	}
	return v, n
}

// numberAt parses a number at toks[i], in digits (one run) or in words.
func numberAt(toks []token, i int) (v, n int) {
	if i < len(toks) && toks[i].kind == tkNum {
		return toks[i].val, 1
	}
	return numberWordsAt(toks, i)
}

// ParseNumber reads a whole text as one non-negative whole number, in
// digits ("14") or in French or English words ("quatorze", "vingt et un",
// "quatre-vingt-dix", "deux mille vingt-sept", "twenty one"). Hesitations
// ("euh", "um") are ignored. It returns ok=false when the text holds
// anything else or no number at all.
func ParseNumber(text string) (n int, ok bool) {
	var arr [16]token
	toks := dropFillers(lex(text, arr[:0]))
	if len(toks) == 0 {
		return 0, false
	}
	v, used := numberAt(toks, 0)
	if used == 0 || used != len(toks) {
		return 0, false
	}
	if toks[0].kind == tkNum && len(toks[0].s) > 9 {
		return 0, false // beyond what we read as a quantity
	}
	return v, true
}

// fillers are hesitations dropped before parsing.
var fillers = map[string]bool{
	"euh": true, "heu": true, "euuh": true, "euhh": true, "bah": true, "ben": true, "hum": true, "hmm": true,
	"um": true, "uh": true, "umm": true, "uhm": true, "erm": true, "mmh": true, "hein": true,
}

// dropFillers removes hesitation words in place, keeping order.
func dropFillers(toks []token) []token {
	out := toks[:0]
	for _, t := range toks {
		if t.kind == tkWord && t.lx.flags&lfFiller != 0 {
			continue
		}
		out = append(out, t)
	}
	return out
}
