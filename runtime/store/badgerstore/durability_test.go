package badgerstore_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
)

var day = time.Date(2030, 3, 4, 0, 0, 0, 0, time.UTC)

// bookTurn books slot n of staff for session, logs an exchange and replies
// with the booking id.
func bookTurn(staff string, n int) (store.TurnKey, store.TurnFunc) {
	id := fmt.Sprintf("%s-%d", staff, n)
	k := store.TurnKey{Business: "salon", Session: "web:" + staff, Dedupe: "m-" + id, Now: day.Add(-time.Hour)}
	start := day.Add(time.Duration(n) * 30 * time.Minute)
	return k, func(v store.View) (store.Writes, error) {
		return store.Writes{
			Session:  []byte(id),
			Exchange: []byte("exchange " + id),
			Reply:    []byte("booked " + id),
			Book: []store.Booking{{
				ID: id, Staff: staff, Start: start, End: start.Add(30 * time.Minute),
				Customer: store.Customer{Phone: "+33600000000"},
			}},
			Records: []store.Record{{Kind: "note", ID: id, Data: []byte(id)}},
		}, nil
	}
}

// checkTurn asserts that the turn of bookTurn(staff, n) is durable. newest
// is the newest turn of staff acknowledged: a retry gets the stored reply
// while the turn's exchange is among the session's last store.ExchangeLog
// (one more turn may have committed unacknowledged), and none once it has
// certainly left the log.
func checkTurn(t *testing.T, s store.Store, staff string, n, newest int) {
	t.Helper()
	k, _ := bookTurn(staff, n)
	res, err := s.Turn(t.Context(), k, func(store.View) (store.Writes, error) {
		return store.Writes{}, errors.New("the turn ran again: its dedupe mark is lost")
	})
	id := fmt.Sprintf("%s-%d", staff, n)
	want := "booked " + id
	switch {
	case n+store.ExchangeLog <= newest:
		want = ""
	case n+store.ExchangeLog == newest+1 && len(res.Reply) == 0:
		want = "" // the unacknowledged turn may have reused the slot
	}
	if err != nil || !res.Duplicate || string(res.Reply) != want {
		t.Errorf("turn %s after reopening: %+v, %v; want Duplicate with reply %q", id, res, err, want)
		return
	}
	bs, err := s.Bookings(t.Context(), "salon", day, day.Add(72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, b := range bs {
		found = found || b.ID == id
	}
	if !found {
		t.Errorf("booking %s lost", id)
	}
	if _, err := s.Record(t.Context(), "salon", "note", id); err != nil {
		t.Errorf("record %s: %v", id, err)
	}
}

func TestRestart(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, testOptions)
	for n := range 10 {
		k, fn := bookTurn("marie", n)
		if _, err := s.Turn(t.Context(), k, fn); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, dir, testOptions)
	defer s.Close()
	for n := range 10 {
		checkTurn(t, s, "marie", n, 9)
	}
	if st, err := s.Session(t.Context(), "salon", "web:marie"); err != nil || string(st) != "marie-9" {
		t.Errorf("session after restart = %q, %v", st, err)
	}
	// The calendar index survived too: the slots are still taken.
	k, fn := bookTurn("marie", 3)
	k.Dedupe = "again"
	k.Session = "web:other"
	other := func(v store.View) (store.Writes, error) {
		w, err := fn(v)
		w.Book[0].ID = "other"
		return w, err
	}
	if _, err := s.Turn(t.Context(), k, other); !errors.Is(err, store.ErrSlotTaken) {
		t.Errorf("booking a taken slot after restart: err = %v, want ErrSlotTaken", err)
	}
}

const (
	crashEnv = "BADGERSTORE_CRASH_DIR"
	// crashNoCheckpointEnv makes the child's log segments large enough
	// that no checkpoint runs: its log then holds every batch.
	crashNoCheckpointEnv = "BADGERSTORE_CRASH_NO_CHECKPOINT"
)

// TestCrashChild is the process TestCrash kills: it commits turns from
// several goroutines and prints each acknowledged one.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("run by TestCrash")
	}
	opts := testOptions
	if os.Getenv(crashNoCheckpointEnv) != "" {
		opts.LogSegmentSize = 256 << 20
	}
	s := open(t, dir, opts)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range 8 {
		staff := fmt.Sprintf("staff%d", w)
		wg.Go(func() {
			for n := 0; ; n++ {
				k, fn := bookTurn(staff, n)
				if _, err := s.Turn(t.Context(), k, fn); err != nil {
					fmt.Fprintf(os.Stderr, "turn %s %d: %v\n", staff, n, err)
					os.Exit(3)
				}
				mu.Lock()
				fmt.Printf("ack %s %d\n", staff, n)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}

// TestCrash kills a process committing turns with SIGKILL and checks that
// every turn it acknowledged is there after reopening. Its log segments are
// small, so checkpoints and recycled segments happen while it runs.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	acks := crashChild(t, dir)
	s := open(t, dir, testOptions)
	defer s.Close()
	newest := newestAcks(acks)
	for _, a := range acks {
		checkTurn(t, s, a.staff, a.n, newest[a.staff])
	}
	t.Logf("%d acknowledged turns survived SIGKILL", len(acks))
}

// TestLogRestoresLostWrites is a power cut in the worst case for Badger:
// every write it had not flushed to a table is lost. Badger writes without
// syncing; the write-ahead log, synced before each batch was acknowledged,
// must bring every acknowledged turn back.
func TestLogRestoresLostWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for _, reopen := range []struct {
		name string
		opts badgerstore.Options
	}{
		{"durable", testOptions},
		// A store reopened without sync still replays what the log holds.
		{"no sync", badgerstore.Options{MemTableSize: 8 << 20, NoSync: true}},
	} {
		t.Run(reopen.name, func(t *testing.T) { testLogRestoresLostWrites(t, reopen.opts) })
	}
}

func testLogRestoresLostWrites(t *testing.T, reopen badgerstore.Options) {
	dir := t.TempDir()
	t.Setenv(crashNoCheckpointEnv, "1")
	acks := crashChild(t, dir)
	// The turns fit in the first memtable: no table was written, and
	// dropping the memtables' logs loses them all from Badger.
	lost, err := filepath.Glob(filepath.Join(dir, "*.mem"))
	if err != nil || len(lost) == 0 {
		t.Fatalf("no memtable log to lose (%v)", err)
	}
	if tables, _ := filepath.Glob(filepath.Join(dir, "*.sst")); len(tables) > 0 {
		t.Fatalf("Badger wrote %d tables: the test would not lose every write", len(tables))
	}
	for _, f := range lost {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	s := open(t, dir, reopen)
	newest := newestAcks(acks)
	for _, a := range acks {
		checkTurn(t, s, a.staff, a.n, newest[a.staff])
	}
	t.Logf("%d acknowledged turns restored from the log", len(acks))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if segs, _ := filepath.Glob(filepath.Join(dir, "wal", "*.wal")); len(segs) > 0 {
		t.Errorf("after a clean close the log still holds %d segments", len(segs))
	}
}

type ack struct {
	staff string
	n     int
}

// newestAcks returns each staff member's newest acknowledged turn.
func newestAcks(acks []ack) map[string]int {
	newest := map[string]int{}
	for _, a := range acks {
		newest[a.staff] = max(newest[a.staff], a.n)
	}
	return newest
}

// crashChild runs TestCrashChild on dir, kills it with SIGKILL once it has
// acknowledged 400 turns, and returns every turn it acknowledged.
func crashChild(t *testing.T, dir string) []ack {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v=false")
	cmd.Env = append(os.Environ(), crashEnv+"="+dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acks []ack
	sc := bufio.NewScanner(out)
	for len(acks) < 400 && sc.Scan() { // in this order: a line scanned is a line parsed
		var a ack
		if _, err := fmt.Sscanf(sc.Text(), "ack %s %d", &a.staff, &a.n); err == nil {
			acks = append(acks, a)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() { // acknowledgements printed before the kill landed
		var a ack
		if _, err := fmt.Sscanf(sc.Text(), "ack %s %d", &a.staff, &a.n); err == nil {
			acks = append(acks, a)
		}
	}
	_ = cmd.Wait()
	if len(acks) < 400 {
		t.Fatalf("child acknowledged %d turns before exiting; stderr:\n%s", len(acks), stderr.String())
	}
	return acks
}

// TestValueLogGC runs the background collection often and checks that Close
// stops it.
func TestValueLogGC(t *testing.T) {
	opts := testOptions
	opts.GCInterval = 5 * time.Millisecond
	s := open(t, t.TempDir(), opts)
	for n := range 20 {
		k, fn := bookTurn("marie", n)
		if _, err := s.Turn(t.Context(), k, fn); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(30 * time.Millisecond)
	badgerstore.CloseWithin(t, s, "the GC loop did not stop")
}

func TestOpenLockedDir(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, testOptions)
	defer s.Close()
	if _, err := badgerstore.Open(dir, testOptions); err == nil {
		t.Fatal("a second Open of the same directory succeeded")
	}
}
