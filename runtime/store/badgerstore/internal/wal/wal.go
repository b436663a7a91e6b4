package wal

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HeaderSize is the size of a record's header. The first HeaderSize bytes
// of what [Log.Append] is given are the log's: it writes the header there,
// so that a record costs one write without a copy.
const HeaderSize = 8

// DefaultSegmentSize is the size of a segment file unless configured.
const DefaultSegmentSize = 16 << 20

const (
	segmentSuffix = ".wal"
	spareSuffix   = ".spare"
	fillName      = "spare.tmp"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Options configures a Log.
type Options struct {
	// SegmentSize is the size of a segment file in bytes. 0 means
	// DefaultSegmentSize. A record larger than a segment gets a segment
	// of its own, grown to fit.
	SegmentSize int64
	// Checkpoint must make durable every effect of the records applied
	// before it is called. Open calls it after a replay; the log calls it
	// in the background when retired segments pile up (see Horizon), or
	// whenever a segment is full if Horizon is nil. Required.
	Checkpoint func() error
	// Horizon and Persisted, when both set, let the log recycle a segment
	// without forcing a checkpoint, once the caller's own work made its
	// records durable (badgerstore: Badger flushed the memtables that hold
	// them to synced tables). Horizon is called when a segment is retired,
	// after its records were applied, and returns a mark of the caller's
	// state; Persisted reports whether everything applied before that mark
	// is durable. If MaxRetired segments still wait, the log checkpoints.
	Horizon   func() (uint64, error)
	Persisted func(mark uint64) (bool, error)
	// MaxRetired is how many full segments may wait for Persisted before
	// the log checkpoints; 0 means 4.
	MaxRetired int
	// MaxWait is how long a full segment may wait for Persisted before the
	// log checkpoints (with little traffic, the caller's state may take
	// hours to become durable on its own); 0 means 10 s.
	MaxWait time.Duration
	// Logger receives the failures of background work (a checkpoint, the
	// making of a spare segment); nil means slog.Default().
	Logger *slog.Logger
}

// Log is a write-ahead log. Append and Sync are called by one goroutine;
// the log's background work (checkpoints, spare segments) runs beside it.
type Log struct {
	dir        string
	size       int64
	checkpoint func() error
	horizon    func() (uint64, error)
	persisted  func(uint64) (bool, error)
	maxRetired int
	maxWait    time.Duration
	log        *slog.Logger

	// The writer's.
	f   *os.File
	seq uint64
	off int64

	stop chan struct{}
	bg   sync.WaitGroup

	mu            sync.Mutex
	retired       []segment // full segments waiting for a checkpoint, oldest first
	spare         string    // the spare file's name ("" if none): full size, ready to reuse
	filling       bool      // a goroutine is making a spare
	checkpointing bool
	closed        bool
}

type segment struct {
	seq     uint64
	mark    uint64 // the caller's Horizon when it was retired
	lazy    bool   // mark is set: Persisted may tell when it is no longer needed
	retired time.Time
}

func segmentName(seq uint64) string { return fmt.Sprintf("%016x%s", seq, segmentSuffix) }

// spareName names a spare by the newest sequence number whose records it
// may still hold, so that Open never reuses that number.
func spareName(seq uint64) string { return fmt.Sprintf("%016x%s", seq, spareSuffix) }

// Open opens the log in dir, creating it if needed. If segments are left
// from before (the process stopped without Close, or crashed), Open hands
// each of their records' payloads to replay, oldest first, then calls
// opts.Checkpoint and recycles them. A payload is valid only during the
// call.
//
// # Errors
//
// Open fails when dir cannot be created or read, when replay or the
// checkpoint fails (the segments stay for the next Open), or when the first
// segment cannot be created.
func Open(dir string, opts Options, replay func(payload []byte) error) (*Log, error) {
	if opts.Checkpoint == nil {
		return nil, errors.New("wal: Options.Checkpoint is required")
	}
	if opts.SegmentSize <= 0 {
		opts.SegmentSize = DefaultSegmentSize
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxRetired <= 0 {
		opts.MaxRetired = 4
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = 10 * time.Second
	}
	l := &Log{
		dir: dir, size: opts.SegmentSize, checkpoint: opts.Checkpoint, log: opts.Logger,
		maxRetired: opts.MaxRetired,
		maxWait:    opts.MaxWait,
		stop:       make(chan struct{}),
	}
	if opts.Horizon != nil && opts.Persisted != nil {
		l.horizon, l.persisted = opts.Horizon, opts.Persisted
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("wal: %w", err)
	}
	segs, err := l.scan()
	if err != nil {
		return nil, err
	}
	for _, s := range segs {
		l.seq = max(l.seq, s.seq)
		if err := l.replaySegment(s.seq, replay); err != nil {
			return nil, err
		}
	}
	if len(segs) > 0 {
		if err := l.checkpoint(); err != nil {
			return nil, fmt.Errorf("wal: checkpoint after replay: %w", err)
		}
		if err := l.recycle(segs); err != nil {
			return nil, err
		}
	}
	if err := l.next(); err != nil {
		return nil, err
	}
	return l, nil
}

// scan lists the segments on disk, oldest first, finds the spare, removes
// what an interrupted spare making left, and sets l.seq past every number
// in use.
func (l *Log) scan() ([]segment, error) {
	entries, err := os.ReadDir(l.dir)
	if err != nil {
		return nil, fmt.Errorf("wal: %w", err)
	}
	var segs []segment
	for _, e := range entries {
		name := e.Name()
		if name == fillName {
			if err := os.Remove(filepath.Join(l.dir, name)); err != nil {
				return nil, fmt.Errorf("wal: %w", err)
			}
			continue
		}
		base, suffix, ok := strings.Cut(name, ".")
		if !ok || len(base) != 16 {
			continue
		}
		seq, err := strconv.ParseUint(base, 16, 64)
		if err != nil {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("wal: %w", err)
		}
		switch "." + suffix {
		case segmentSuffix:
			segs = append(segs, segment{seq: seq})
			l.seq = max(l.seq, seq)
		case spareSuffix:
			l.seq = max(l.seq, seq)
			if l.spare == "" && info.Size() == l.size {
				l.spare = name
			} else if err := os.Remove(filepath.Join(l.dir, name)); err != nil {
				return nil, fmt.Errorf("wal: %w", err)
			}
		}
	}
	slices.SortFunc(segs, func(a, b segment) int { return cmp.Compare(a.seq, b.seq) })
	return segs, nil
}

func (l *Log) replaySegment(seq uint64, replay func([]byte) error) error {
	name := segmentName(seq)
	data, err := os.ReadFile(filepath.Join(l.dir, name))
	if err != nil {
		return fmt.Errorf("wal: %w", err)
	}
	return Records(data, seq, func(off int, payload []byte) error {
		if err := replay(payload); err != nil {
			return fmt.Errorf("wal: replay %s at offset %d: %w", name, off, err)
		}
		return nil
	})
}

// Records calls fn with each record of a segment's content, in order, and
// stops at the first record whose header or checksum does not hold (the end
// of what was written to the segment under seq).
func Records(data []byte, seq uint64, fn func(off int, payload []byte) error) error {
	for off := 0; len(data)-off >= HeaderSize; {
		n := int(binary.LittleEndian.Uint32(data[off:]))
		if n == 0 || n > len(data)-off-HeaderSize {
			return nil
		}
		payload := data[off+HeaderSize : off+HeaderSize+n]
		if binary.LittleEndian.Uint32(data[off+4:]) != checksum(seq, payload) {
			return nil
		}
		if err := fn(off, payload); err != nil {
			return err
		}
		off += HeaderSize + n
	}
	return nil
}

func checksum(seq uint64, payload []byte) uint32 {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seq)
	return crc32.Update(crc32.Update(0, castagnoli, b[:]), castagnoli, payload)
}

// Append writes a record whose payload is rec[HeaderSize:]; it overwrites
// rec[:HeaderSize] with the header. The record is durable only after Sync.
// The caller must have applied the effects of every earlier record: when a
// segment is full, Append retires it and the checkpoint that follows
// counts on them.
func (l *Log) Append(rec []byte) error {
	if len(rec) <= HeaderSize {
		return errors.New("wal: empty record")
	}
	payload := rec[HeaderSize:]
	if uint64(len(payload)) > 1<<32-1 {
		return fmt.Errorf("wal: record of %d bytes is too large", len(payload))
	}
	if l.f == nil || l.off > 0 && l.off+int64(len(rec)) > l.size {
		// Full, or a rotation that failed half-way (retried here).
		if err := l.rotate(); err != nil {
			return err
		}
	}
	binary.LittleEndian.PutUint32(rec, uint32(len(payload)))
	binary.LittleEndian.PutUint32(rec[4:], checksum(l.seq, payload))
	if _, err := l.f.WriteAt(rec, l.off); err != nil {
		return fmt.Errorf("wal: append to %s: %w", segmentName(l.seq), err)
	}
	l.off += int64(len(rec))
	return nil
}

// Sync makes every record appended so far durable.
func (l *Log) Sync() error {
	if err := datasync(l.f); err != nil {
		return fmt.Errorf("wal: sync %s: %w", segmentName(l.seq), err)
	}
	return nil
}

// rotate retires the current segment and moves to the next. It may be
// called again after it failed: a segment retired is not retired twice, and
// a next segment that could not be opened is opened then.
func (l *Log) rotate() error {
	if l.f == nil {
		if err := l.next(); err != nil {
			return err
		}
		l.startCheckpoint()
		return nil
	}
	if err := datasync(l.f); err != nil {
		return fmt.Errorf("wal: sync %s: %w", segmentName(l.seq), err)
	}
	// Synced: a failure to close loses nothing.
	if err := l.f.Close(); err != nil {
		l.log.Warn("wal: close a retired segment", "segment", segmentName(l.seq), "err", err)
	}
	l.f = nil
	seg := segment{seq: l.seq, retired: time.Now()}
	if l.horizon != nil {
		mark, err := l.horizon()
		if err != nil {
			l.log.Warn("wal: cannot mark a retired segment; it will wait for a checkpoint", "err", err)
		} else {
			seg.mark, seg.lazy = mark, true
		}
	}
	l.mu.Lock()
	l.retired = append(l.retired, seg)
	l.mu.Unlock()
	if err := l.next(); err != nil {
		return err
	}
	l.startCheckpoint()
	return nil
}

// next opens segment l.seq+1: the spare if there is one, else a new file
// (which grows as it is written, each sync then also writing metadata)
// while a spare is made in the background.
func (l *Log) next() error {
	seq := l.seq + 1
	path := filepath.Join(l.dir, segmentName(seq))
	l.mu.Lock()
	spare := l.spare
	l.spare = ""
	l.mu.Unlock()
	var f *os.File
	var err error
	if spare != "" {
		if err = os.Rename(filepath.Join(l.dir, spare), path); err == nil {
			f, err = os.OpenFile(path, os.O_RDWR, 0)
		}
	} else {
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			// Made by an attempt that failed later (its directory sync):
			// nothing in it counts, its records' checksums carry seq.
			f, err = os.OpenFile(path, os.O_RDWR, 0)
		}
	}
	if err == nil {
		// The segment's name must be durable before a record in it counts.
		err = syncDir(l.dir)
	}
	if err != nil {
		if f != nil {
			f.Close()
		}
		return fmt.Errorf("wal: open %s: %w", segmentName(seq), err)
	}
	l.f, l.seq, l.off = f, seq, 0
	if spare == "" {
		l.startFill()
	}
	return nil
}

// startCheckpoint starts the goroutine that recycles retired segments,
// unless it runs.
func (l *Log) startCheckpoint() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.checkpointing || l.closed || len(l.retired) == 0 {
		return
	}
	l.checkpointing = true
	l.bg.Add(1)
	go l.recycleRetired()
}

// lazyPoll is how often recycleRetired asks Persisted about waiting
// segments.
const lazyPoll = 20 * time.Millisecond

// recycleRetired recycles the retired segments as soon as their records
// are durable elsewhere: when Persisted says so, or after a checkpoint
// (at once without Horizon, or once MaxRetired segments wait, or the
// oldest waited MaxWait).
func (l *Log) recycleRetired() {
	defer l.bg.Done()
	for {
		l.mu.Lock()
		segs := slices.Clone(l.retired)
		if len(segs) == 0 || l.closed {
			l.checkpointing = false
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
		n, err := l.persistedPrefix(segs)
		if err != nil {
			l.log.Warn("wal: cannot tell whether retired segments are still needed; checkpointing", "err", err)
			n, err = 0, nil
			segs[0].lazy = false
		}
		if n == 0 && (!segs[0].lazy || len(segs) >= l.maxRetired || time.Since(segs[0].retired) >= l.maxWait) {
			if err = l.checkpoint(); err == nil {
				n = len(segs)
			}
		}
		if err == nil && n > 0 {
			err = l.recycle(segs[:n])
		}
		if err != nil {
			// The segments stay; the next rotation tries again.
			l.log.Error("wal: checkpoint failed; the log keeps its segments", "err", err)
			l.mu.Lock()
			l.checkpointing = false
			l.mu.Unlock()
			return
		}
		if n > 0 {
			l.mu.Lock()
			l.retired = l.retired[n:]
			l.mu.Unlock()
			continue
		}
		select {
		case <-l.stop:
			l.mu.Lock()
			l.checkpointing = false
			l.mu.Unlock()
			return
		case <-time.After(lazyPoll):
		}
	}
}

// persistedPrefix returns how many of the oldest segs Persisted reports
// durable.
func (l *Log) persistedPrefix(segs []segment) (int, error) {
	n := 0
	for _, s := range segs {
		if !s.lazy {
			break
		}
		ok, err := l.persisted(s.mark)
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		n++
	}
	return n, nil
}

// recycle drops segments whose records are durable elsewhere, oldest first:
// the first full-size one becomes the spare if there is none, the others
// are removed.
func (l *Log) recycle(segs []segment) error {
	for _, s := range segs {
		path := filepath.Join(l.dir, segmentName(s.seq))
		l.mu.Lock()
		keep := l.spare == ""
		l.mu.Unlock()
		if keep {
			if err := padTo(path, l.size); err != nil {
				keep = false
				l.log.Warn("wal: cannot keep a segment as the spare", "err", err)
			}
		}
		if keep {
			name := spareName(s.seq)
			if err := os.Rename(path, filepath.Join(l.dir, name)); err != nil {
				return fmt.Errorf("wal: recycle %s: %w", segmentName(s.seq), err)
			}
			l.mu.Lock()
			if l.spare == "" {
				l.spare, name = name, ""
			}
			l.mu.Unlock()
			if name == "" {
				continue
			}
			path = filepath.Join(l.dir, name) // a spare was made meanwhile
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("wal: remove %s: %w", filepath.Base(path), err)
		}
	}
	if err := syncDir(l.dir); err != nil {
		return fmt.Errorf("wal: %w", err)
	}
	return nil
}

// padTo writes zeros from the end of the file at path up to size and syncs
// it, so that later writes below size change no metadata.
func padTo(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if info.Size() >= size {
		return nil
	}
	if err := writeZeros(f, info.Size(), size, nil); err != nil {
		return err
	}
	return datasync(f)
}

// startFill makes a spare segment in the background, unless one is being
// made.
func (l *Log) startFill() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.filling || l.closed || l.spare != "" {
		return
	}
	l.filling = true
	l.bg.Add(1)
	go func() {
		defer l.bg.Done()
		err := l.fill()
		l.mu.Lock()
		l.filling = false
		l.mu.Unlock()
		if err != nil && !errors.Is(err, errStopped) {
			l.log.Warn("wal: cannot prepare a spare segment; syncs cost more until one is recycled", "err", err)
		}
	}()
}

var errStopped = errors.New("wal: stopped")

func (l *Log) fill() (err error) {
	tmp := filepath.Join(l.dir, fillName)
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := writeZeros(f, 0, l.size, l.stop); err != nil {
		return err
	}
	if err := datasync(f); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.spare != "" || l.closed {
		return errors.Join(errStopped, os.Remove(tmp))
	}
	// A zero-filled file holds no record of any sequence number.
	name := spareName(0)
	if err := os.Rename(tmp, filepath.Join(l.dir, name)); err != nil {
		return err
	}
	l.spare = name
	return nil
}

// zeros is what writeZeros writes, a chunk at a time.
var zeros [256 << 10]byte

func writeZeros(f *os.File, from, to int64, stop <-chan struct{}) error {
	for off := from; off < to; {
		select {
		case <-stop:
			return errStopped
		default:
		}
		n := int(min(int64(len(zeros)), to-off))
		if _, err := f.WriteAt(zeros[:n], off); err != nil {
			return err
		}
		off += int64(n)
	}
	return nil
}

// Close stops the background work, syncs and closes the current segment,
// then calls closeState, which must make the effects of every record
// durable (badgerstore closes Badger). If it succeeds, the segments are no
// longer needed and are recycled; otherwise they stay for the next Open to
// replay. Close returns closeState's error.
func (l *Log) Close(closeState func() error) error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return errors.New("wal: already closed")
	}
	l.closed = true
	l.mu.Unlock()
	close(l.stop)
	l.bg.Wait()
	var errs []error
	if l.f != nil { // nil after a rotation that could not open the next segment
		if err := datasync(l.f); err != nil {
			errs = append(errs, fmt.Errorf("wal: sync %s: %w", segmentName(l.seq), err))
		}
		if err := l.f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("wal: close %s: %w", segmentName(l.seq), err))
		}
	}
	if err := closeState(); err != nil {
		return errors.Join(append([]error{err}, errs...)...)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	l.mu.Lock()
	segs := append(l.retired, segment{seq: l.seq})
	l.retired = nil
	l.mu.Unlock()
	return l.recycle(segs)
}
