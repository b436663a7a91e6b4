package yamlhint_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/internal/yamlhint"
)

type duration struct{ time.Duration }

func (d *duration) UnmarshalText(b []byte) error { return nil }

type file struct {
	Name     string            `yaml:"name"`
	Timeout  duration          `yaml:"timeout"`
	Labels   map[string]string `yaml:"labels"`
	Services []struct {
		ID    string            `yaml:"id"`
		Names map[string]string `yaml:"names"`
	} `yaml:"services"`
	Inner struct {
		Depth int `yaml:"depth"`
	} `yaml:"inner"`
}

// Every unknown key is found, in document order, with its place and the
// nearest known key; map keys and custom scalars are not checked.
func TestUnknownKeys(t *testing.T) {
	doc := `nme: x
timeout: 5s
labels:
  anything: goes
services:
  - id: a
    nams: {fr: b}
  - id: c
    extra: 1
inner:
  depht: 2
`
	got := yamlhint.UnknownKeys([]byte(doc), &file{})
	var lines []string
	for _, u := range got {
		lines = append(lines, u.String())
	}
	want := []string{
		`[1:1] nme: unknown field "nme"; did you mean "name"?`,
		`[7:5] services[0].nams: unknown field "nams"; did you mean "names"?`,
		`[9:5] services[1].extra: unknown field "extra"`,
		`[11:3] inner.depht: unknown field "depht"; did you mean "depth"?`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if got := yamlhint.UnknownKeys([]byte("name: ok\n"), &file{}); len(got) != 0 {
		t.Errorf("a clean document: %v", got)
	}
	if got := yamlhint.UnknownKeys([]byte("name: [unclosed\n"), &file{}); len(got) != 0 {
		t.Errorf("a document that does not parse: %v (the decoder reports it)", got)
	}
}
