package yamlhint

import (
	"errors"
	"testing"
)

type admin struct {
	Token string `yaml:"token"`
}

type config struct {
	Addr       string            `yaml:"addr"`
	PublicURL  string            `yaml:"public_url"`
	Admin      admin             `yaml:"admin"`
	Plugins    map[string]string `yaml:"plugins"`
	Hours      []day             `yaml:"hours,omitempty"`
	Ignored    string            `yaml:"-"`
	unexported string
}

type day struct {
	Open string `yaml:"open"`
}

func TestKeys(t *testing.T) {
	got := Keys(config{})
	want := []string{"addr", "admin", "hours", "open", "plugins", "public_url", "token"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	for _, tc := range []struct{ err, want string }{
		{`[1:1] unknown field "adr"`, `; did you mean "addr"?`},
		{`[2:3] unknown field "tokn"`, `; did you mean "token"?`},
		{`[1:1] unknown field "publicurl"`, `; did you mean "public_url"?`},
		{`[1:1] unknown field "ADDR"`, `; did you mean "addr"?`},
		{`[1:1] unknown field "adimn"`, `; did you mean "admin"?`},
		{`[1:1] unknown field "server"`, ``},
		{`[1:1] unknown field "op"`, ``},
		{`cannot unmarshal string into Go struct field`, ``},
	} {
		if got := DidYouMean(errors.New(tc.err), &config{}); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.err, got, tc.want)
		}
	}
	if DidYouMean(nil, config{}) != "" {
		t.Error("a nil error has no hint")
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"a", "", 1}, {"addr", "adr", 1}, {"admin", "adimn", 1},
		{"token", "tokn", 1}, {"abc", "cba", 2}, {"kitten", "sitting", 3},
	} {
		if got := distance(tc.a, tc.b); got != tc.d {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
		if got := distance(tc.b, tc.a); got != tc.d {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.b, tc.a, got, tc.d)
		}
	}
}

func TestAnnotate(t *testing.T) {
	err := errors.New(`[1:1] unknown field "adr"`)
	got := Annotate("[1:1] unknown field \"adr\"\n>  1 | adr: x\n       ^", err, config{}, "docs/configuration.md")
	want := "[1:1] unknown field \"adr\"; did you mean \"addr\"? (the keys are in docs/configuration.md)\n>  1 | adr: x\n       ^"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	far := errors.New(`[1:1] unknown field "server"`)
	if got := Annotate("one line", far, config{}, "docs/configuration.md"); got != "one line (the keys are in docs/configuration.md)" {
		t.Errorf("got %q", got)
	}
	if got := Annotate("one line", err, config{}, ""); got != `one line; did you mean "addr"?` {
		t.Errorf("got %q", got)
	}
	if got := Annotate("untouched", errors.New("other"), config{}, "docs/configuration.md"); got != "untouched" {
		t.Errorf("got %q", got)
	}
}

func TestAnnotateSaysTypesInWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"[58:12] cannot unmarshal string into Go struct field Config.Services of type float64", "[58:12] want a number here, not text"},
		{"[3:7] cannot unmarshal string into Go struct field Config.MaxBodyBytes of type int", "[3:7] want a whole number here, not text"},
		{"[2:1] cannot unmarshal []interface {} into Go value of type string", "[2:1] want text here, not a list"},
	} {
		if got := Annotate(tc.in, errors.New(tc.in), struct{}{}, ""); got != tc.want {
			t.Errorf("Annotate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestAnnotateParserWords: the parser's words for a list or mapping
// expected, a tab and a key given twice become what to do.
func TestAnnotateParserWords(t *testing.T) {
	for in, want := range map[string]string{
		"[4:12] string was used where sequence is expected":       `[4:12] want a list here ([a, b], or one "- " line per item), not text`,
		"[2:3] string was used where mapping is expected":         "[2:3] want a mapping here (key: value lines), not text",
		"[16:1] found character '\t' that cannot start any token": "[16:1] a tab: YAML indents with spaces only (replace each tab with spaces)",
	} {
		if got := Annotate(in, nil, nil, ""); got != want {
			t.Errorf("Annotate(%q) = %q, want %q", in, got, want)
		}
	}
}
