package pluginhost

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
)

// maxLine is the longest line logged as one record; longer output is split.
const maxLine = 4 << 10

// maxTrace is the most of a crash report (a Go panic's traceback, every
// goroutine of a fatal error) kept in its one log record.
const maxTrace = 8 << 10

// lineWriter turns a guest's stdout or stderr into log records, one per line.
type lineWriter struct {
	log   *slog.Logger
	level slog.Level
	mu    sync.Mutex
	buf   []byte
	// oom is set when a line says the guest ran out of memory (Go's
	// "fatal error: out of memory", Rust's "memory allocation of N bytes
	// failed"); the instance clears it before each call.
	oom atomic.Bool
	// A crash report ("panic: …", "fatal error: …" and the traceback after
	// it) is gathered into trace and logged as one record when the call
	// ends (endCall), rather than a record per line; crash is its first
	// line, at is its first frame in the plugin's own code ("main.go:68"),
	// alloc Go's "cannot allocate N-byte block" when there is one.
	trace            []byte
	crash, at, alloc string
	// starting is set while the instance starts; a line then written that
	// another instance of the plugin wrote while starting is logged at
	// DEBUG (startLines holds them).
	starting   atomic.Bool
	startLines *sync.Map
}

func (w *lineWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(b)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			w.buf = append(w.buf, b...)
			if len(w.buf) >= maxLine {
				w.emit()
			}
			break
		}
		w.buf = append(w.buf, b[:i]...)
		w.emit()
		b = b[i+1:]
	}
	return n, nil
}

func (w *lineWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.emit()
	}
}

func (w *lineWriter) emit() {
	if line := bytes.TrimRight(w.buf, "\r"); len(line) > 0 {
		if bytes.Contains(line, []byte("out of memory")) || (bytes.HasPrefix(line, []byte("memory allocation of ")) && bytes.HasSuffix(line, []byte(" failed"))) {
			w.oom.Store(true)
		}
		if i := bytes.Index(line, []byte("cannot allocate ")); i >= 0 && w.alloc == "" {
			w.alloc, _, _ = strings.Cut(string(line[i+len("cannot allocate "):]), " ")
		}
		switch {
		case w.trace == nil && (bytes.HasPrefix(line, []byte("panic: ")) || bytes.HasPrefix(line, []byte("fatal error: "))):
			w.crash = string(line)
			w.trace = append(make([]byte, 0, 1024), line...)
		case w.trace != nil:
			if w.at == "" && bytes.HasPrefix(line, []byte("\t")) && !bytes.Contains(line, []byte("/src/runtime/")) &&
				!bytes.Contains(line, []byte("/accueil/sdk/")) && bytes.Contains(line, []byte(".go:")) {
				// "\t/home/me/acme/main.go:68 +0x1d": the plugin's own line.
				f := strings.Fields(string(line))[0]
				w.at = f[strings.LastIndexByte(f, '/')+1:]
			}
			if len(w.trace) < maxTrace {
				w.trace = append(append(w.trace, '\n'), line...)
			}
		case w.starting.Load() && w.startLines != nil:
			level := w.level
			if _, seen := w.startLines.LoadOrStore(string(line), true); seen {
				level = slog.LevelDebug // said by the first instance already
			}
			w.log.Log(context.Background(), level, string(line))
		default:
			w.log.Log(context.Background(), w.level, string(line))
		}
	}
	w.buf = w.buf[:0]
}

// endCall logs the crash report gathered during a call, as one record, and
// returns its first line and the plugin's line it names (both "" when the
// call wrote none), and the size of a failed allocation.
func (w *lineWriter) endCall() (crash, at, alloc string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.emit()
	}
	crash, at, alloc = w.crash, w.at, w.alloc
	if w.trace != nil {
		w.log.Log(context.Background(), w.level, "guest crash report", "report", string(w.trace))
	}
	w.trace, w.crash, w.at, w.alloc = nil, "", "", ""
	return crash, at, alloc
}
