package yamlhint_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/accueil-pme/accueil/internal/yamlhint"
)

func TestExcerpt(t *testing.T) {
	data := []byte("a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\n")
	for _, tc := range []struct {
		name      string
		line, col int
		want      string
	}{
		{"middle", 5, 4, "  2 | b: 2\n  3 | c: 3\n  4 | d: 4\n> 5 | e: 5\n         ^\n  6 | f: 6\n  7 | g: 7\n  8 | h: 8"},
		{"first line", 1, 1, "> 1 | a: 1\n      ^\n  2 | b: 2\n  3 | c: 3\n  4 | d: 4"},
		{"last line, two digits", 10, 4, "   7 | g: 7\n   8 | h: 8\n   9 | i: 9\n> 10 | j: 10\n          ^"},
		{"past the end", 11, 1, ""},
		{"no line", 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := yamlhint.Excerpt(data, tc.line, tc.col); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// The decoder's own excerpt of a duplicate key after a key with no value
// shows " null" for that key's line; Format shows the file's lines.
func TestFormatShowsTheFileLines(t *testing.T) {
	data := []byte("greeting:\n  fr: Bonjour\n  address:\n  fr: ici\n")
	var v map[string]map[string]string
	err := yaml.Unmarshal(data, &v)
	if err == nil {
		t.Fatal("a duplicate key was accepted")
	}
	got := yamlhint.Format(data, err, v, "")
	want := "[4:3] mapping key \"fr\" already defined at [2:3]: give each key once, or check the indentation above (a key indented under another belongs to it)\n  1 | greeting:\n  2 |   fr: Bonjour\n  3 |   address:\n> 4 |   fr: ici\n        ^"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(got, "null") {
		t.Errorf("a line that is not in the file: %s", got)
	}
}

func TestSort(t *testing.T) {
	got := yamlhint.Sort(
		errors.Join(errors.New("[3:1] c"), errors.New("no place")),
		errors.New("[63:5] z"),
		nil,
		errors.Join(errors.New("[4:11] d"), errors.New("[3:2] c2")),
		errors.New("[10:1] e\n   9 | multi-line"),
	).Error()
	want := "[3:1] c\n[3:2] c2\n[4:11] d\n[10:1] e\n   9 | multi-line\n[63:5] z\nno place"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if yamlhint.Sort() != nil || yamlhint.Sort(nil) != nil {
		t.Error("no problems gave an error")
	}
}
