package engine_test

import (
	"os"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/engine/enginetest"
)

func TestProbeTmp(t *testing.T) {
	src, err := os.ReadFile(os.Getenv("PROBE"))
	if err != nil {
		t.Skip()
	}
	e := demoEngine(t)
	var out []string
	for _, block := range strings.Split(string(src), "\n---\n") {
		b, err := enginetest.Replay(e, []byte(block))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	t.Log("\n" + strings.Join(out, "---\n"))
}
