package validate

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// E-mail errors. ParseEmail wraps them with details; test with errors.Is.
var (
	// ErrNoEmail means the text holds no e-mail address at all.
	ErrNoEmail = errors.New("validate: no e-mail address found")
	// ErrInvalidEmail means something like an address was found but it is
	// malformed (no domain, bad characters, no top-level domain).
	ErrInvalidEmail = errors.New("validate: invalid e-mail address")
)

// maxEmailText bounds the text ParseEmail reads; longer texts are cut.
const maxEmailText = 1024

// ParseEmail finds an e-mail address in text and returns it in lower case.
// Typed addresses ("Jean.Dupont@Exemple.fr", "mailto:…") and spoken ones
// are read: "jean point dupont arobase exemple point fr", "jean tiret
// dupont at gmail dot com", "tiret bas"/"underscore", letters spelled one
// by one ("p a u l arobase …").
//
// # Errors
//
// ErrNoEmail when there is no address, ErrInvalidEmail (wrapped, with the
// reason) when the address found is malformed.
func ParseEmail(text string) (string, error) {
	if len(text) > maxEmailText {
		text = text[:maxEmailText]
	}
	if at := strings.IndexByte(text, '@'); at >= 0 {
		lo, hi := at, at+1
		for lo > 0 && emailByte(text[lo-1]) {
			lo--
		}
		for hi < len(text) && emailByte(text[hi]) {
			hi++
		}
		addr := strings.TrimRight(text[lo:hi], ".-")
		addr = strings.ToLower(addr)
		if a := strings.IndexByte(addr, '@'); a >= 0 {
			if k := strings.LastIndexByte(addr[:a], ':'); k >= 0 { // mailto:, email:
				addr = addr[k+1:]
			}
		}
		return checkEmail(addr)
	}
	words := emailWords(text)
	at := -1
	for i, w := range words {
		if w == "@" {
			at = i
			break
		}
	}
	if at < 0 {
		// English "at" only when a dot follows in the domain.
		for i, w := range words {
			if w == "at" && i > 0 && i+2 < len(words) && words[i+2] == "." {
				words[i], at = "@", i
				break
			}
		}
	}
	if at < 0 {
		return "", ErrNoEmail
	}
	left := gather(words, at-1, -1)
	right := gather(words, at+1, 1)
	if left == "" || right == "" {
		return "", fmt.Errorf("%w: missing %s around the @", ErrInvalidEmail, map[bool]string{true: "the name", false: "the domain"}[left == ""])
	}
	return checkEmail(left + "@" + right)
}

func emailByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '-' || c == '_' || c == '+' || c == '%' || c == ':' || c >= 0x80
}

// emailWords splits a spoken address into folded words, with the spoken
// symbols replaced: "@", ".", "-", "_".
func emailWords(text string) []string {
	var toks []string
	for _, f := range strings.Fields(text) {
		f = strings.TrimRight(f, ".,;:!?)")
		for f != "" {
			k := strings.IndexAny(f, ".-_")
			if k < 0 {
				toks = append(toks, strings.Fields(Fold(f))...)
				break
			}
			toks = append(toks, strings.Fields(Fold(f[:k]))...)
			toks = append(toks, f[k:k+1])
			f = f[k+1:]
		}
	}
	out := make([]string, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		w := toks[i]
		if fillers[w] {
			continue
		}
		switch w {
		case "arobase", "arobas", "arrobase", "arobaz", "arrobas", "arobace", "arroba":
			w = "@"
		case "point", "dot":
			w = "."
		case "underscore":
			w = "_"
		case "tiret", "dash", "hyphen", "trait":
			w = "-"
			if i+1 < len(toks) && toks[i+1] == "bas" { // tiret bas
				w, i = "_", i+1
			} else if i+2 < len(toks) && toks[i+1] == "du" && (toks[i+2] == "8" || toks[i+2] == "huit") {
				w, i = "_", i+2
			} else if i+2 < len(toks) && toks[i+1] == "d" && toks[i+2] == "union" { // trait d'union
				w, i = "-", i+2
			}
		case "at":
			// decided by the caller
		}
		out = append(out, w)
	}
	return out
}

// gather reads the address part next to the @: a word, then words or
// spelled letters joined by ".", "-" or "_" (or, for single letters and
// digits, simply following each other). dir is -1 to read leftwards.
func gather(words []string, i, dir int) string {
	var parts []string
	isSep := func(w string) bool { return w == "." || w == "-" || w == "_" }
	short := func(w string) bool { return len(w) == 1 || isDigits(w) }
	expectWord := true
	for ; i >= 0 && i < len(words); i += dir {
		w := words[i]
		if w == "@" {
			break
		}
		if isSep(w) {
			if expectWord {
				break
			}
			parts = append(parts, w)
			expectWord = true
			continue
		}
		if !expectWord {
			// Juxtaposed: only spelled letters and digits glue on.
			last := parts[len(parts)-1]
			if !(short(w) && short(last) || isDigits(w) || isDigits(last)) {
				break
			}
		}
		parts = append(parts, w)
		expectWord = false
	}
	if len(parts) > 0 && isSep(parts[len(parts)-1]) {
		parts = parts[:len(parts)-1]
	}
	if dir < 0 {
		for l, r := 0, len(parts)-1; l < r; l, r = l+1, r-1 {
			parts[l], parts[r] = parts[r], parts[l]
		}
	}
	return strings.Join(parts, "")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkEmail validates a lower-case address.
func checkEmail(addr string) (string, error) {
	if !utf8.ValidString(addr) {
		return "", fmt.Errorf("%w: not valid UTF-8", ErrInvalidEmail)
	}
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return "", fmt.Errorf("%w: %q has no @", ErrInvalidEmail, addr)
	}
	local, domain := addr[:at], addr[at+1:]
	switch {
	case local == "":
		return "", fmt.Errorf("%w: %q has nothing before the @", ErrInvalidEmail, addr)
	case len(local) > 64:
		return "", fmt.Errorf("%w: %q has a name part over 64 characters", ErrInvalidEmail, addr)
	case len(addr) > 254:
		return "", fmt.Errorf("%w: address over 254 characters", ErrInvalidEmail)
	case local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, ".."):
		return "", fmt.Errorf("%w: %q has a misplaced dot before the @", ErrInvalidEmail, addr)
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("._%+-", c) >= 0) {
			return "", fmt.Errorf("%w: %q has a character %q not allowed before the @", ErrInvalidEmail, addr, c)
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return "", fmt.Errorf("%w: %q has no domain with a dot after the @", ErrInvalidEmail, addr)
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", fmt.Errorf("%w: %q has an invalid domain", ErrInvalidEmail, addr)
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", fmt.Errorf("%w: %q has a character %q not allowed in the domain", ErrInvalidEmail, addr, c)
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 || isDigits(tld) || strings.ContainsAny(tld, "0123456789-") {
		return "", fmt.Errorf("%w: %q has no valid top-level domain", ErrInvalidEmail, addr)
	}
	return addr, nil
}
