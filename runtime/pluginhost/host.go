package pluginhost

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/accueil-pme/accueil/internal/yamlhint"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// Limits that are not in the manifest.
const (
	// MaxModuleSize is the largest .wasm file Load accepts.
	MaxModuleSize = 64 << 20
	// MaxInput is the largest encoded input (request or render input) a call accepts.
	MaxInput = 4 << 20
	// MaxOutput is the largest output a guest may return.
	MaxOutput = 4 << 20
	// RecycleCalls is the number of calls after which an instance is replaced.
	RecycleCalls = 100_000
	// initialInput is the input buffer each instance gets at start; larger
	// inputs call accueil_alloc once, then the bigger buffer is kept.
	initialInput = 16 << 10
	// startTimeout bounds _initialize of an untrusted instance.
	startTimeout = 10 * time.Second
)

// Config configures a [Host].
type Config struct {
	// CacheDir is the wazero compilation cache directory, shared by every
	// plugin; a restart then skips compilation (about 30 ms instead of 0.6 s
	// per Go plugin). "" keeps compiled code in memory only. The directory is
	// created when missing; protect it like the binaries it holds.
	CacheDir string
	// Logger receives load events and the plugins' stdout (Info) and stderr
	// (Warn), tagged plugin=<name>. nil discards.
	Logger *slog.Logger
	// Trust says which plugins may run trusted (uninterruptible) when their
	// manifest asks to: a manifest is written by the plugin's author, the
	// trust is the operator's. A plugin that asks and is not trusted runs
	// interruptible, with a warning. nil trusts every manifest that asks.
	Trust func(plugin string) bool
}

// Host loads plugins. It is safe for concurrent use.
type Host struct {
	cache wazero.CompilationCache
	log   *slog.Logger
	trust func(string) bool

	mu      sync.Mutex
	plugins map[*Plugin]struct{}
	closed  bool
}

// New returns a Host. It fails on platforms without the wazero compiler
// (the interpreter is about 40 times slower, so it is not used).
func New(ctx context.Context, cfg Config) (h *Host, err error) {
	defer func() {
		if r := recover(); r != nil {
			h, err = nil, fmt.Errorf("pluginhost: wazero compiler unavailable on %s/%s: %v", goruntime.GOOS, goruntime.GOARCH, r)
		}
	}()
	_ = wazero.NewRuntimeConfigCompiler() // panics where the compiler is unsupported
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var cache wazero.CompilationCache
	if cfg.CacheDir != "" {
		if err := os.MkdirAll(cfg.CacheDir, 0o700); err != nil {
			return nil, fmt.Errorf("pluginhost: create cache dir: %w", err)
		}
		if cache, err = wazero.NewCompilationCacheWithDir(cfg.CacheDir); err != nil {
			return nil, fmt.Errorf("pluginhost: open cache dir: %w", err)
		}
	} else {
		cache = wazero.NewCompilationCache()
	}
	return &Host{cache: cache, log: log, trust: cfg.Trust, plugins: make(map[*Plugin]struct{})}, nil
}

// Load reads the manifest at manifestPath, loads its module and returns the
// plugin with its pool warmed to pool.min instances. settings are the
// plugin's settings; a key the manifest does not list is an error.
//
// # Errors
//
// Every problem names the plugin: an invalid manifest (all problems joined),
// a module too large or whose sha256 differs from the pin, a compile error,
// missing or mistyped exports (all joined), an ABI version mismatch, an
// instance that cannot start (memory over the cap, …) or an accueil_init
// failure (a [*GuestError] carrying the plugin's message).
func (h *Host) Load(ctx context.Context, manifestPath string, settings map[string]string) (*Plugin, error) {
	m, err := ReadManifest(manifestPath)
	if err != nil {
		return nil, err
	}
	return h.load(ctx, filepath.Dir(manifestPath), m, settings)
}

// LoadDir loads every <dir>/*/manifest.json. settings are keyed by plugin
// name. Names and mounts must be unique, and every key of settings must name
// a plugin found. All problems are joined; on any problem the plugins that
// did load are closed and LoadDir returns nil.
func (h *Host) LoadDir(ctx context.Context, dir string, settings map[string]map[string]string) ([]*Plugin, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*", ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("pluginhost: list plugins in %s: %w", dir, err)
	}
	slices.Sort(paths)
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			if _, err := os.Stat(filepath.Join(dir, e.Name(), ManifestFile)); errors.Is(err, fs.ErrNotExist) {
				h.log.Warn("plugin folder " + filepath.Join(dir, e.Name()) + " has no " + ManifestFile + ": skipped (a plugin is a folder with its manifest and its module)")
			}
		}
	}
	var (
		errs   []error
		loaded []*Plugin
		names  = map[string]string{}
		mounts = map[string]string{}
	)
	failed := map[string]bool{} // folders whose manifest is unreadable: their settings are not "unknown"
	for _, path := range paths {
		m, err := ReadManifest(path)
		if err != nil {
			errs = append(errs, err)
			failed[filepath.Base(filepath.Dir(path))] = true
			continue
		}
		if other, dup := names[m.Name]; dup {
			errs = append(errs, fmt.Errorf("pluginhost: plugin %q: declared by both %s and %s", m.Name, other, path))
			continue
		}
		names[m.Name] = path
		if other, dup := mounts[m.Mount]; dup {
			errs = append(errs, fmt.Errorf("pluginhost: plugin %q: mount %q already used by %s", m.Name, m.Mount, other))
			continue
		}
		mounts[m.Mount] = path
		p, err := h.load(ctx, filepath.Dir(path), m, settings[m.Name])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		loaded = append(loaded, p)
	}
	for name := range settings {
		if _, ok := names[name]; !ok && !failed[name] {
			hint := ""
			if near := yamlhint.Nearest(name, slices.Collect(maps.Keys(names))); near != "" {
				hint = fmt.Sprintf("; did you mean %q?", near)
			}
			errs = append(errs, fmt.Errorf("pluginhost: settings given for plugin %q (plugins.%s), which is not in %s%s", name, name, dir, hint))
		}
	}
	if len(paths) == 0 {
		errs = append(errs, fmt.Errorf("pluginhost: no %s found in %s/*/", ManifestFile, dir))
	}
	if err := errors.Join(errs...); err != nil {
		for _, p := range loaded {
			_ = p.Close(ctx)
		}
		return nil, err
	}
	return loaded, nil
}

// Close closes every plugin still open, then the compilation cache. It
// waits, under ctx, for calls in flight.
func (h *Host) Close(ctx context.Context) error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	ps := make([]*Plugin, 0, len(h.plugins))
	for p := range h.plugins {
		ps = append(ps, p)
	}
	h.mu.Unlock()
	var errs []error
	for _, p := range ps {
		errs = append(errs, p.Close(ctx))
	}
	if err := h.cache.Close(ctx); err != nil {
		errs = append(errs, fmt.Errorf("pluginhost: close cache: %w", err))
	}
	return errors.Join(errs...)
}

func (h *Host) remove(p *Plugin) {
	h.mu.Lock()
	delete(h.plugins, p)
	h.mu.Unlock()
}

func (h *Host) load(ctx context.Context, dir string, m Manifest, settings map[string]string) (_ *Plugin, err error) {
	errorf := func(format string, args ...any) error {
		return fmt.Errorf("pluginhost: plugin %q: "+format, append([]any{m.Name}, args...)...)
	}
	h.mu.Lock()
	closed := h.closed
	h.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}

	var unknown []string
	for k := range settings {
		if !slices.Contains(m.Settings, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		for i, k := range unknown {
			if near := yamlhint.Nearest(k, m.Settings); near != "" {
				unknown[i] = k + " (did you mean " + near + "?)"
			}
		}
		if len(m.Settings) == 0 {
			return nil, errorf("unknown settings %s; the manifest lists none (declare them in its \"settings\" list, e.g. \"settings\": [%q])",
				strings.Join(unknown, ", "), strings.Fields(unknown[0])[0])
		}
		return nil, errorf("unknown settings %s; the manifest lists %s", strings.Join(unknown, ", "), strings.Join(m.Settings, ", "))
	}
	if m.Trusted && h.trust != nil && !h.trust(m.Name) {
		// The manifest's author asks; the operator did not agree.
		h.log.Warn("plugin asks to run trusted (uninterruptible: a loop in it would stall the server); it runs interruptible: list it in trusted_plugins to trust it",
			"plugin", m.Name)
		m.Trusted = false
	}
	kvs := make([]abi.KV, 0, len(settings))
	for k, v := range settings {
		kvs = append(kvs, abi.KV{Key: k, Value: v})
	}
	slices.SortFunc(kvs, func(a, b abi.KV) int { return strings.Compare(a.Key, b.Key) })

	path := filepath.Join(dir, m.Module)
	fi, err := os.Stat(path)
	if err != nil {
		return nil, errorf("read module: %w", err)
	}
	if fi.Size() > MaxModuleSize {
		return nil, errorf("module %s is %d bytes, over the %d-byte cap", path, fi.Size(), MaxModuleSize)
	}
	wasm, err := os.ReadFile(path)
	if err != nil {
		return nil, errorf("read module: %w", err)
	}
	sum := sha256.Sum256(wasm)
	hexSum := hex.EncodeToString(sum[:])
	if m.SHA256 != "" && !strings.EqualFold(m.SHA256, hexSum) {
		return nil, errorf("module %s has sha256 %s, the manifest pins %s", path, hexSum, m.SHA256)
	}

	rcfg := wazero.NewRuntimeConfigCompiler().
		WithCompilationCache(h.cache).
		WithMemoryLimitPages(m.MemoryPages).
		WithCloseOnContextDone(!m.Trusted)
	rt := wazero.NewRuntimeWithConfig(ctx, rcfg)
	var p *Plugin
	defer func() {
		if err != nil {
			_ = rt.Close(context.Background())
		}
	}()
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		return nil, errorf("instantiate WASI: %w", err)
	}
	if err := InstantiateHostModule(ctx, rt); err != nil {
		return nil, errorf("%w", err)
	}
	start := time.Now()
	if !bytes.HasPrefix(wasm, []byte("\x00asm")) {
		return nil, errorf("%s is not a WebAssembly module (an executable for this machine?): build it with GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared", m.Module)
	}
	compiled, err := rt.CompileModule(experimental.WithCompilationWorkers(ctx, goruntime.GOMAXPROCS(0)), wasm)
	if err != nil {
		return nil, errorf("compile %s: %w", m.Module, err)
	}
	if problems := checkExports(compiled); len(problems) > 0 {
		errs := make([]error, len(problems))
		for i, pr := range problems {
			errs[i] = errorf("%s", pr)
		}
		return nil, errors.Join(errs...)
	}
	log := h.log.With("plugin", m.Name)
	log.Info("plugin compiled", "module", m.Module, "sha256", hexSum[:16], "size", len(wasm),
		"duration", time.Since(start), "trusted", m.Trusted)

	p = &Plugin{
		host:      h,
		man:       m,
		log:       log,
		rt:        rt,
		compiled:  compiled,
		initCfg:   abi.AppendConfig(nil, &abi.Config{Plugin: m.Name, Settings: kvs}),
		timeout:   time.Duration(m.TimeoutMS) * time.Millisecond,
		highWater: uint32(uint64(m.MemoryPages) * 65536 * 3 / 4),
		idle:      make(chan *instance, m.Pool.Max),
		spawnErr:  make(chan error, 1),
		closing:   make(chan struct{}),
		drained:   make(chan struct{}),
	}
	// Warm the pool; the first instance also checks the ABI version and init.
	for range m.Pool.Min {
		in, err := p.newInstance(ctx)
		if err != nil {
			p.mu.Lock()
			p.closed = true
			p.mu.Unlock()
			for len(p.idle) > 0 {
				(<-p.idle).close()
			}
			return nil, err
		}
		p.live++
		p.idle <- in
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		for len(p.idle) > 0 {
			(<-p.idle).close()
		}
		return nil, ErrClosed
	}
	h.plugins[p] = struct{}{}
	h.mu.Unlock()
	log.Info("plugin loaded", "instances", m.Pool.Min, "max", m.Pool.Max, "memory_pages", m.MemoryPages, "timeout", p.timeout)
	return p, nil
}

var (
	i32 = api.ValueTypeI32
	i64 = api.ValueTypeI64
)

// exportSigs are the required exports and their signatures.
var exportSigs = []struct {
	name            string
	params, results []api.ValueType
}{
	{abi.FuncABIVersion, nil, []api.ValueType{i32}},
	{abi.FuncAlloc, []api.ValueType{i32}, []api.ValueType{i32}},
	{abi.FuncInit, []api.ValueType{i32, i32}, []api.ValueType{i64}},
	{abi.FuncParse, []api.ValueType{i32, i32}, []api.ValueType{i64}},
	{abi.FuncRender, []api.ValueType{i32, i32}, []api.ValueType{i64}},
}

// checkExports lists every missing or mistyped export.
func checkExports(c wazero.CompiledModule) []string {
	var problems []string
	for _, f := range c.ImportedFunctions() {
		mod, name, _ := f.Import()
		switch mod {
		case "wasi_snapshot_preview1", abi.HostModule:
		case "gojs":
			return []string{"the module was built for GOOS=js, a browser: build it with GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared"}
		default:
			problems = append(problems, fmt.Sprintf("imports %s.%s: a plugin may import only wasi_snapshot_preview1 and %s", mod, name, abi.HostModule))
		}
	}
	fns := c.ExportedFunctions()
	for _, want := range exportSigs {
		def, ok := fns[want.name]
		if !ok {
			problems = append(problems, "missing export "+want.name)
			continue
		}
		if !slices.Equal(def.ParamTypes(), want.params) || !slices.Equal(def.ResultTypes(), want.results) {
			problems = append(problems, fmt.Sprintf("export %s has signature %s, want %s",
				want.name, sig(def.ParamTypes(), def.ResultTypes()), sig(want.params, want.results)))
		}
	}
	if _, ok := c.ExportedMemories()["memory"]; !ok {
		problems = append(problems, "missing export memory")
	}
	_, command := fns["_start"]
	if _, reactor := fns["_initialize"]; command && !reactor {
		// A Go guest built without -buildmode=c-shared: its exports trap
		// ("call _start first") at the first call.
		problems = append(problems, "the module is a WASI command (it exports _start), not a reactor: build it with "+
			"GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared")
	}
	return problems
}

func sig(params, results []api.ValueType) string {
	names := func(ts []api.ValueType) string {
		s := make([]string, len(ts))
		for i, t := range ts {
			s[i] = api.ValueTypeName(t)
		}
		return strings.Join(s, ", ")
	}
	return "(" + names(params) + ") -> (" + names(results) + ")"
}
