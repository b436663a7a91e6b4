package wal_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store/badgerstore/internal/wal"
)

// record returns a record for Append whose payload is "record <n>" padded
// to about size bytes.
func record(n, size int) []byte {
	p := fmt.Sprintf("record %d ", n)
	p += strings.Repeat("x", max(0, size-len(p)))
	return append(make([]byte, wal.HeaderSize), p...)
}

func payload(rec []byte) string { return string(rec[wal.HeaderSize:]) }

type harness struct {
	t           *testing.T
	dir         string
	checkpoints atomic.Int64
	failCheck   atomic.Bool
}

func newHarness(t *testing.T) *harness { return &harness{t: t, dir: t.TempDir()} }

func (h *harness) options(segment int64) wal.Options {
	return wal.Options{SegmentSize: segment, Checkpoint: func() error {
		if h.failCheck.Load() {
			return errors.New("disk on fire")
		}
		h.checkpoints.Add(1)
		return nil
	}}
}

// open opens the log and returns the payloads it replayed.
func (h *harness) open(segment int64) (*wal.Log, []string) {
	h.t.Helper()
	var replayed []string
	l, err := wal.Open(h.dir, h.options(segment), func(p []byte) error {
		replayed = append(replayed, string(p))
		return nil
	})
	if err != nil {
		h.t.Fatalf("Open: %v", err)
	}
	return l, replayed
}

func (h *harness) files() []string {
	h.t.Helper()
	entries, err := os.ReadDir(h.dir)
	if err != nil {
		h.t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func appendAll(t *testing.T, l *wal.Log, from, to, size int) []string {
	t.Helper()
	var out []string
	for n := from; n < to; n++ {
		rec := record(n, size)
		if err := l.Append(rec); err != nil {
			t.Fatalf("Append %d: %v", n, err)
		}
		if err := l.Sync(); err != nil {
			t.Fatalf("Sync %d: %v", n, err)
		}
		out = append(out, payload(rec))
	}
	return out
}

// isSuffix reports whether got is a non-empty suffix of want.
func isSuffix(got, want []string) bool {
	return len(got) > 0 && len(got) <= len(want) && slices.Equal(got, want[len(want)-len(got):])
}

func TestCrashReplaysWhatNoCheckpointCovers(t *testing.T) {
	h := newHarness(t)
	l, replayed := h.open(4 << 10)
	if len(replayed) != 0 {
		t.Fatalf("a new log replayed %d records", len(replayed))
	}
	want := appendAll(t, l, 0, 300, 100) // ~30 KiB: seven segments or so
	l.Idle()
	if h.checkpoints.Load() == 0 {
		t.Fatal("no checkpoint ran although segments filled")
	}
	l.Abandon()
	if n := len(h.files()); n > 3 {
		t.Errorf("the log kept %d files (%v); want the current segment and a spare", n, h.files())
	}
	l, replayed = h.open(4 << 10)
	defer l.Close(func() error { return nil })
	// Every checkpointed segment was recycled: only the records of the last
	// segment come back, and never a stale record of a recycled file.
	if !isSuffix(replayed, want) || len(replayed) > 4<<10/100 {
		t.Fatalf("replayed %d records, want the last segment's (at most %d), in order; first: %.20q",
			len(replayed), 4<<10/100, replayed[:min(1, len(replayed))])
	}
}

func TestFailedCheckpointKeepsSegments(t *testing.T) {
	h := newHarness(t)
	l, _ := h.open(4 << 10)
	h.failCheck.Store(true)
	want := appendAll(t, l, 0, 200, 100)
	l.Idle()
	l.Abandon()
	h.failCheck.Store(false)
	l, replayed := h.open(4 << 10)
	if !slices.Equal(replayed, want) {
		t.Fatalf("replayed %d records, want all %d: the checkpoints failed", len(replayed), len(want))
	}
	if h.checkpoints.Load() != 1 {
		t.Errorf("Open ran %d checkpoints after its replay, want 1", h.checkpoints.Load())
	}
	// The replay was checkpointed: the next crash replays only what follows.
	more := appendAll(t, l, 200, 210, 100)
	l.Idle()
	l.Abandon()
	l, replayed = h.open(4 << 10)
	defer l.Close(func() error { return nil })
	if !isSuffix(replayed, more) || len(replayed) != len(more) {
		t.Fatalf("second replay: %d records, want the %d appended after the first", len(replayed), len(more))
	}
}

func TestTornTail(t *testing.T) {
	h := newHarness(t)
	l, _ := h.open(1 << 20)
	want := appendAll(t, l, 0, 10, 50)
	l.Abandon()
	seg := ""
	for _, f := range h.files() {
		if strings.HasSuffix(f, ".wal") {
			seg = filepath.Join(h.dir, f)
		}
	}
	data, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	// A crash tore the last record: its last byte never reached the disk.
	end := bytes.LastIndex(data, []byte("record 9 "))
	if end < 0 {
		t.Fatal("last record not found")
	}
	data[end+49] ^= 0xff
	if err := os.WriteFile(seg, data, 0o600); err != nil {
		t.Fatal(err)
	}
	l, replayed := h.open(1 << 20)
	defer l.Close(func() error { return nil })
	if !slices.Equal(replayed, want[:9]) {
		t.Fatalf("replayed %d records, want the 9 before the torn one", len(replayed))
	}
}

func TestCloseDropsRecordsOnlyIfStateIsDurable(t *testing.T) {
	h := newHarness(t)
	l, _ := h.open(4 << 10)
	want := appendAll(t, l, 0, 20, 100)
	if err := l.Close(func() error { return errors.New("cannot flush") }); err == nil || !strings.Contains(err.Error(), "cannot flush") {
		t.Fatalf("Close = %v, want closeState's error", err)
	}
	l, replayed := h.open(4 << 10)
	if !isSuffix(replayed, want) {
		t.Fatalf("after a failed close: replayed %d records, want the last segment's", len(replayed))
	}
	appendAll(t, l, 20, 25, 100)
	if err := l.Close(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	l, replayed = h.open(4 << 10)
	defer l.Close(func() error { return nil })
	if len(replayed) != 0 {
		t.Fatalf("after a clean close: replayed %d records, want none", len(replayed))
	}
}

func TestReplayErrorKeepsSegments(t *testing.T) {
	h := newHarness(t)
	l, _ := h.open(4 << 10)
	want := appendAll(t, l, 0, 5, 100)
	l.Abandon()
	_, err := wal.Open(h.dir, h.options(4<<10), func([]byte) error { return errors.New("bad record") })
	if err == nil || !strings.Contains(err.Error(), "bad record") || !strings.Contains(err.Error(), "offset 0") {
		t.Fatalf("Open = %v, want the replay error with where it happened", err)
	}
	l, replayed := h.open(4 << 10)
	defer l.Close(func() error { return nil })
	if !slices.Equal(replayed, want) {
		t.Fatalf("replayed %d records after a failed Open, want %d", len(replayed), len(want))
	}
}

func TestLargeRecord(t *testing.T) {
	h := newHarness(t)
	l, _ := h.open(4 << 10)
	want := appendAll(t, l, 0, 3, 100)
	want = append(want, appendAll(t, l, 3, 4, 10<<10)...) // larger than a segment
	want = append(want, appendAll(t, l, 4, 6, 100)...)
	l.Abandon()
	l, replayed := h.open(4 << 10)
	defer l.Close(func() error { return nil })
	if !isSuffix(replayed, want) || len(replayed) < 2 {
		t.Fatalf("replayed %d records, want a suffix of the %d appended", len(replayed), len(want))
	}
}

func TestAppendRejectsEmptyRecord(t *testing.T) {
	h := newHarness(t)
	l, _ := h.open(0)
	defer l.Close(func() error { return nil })
	if err := l.Append(make([]byte, wal.HeaderSize)); err == nil {
		t.Fatal("Append of an empty record succeeded")
	}
}

func TestOpenRequiresCheckpoint(t *testing.T) {
	if _, err := wal.Open(t.TempDir(), wal.Options{}, func([]byte) error { return nil }); err == nil {
		t.Fatal("Open without Checkpoint succeeded")
	}
}

// FuzzRecords reads arbitrary segment contents: it never panics, and the
// records it returns lie inside the data.
func FuzzRecords(f *testing.F) {
	f.Add([]byte{}, uint64(1))
	f.Add(make([]byte, 64), uint64(1))
	f.Add([]byte{4, 0, 0, 0, 1, 2, 3, 4, 'a', 'b', 'c', 'd'}, uint64(7))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}, uint64(2))
	f.Fuzz(func(t *testing.T, data []byte, seq uint64) {
		total := 0
		err := wal.Records(data, seq, func(off int, p []byte) error {
			if off < total || off+wal.HeaderSize+len(p) > len(data) {
				t.Fatalf("record at %d (%d bytes) outside the data (%d bytes)", off, len(p), len(data))
			}
			total = off + wal.HeaderSize + len(p)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// lazyHarness is a caller whose state becomes durable on its own: marks
// count the records applied, and flushed says up to which mark they are
// durable.
type lazyHarness struct {
	*harness
	applied, flushed atomic.Uint64
}

func (h *lazyHarness) options(segment int64, maxRetired int) wal.Options {
	o := h.harness.options(segment)
	o.MaxWait = time.Hour
	o.Horizon = func() (uint64, error) { return h.applied.Load(), nil }
	o.Persisted = func(mark uint64) (bool, error) { return mark <= h.flushed.Load(), nil }
	o.MaxRetired = maxRetired
	return o
}

func (h *lazyHarness) append(l *wal.Log, from, to int) {
	h.t.Helper()
	for n := from; n < to; n++ {
		if err := l.Append(record(n, 100)); err != nil {
			h.t.Fatal(err)
		}
		if err := l.Sync(); err != nil {
			h.t.Fatal(err)
		}
		h.applied.Add(1)
	}
}

func (h *lazyHarness) segments() int {
	n := 0
	for _, f := range h.files() {
		if strings.HasSuffix(f, ".wal") {
			n++
		}
	}
	return n
}

// eventually waits up to 5 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("after 5 s: %s", what)
}

func TestLazyRecyclingWaitsForTheCaller(t *testing.T) {
	h := &lazyHarness{harness: newHarness(t)}
	l, err := wal.Open(h.dir, h.options(4<<10, 100), func([]byte) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close(func() error { return nil })
	h.append(l, 0, 150) // ~15 KiB: three segments retired or so
	time.Sleep(100 * time.Millisecond)
	if n := h.segments(); n < 3 {
		t.Fatalf("%d segments on disk; the retired ones must wait until the caller's state is durable", n)
	}
	h.flushed.Store(h.applied.Load())
	eventually(t, "retired segments recycled once Persisted says so", func() bool { return h.segments() == 1 })
	if n := h.checkpoints.Load(); n != 0 {
		t.Errorf("%d checkpoints ran; Persisted made them needless", n)
	}
}

func TestLazyRecyclingCheckpointsWhenSegmentsPileUp(t *testing.T) {
	h := &lazyHarness{harness: newHarness(t)}
	l, err := wal.Open(h.dir, h.options(4<<10, 2), func([]byte) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close(func() error { return nil })
	h.append(l, 0, 150) // the caller never flushes
	eventually(t, "a checkpoint once two segments wait", func() bool { return h.checkpoints.Load() > 0 })
	eventually(t, "segments recycled after the checkpoint", func() bool { return h.segments() <= 2 })
}

func TestLazyRecyclingSurvivesACrash(t *testing.T) {
	h := &lazyHarness{harness: newHarness(t)}
	l, err := wal.Open(h.dir, h.options(4<<10, 100), func([]byte) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for n := range 150 {
		want = append(want, payload(record(n, 100)))
	}
	h.append(l, 0, 150)
	l.Abandon() // nothing was flushed: every record must come back
	var replayed []string
	l, err = wal.Open(h.dir, h.options(4<<10, 100), func(p []byte) error {
		replayed = append(replayed, string(p))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close(func() error { return nil })
	if !slices.Equal(replayed, want) {
		t.Fatalf("replayed %d records, want all %d: none was durable elsewhere", len(replayed), len(want))
	}
}

func TestLazyRecyclingCheckpointsAfterMaxWait(t *testing.T) {
	h := &lazyHarness{harness: newHarness(t)}
	o := h.options(4<<10, 100)
	o.MaxWait = 50 * time.Millisecond
	l, err := wal.Open(h.dir, o, func([]byte) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close(func() error { return nil })
	h.append(l, 0, 60) // one segment retired; the caller never flushes
	eventually(t, "a checkpoint once the retired segment waited MaxWait", func() bool { return h.checkpoints.Load() > 0 })
	eventually(t, "the segment recycled after the checkpoint", func() bool { return h.segments() == 1 })
}
