package badgerstore_test

import (
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
	"github.com/accueil-pme/accueil/runtime/store/storetest"
)

// testOptions keeps test stores small: many are open one after the other.
// testOptions keep the log's segments small, so that tests go through its
// checkpoints and recycled segments.
var testOptions = badgerstore.Options{MemTableSize: 8 << 20, LogSegmentSize: 64 << 10}

func open(t testing.TB, dir string, opts badgerstore.Options) *badgerstore.Store {
	t.Helper()
	s, err := badgerstore.Open(dir, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, t.TempDir(), testOptions) })
}

func TestConformanceOneTurnPerTransaction(t *testing.T) {
	if testing.Short() {
		t.Skip("the grouped committer is the default; -short runs only that")
	}
	opts := testOptions
	opts.MaxBatch = 1
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, t.TempDir(), opts) })
}

// TestDedupeRetention: Badger treats a mark as absent once its TTL (whole
// seconds) has passed.
func TestDedupeRetention(t *testing.T) {
	opts := testOptions
	opts.DedupeRetention = time.Second
	s := open(t, t.TempDir(), opts)
	t.Cleanup(func() { s.Close() })
	storetest.DedupeRetention(t, s, func() { time.Sleep(2100 * time.Millisecond) })
}
