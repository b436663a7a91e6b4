package engine_test

import (
	"flag"
	"testing"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/enginetest"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/")

func demoEngine(t testing.TB) *engine.Engine {
	t.Helper()
	e, err := engine.New(business.Demo())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestTranscripts replays the golden conversations of testdata/ with
// their fixed clocks.
func TestTranscripts(t *testing.T) {
	enginetest.Run(t, demoEngine(t), "testdata/*.txt", *update)
}

// TestGarageTranscripts replays testdata/garage/ on a business of another
// trade: what the engine says must fit any business.
func TestGarageTranscripts(t *testing.T) { runBusinessTranscripts(t, "testdata/garage") }

// TestUKTranscripts runs a British barber's conversations: phone numbers
// read in the business's own country.
func TestUKTranscripts(t *testing.T) { runBusinessTranscripts(t, "testdata/uk") }

// TestUSTranscripts runs an American nail studio's conversations: dates
// and times written and read the American way, prices in dollars.
func TestUSTranscripts(t *testing.T) { runBusinessTranscripts(t, "testdata/us") }

// TestDentalTranscripts runs a dental practice's conversations: a trade
// whose words (dentiste, cabinet, Dr …) are not a salon's.
func TestDentalTranscripts(t *testing.T) { runBusinessTranscripts(t, "testdata/dental") }

// runBusinessTranscripts runs the conversations of dir with the business
// of dir/business.yaml.
func runBusinessTranscripts(t *testing.T, dir string) {
	b, err := business.Load(dir + "/business.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(b)
	if err != nil {
		t.Fatal(err)
	}
	enginetest.Run(t, e, dir+"/*.txt", *update)
}
