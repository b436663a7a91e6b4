package badgerstore

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
)

func TestBloomHasEveryMark(t *testing.T) {
	m := newMarkFilters()
	f := newMarkFilter()
	const n = 5 * firstSegmentMarks // grows to three segments
	for i := range n {
		f.add(m.hash(key("salon", tagDedupe, fmt.Sprint("SM", i))))
	}
	if segs := len(*f.segs.Load()); segs != 3 {
		t.Errorf("%d segments for %d marks; want 3 (16k, 32k, 64k)", segs, n)
	}
	for i := range n {
		if !f.mayHave(m.hash(key("salon", tagDedupe, fmt.Sprint("SM", i)))) {
			t.Fatalf("mark %d added but not found: a false negative", i)
		}
	}
	fp := 0
	const probes = 100_000
	for i := range probes {
		if f.mayHave(m.hash(key("salon", tagDedupe, fmt.Sprint("other", i)))) {
			fp++
		}
	}
	// Three segments of about 1% each when full.
	if rate := float64(fp) / probes; rate > 0.04 {
		t.Errorf("false positive rate %.2f%%; want about 1-3%%", 100*rate)
	}
}

// markTurn is a turn of its own session deduplicated on id.
func markTurn(biz, id string) (store.TurnKey, store.TurnFunc) {
	k := store.TurnKey{Business: biz, Session: "web:" + id, Dedupe: id}
	return k, func(store.View) (store.Writes, error) {
		return store.Writes{Session: []byte("s"), Reply: []byte("reply to " + id)}, nil
	}
}

func waitFilterReady(t *testing.T, s *Store, biz string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if f := (*s.marks.byID.Load())[biz]; f != nil && f.ready.Load() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("the mark filter of %s is not ready after 10s", biz)
}

// TestMarkFilterAcrossReopen: the marks written before a restart, and the
// ones committed while the filter scans them, are all recognised as
// retries, and fresh ids skip the Badger read once the filter is ready.
func TestMarkFilterAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const before = 3000
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < before; i += 8 {
				k, fn := markTurn("salon", fmt.Sprint("old-", i))
				if _, err := s.Turn(ctx, k, fn); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The first turn starts the scan; turns commit while it runs.
	const during = 500
	for i := range during {
		k, fn := markTurn("salon", fmt.Sprint("new-", i))
		res, err := s.Turn(ctx, k, fn)
		if err != nil || res.Duplicate {
			t.Fatalf("fresh turn %d: %+v, %v", i, res, err)
		}
	}
	waitFilterReady(t, s, "salon")
	check := func(id string) {
		t.Helper()
		k, fn := markTurn("salon", id)
		res, err := s.Turn(ctx, k, func(v store.View) (store.Writes, error) {
			t.Fatalf("retry of %s ran the turn function: its mark was missed", id)
			return fn(v)
		})
		if err != nil || !res.Duplicate || string(res.Reply) != "reply to "+id {
			t.Fatalf("retry of %s: %+v, %v; want the stored reply", id, res, err)
		}
	}
	for i := range before {
		check(fmt.Sprint("old-", i))
	}
	for i := range during {
		check(fmt.Sprint("new-", i))
	}
	if s.markMayExist("salon", key("salon", tagDedupe, "never-seen")) &&
		s.markMayExist("salon", key("salon", tagDedupe, "never-seen-either")) {
		t.Error("the ready filter sends fresh ids to Badger")
	}
	if !s.markMayExist("salon", key("salon", tagDedupe, "old-7")) {
		t.Error("the filter denies a mark it holds")
	}
	// Another business has a filter of its own.
	k, fn := markTurn("garage", "old-7")
	if res, err := s.Turn(ctx, k, fn); err != nil || res.Duplicate {
		t.Errorf("another business's first turn with a known id: %+v, %v; want it fresh", res, err)
	}
}

// TestMarkFilterClose: closing the store while a scan runs stops it.
func TestMarkFilterClose(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	k, fn := markTurn("salon", "SM1")
	if _, err := s.Turn(context.Background(), k, fn); err != nil {
		t.Fatal(err)
	}
	CloseWithin(t, s, "the mark filter's scan did not stop")
	if s.markMayExist("salon2", key("salon2", tagDedupe, "x")) != true {
		t.Error("a closed store denied a mark")
	}
}
