package business

import (
	"os"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/examples"
	"github.com/accueil-pme/accueil/internal/yamlhint"
)

// TestEveryKeyIsDocumented: docs/business.md, the reference of the file,
// names every key the decoder accepts.
func TestEveryKeyIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/business.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range yamlhint.Keys(Config{}) {
		if !strings.Contains(string(doc), "`"+k+"`") {
			t.Errorf("docs/business.md does not document the key %q", k)
		}
	}
}

// TestUnknownKeySuggestsTheNearest: a misspelt key is refused with the key
// the owner most likely meant.
func TestUnknownKeySuggestsTheNearest(t *testing.T) {
	src := strings.Replace(string(examples.SalonLumiere), "\naddress:", "\nadress:", 1)
	_, err := Parse([]byte(src))
	if err == nil || !strings.Contains(err.Error(), `unknown field "adress"; did you mean "address"?`) {
		t.Fatalf("got %v", err)
	}
}
