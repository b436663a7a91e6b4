package badgerstore_test

import (
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
)

// TestSessionCacheNeverServesStaleState counts turns in each session's
// state while sessions share a cache far too small for them (so entries
// are evicted and refilled all the time), two workers contend for each
// session, and the store is reopened halfway: a stale read anywhere would
// lose an increment.
func TestSessionCacheNeverServesStaleState(t *testing.T) {
	for _, cache := range []int64{-1, 600, 1 << 20} {
		t.Run(fmt.Sprintf("cache=%d", cache), func(t *testing.T) {
			dir := t.TempDir()
			opts := testOptions
			opts.SessionCacheBytes = cache
			const sessions, workersPerSession, turns = 12, 2, 15
			for round := range 2 {
				s := open(t, dir, opts)
				var wg sync.WaitGroup
				for w := range sessions * workersPerSession {
					wg.Go(func() {
						session := "web:" + strconv.Itoa(w%sessions)
						for i := range turns {
							k := store.TurnKey{
								Business: "salon", Session: session,
								Dedupe: fmt.Sprintf("%d-%d-%d", round, w, i), Now: day,
							}
							if _, err := incrementTurn(t.Context(), s, k); err != nil {
								t.Errorf("turn %s: %v", k.Dedupe, err)
								return
							}
						}
					})
				}
				wg.Wait()
				want := strconv.Itoa((round + 1) * workersPerSession * turns)
				for i := range sessions {
					got, err := s.Session(t.Context(), "salon", "web:"+strconv.Itoa(i))
					if err != nil {
						t.Fatal(err)
					}
					if string(got) != want {
						t.Errorf("round %d: session web:%d counted %s turns, want %s", round, i, got, want)
					}
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// The returned session is the caller's to modify.
func TestSessionIsACopy(t *testing.T) {
	s := open(t, t.TempDir(), badgerstore.Options{MemTableSize: 8 << 20})
	defer s.Close()
	k := store.TurnKey{Business: "salon", Session: "web:1", Dedupe: "m1", Now: day}
	if _, err := s.Turn(t.Context(), k, func(store.View) (store.Writes, error) {
		return store.Writes{Session: []byte("state"), Reply: []byte("ok")}, nil
	}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Session(t.Context(), "salon", "web:1")
	if err != nil {
		t.Fatal(err)
	}
	copy(got, "XXXXX")
	again, err := s.Session(t.Context(), "salon", "web:1")
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != "state" {
		t.Errorf("Session after the caller modified its copy = %q, want %q", again, "state")
	}
}
