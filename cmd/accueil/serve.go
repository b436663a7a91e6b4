package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"os"
	"path/filepath"
	goruntime "runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/internal/yamlhint"
	"github.com/accueil-pme/accueil/runtime"
	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/runtime/server"
	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
	"github.com/accueil-pme/accueil/runtime/store/pgstore"
	"github.com/accueil-pme/accueil/runtime/webchat"
)

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	switch level {
	case "debug":
		l = slog.LevelDebug
	case "warn":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// loadBusiness reads the business file, or returns the demo business.
func loadBusiness(path string, log *slog.Logger) (*business.Business, error) {
	if path == "" {
		if log != nil {
			log.Info("no business file given: serving the demo business, Salon Lumière (examples/salon-lumiere.yaml); use --business FILE for yours")
		}
		return business.Demo(), nil
	}
	b, err := business.Load(path)
	if err != nil {
		return nil, err
	}
	if log != nil {
		log.Info("business loaded", "file", path, "id", b.ID(), "name", b.Name())
	}
	return b, nil
}

func runtimeBusiness(b *business.Business) runtime.Business {
	g := map[string]string{}
	for _, lang := range b.Config.Languages {
		g[lang] = b.Greeting(lang)
	}
	return runtime.Business{ID: b.ID(), Name: b.Name(), Language: b.DefaultLanguage(), Greeting: g,
		Phone: b.HandoffPhone(), Location: b.Location()}
}

// warnOrphanBookings says which coming bookings name a service or a staff
// member the business file no longer has (an id renamed or removed since
// they were made): the assistant can only show their ids.
func warnOrphanBookings(ctx context.Context, st store.Store, b *business.Business, log *slog.Logger) {
	now := time.Now()
	bs, err := st.Bookings(ctx, b.ID(), now, now.AddDate(2, 0, 0))
	if err != nil {
		log.Warn("could not list the coming bookings to check them against the business file", "err", err)
		return
	}
	var refs []string
	for _, bk := range bs {
		if bk.Status == "cancelled" {
			continue
		}
		_, svcOK := b.Service(bk.Service)
		_, staffOK := b.StaffMember(bk.Staff)
		if !svcOK || !staffOK {
			refs = append(refs, fmt.Sprintf("%s (service %s, staff %s)", bk.ID, bk.Service, bk.Staff))
		}
	}
	if len(refs) > 0 {
		log.Warn("coming bookings name a service or staff member the business file no longer has: customers see their ids; put the ids back in the file, or cancel and rebook them",
			"count", len(refs), "bookings", strings.Join(refs, ", "))
	}
}

// openStore opens the configured backend.
func openStore(ctx context.Context, cfg runtime.Config, log *slog.Logger) (store.Store, error) {
	if isPostgres(cfg.Store) {
		s, err := pgstore.Open(ctx, cfg.Store, pgstore.Options{Logger: log})
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL store: %w", err)
		}
		log.Info("store: PostgreSQL")
		return s, nil
	}
	if err := checkDataDir(cfg.Data); err != nil {
		// Said as check says it, rather than as Badger's "Cannot write pid file".
		return nil, fmt.Errorf("store: Badger data directory %s: %w (pass --data DIR, or set data or ACCUEIL_DATA)", cfg.Data, err)
	}
	s, err := badgerstore.Open(cfg.Data, badgerstore.Options{Logger: log})
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, fmt.Errorf("open Badger store: %w (is another accueil serving from this folder? stop it, or pass --data DIR)", err)
		}
		return nil, fmt.Errorf("open Badger store: %w", err)
	}
	log.Info("store: Badger", "dir", cfg.Data)
	if n, ok := procsWithSyncs(os.Getenv("GOMAXPROCS"), goruntime.GOMAXPROCS(0)); ok {
		goruntime.GOMAXPROCS(n)
		log.Debug("scheduler: one P more than the CPUs, for the write-ahead log's flushes (set GOMAXPROCS to choose)", "GOMAXPROCS", n)
	}
	return s, nil
}

// procsWithSyncs returns the number of Ps (threads running Go code at
// once) for a server on the Badger store: one more than the runtime's
// default procs, unless the GOMAXPROCS environment variable env chose.
//
// The store's log writer makes every batch durable with an fdatasync, back
// to back under load, and a thread in a system call keeps its P until the
// runtime's monitor takes it back, which it does late: a runtime trace at
// 128 connections on 2 cores showed the flush holding a P for about 30 %
// of the time while turns waited to run. The extra P runs them meanwhile:
// +2.4 % turns a second over 16 alternated rounds (docs/benchmarks.md,
// sixteenth round). Handing the P over at each flush instead (the
// runtime's entersyscallblock) measured -3.6 %: the log writer then waits
// for a P when its flush returns, and the batch behind it waits with it.
func procsWithSyncs(env string, procs int) (int, bool) {
	if env != "" {
		return procs, false
	}
	return procs + 1, true
}

// app is everything serve starts, in the order it must stop.
type app struct {
	cfg   runtime.Config
	log   *slog.Logger
	store store.Store
	host  *pluginhost.Host
	rt    *runtime.Runtime
	srv   *server.Server
	web   *webchat.Service
}

func (a *app) close(ctx context.Context) error {
	var errs []error
	if a.host != nil {
		errs = append(errs, a.host.Close(ctx))
	}
	if a.store != nil {
		errs = append(errs, a.store.Close())
	}
	return errors.Join(errs...)
}

// build wires the configured parts. On error, what was opened is closed.
func build(ctx context.Context, cfg runtime.Config, log *slog.Logger) (_ *app, err error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	// a is not the named result: every error return sets that to nil
	// before the deferred close runs.
	a := &app{cfg: cfg, log: log}
	defer func() {
		if err != nil {
			_ = a.close(context.WithoutCancel(ctx))
		}
	}()
	biz, err := loadBusiness(cfg.Business, log)
	if err != nil {
		return nil, err
	}
	for _, w := range biz.Warnings() {
		log.Warn(businessName(cfg.Business) + ": " + w)
	}
	eng, err := engine.New(biz)
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	if _, err := os.Stat(cfg.PluginsDir); err != nil {
		return nil, fmt.Errorf("plugins folder %s: %w (build the first-party plugins with `make plugins`, or pass --plugins DIR)", cfg.PluginsDir, err)
	}
	if a.store, err = openStore(ctx, cfg, log); err != nil {
		return nil, err
	}
	warnOrphanBookings(ctx, a.store, biz, log)
	cacheDir := ""
	if cfg.Store == "" || cfg.Store == "badger" {
		cacheDir = filepath.Join(cfg.Data, "wasm-cache")
	} else if d, err := os.UserCacheDir(); err == nil {
		cacheDir = filepath.Join(d, "accueil", "wasm-cache")
	}
	a.host, err = pluginhost.New(ctx, pluginhost.Config{CacheDir: cacheDir, Logger: log,
		Trust: func(name string) bool { return slices.Contains(cfg.TrustedPlugins, name) }})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	cfg.Plugins = withBusinessOrigins(envPluginNames(cfg.Plugins, cfg.PluginsDir), cfg.PluginsDir, biz)
	loaded, err := a.host.LoadDir(ctx, cfg.PluginsDir, cfg.Plugins)
	if err != nil {
		return nil, err
	}
	if len(loaded) == 0 {
		return nil, fmt.Errorf("no plugin found in %s (each plugin is a folder with manifest.json and its .wasm; run `make plugins`)", cfg.PluginsDir)
	}
	plugins := make([]runtime.Plugin, 0, len(loaded))
	for _, p := range loaded {
		m := p.Manifest()
		plugins = append(plugins, p)
		log.Info("plugin mounted", "plugin", m.Name, "mount", "/api/"+m.Mount+"/")
		warnUnauthenticated(log, m, cfg.Plugins[m.Name])
	}
	log.Info("plugins ready", "count", len(loaded), "took", time.Since(start).Round(time.Millisecond))
	for _, w := range bodyCapWarnings(loaded, cfg.MaxBodyBytes) {
		log.Warn(w)
	}
	for name := range cfg.Plugins {
		if !hasPlugin(loaded, name) {
			log.Warn("settings given for a plugin that is not loaded", "plugin", name)
		}
	}
	deps := runtime.Deps{Store: a.store, Engine: eng, Business: runtimeBusiness(biz), Plugins: plugins, Logger: log}
	if a.web, err = wireWeb(&deps, biz, a.store, cfg.Plugins["web"]["allowed_origins"], log); err != nil {
		return nil, err
	}
	a.rt, err = runtime.New(cfg, deps)
	if err != nil {
		return nil, err
	}
	a.srv = server.New(server.Config{Addr: cfg.Addr, MaxBodyBytes: cfg.MaxBodyBytes,
		TurnTimeout: time.Duration(cfg.TurnTimeout), Logger: log}, a.rt)
	return a, nil
}

func hasPlugin(ps []*pluginhost.Plugin, name string) bool {
	for _, p := range ps {
		if p.Manifest().Name == name {
			return true
		}
	}
	return false
}

// warnUnauthenticated says loudly when a plugin that can check its
// provider's signature has no secret: anyone can then post to it.
func warnUnauthenticated(log *slog.Logger, m pluginhost.Manifest, settings map[string]string) {
	for _, key := range []string{"auth_token", "secret"} {
		for _, s := range m.Settings {
			if s == key && settings[key] == "" {
				env := "ACCUEIL_PLUGINS_" + strings.ToUpper(m.Name) + "_" + strings.ToUpper(key)
				log.Warn("UNAUTHENTICATED: requests to /api/"+m.Mount+"/ are accepted without checking the provider's signature (their sender's number opens no bookings without the booking's reference); set plugins."+m.Name+"."+key+" (or "+env+") in production",
					"plugin", m.Name)
			}
		}
	}
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer, _ io.Reader) error {
	var cpuProfile string
	cfg, err := serveConfig("serve", "Runs the server. Flags override the config file and the environment (ACCUEIL_*).", args, stderr,
		func(fs *flag.FlagSet) {
			fs.StringVar(&cpuProfile, "cpu-profile", "", "write a CPU profile of the whole run to `file` when the server stops (for go tool pprof, or go build -pgo)")
		})
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	for _, w := range unknownEnv(os.Environ()) {
		log.Warn(w)
	}
	if cpuProfile != "" {
		stop, err := startCPUProfile(cpuProfile)
		if err != nil {
			return err
		}
		defer func() {
			if err := stop(); err != nil {
				log.Error("write CPU profile", "file", cpuProfile, "err", err)
			} else {
				log.Info("CPU profile written", "file", cpuProfile)
			}
		}()
	}
	// A port in use is said at once, before the store and the plugins
	// take their seconds to load.
	probe, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("server: listen on %s: %w (is another server using the port? stop it, or pass --addr HOST:PORT)", cfg.Addr, err)
	}
	probe.Close()
	a, err := build(ctx, cfg, log)
	if err != nil {
		return err
	}
	if err := a.srv.Listen(); err != nil {
		_ = a.close(ctx)
		return fmt.Errorf("%w (is another server using the port? stop it, or pass --addr HOST:PORT)", err)
	}
	log.Info("accueil is serving", "addr", a.srv.Addr(), "business", a.rt.Business().Name,
		"admin_api", cfg.Admin.Token != "", "version", version)
	if cfg.Admin.Token == "" {
		log.Info("admin API off: set admin.token (or ACCUEIL_ADMIN_TOKEN) to turn on /admin/api/bookings")
	}
	errc := make(chan error, 1)
	go func() { errc <- a.srv.Serve() }()
	select {
	case err := <-errc:
		_ = a.close(context.WithoutCancel(ctx))
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing the turns in flight", "cause", context.Cause(ctx).Error())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	a.web.Hub.Close() // end open event streams so they do not hold the shutdown
	serr := a.srv.Shutdown(sctx)
	<-errc
	cerr := a.close(sctx)
	if err := errors.Join(serr, cerr); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer, _ io.Reader) error {
	cfg, err := serveConfig("check", "Validates the configuration, the business file and the plugins (each is loaded\nand initialised with its settings, as serve does), then exits.", args, stderr, nil)
	var errs []string
	var fileErr *configFileError
	switch {
	case errors.As(err, &fileErr):
		errs = append(errs, err.Error()) // and the rest is checked with what the file says besides
	case err != nil:
		return err
	}
	warnings := unknownEnv(os.Environ())
	if err := cfg.Validate(); err != nil {
		errs = append(errs, fmt.Sprintf("configuration: %v", err))
	}
	if _, err := net.ResolveTCPAddr("tcp", cfg.Addr); err != nil {
		errs = append(errs, fmt.Sprintf("configuration: addr %q: want host:port or :port, e.g. :8000", cfg.Addr))
	}
	b, bizWarnings, err := checkBusiness(cfg.Business)
	if err != nil {
		errs = append(errs, err.Error())
	}
	for _, w := range bizWarnings {
		warnings = append(warnings, businessName(cfg.Business)+": "+w)
	}
	storeDesc, err := checkStore(ctx, cfg)
	if err != nil {
		errs = append(errs, err.Error())
	}
	cfg.Plugins = envPluginNames(cfg.Plugins, cfg.PluginsDir)
	if b != nil {
		cfg.Plugins = withBusinessOrigins(cfg.Plugins, cfg.PluginsDir, b)
	}
	loaded, hostWarnings, err := checkPlugins(ctx, cfg)
	warnings = append(warnings, hostWarnings...)
	_, dirErr := os.Stat(cfg.PluginsDir)
	switch {
	case errors.Is(err, fs.ErrNotExist) && errors.Is(dirErr, fs.ErrNotExist) && cfg.PluginsDir == runtime.DefaultPluginsDir:
		warnings = append(warnings, fmt.Sprintf("plugins not checked: folder %s not found (build them with `make plugins`, or pass --plugins DIR)", cfg.PluginsDir))
	case errors.Is(dirErr, fs.ErrNotExist):
		// A folder named by the flag, the environment or the file: serve
		// would refuse to start.
		errs = append(errs, fmt.Sprintf("plugins folder %s not found (plugins_dir, ACCUEIL_PLUGINS_DIR or --plugins)", cfg.PluginsDir))
	case err != nil:
		errs = append(errs, err.Error())
	}
	for name := range cfg.Plugins {
		if err == nil && !slices.Contains(loaded, name) {
			errs = append(errs, fmt.Sprintf("configuration: plugins.%s: no plugin %q in %s (loaded: %s)", name, name, cfg.PluginsDir, strings.Join(loaded, ", ")))
		}
	}
	if len(errs) > 0 {
		// The errors first, then the warnings: those are worth reading once
		// the errors are fixed.
		fmt.Fprintln(stderr, "accueil:", strings.Join(errs, "\n"))
		for _, w := range warnings {
			fmt.Fprintf(stdout, "warning: %s\n", w)
		}
		return errReported
	}
	for _, w := range warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	plugins := strings.Join(loaded, ", ")
	if plugins == "" {
		plugins = "none checked"
	}
	verdict := "ok"
	switch len(warnings) {
	case 0:
	case 1:
		verdict = "ok, with the warning above"
	default:
		verdict = fmt.Sprintf("ok, with the %d warnings above", len(warnings))
	}
	fmt.Fprintf(stdout, "%s: business %q (%s), store %s, plugins %s\n", verdict, b.Name(), b.ID(), storeDesc, plugins)
	return nil
}

// checkBusiness loads the business file as serve does, with its warnings;
// those of a file with errors are returned too.
func checkBusiness(path string) (*business.Business, []string, error) {
	if path == "" {
		b := business.Demo()
		return b, b.Warnings(), nil
	}
	return business.CheckFile(path)
}

// storeCheckTimeout bounds how long check waits for the PostgreSQL server.
const storeCheckTimeout = 15 * time.Second

// checkStore tries the configured store without changing it, and
// describes it: PostgreSQL is connected to (see pgstore.Check); for
// Badger, the data directory must be a directory serve can create or write
// in. The Badger store itself is not opened: a running server holds its
// lock, which check must neither take nor wait for.
func checkStore(ctx context.Context, cfg runtime.Config) (string, error) {
	if isPostgres(cfg.Store) {
		ctx, cancel := context.WithTimeout(ctx, storeCheckTimeout)
		defer cancel()
		desc, err := pgstore.Check(ctx, cfg.Store)
		if err != nil {
			return "", fmt.Errorf("store: %w", err)
		}
		return "PostgreSQL " + desc, nil
	}
	if cfg.Store != "" && cfg.Store != "badger" {
		return "", nil // configuration.Validate said what is wrong
	}
	if err := checkDataDir(cfg.Data); err != nil {
		return "", fmt.Errorf("store: Badger data directory %s: %w (pass --data DIR, or set data or ACCUEIL_DATA)", cfg.Data, err)
	}
	return "Badger " + cfg.Data, nil
}

// checkDataDir reports whether serve could open a Badger store in dir:
// dir is a directory this process can write in, or does not exist and its
// nearest existing parent is one (serve creates it). Writing is tried with
// a temporary file, removed at once, which Badger ignores.
func checkDataDir(dir string) error {
	target := dir
	for {
		fi, err := os.Stat(target)
		if err == nil {
			if !fi.IsDir() {
				if target == dir {
					return errors.New("is a file, not a directory")
				}
				return fmt.Errorf("cannot be created: %s is a file, not a directory", target)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return err
		}
		parent := filepath.Dir(target)
		if parent == target {
			return err
		}
		target = parent
	}
	f, err := os.CreateTemp(target, ".accueil-check-*")
	if err != nil {
		if target == dir {
			return fmt.Errorf("not writable: %w", err)
		}
		return fmt.Errorf("cannot be created in %s: %w", target, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// isPostgres reports whether the store setting names a PostgreSQL database.
func isPostgres(store string) bool {
	return strings.HasPrefix(store, "postgres://") || strings.HasPrefix(store, "postgresql://")
}

// withBusinessOrigins returns the plugins' settings with the business
// file's web.allowed_origins added to the web plugin's allowed_origins:
// the plugin checks the Origin of the messages it receives, and the
// business file's list is documented to allow them as the server
// configuration's does. Without a web plugin in dir, settings are returned
// as they are.
func withBusinessOrigins(settings map[string]map[string]string, dir string, b *business.Business) map[string]map[string]string {
	extra := b.AllowedOrigins()
	if len(extra) == 0 {
		return settings
	}
	if _, err := os.Stat(filepath.Join(dir, "web", "manifest.json")); err != nil {
		return settings
	}
	out := make(map[string]map[string]string, len(settings)+1)
	for name, kv := range settings {
		out[name] = kv
	}
	web := make(map[string]string, len(settings["web"])+1)
	for k, v := range settings["web"] {
		web[k] = v
	}
	origins := strings.FieldsFunc(web["allowed_origins"], func(r rune) bool { return r == ',' || r == ' ' })
	for _, o := range extra {
		if !slices.Contains(origins, o) {
			origins = append(origins, o)
		}
	}
	web["allowed_origins"] = strings.Join(origins, ", ")
	out["web"] = web
	return out
}

// envPluginNames files the settings of plugins whose name holds "_" or
// "-" where the environment put them: ACCUEIL_PLUGINS_JSON_HOOK_SECRET
// reads as plugin "json", setting "hook_secret" until the plugins folder
// says a plugin "json_hook" (or "json-hook") exists and "json" does not.
func envPluginNames(settings map[string]map[string]string, dir string) map[string]map[string]string {
	paths, _ := filepath.Glob(filepath.Join(dir, "*", pluginhost.ManifestFile))
	var names []string
	for _, p := range paths {
		if m, err := pluginhost.ReadManifest(p); err == nil {
			names = append(names, m.Name)
		}
	}
	out := maps.Clone(settings)
	for short, kv := range settings {
		if slices.Contains(names, short) {
			continue
		}
		for _, name := range names {
			rest, ok := strings.CutPrefix(strings.ReplaceAll(strings.ToLower(name), "-", "_"), short+"_")
			if !ok {
				continue
			}
			for k, v := range kv {
				setting, ok := strings.CutPrefix(k, rest+"_")
				if !ok || setting == "" {
					continue
				}
				if out[name] == nil || maps.Equal(out[name], settings[name]) {
					out[name] = maps.Clone(out[name])
					if out[name] == nil {
						out[name] = map[string]string{}
					}
				}
				out[name][setting] = v
				if maps.Equal(out[short], settings[short]) {
					out[short] = maps.Clone(out[short])
				}
				delete(out[short], k)
			}
			if len(out[short]) == 0 {
				delete(out, short)
			}
		}
	}
	return out
}

// businessName names the business file in messages.
func businessName(path string) string {
	if path == "" {
		return "demo business file"
	}
	return path
}

// checkPlugins loads every plugin of the configured folder with its
// settings, as serve does (compiled in a temporary cache, initialised,
// then closed), and returns their names. A missing folder is an
// fs.ErrNotExist.
func checkPlugins(ctx context.Context, cfg runtime.Config) (names, warnings []string, err error) {
	if _, err := os.Stat(cfg.PluginsDir); err != nil {
		return nil, nil, err
	}
	cache, err := os.MkdirTemp("", "accueil-check-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(cache)
	// The host's warnings, and what the plugins wrote on stderr (a panic
	// in init and where), are the check's warnings.
	logs := &warnCollector{}
	host, err := pluginhost.New(ctx, pluginhost.Config{CacheDir: cache, Logger: slog.New(logs),
		Trust: func(name string) bool { return slices.Contains(cfg.TrustedPlugins, name) }})
	if err != nil {
		return nil, nil, err
	}
	defer host.Close(context.WithoutCancel(ctx))
	loaded, err := host.LoadDir(ctx, cfg.PluginsDir, cfg.Plugins)
	if err != nil {
		return nil, logs.lines, err
	}
	names = make([]string, 0, len(loaded))
	for _, p := range loaded {
		names = append(names, p.Manifest().Name)
	}
	if len(names) == 0 {
		return nil, logs.lines, fmt.Errorf("no plugin found in %s (each plugin is a folder with manifest.json and its .wasm; run `make plugins`)", cfg.PluginsDir)
	}
	return names, append(logs.lines, bodyCapWarnings(loaded, cfg.MaxBodyBytes)...), nil
}

// bodyCapWarnings names the plugins whose manifest accepts larger bodies
// than the server's cap (max_body_bytes of the configuration): the server
// refuses those with 413 before the plugin sees them.
func bodyCapWarnings(loaded []*pluginhost.Plugin, serverCap int) []string {
	if serverCap <= 0 {
		serverCap = 1 << 20
	}
	var out []string
	for _, p := range loaded {
		m := p.Manifest()
		if m.MaxBodyBytes > serverCap {
			out = append(out, fmt.Sprintf("plugin %s: its manifest accepts bodies up to %d bytes, but the server refuses any over %d (max_body_bytes of the configuration): raise max_body_bytes to %d or more",
				m.Name, m.MaxBodyBytes, serverCap, m.MaxBodyBytes))
		}
	}
	return out
}

// warnCollector is a slog handler keeping warnings and errors as lines,
// "<plugin>: <message>".
type warnCollector struct {
	mu    sync.Mutex
	lines []string
}

func (w *warnCollector) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

func (w *warnCollector) Handle(_ context.Context, r slog.Record) error {
	plugin := ""
	find := func(a slog.Attr) bool {
		if a.Key == "plugin" {
			plugin = a.Value.String()
		}
		return true
	}
	r.Attrs(find)
	line := r.Message
	if plugin != "" {
		line = "plugin " + plugin + ": " + line
	}
	w.mu.Lock()
	if !slices.Contains(w.lines, line) { // once, not once per instance
		w.lines = append(w.lines, line)
	}
	w.mu.Unlock()
	return nil
}

func (w *warnCollector) WithAttrs(as []slog.Attr) slog.Handler {
	return &warnCollectorView{w: w, attrs: as}
}

func (w *warnCollector) WithGroup(string) slog.Handler { return w }

// warnCollectorView is a warnCollector with attributes of its own.
type warnCollectorView struct {
	w     *warnCollector
	attrs []slog.Attr
}

func (v *warnCollectorView) Enabled(ctx context.Context, l slog.Level) bool {
	return v.w.Enabled(ctx, l)
}

func (v *warnCollectorView) Handle(ctx context.Context, r slog.Record) error {
	r = r.Clone()
	r.AddAttrs(v.attrs...)
	return v.w.Handle(ctx, r)
}

func (v *warnCollectorView) WithAttrs(as []slog.Attr) slog.Handler {
	return &warnCollectorView{w: v.w, attrs: append(slices.Clone(v.attrs), as...)}
}

func (v *warnCollectorView) WithGroup(string) slog.Handler { return v }

// serveConfig parses the flags of serve and check, then reads the config
// file and the environment, the flags overriding both.
// more, if not nil, registers the flags only this command has.
func serveConfig(name, summary string, args []string, stderr io.Writer, more func(*flag.FlagSet)) (runtime.Config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	var f serveFlags
	f.register(fs)
	if more != nil {
		more(fs)
	}
	if err := parseFlags(fs, "accueil "+name+" [flags]", summary, args, stderr); err != nil {
		return runtime.Config{}, err
	}
	cfg, err := loadConfig(f.config, os.Environ())
	var fileErr *configFileError
	if err != nil && !errors.As(err, &fileErr) {
		return cfg, err
	}
	f.apply(&cfg)
	return cfg.WithDefaults(), err // with a configFileError, what the file says besides
}

// parseFlags parses args with a usage text; -h gives flag.ErrHelp, a bad
// flag errUsage (both already explained on stderr).
func parseFlags(fs *flag.FlagSet, usage, summary string, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n\n%s\n\nFlags:\n", usage, summary)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
			var names []string
			fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
			if near := yamlhint.Nearest(strings.TrimPrefix(name, "-"), names); near != "" {
				fmt.Fprintf(stderr, "\n-%s is no flag of this command: did you mean -%s?\n", strings.TrimPrefix(name, "-"), near)
			}
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		// Flags after a stray word would be ignored: refuse instead.
		fmt.Fprintf(stderr, "unexpected argument %q (flags start with -; see -h)\n", fs.Arg(0))
		return errUsage
	}
	return nil
}

// startCPUProfile profiles the process into path until the returned stop
// is called. The file is created first, so a bad path fails at start-up
// rather than after a long run.
func startCPUProfile(path string) (stop func() error, err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile %s: %w", path, err)
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
