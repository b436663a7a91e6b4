package pluginhost_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/sdk/abi"
)

func tck(mods ...func(*pluginhost.Manifest)) pluginhost.Manifest {
	m := pluginhost.Manifest{Name: "tck", TimeoutMS: 2000, Pool: pluginhost.PoolSize{Min: 1, Max: 2}}
	for _, f := range mods {
		f(&m)
	}
	return m
}

func loadTCK(t *testing.T, mods ...func(*pluginhost.Manifest)) *pluginhost.Plugin {
	t.Helper()
	h, _ := newHost(t)
	p, err := h.Load(t.Context(), writePlugin(t, "", watModule(t, "tck"), tck(mods...)), nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// do runs accueil_parse with a request whose Method selects the tck guest's behaviour.
func do(ctx context.Context, p *pluginhost.Plugin, method string) error {
	_, err := p.Parse(ctx, &abi.Request{Method: method, Path: "/api/tck/webhook"})
	return err
}

func trusted(m *pluginhost.Manifest) { m.Trusted = true }

func modes(t *testing.T, fn func(t *testing.T, mod func(*pluginhost.Manifest))) {
	t.Run("interruptible", func(t *testing.T) { fn(t, func(*pluginhost.Manifest) {}) })
	t.Run("trusted", func(t *testing.T) { fn(t, trusted) })
}

func TestLoadRefusesBadPlugins(t *testing.T) {
	tckWasm := watModule(t, "tck")
	sum := sha256.Sum256(tckWasm)
	tests := []struct {
		name     string
		module   []byte
		manifest pluginhost.Manifest
		settings map[string]string
		want     []string
	}{
		{
			name:     "missing export and wrong signature",
			module:   watModule(t, "missing"),
			manifest: tck(),
			want: []string{
				`pluginhost: plugin "tck": missing export accueil_render`,
				`pluginhost: plugin "tck": export accueil_alloc has signature () -> (i32), want (i32) -> (i32)`,
			},
		},
		{
			name:     "built as a command",
			module:   watModule(t, "command"),
			manifest: tck(),
			want:     []string{`pluginhost: plugin "tck": the module is a WASI command (it exports _start), not a reactor: build it with GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared`},
		},
		{
			name:     "wrong ABI version",
			module:   watModule(t, "abi1"),
			manifest: tck(),
			want:     []string{`pluginhost: plugin "tck": ABI version 1, host speaks 2`},
		},
		{
			name:     "init error",
			module:   watModule(t, "initerr"),
			manifest: tck(),
			want:     []string{`pluginhost: plugin "tck": accueil_init: auth_token is required`},
		},
		{
			name:     "initial memory over the cap",
			module:   watModule(t, "bigmem"),
			manifest: tck(func(m *pluginhost.Manifest) { m.MemoryPages = 10 }),
			want:     []string{`pluginhost: plugin "tck": compile tck.wasm:`, "over limit of 10 pages"},
		},
		{
			name:     "sha256 mismatch",
			module:   tckWasm,
			manifest: tck(func(m *pluginhost.Manifest) { m.SHA256 = strings.Repeat("ab", 32) }),
			want:     []string{"has sha256 " + hex.EncodeToString(sum[:]) + ", the manifest pins abab"},
		},
		{
			name:     "unknown setting",
			module:   tckWasm,
			manifest: tck(func(m *pluginhost.Manifest) { m.Settings = []string{"auth_token"} }),
			settings: map[string]string{"auth_tokn": "x", "auth_token": "y"},
			want:     []string{`pluginhost: plugin "tck": unknown settings auth_tokn (did you mean auth_token?); the manifest lists auth_token`},
		},
		{
			name:     "not wasm",
			module:   []byte("\x7fELF definitely not wasm"),
			manifest: tck(),
			want:     []string{`pluginhost: plugin "tck": tck.wasm is not a WebAssembly module`, "GOOS=wasip1"},
		},
		{
			name:     "foreign import",
			module:   watModule(t, "foreign"),
			manifest: tck(),
			want:     []string{`pluginhost: plugin "tck": imports env.foo: a plugin may import only wasi_snapshot_preview1 and accueil`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newHost(t)
			p, err := h.Load(t.Context(), writePlugin(t, "", tt.module, tt.manifest), tt.settings)
			if err == nil {
				p.Close(t.Context())
				t.Fatal("Load succeeded; want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadMissingManifestAndModule(t *testing.T) {
	h, _ := newHost(t)
	if _, err := h.Load(t.Context(), filepath.Join(t.TempDir(), "manifest.json"), nil); err == nil ||
		!strings.Contains(err.Error(), "pluginhost: read manifest") {
		t.Errorf("missing manifest: err = %v", err)
	}
	path := writePlugin(t, "", watModule(t, "tck"), tck())
	os.Remove(filepath.Join(filepath.Dir(path), "tck.wasm"))
	if _, err := h.Load(t.Context(), path, nil); err == nil ||
		!strings.Contains(err.Error(), `pluginhost: plugin "tck": read module`) {
		t.Errorf("missing module: err = %v", err)
	}
}

func TestSHA256PinAccepted(t *testing.T) {
	wasm := watModule(t, "tck")
	sum := sha256.Sum256(wasm)
	h, _ := newHost(t)
	m := tck(func(m *pluginhost.Manifest) { m.SHA256 = strings.ToUpper(hex.EncodeToString(sum[:])) })
	if _, err := h.Load(t.Context(), writePlugin(t, "", wasm, m), nil); err != nil {
		t.Fatal(err)
	}
}

func TestNoopCall(t *testing.T) {
	modes(t, func(t *testing.T, mod func(*pluginhost.Manifest)) {
		p := loadTCK(t, mod)
		res, err := p.Parse(t.Context(), &abi.Request{Path: "/"})
		if err != nil || len(res.Events) != 0 || res.Reject != nil {
			t.Fatalf("Parse = %+v, %v; want an empty result", res, err)
		}
		resp, err := p.Render(t.Context(), &abi.RenderInput{})
		if err != nil || resp.Status != 0 || len(resp.Body) != 0 {
			t.Fatalf("Render = %+v, %v; want an empty response", resp, err)
		}
		if s := p.Stats(); s.Calls != 2 || s.Traps+s.Timeouts+s.Recycled+s.GuestErrors != 0 || s.Instances != 1 {
			t.Errorf("Stats = %+v", s)
		}
	})
}

// TestRenderStatusChecked: a Response whose status HTTP cannot carry (42)
// is the guest's error, answered with the fallback; the instance is kept.
func TestRenderStatusChecked(t *testing.T) {
	p := loadTCK(t)
	_, err := p.Render(t.Context(), &abi.RenderInput{Request: abi.Request{Method: "Q"}})
	if !errors.Is(err, pluginhost.ErrGuest) || !strings.Contains(err.Error(), "response status 42") {
		t.Fatalf("err = %v; want a guest error naming the status", err)
	}
	if s := p.Stats(); s.GuestErrors != 1 || s.Recycled != 0 {
		t.Errorf("Stats = %+v; want 1 guest error, nothing recycled", s)
	}
	if resp, err := p.Render(t.Context(), &abi.RenderInput{}); err != nil || resp.Status != 0 {
		t.Errorf("Render after = %+v, %v; want the empty response (status 0, read as 200)", resp, err)
	}
}

func TestTrapIsContained(t *testing.T) {
	modes(t, func(t *testing.T, mod func(*pluginhost.Manifest)) {
		p := loadTCK(t, mod)
		err := do(t.Context(), p, "TRAP")
		if !errors.Is(err, pluginhost.ErrPluginFailed) || errors.Is(err, pluginhost.ErrTimeout) {
			t.Fatalf("err = %v; want ErrPluginFailed and not ErrTimeout", err)
		}
		if !strings.Contains(err.Error(), `pluginhost: plugin "tck": accueil_parse failed:`) ||
			!strings.Contains(err.Error(), "unreachable") {
			t.Errorf("err = %q", err)
		}
		if fe, ok := errors.AsType[*pluginhost.FailureError](err); !ok || fe.Func != abi.FuncParse {
			t.Errorf("err is not a FailureError for accueil_parse: %#v", err)
		}
		// The pool keeps serving, with a fresh instance.
		for range 5 {
			if err := do(t.Context(), p, "ok"); err != nil {
				t.Fatal(err)
			}
		}
		eventually(t, "the trapped instance to be replaced", func() bool {
			s := p.Stats()
			return s.Recycled == 1 && s.Instances >= 1 && s.Traps == 1
		})
	})
}

func TestABIViolation(t *testing.T) {
	p := loadTCK(t)
	err := do(t.Context(), p, "BAD")
	if !errors.Is(err, pluginhost.ErrPluginFailed) || !strings.Contains(err.Error(), "ABI violation: output [2147418112, +100) is outside memory") {
		t.Fatalf("err = %v", err)
	}
	eventually(t, "replacement", func() bool { return p.Stats().Recycled == 1 })
}

func TestGuestErrorKeepsInstance(t *testing.T) {
	p := loadTCK(t)
	err := do(t.Context(), p, "ERR")
	ge, ok := errors.AsType[*pluginhost.GuestError](err)
	if !ok || *ge != (pluginhost.GuestError{Plugin: "tck", Func: "accueil_parse", Msg: "guest says no"}) {
		t.Fatalf("err = %#v; want a GuestError", err)
	}
	if !errors.Is(err, pluginhost.ErrGuest) || errors.Is(err, pluginhost.ErrPluginFailed) {
		t.Errorf("err %v: Is(ErrGuest) must hold, Is(ErrPluginFailed) must not", err)
	}
	if got := err.Error(); got != `pluginhost: plugin "tck": accueil_parse: guest says no` {
		t.Errorf("Error() = %q", got)
	}
	if s := p.Stats(); s.GuestErrors != 1 || s.Recycled != 0 {
		t.Errorf("Stats = %+v; want 1 guest error, nothing recycled", s)
	}
}

func TestInfiniteLoopIsInterrupted(t *testing.T) {
	p := loadTCK(t, func(m *pluginhost.Manifest) {
		m.TimeoutMS = 100
		m.Pool = pluginhost.PoolSize{Min: 2, Max: 2}
	})
	start := time.Now()
	loopErr := make(chan error, 1)
	go func() { loopErr <- do(context.Background(), p, "LOOP") }()

	// While one instance spins, the other keeps serving.
	served := 0
	for time.Since(start) < 50*time.Millisecond {
		if err := do(t.Context(), p, "ok"); err != nil {
			t.Fatalf("call during the loop: %v", err)
		}
		served++
	}
	err := <-loopErr
	elapsed := time.Since(start)
	if !errors.Is(err, pluginhost.ErrTimeout) || !errors.Is(err, pluginhost.ErrPluginFailed) {
		t.Fatalf("err = %v; want ErrTimeout", err)
	}
	if got := err.Error(); got != `pluginhost: plugin "tck": accueil_parse timed out after 100ms` {
		t.Errorf("Error() = %q", got)
	}
	if elapsed < 100*time.Millisecond || elapsed > 2*time.Second {
		t.Errorf("loop returned after %v; want about 100ms", elapsed)
	}
	if served == 0 {
		t.Error("no call served during the loop")
	}
	eventually(t, "replacement", func() bool {
		s := p.Stats()
		return s.Timeouts == 1 && s.Recycled == 1 && s.Instances == 2
	})
	if err := do(t.Context(), p, "ok"); err != nil {
		t.Fatal(err)
	}
}

// TestTrustIsTheOperators: a manifest asking to run trusted is not trusted
// unless Config.Trust agrees; it then runs interruptible (a loop is
// stopped at its deadline) and the host says so.
func TestTrustIsTheOperators(t *testing.T) {
	logs := &logBuffer{}
	h, err := pluginhost.New(t.Context(), pluginhost.Config{
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Trust:  func(name string) bool { return name == "whatsapp" },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close(context.Background()) })
	p, err := h.Load(t.Context(), writePlugin(t, "", watModule(t, "tck"), tck(trusted, func(m *pluginhost.Manifest) { m.TimeoutMS = 50 })), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Manifest().Trusted {
		t.Error("a plugin the operator did not trust runs trusted")
	}
	warned := false
	for _, r := range logs.Records() {
		if msg, _ := r["msg"].(string); strings.Contains(msg, "trusted_plugins") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning naming trusted_plugins: %v", logs.Records())
	}
	if err := do(t.Context(), p, "LOOP"); !errors.Is(err, pluginhost.ErrTimeout) {
		t.Errorf("loop in an untrusted plugin: err = %v, want ErrTimeout at its deadline", err)
	}
}

// noGC turns the collector off for the test: a trusted guest call cannot be
// preempted, so a stop-the-world GC started during it would freeze every
// goroutine, the watchdog included, until the call returns (see doc.go).
func noGC(t *testing.T) {
	old := debug.SetGCPercent(-1)
	t.Cleanup(func() { debug.SetGCPercent(old) })
}

// TestTrustedWatchdog: a trusted call cannot be interrupted. The watchdog
// counts it as stuck once past its deadline, the pool serves meanwhile on
// another instance, and when the call returns its result is dropped
// (ErrTimeout) and its instance replaced.
func TestTrustedWatchdog(t *testing.T) {
	noGC(t)
	p := loadTCK(t, trusted, func(m *pluginhost.Manifest) {
		m.TimeoutMS = 20
		m.Pool = pluginhost.PoolSize{Min: 2, Max: 2}
	})
	spun := make(chan error, 1)
	go func() { spun <- do(context.Background(), p, "SPIN") }() // ~3e8 iterations: far longer than 20ms
	eventually(t, "the spin to be counted as stuck", func() bool { return p.Stats().Stuck == 1 })
	// The pool serves meanwhile, on the other instance.
	if err := do(t.Context(), p, "ok"); err != nil {
		t.Fatal(err)
	}
	if err := <-spun; !errors.Is(err, pluginhost.ErrTimeout) {
		t.Fatalf("err = %v; want ErrTimeout once the spin returned", err)
	}
	eventually(t, "the stuck instance to be replaced", func() bool {
		s := p.Stats()
		return s.Stuck == 0 && s.Timeouts == 1 && s.Recycled == 1 && s.Instances == 2
	})
	if err := do(t.Context(), p, "ok"); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// TestTrustedPluginDisabledWhileStuck: once Pool.Max trusted calls run past
// their deadline, calls fail at once instead of queueing behind them.
func TestTrustedPluginDisabledWhileStuck(t *testing.T) {
	noGC(t)
	p := loadTCK(t, trusted, func(m *pluginhost.Manifest) {
		m.TimeoutMS = 20
		m.Pool = pluginhost.PoolSize{Min: 1, Max: 1}
	})
	spun := make(chan error, 1)
	go func() { spun <- do(context.Background(), p, "SPIN") }()
	eventually(t, "the spin to be counted as stuck", func() bool { return p.Stats().Stuck == 1 })
	start := time.Now()
	err := do(t.Context(), p, "ok")
	if !errors.Is(err, pluginhost.ErrPluginFailed) || !strings.Contains(err.Error(), "disabled") {
		t.Fatalf("err = %v; want the plugin disabled", err)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("the refusal took %v; it should not wait", d)
	}
	<-spun
	eventually(t, "the plugin to serve again", func() bool { return do(t.Context(), p, "ok") == nil })
}

// TestCallerDeadlineIsNotAPluginFailure: a caller that gives up is not the
// plugin's fault. An interruptible call stops at once and its instance is
// replaced; a trusted call finishes first (it cannot be stopped) and its
// instance, healthy, is kept.
func TestCallerDeadlineIsNotAPluginFailure(t *testing.T) {
	noGC(t)
	modes(t, func(t *testing.T, mod func(*pluginhost.Manifest)) {
		var m pluginhost.Manifest
		mod(&m)
		p := loadTCK(t, mod, func(m *pluginhost.Manifest) { m.TimeoutMS = 5000 })
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
		defer cancel()
		err := do(ctx, p, "SPIN")
		if m.Trusted {
			if err != nil {
				t.Fatalf("err = %v; a trusted call within its own deadline completes", err)
			}
			err = do(ctx, p, "ok")
		}
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, pluginhost.ErrPluginFailed) {
			t.Fatalf("err = %v; want the caller's deadline, not a plugin failure", err)
		}
		wantRecycled := uint64(1)
		if m.Trusted {
			wantRecycled = 0
		}
		eventually(t, "the pool to settle", func() bool {
			s := p.Stats()
			return s.Recycled == wantRecycled && s.Stuck == 0 && s.Timeouts == 0
		})
	})
}

func TestPoolWaitsUnderDeadline(t *testing.T) {
	p := loadTCK(t, func(m *pluginhost.Manifest) {
		m.TimeoutMS = 300
		m.Pool = pluginhost.PoolSize{Min: 1, Max: 1}
	})
	busy := make(chan error, 1)
	go func() { busy <- do(context.Background(), p, "LOOP") }()
	time.Sleep(20 * time.Millisecond)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	err := do(ctx, p, "ok")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "wait for an instance") {
		t.Fatalf("err = %v; want a deadline while waiting for an instance", err)
	}
	if err := <-busy; !errors.Is(err, pluginhost.ErrTimeout) {
		t.Fatalf("loop err = %v", err)
	}
	// A waiter without a short deadline gets the replacement.
	if err := do(t.Context(), p, "ok"); err != nil {
		t.Fatal(err)
	}
}

func TestMemoryHog(t *testing.T) {
	modes(t, func(t *testing.T, mod func(*pluginhost.Manifest)) {
		p := loadTCK(t, mod, func(m *pluginhost.Manifest) { m.MemoryPages = 10 })
		err := do(t.Context(), p, "HOG")
		if !errors.Is(err, pluginhost.ErrPluginFailed) {
			t.Fatalf("err = %v; want ErrPluginFailed", err)
		}
		eventually(t, "replacement", func() bool { return p.Stats().Recycled == 1 })
		if err := do(t.Context(), p, "ok"); err != nil {
			t.Fatal(err)
		}
		// Growing past 75% of the cap succeeds, then the instance is recycled.
		if err := do(t.Context(), p, "GROW"); err != nil {
			t.Fatal(err)
		}
		eventually(t, "high-water recycle", func() bool {
			s := p.Stats()
			return s.Recycled == 2 && s.Traps == 1 && s.Instances >= 1
		})
	})
}

func TestLargeInputGrowsBuffer(t *testing.T) {
	p := loadTCK(t)
	body := make([]byte, 200<<10)
	if _, err := p.Parse(t.Context(), &abi.Request{Body: body}); err != nil {
		t.Fatal(err)
	}
	_, err := p.Parse(t.Context(), &abi.Request{Body: make([]byte, pluginhost.MaxInput+1)})
	if !errors.Is(err, pluginhost.ErrInputTooLarge) {
		t.Fatalf("err = %v; want ErrInputTooLarge", err)
	}
	if err := do(t.Context(), p, "ok"); err != nil {
		t.Fatal(err)
	}
}

func TestClose(t *testing.T) {
	h, _ := newHost(t)
	p, err := h.Load(t.Context(), writePlugin(t, "", watModule(t, "tck"), tck()), nil)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := h.Load(t.Context(), writePlugin(t, "", watModule(t, "tck"), tck()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(t.Context()); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := do(t.Context(), p, "ok"); !errors.Is(err, pluginhost.ErrClosed) {
		t.Errorf("after Close: err = %v; want ErrClosed", err)
	}
	if err := h.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := do(t.Context(), p2, "ok"); !errors.Is(err, pluginhost.ErrClosed) {
		t.Errorf("after Host.Close: err = %v; want ErrClosed", err)
	}
	if _, err := h.Load(t.Context(), writePlugin(t, "", watModule(t, "tck"), tck()), nil); !errors.Is(err, pluginhost.ErrClosed) {
		t.Errorf("Load after Host.Close: err = %v; want ErrClosed", err)
	}
}

func TestCloseWaitsForCalls(t *testing.T) {
	p := loadTCK(t, func(m *pluginhost.Manifest) { m.TimeoutMS = 100 })
	var wg sync.WaitGroup
	wg.Go(func() { _ = do(context.Background(), p, "LOOP") })
	time.Sleep(10 * time.Millisecond)
	if err := p.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
}

func TestLoadDir(t *testing.T) {
	wasm := watModule(t, "tck")
	t.Run("ok", func(t *testing.T) {
		dir := t.TempDir()
		writePlugin(t, filepath.Join(dir, "b"), wasm, pluginhost.Manifest{Name: "beta", Settings: []string{"k"}, Pool: pluginhost.PoolSize{Min: 1}})
		writePlugin(t, filepath.Join(dir, "a"), wasm, pluginhost.Manifest{Name: "alpha", Pool: pluginhost.PoolSize{Min: 1}})
		h, _ := newHost(t)
		ps, err := h.LoadDir(t.Context(), dir, map[string]map[string]string{"beta": {"k": "v"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || ps[0].Manifest().Name != "alpha" || ps[1].Manifest().Name != "beta" {
			t.Fatalf("loaded %v", ps)
		}
	})
	t.Run("every problem", func(t *testing.T) {
		dir := t.TempDir()
		writePlugin(t, filepath.Join(dir, "a"), wasm, pluginhost.Manifest{Name: "alpha", Pool: pluginhost.PoolSize{Min: 1}})
		writePlugin(t, filepath.Join(dir, "b"), watModule(t, "abi1"), pluginhost.Manifest{Name: "beta", Pool: pluginhost.PoolSize{Min: 1}})
		writePlugin(t, filepath.Join(dir, "c"), wasm, pluginhost.Manifest{Name: "alpha", Mount: "other", Pool: pluginhost.PoolSize{Min: 1}})
		writePlugin(t, filepath.Join(dir, "d"), wasm, pluginhost.Manifest{Name: "delta", Mount: "alpha", Pool: pluginhost.PoolSize{Min: 1}})
		os.WriteFile(filepath.Join(dir, "d", "manifest.json"), []byte(`{"name":"delta","bogus":1}`), 0o644)
		h, _ := newHost(t)
		ps, err := h.LoadDir(t.Context(), dir, map[string]map[string]string{"gamma": {"k": "v"}})
		if err == nil || ps != nil {
			t.Fatalf("LoadDir = %v, %v; want nil and an error", ps, err)
		}
		for _, w := range []string{
			`pluginhost: plugin "beta": ABI version 1, host speaks 2`,
			`pluginhost: plugin "alpha": declared by both`,
			`unknown field "bogus"`,
			`pluginhost: settings given for plugin "gamma"`,
		} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q\ndoes not contain %q", err, w)
			}
		}
	})
	t.Run("empty", func(t *testing.T) {
		h, _ := newHost(t)
		if _, err := h.LoadDir(t.Context(), t.TempDir(), nil); err == nil || !strings.Contains(err.Error(), "no manifest.json found") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestCompilationCacheDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wasm-cache")
	for range 2 { // the second host reads the cache the first one wrote
		h, err := pluginhost.New(t.Context(), pluginhost.Config{CacheDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		p, err := h.Load(t.Context(), writePlugin(t, "", watModule(t, "tck"), tck()), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := do(t.Context(), p, "ok"); err != nil {
			t.Fatal(err)
		}
		if err := h.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("cache dir %s is empty (%v)", dir, err)
	}
}
