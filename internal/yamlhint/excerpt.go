package yamlhint

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
)

// excerptContext is how many lines of the file an excerpt shows on each
// side of the line it points at.
const excerptContext = 3

// Excerpt returns the lines of data around line (1-based), the line itself
// marked with ">" and a caret under column col, as the decoder shows them:
//
//	   9 |   address:
//	> 10 |   fr: "1 rue"
//	         ^
//	  11 |   en: "1 street"
//
// It returns "" when line is not a line of data.
func Excerpt(data []byte, line, col int) string {
	lines := strings.Split(string(data), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1] // the final newline ends a line, it does not start one
	}
	if line < 1 || line > len(lines) {
		return ""
	}
	first, last := max(1, line-excerptContext), min(len(lines), line+excerptContext)
	width := len(strconv.Itoa(last))
	var b strings.Builder
	for n := first; n <= last; n++ {
		mark := "  "
		if n == line {
			mark = "> "
		}
		fmt.Fprintf(&b, "%s%*d | %s\n", mark, width, n, strings.TrimRight(lines[n-1], "\r"))
		if n == line && col >= 1 {
			b.WriteString(strings.Repeat(" ", 2+width+3+col-1) + "^\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Format words a decoder's error for a person: "[line:col] message" with
// Annotate's hints, then the lines of data around that place. The
// decoder's own excerpt is not used: it is rebuilt from the parsed tokens
// and may show a line that is not in the file (a " null" where a key has
// no value).
func Format(data []byte, err error, v any, keysDoc string) string {
	msg := Annotate(yaml.FormatError(err, false, false), err, v, keysDoc)
	var yerr yaml.Error
	if errors.As(err, &yerr) {
		if tok := yerr.GetToken(); tok != nil && tok.Position != nil {
			if ex := Excerpt(data, tok.Position.Line, tok.Position.Column); ex != "" {
				msg += "\n" + ex
			}
		}
	}
	return msg
}

// position is the "[line:col] " an error message starts with.
var position = regexp.MustCompile(`^\[(\d+):(\d+)\] `)

// Position returns the line and column an error message starts with
// ("[4:11] timezone: …"), or 0, 0 when it does not start with one.
func Position(msg string) (line, col int) {
	m := position.FindStringSubmatch(msg)
	if m == nil {
		return 0, 0
	}
	line, _ = strconv.Atoi(m[1])
	col, _ = strconv.Atoi(m[2])
	return line, col
}

// Sort joins the problems of errs (each error, or each of those joined in
// it) in the file's order: by the line and column their message starts
// with, those without a place last, in the order given.
func Sort(errs ...error) error {
	var flat []error
	for _, err := range errs {
		if err == nil {
			continue
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			flat = append(flat, j.Unwrap()...)
		} else {
			flat = append(flat, err)
		}
	}
	SortMessages(flat, func(e error) string { return e.Error() })
	return errors.Join(flat...)
}

// SortMessages sorts items in the file's order of their messages, as Sort
// does.
func SortMessages[T any](items []T, msg func(T) string) {
	slices.SortStableFunc(items, func(a, b T) int {
		la, ca := Position(msg(a))
		lb, cb := Position(msg(b))
		if (la == 0) != (lb == 0) {
			if la == 0 {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(la, lb), cmp.Compare(ca, cb))
	})
}
