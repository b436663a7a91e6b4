package yamlhint

import (
	"reflect"
	"regexp"
	"sort"
	"strings"
)

var unknownField = regexp.MustCompile(`unknown field "([^"]*)"`)

// wrongType is a decoder's type error, which names Go types a person need
// not know: "cannot unmarshal string into Go struct field Config.Services
// of type float64".
var wrongType = regexp.MustCompile(`cannot unmarshal (\[\]interface \{\}|map\[string\]interface \{\}|\S+) into Go (?:struct field \S+|value) of type (\S+)`)

// usedWhere is the parser's "string was used where sequence is expected".
var usedWhere = regexp.MustCompile(`(\S+) was used where (sequence|mapping) is expected`)

// definedTwice is the parser's "mapping key "monday" already defined at [16:3]".
var definedTwice = regexp.MustCompile(`mapping key "[^"]*" already defined at \[\d+:\d+\]`)

// typeWords says a Go type as the kind of YAML value it takes.
func typeWords(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.HasPrefix(goType, "map["), strings.Contains(goType, "."):
		return "a mapping (key: value lines)"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "a whole number"
	case goType == "bool":
		return "true or false"
	case goType == "string":
		return "text"
	}
	return "a value of type " + goType
}

// kindWords says what the decoder found.
func kindWords(kind string) string {
	switch kind {
	case "string":
		return "text"
	case "[]interface {}", "array", "sequence":
		return "a list"
	case "map[string]interface {}", "map", "mapping", "object":
		return "a mapping"
	case "number", "int", "float", "float64", "uint64", "int64":
		return "a number"
	case "bool":
		return "true or false"
	}
	return kind
}

// DidYouMean returns "; did you mean "key"?" when err reports an unknown
// field and one of the YAML keys of v's type (at any depth) is within two
// edits of it, and "" otherwise.
func DidYouMean(err error, v any) string {
	if err == nil {
		return ""
	}
	m := unknownField.FindStringSubmatch(err.Error())
	if m == nil {
		return ""
	}
	if k := Nearest(m[1], Keys(v)); k != "" {
		return `; did you mean "` + k + `"?`
	}
	return ""
}

// Keys returns the YAML keys of v's type and of the structs it holds (in
// fields, pointers, slices and map values), sorted, without duplicates.
func Keys(v any) []string {
	seen := map[reflect.Type]bool{}
	set := map[string]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			switch {
			case name == "-":
				continue
			case name == "" && f.Anonymous:
				// inlined: its keys are this level's
			case name == "":
				set[strings.ToLower(f.Name)] = true
			default:
				set[name] = true
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeOf(v))
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Nearest returns the key of keys closest to word, if it is at most two
// edits away (one for words of three letters or fewer), preferring the
// first in order among equals; "" if none is that close.
func Nearest(word string, keys []string) string {
	limit := 2
	if len(word) <= 3 {
		limit = 1
	}
	best, bestD := "", limit+1
	for _, k := range keys {
		if k == word {
			continue
		}
		if d := distance(strings.ToLower(word), k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent bytes.
func distance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// Annotate adds to the first line of msg, a decoder's error as formatted
// for a person (often followed by the source lines), DidYouMean's hint and,
// for any unknown field, where the known keys are written down (keysDoc,
// when not empty).
func Annotate(msg string, err error, v any, keysDoc string) string {
	msg = wrongType.ReplaceAllStringFunc(msg, func(m string) string {
		sub := wrongType.FindStringSubmatch(m)
		return "want " + typeWords(sub[2]) + " here, not " + kindWords(sub[1])
	})
	msg = usedWhere.ReplaceAllStringFunc(msg, func(m string) string {
		sub := usedWhere.FindStringSubmatch(m)
		if sub[2] == "sequence" {
			return "want a list here ([a, b], or one \"- \" line per item), not " + kindWords(sub[1])
		}
		return "want a mapping here (key: value lines), not " + kindWords(sub[1])
	})
	msg = strings.Replace(msg, "found character '\t' that cannot start any token",
		"a tab: YAML indents with spaces only (replace each tab with spaces)", 1)
	if m := definedTwice.FindStringSubmatch(msg); m != nil {
		msg = strings.Replace(msg, m[0], m[0]+": give each key once, or check the indentation above (a key indented under another belongs to it)", 1)
	}
	if err == nil || !unknownField.MatchString(err.Error()) {
		return msg
	}
	h := DidYouMean(err, v)
	if keysDoc != "" {
		h += " (the keys are in " + keysDoc + ")"
	}
	first, rest, found := strings.Cut(msg, "\n")
	if !found {
		return msg + h
	}
	return first + h + "\n" + rest
}
