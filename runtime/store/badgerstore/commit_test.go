package badgerstore_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
)

// TestGroupedCommits runs many sessions at once: the committer must merge
// their turns into shared batches, apply each session's turns in order and
// never make a turn run again when nothing conflicts (a turn reads the
// durable state, which holds its session's previous turn).
func TestGroupedCommits(t *testing.T) {
	s := open(t, t.TempDir(), testOptions)
	defer s.Close()
	const sessions, turns = 48, 25
	var wg sync.WaitGroup
	for w := range sessions {
		wg.Go(func() {
			session := "web:" + strconv.Itoa(w)
			for i := range turns {
				k := store.TurnKey{Business: "salon", Session: session, Dedupe: fmt.Sprintf("%d-%d", w, i), Now: day}
				n, err := incrementTurn(t.Context(), s, k)
				if err != nil {
					t.Error(err)
					return
				}
				if n != i {
					t.Errorf("turn %d of %s read count %d", i, session, n)
					return
				}
			}
		})
	}
	wg.Wait()
	for w := range sessions {
		if got := sessionString(t, s, "web:"+strconv.Itoa(w)); got != strconv.Itoa(turns) {
			t.Errorf("session %d = %q, want %d", w, got, turns)
		}
	}
	cs := s.CommitStats()
	batches, requests := cs.Commits, cs.Turns
	if requests != sessions*turns {
		t.Errorf("committed %d requests, want %d", requests, sessions*turns)
	}
	if batches >= requests {
		t.Errorf("%d batches for %d turns: the committer merged nothing", batches, requests)
	}
	if n := s.CommitStats().Retries; n != 0 {
		t.Errorf("%d turns ran again although no two of them conflict", n)
	}
	t.Logf("%d turns in %d batches", requests, batches)
}

// TestViewIsASnapshot commits another session's booking while a turn
// function runs: the function's view keeps showing the state it started
// from, and the turn still commits (it does not conflict with the booking).
func TestViewIsASnapshot(t *testing.T) {
	s := open(t, t.TempDir(), testOptions)
	defer s.Close()
	bk, book := bookTurn("marie", 2)
	from, to := day, day.Add(24*time.Hour)
	var before, after []store.Booking
	k := store.TurnKey{Business: "salon", Session: "web:reader", Dedupe: "read", Now: bk.Now}
	_, err := s.Turn(t.Context(), k, func(v store.View) (store.Writes, error) {
		var err error
		if before, err = v.Bookings(from, to); err != nil {
			return store.Writes{}, err
		}
		if _, err := s.Turn(t.Context(), bk, book); err != nil {
			return store.Writes{}, fmt.Errorf("concurrent booking: %w", err)
		}
		if after, err = v.Bookings(from, to); err != nil {
			return store.Writes{}, err
		}
		return store.Writes{Session: []byte("read"), Reply: []byte("ok")}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 0 || len(after) != 0 {
		t.Errorf("view saw bookings %v then %v, want none: it is not a snapshot", ids(before), ids(after))
	}
	all, err := s.Bookings(t.Context(), "salon", from, to)
	if err != nil || len(all) != 1 {
		t.Errorf("bookings after both turns = %v, %v; want the concurrent one", ids(all), err)
	}
	if n := s.CommitStats().Retries; n != 0 {
		t.Errorf("the reading turn ran %d more times; it conflicts with nothing", n)
	}
}

func sessionString(t *testing.T, s store.Store, session string) string {
	t.Helper()
	st, err := s.Session(t.Context(), "salon", session)
	if err != nil {
		t.Fatalf("session %s: %v", session, err)
	}
	return string(st)
}

func ids(bs []store.Booking) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.ID
	}
	return out
}

// TestPipelineStress races turns that contend for few slots, share dedupe
// keys across sessions and give up at random (short deadlines), through
// many batches, then checks the invariants: no two confirmed bookings
// overlap, a dedupe key commits once, and exactly the turns acknowledged as
// booked left a booking.
func TestPipelineStress(t *testing.T) {
	s := open(t, t.TempDir(), testOptions)
	defer s.Close()
	const workers, rounds, slots = 32, 12, 6
	type outcome struct {
		reply string
		dup   bool
	}
	var (
		mu    sync.Mutex
		acked = map[string]outcome{} // dedupe key → what Turn returned
		wg    sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				slot := (w + r) % slots
				start := day.Add(time.Duration(slot) * time.Hour)
				id := fmt.Sprintf("b%d-%d", w, r)
				k := store.TurnKey{
					Business: "salon", Session: "web:" + strconv.Itoa(w),
					Dedupe: fmt.Sprintf("m%d-%d", w/2, r), // two sessions share each key
					Now:    day.Add(-time.Hour),
				}
				ctx := t.Context()
				if (w+r)%3 == 0 {
					var cancel func()
					ctx, cancel = contextWithTimeout(t, time.Duration(w%4)*200*time.Microsecond)
					defer cancel()
				}
				res, err := s.Turn(ctx, k, func(v store.View) (store.Writes, error) {
					taken, err := v.Bookings(start, start.Add(time.Hour))
					if err != nil {
						return store.Writes{}, err
					}
					if len(taken) > 0 {
						return store.Writes{Session: []byte(id), Reply: []byte("taken")}, nil
					}
					return store.Writes{
						Session: []byte(id), Reply: []byte("booked " + id),
						Book: []store.Booking{{ID: id, Staff: "marie", Start: start, End: start.Add(time.Hour)}},
					}, nil
				})
				if err != nil {
					continue // gave up: whatever it committed must not be acknowledged
				}
				mu.Lock()
				o, ok := acked[k.Dedupe]
				if ok && !res.Duplicate && !o.dup {
					t.Errorf("dedupe key %s committed twice: %q and %q", k.Dedupe, o.reply, res.Reply)
				} else if ok && (res.Duplicate || o.dup) && o.reply != string(res.Reply) {
					t.Errorf("dedupe key %s answered %q and %q", k.Dedupe, o.reply, res.Reply)
				}
				if !ok || !res.Duplicate {
					acked[k.Dedupe] = outcome{reply: string(res.Reply), dup: res.Duplicate}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	all, err := s.Bookings(t.Context(), "salon", day, day.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) > slots {
		t.Errorf("%d bookings for %d slots", len(all), slots)
	}
	seen := map[time.Time]string{}
	for _, b := range all {
		if other, ok := seen[b.Start]; ok {
			t.Errorf("bookings %s and %s overlap", other, b.ID)
		}
		seen[b.Start] = b.ID
	}
	booked := map[string]bool{}
	for _, o := range acked {
		if id, ok := strings.CutPrefix(o.reply, "booked "); ok {
			booked[id] = true
		}
	}
	for _, b := range all {
		if !booked[b.ID] {
			t.Errorf("booking %s is stored but no turn acknowledged it", b.ID)
		}
		delete(booked, b.ID)
	}
	for id := range booked {
		t.Errorf("turn acknowledged booking %s, which is not stored", id)
	}
	cs := s.CommitStats()
	batches, requests := cs.Commits, cs.Turns
	t.Logf("%d bookings; %d requests in %d batches; %d retries", len(all), requests, batches, s.CommitStats().Retries)
}

func contextWithTimeout(t *testing.T, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(t.Context(), d)
}

// incrementTurn runs a turn that adds one to the count kept as the
// session's state, and returns the count it read.
func incrementTurn(ctx context.Context, s *badgerstore.Store, k store.TurnKey) (read int, err error) {
	_, err = s.Turn(ctx, k, func(v store.View) (store.Writes, error) {
		prev, err := v.Session()
		if err != nil {
			return store.Writes{}, err
		}
		read = 0
		if prev != nil {
			if read, err = strconv.Atoi(string(prev)); err != nil {
				return store.Writes{}, err
			}
		}
		return store.Writes{Session: []byte(strconv.Itoa(read + 1)), Reply: []byte("ok")}, nil
	})
	return read, err
}
