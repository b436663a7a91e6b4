package pluginhost

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
)

// maxLine is the longest line logged as one record; longer output is split.
const maxLine = 4 << 10

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
		w.log.Log(context.Background(), w.level, string(line))
	}
	w.buf = w.buf[:0]
}
