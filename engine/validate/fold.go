package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldRune maps one rune to its folded form: lower case without diacritics.
// It returns up to two bytes of ASCII in a and b (b is 0 when unused), or
// ok=false when r is not a letter or digit with a known ASCII folding; the
// caller then decides (keep the lowered rune, or treat it as a separator).
func foldRune(r rune) (a, b byte, ok bool) {
	if r < utf8.RuneSelf {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return byte(r), 0, true
		case r >= 'A' && r <= 'Z':
			return byte(r) + 'a' - 'A', 0, true
		}
		return 0, 0, false
	}
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å', 'ā', 'Ā':
		return 'a', 0, true
	case 'ç', 'Ç', 'ć', 'Ć', 'č', 'Č':
		return 'c', 0, true
	case 'è', 'é', 'ê', 'ë', 'È', 'É', 'Ê', 'Ë', 'ē', 'Ē', 'ę', 'Ę', 'ě', 'Ě':
		return 'e', 0, true
	case 'ì', 'í', 'î', 'ï', 'Ì', 'Í', 'Î', 'Ï', 'ī', 'Ī':
		return 'i', 0, true
	case 'ñ', 'Ñ', 'ń', 'Ń':
		return 'n', 0, true
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö', 'Ø', 'ō', 'Ō':
		return 'o', 0, true
	case 'ù', 'ú', 'û', 'ü', 'Ù', 'Ú', 'Û', 'Ü', 'ū', 'Ū':
		return 'u', 0, true
	case 'ý', 'ÿ', 'Ý', 'Ÿ':
		return 'y', 0, true
	case 'œ', 'Œ':
		return 'o', 'e', true
	case 'æ', 'Æ':
		return 'a', 'e', true
	case 'ß':
		return 's', 's', true
	case 'š', 'Š':
		return 's', 0, true
	case 'ž', 'Ž':
		return 'z', 0, true
	case 'ł', 'Ł':
		return 'l', 0, true
	}
	return 0, 0, false
}

// Fold returns s in lower case without diacritics (é→e, ç→c, œ→oe, æ→ae),
// with every character that is neither a letter nor a digit turned into a
// space (so apostrophes and hyphens split words: "l'après-midi" → "l apres
// midi"), and runs of spaces collapsed, without leading or trailing space.
// Letters outside the Latin alphabet are kept, lower-cased.
func Fold(s string) string {
	// Fast path: already folded.
	if isFolded(s) {
		return s
	}
	var buf [256]byte // most texts fit: the string is the one allocation
	return string(AppendFold(buf[:0], s))
}

// AppendFold appends Fold(s) to dst and returns the extended buffer: a
// caller folding into a buffer of its own (on the stack) may look the
// result up in a map without making a string of it.
func AppendFold(dst []byte, s string) []byte {
	start := len(dst)
	space := false // a separator is pending
	for _, r := range s {
		a, b, ok := foldRune(r)
		if !ok {
			if r >= utf8.RuneSelf && unicode.IsLetter(r) || unicode.IsDigit(r) {
				if space && len(dst) > start {
					dst = append(dst, ' ')
				}
				space = false
				dst = utf8.AppendRune(dst, unicode.ToLower(r))
				continue
			}
			space = true
			continue
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, a)
		if b != 0 {
			dst = append(dst, b)
		}
	}
	return dst
}

// isFolded reports whether s is already in the form Fold returns.
func isFolded(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			prevSpace = false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		default:
			return false
		}
	}
	return !prevSpace || len(s) == 0
}

// Tokens returns the words of Fold(s).
func Tokens(s string) []string {
	f := Fold(s)
	if f == "" {
		return nil
	}
	return strings.Fields(f)
}

// Token kinds of the lexer.
const (
	tkWord  = 'w' // letters, folded
	tkNum   = 'n' // ASCII digits
	tkPunct = 'p' // one of ':' '/' '-' '.' (the latter two only between digits), or '@'
)

// token is one lexeme of the input with its byte range in the original text.
type token struct {
	s          string // folded text
	kind       byte
	start, end int  // byte offsets in the original text
	val        int  // numeric value for tkNum (capped at 1e9), else 0
	gap        bool // preceded by a separator (space or dropped punctuation)
	brk        bool // preceded by a sentence mark: , ; . ! ? ( ) …
	bs, be     int  // range of s in the folded buffer (lexer internal)
	lx         lexEntry
}

// lex appends to toks the lexemes of text: folded words, digit runs and a few
// significant punctuation marks. Letters and digits are split apart ("14h30"
// → 14 h 30, "1er" → 1 er). All folded text shares one backing buffer,
// written in a strings.Builder: its string is made without a copy.
func lex(text string, toks []token) []token {
	var buf strings.Builder
	buf.Grow(len(text) + 8)
	first := len(toks)
	var curKind byte
	curStart, curB := 0, 0
	gap, brk := true, false
	emit := func(end int) {
		if curKind == 0 {
			return
		}
		toks = append(toks, token{kind: curKind, start: curStart, end: end, gap: gap, brk: brk, bs: curB, be: buf.Len()})
		gap, brk = false, false
		curKind = 0
	}
	punct := func(i int, c byte) {
		toks = append(toks, token{kind: tkPunct, start: i, end: i + 1, gap: gap, brk: brk, bs: buf.Len(), be: buf.Len() + 1})
		buf.WriteByte(c)
		gap, brk = false, false
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		var kind byte
		a, b, ok := foldRune(r)
		switch {
		case ok && a >= '0' && a <= '9':
			kind = tkNum
		case ok:
			kind = tkWord
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			kind = tkWord
		}
		if kind != 0 {
			if curKind != kind {
				emit(i)
				curKind, curStart, curB = kind, i, buf.Len()
			}
			if ok {
				buf.WriteByte(a)
				if b != 0 {
					buf.WriteByte(b)
				}
			} else {
				buf.WriteRune(unicode.ToLower(r))
			}
			i += size
			continue
		}
		emit(i)
		switch r {
		case ':', '/', '@':
			punct(i, byte(r))
		case '-', '.':
			// Only significant between digits ("03-12-2026", "14.30").
			if n := len(toks); n > first && toks[n-1].kind == tkNum && toks[n-1].end == i &&
				i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' {
				punct(i, byte(r))
			} else {
				gap = true
				brk = brk || r == '.'
			}
		case ',', ';', '!', '?', '(', ')', '…', '\n':
			gap, brk = true, true
		default:
			gap = true
		}
		i += size
	}
	emit(len(text))
	all := buf.String()
	for j := first; j < len(toks); j++ {
		t := &toks[j]
		t.s = all[t.bs:t.be]
		if t.kind == tkWord {
			t.lx = lexicon[t.s]
		}
		if t.kind == tkNum {
			v := 0
			for k := 0; k < len(t.s); k++ {
				if v < 1e9 {
					v = v*10 + int(t.s[k]-'0')
				}
			}
			t.val = v
		}
	}
	return toks
}
