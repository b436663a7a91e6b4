package pluginhost_test

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/runtime/pluginhost/plugintest"
)

// Test guests written in WAT; see the build command at the top of each .wat.
//
//go:embed testdata/wat/*.wasm
var watFS embed.FS

func watModule(t testing.TB, name string) []byte {
	t.Helper()
	b, err := watFS.ReadFile("testdata/wat/" + name + ".wasm")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cacheDir is a compilation cache shared by tests and test runs, so the Go
// guest compiles once.
var (
	cacheOnce sync.Once
	cacheDir  string
)

// logBuffer collects JSON log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// Records returns the decoded log records.
func (l *logBuffer) Records() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var recs []map[string]any
	for line := range strings.SplitSeq(l.buf.String(), "\n") {
		if line == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err == nil {
			recs = append(recs, r)
		}
	}
	return recs
}

func newHost(t testing.TB) (*pluginhost.Host, *logBuffer) {
	t.Helper()
	cacheOnce.Do(func() { cacheDir = plugintest.CompilationCacheDir(t) })
	logs := &logBuffer{}
	h, err := pluginhost.New(t.Context(), pluginhost.Config{
		CacheDir: cacheDir,
		Logger:   slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := h.Close(context.Background()); err != nil {
			t.Errorf("close host: %v", err)
		}
	})
	return h, logs
}

// writePlugin writes module and a manifest built from m into a new
// directory and returns the manifest's path.
func writePlugin(t testing.TB, dir string, module []byte, m pluginhost.Manifest) string {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if m.Module == "" {
		m.Module = m.Name + ".wasm"
	}
	if m.ABIVersion == 0 {
		m.ABIVersion = 2
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, m.Module), module, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, pluginhost.ManifestFile)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// echoPlugin builds the Go echo guest and returns a manifest for it in a
// fresh directory, edited by edit.
func echoPlugin(t testing.TB, edit func(*pluginhost.Manifest)) string {
	t.Helper()
	built := plugintest.Build(t, "testdata/echo")
	m, err := pluginhost.ReadManifest(built)
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := os.ReadFile(filepath.Join(filepath.Dir(built), m.Module))
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(&m)
	}
	return writePlugin(t, "", wasm, m)
}

// eventually polls cond until it holds or 10 s pass.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
