package main

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/examples"
	"github.com/accueil-pme/accueil/runtime"
	"github.com/accueil-pme/accueil/runtime/pluginhost/plugintest"
	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
)

// TestServeCPUProfile checks that --cpu-profile writes a profile however
// serve ends (here: at start-up, for want of a plugins folder, which must
// be a plain error), and that a path that cannot be created fails before
// anything starts.
func TestServeCPUProfile(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "cpu.pprof")
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "data"),
		"--plugins", filepath.Join(dir, "no-plugins"), "--cpu-profile", prof}, &out, &errOut, nil)
	if code != 1 || !strings.Contains(errOut.String(), "plugins folder") {
		t.Fatalf("exit %d, stderr %q; want 1 and the missing plugins folder", code, errOut.String())
	}
	raw, err := os.ReadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	// A pprof profile is gzip-compressed protobuf.
	if len(raw) < 2 || raw[0] != 0x1f || raw[1] != 0x8b {
		t.Fatalf("profile is not a gzip stream (%d bytes)", len(raw))
	}

	errOut.Reset()
	bad := filepath.Join(dir, "missing", "cpu.pprof")
	code = run(t.Context(), []string{"serve", "--data", filepath.Join(dir, "data"), "--cpu-profile", bad}, &out, &errOut, nil)
	if code != 1 || !strings.Contains(errOut.String(), "cpu profile") || !strings.Contains(errOut.String(), bad) {
		t.Fatalf("exit %d, stderr %q; want 1 and the profile path", code, errOut.String())
	}
}

// TestServeDataDirInUse starts serve on a Badger directory another process
// holds: it must say so and exit, not panic or wait.
func TestServeDataDirInUse(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	s, err := badgerstore.Open(data, badgerstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	plugins := filepath.Join(dir, "plugins")
	if err := os.Mkdir(plugins, 0o755); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--plugins", plugins}, &out, &errOut, nil)
	if code != 1 || !strings.Contains(errOut.String(), data) || !strings.Contains(errOut.String(), "another accueil") {
		t.Fatalf("exit %d, stderr %q; want 1 and the data directory", code, errOut.String())
	}
	t.Log(errOut.String())
}

// TestCheckPrintsWarnings: `accueil check` accepts a file that is valid but
// surely not what its owner meant, and says what.
func TestCheckPrintsWarnings(t *testing.T) {
	dir := t.TempDir()
	biz := strings.Replace(string(examples.SalonLumiere), "weekdays: [wednesday, thursday, friday, saturday]",
		"weekdays: [monday, wednesday, thursday, friday, saturday]", 1)
	path := filepath.Join(dir, "business.yaml")
	if err := os.WriteFile(path, []byte(biz), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"check", "--business", path}, &out, &errOut, nil) // no ./bin/plugins here
	if code != 0 || !strings.Contains(out.String(), "warning: "+path+": [122:15] staff[2].weekdays: hugo works on monday, when the business is closed") ||
		!strings.Contains(out.String(), "plugins not checked") || !strings.Contains(out.String(), "ok, with the 2 warnings above: business") {
		t.Errorf("check: %d\n%s%s", code, out.String(), errOut.String())
	}
	// A plugins folder one names, missing, would stop serve: check fails.
	out.Reset()
	errOut.Reset()
	missing := filepath.Join(dir, "no-plugins")
	code = run(t.Context(), []string{"check", "--business", path, "--plugins", missing}, &out, &errOut, nil)
	if code != 1 || !strings.Contains(errOut.String(), "plugins folder "+missing+" not found") {
		t.Errorf("check --plugins %s: %d\n%s%s", missing, code, out.String(), errOut.String())
	}
}

// TestCheckLoadsPlugins: `accueil check` loads and initialises the plugins
// with their settings, so that what serve refuses, check refuses too.
func TestCheckLoadsPlugins(t *testing.T) {
	manifest := plugintest.Build(t, "runtime/pluginhost/testdata/echo")
	plugins := filepath.Join(t.TempDir(), "plugins")
	if err := os.CopyFS(filepath.Join(plugins, "echo"), os.DirFS(filepath.Dir(manifest))); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, config string
		code         int
		want         string
	}{
		{"valid", "plugins:\n  echo:\n    greeting: salut\n", 0, "plugins echo"},
		{"unknown setting", "plugins:\n  echo:\n    greting: salut\n", 1, "unknown settings greting"},
		{"init fails", "plugins:\n  echo:\n    fail_init: \"yes\"\n", 1, "accueil_init"},
		{"unknown plugin", "plugins:\n  ekho:\n    greeting: salut\n", 1, "ekho"},
		{"bad address", "addr: nonsense\n", 1, `addr "nonsense"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := filepath.Join(t.TempDir(), "accueil.yaml")
			if err := os.WriteFile(cfg, []byte(tc.config), 0o600); err != nil {
				t.Fatal(err)
			}
			var out, errOut bytes.Buffer
			code := run(t.Context(), []string{"check", "--config", cfg, "--plugins", plugins}, &out, &errOut, nil)
			if code != tc.code || !strings.Contains(out.String()+errOut.String(), tc.want) {
				t.Errorf("check: exit %d, want %d and %q\n%s%s", code, tc.code, tc.want, out.String(), errOut.String())
			}
		})
	}
}

// TestCheckWarnsAboutPluginFolders: a folder of the plugins folder with no
// manifest is named by check (serve skips it), and so is a plugin whose
// manifest asks to run trusted without the operator trusting it.
func TestCheckWarnsAboutPluginFolders(t *testing.T) {
	manifest := plugintest.Build(t, "runtime/pluginhost/testdata/echo")
	plugins := filepath.Join(t.TempDir(), "plugins")
	if err := os.CopyFS(filepath.Join(plugins, "echo"), os.DirFS(filepath.Dir(manifest))); err != nil {
		t.Fatal(err)
	}
	m, err := os.ReadFile(filepath.Join(plugins, "echo", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	m = bytes.Replace(m, []byte(`"trusted": false`), []byte(`"trusted": true`), 1)
	if err := os.WriteFile(filepath.Join(plugins, "echo", "manifest.json"), m, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(plugins, "stray"), 0o755); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"check", "--plugins", plugins}, &out, &errOut, nil)
	all := out.String() + errOut.String()
	for _, want := range []string{"stray has no manifest.json", "plugin echo: plugin asks to run trusted", "trusted_plugins"} {
		if !strings.Contains(all, want) {
			t.Errorf("check output lacks %q (exit %d):\n%s", want, code, all)
		}
	}
}

// TestCheckWarnsAboutBodyCaps: a plugin accepting larger bodies than the
// server's cap is named, with the setting to raise.
func TestCheckWarnsAboutBodyCaps(t *testing.T) {
	manifest := plugintest.Build(t, "runtime/pluginhost/testdata/echo")
	plugins := filepath.Join(t.TempDir(), "plugins")
	if err := os.CopyFS(filepath.Join(plugins, "echo"), os.DirFS(filepath.Dir(manifest))); err != nil {
		t.Fatal(err)
	}
	m, err := os.ReadFile(filepath.Join(plugins, "echo", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	m = bytes.Replace(m, []byte(`"trusted": false`), []byte(`"trusted": false, "max_body_bytes": 2000000`), 1)
	if err := os.WriteFile(filepath.Join(plugins, "echo", "manifest.json"), m, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		config string
		warn   bool
	}{{"", true}, {"max_body_bytes: 4000000\n", false}} {
		args := []string{"check", "--plugins", plugins}
		if tc.config != "" {
			cfg := filepath.Join(t.TempDir(), "accueil.yaml")
			if err := os.WriteFile(cfg, []byte(tc.config), 0o600); err != nil {
				t.Fatal(err)
			}
			args = append(args, "--config", cfg)
		}
		var out, errOut bytes.Buffer
		code := run(t.Context(), args, &out, &errOut, nil)
		all := out.String() + errOut.String()
		want := "plugin echo: its manifest accepts bodies up to 2000000 bytes, but the server refuses any over 1048576"
		if strings.Contains(all, want) != tc.warn || !strings.Contains(all, "echo") {
			t.Errorf("config %q: warned %v, want %v (exit %d):\n%s", tc.config, !tc.warn, tc.warn, code, all)
		}
	}
}

// TestCheckListsEveryProblemAtOnce: unknown keys, a bad value and a
// misspelt plugin in one file are all listed by one check, the plugin with
// the name it was meant to be.
func TestCheckListsEveryProblemAtOnce(t *testing.T) {
	manifest := plugintest.Build(t, "runtime/pluginhost/testdata/echo")
	plugins := filepath.Join(t.TempDir(), "plugins")
	if err := os.CopyFS(filepath.Join(plugins, "echo"), os.DirFS(filepath.Dir(manifest))); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "accueil.yaml")
	if err := os.WriteFile(cfg, []byte("adr: \":8000\"\nadmin:\n  tokn: x\nturn_timeout: 14\nplugins:\n  ekho:\n    greeting: salut\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"check", "--config", cfg, "--plugins", plugins}, &out, &errOut, nil)
	got := out.String() + errOut.String()
	for _, want := range []string{`did you mean "addr"`, `did you mean "token"`, `turn_timeout (line 4): "14" is not a duration`, `plugin "ekho" (plugins.ekho)`, `did you mean "echo"?`} {
		if code != 1 || !strings.Contains(got, want) {
			t.Errorf("check: exit %d, want 1 and %q in:\n%s", code, want, got)
		}
	}
}

// TestOwnBusinessPage: serving another business than the demo shows that
// business's page at /, not the demo salon's.
func TestOwnBusinessPage(t *testing.T) {
	s, err := badgerstore.Open(t.TempDir(), badgerstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	garage, err := business.Load("../../engine/testdata/garage/business.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		b          *business.Business
		want, deny string
	}{
		{business.Demo(), "Salon Lumière", ""},
		{garage, "<title>" + html.EscapeString(garage.Name()) + "</title>", "Salon Lumière"},
		{garage, `<a href="tel:+33478000000">04 78 00 00 00</a>`, ""}, // the number as the assistant writes it
	} {
		var deps runtime.Deps
		if _, err := wireWeb(&deps, tc.b, s, "", slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		page := string(deps.Static["/"].Body)
		if !strings.Contains(page, tc.want) || tc.deny != "" && strings.Contains(page, tc.deny) || !strings.Contains(page, "/widget.js") ||
			!strings.Contains(page, `<link rel="icon" href="data:image/svg+xml,`) {
			t.Errorf("%s: page at / lacks %q or has %q:\n%.300s", tc.b.ID(), tc.want, tc.deny, page)
		}
	}
}

// TestBusinessOriginsReachTheWebPlugin: the origins of the business file
// are given to the web plugin too, which checks the Origin of messages.
func TestBusinessOriginsReachTheWebPlugin(t *testing.T) {
	const demoOrigins = `allowed_origins: ["http://localhost:8000"]`
	if !strings.Contains(string(examples.SalonLumiere), demoOrigins) {
		t.Fatal("the demo file no longer lists its web origins")
	}
	src := strings.Replace(string(examples.SalonLumiere), demoOrigins, `allowed_origins: ["https://www.salon-lumiere.fr"]`, 1)
	b, err := business.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "web"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "web", "manifest.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	in := map[string]map[string]string{"web": {"allowed_origins": "https://shop.example.com"}, "whatsapp": {"auth_token": "x"}}
	got := withBusinessOrigins(in, dir, b)
	if o := got["web"]["allowed_origins"]; o != "https://shop.example.com, https://www.salon-lumiere.fr" {
		t.Errorf("web allowed_origins = %q", o)
	}
	if in["web"]["allowed_origins"] != "https://shop.example.com" || got["whatsapp"]["auth_token"] != "x" {
		t.Errorf("settings changed in place or lost: %v %v", in, got)
	}
	if got := withBusinessOrigins(in, t.TempDir(), b); got["web"]["allowed_origins"] != "https://shop.example.com" {
		t.Errorf("without a web plugin the settings must stay as they are: %v", got)
	}
}

// A stray word before the flags would silently drop them: refused.
func TestStrayArgumentRefused(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"serve", "extra", "--addr", "127.0.0.1:0"}, &out, &errOut, nil)
	if code != 2 || !strings.Contains(errOut.String(), `unexpected argument "extra"`) {
		t.Fatalf("exit %d, stderr %q; want 2 and the stray argument named", code, errOut.String())
	}
}

// check with a plugin whose module file is missing names that file; it
// does not claim the plugins folder is missing.
func TestCheckNamesAMissingModule(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "plugins", "hook")
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	manifest := `{"name": "hook", "abi_version": 2, "mount": "hook", "module": "hok.wasm"}`
	if err := os.WriteFile(filepath.Join(p, "manifest.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"check", "--plugins", filepath.Join(dir, "plugins")}, &out, &errOut, nil)
	all := out.String() + errOut.String()
	if code == 0 || !strings.Contains(all, "hok.wasm") || strings.Contains(all, "not found (build them") {
		t.Fatalf("exit %d, output %q; want a failure naming hok.wasm", code, all)
	}
}

// ACCUEIL_PLUGINS_JSON_HOOK_SECRET reaches plugin "json_hook" (or
// "json-hook"): the environment cannot tell where the name ends, the
// plugins folder can.
func TestEnvPluginNamesWithSeparators(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"json_hook", "sms-box", "web"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		m := `{"name": "` + name + `", "abi_version": 2, "mount": "` + strings.ReplaceAll(name, "_", "") + `", "module": "x.wasm"}`
		if err := os.WriteFile(filepath.Join(p, "manifest.json"), []byte(m), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := loadConfig("", []string{"ACCUEIL_PLUGINS_JSON_HOOK_SECRET=s1", "ACCUEIL_PLUGINS_SMS_BOX_API_KEY=k2", "ACCUEIL_PLUGINS_WEB_ALLOWED_ORIGINS=https://a.example"})
	if err != nil {
		t.Fatal(err)
	}
	got := envPluginNames(cfg.Plugins, dir)
	if got["json_hook"]["secret"] != "s1" || got["sms-box"]["api_key"] != "k2" || got["web"]["allowed_origins"] != "https://a.example" {
		t.Errorf("settings %v", got)
	}
	if _, ok := got["json"]; ok {
		t.Errorf("the short name is left: %v", got)
	}
	if _, ok := got["sms"]; ok {
		t.Errorf("the short name is left: %v", got)
	}
}

// TestCheckTriesTheStore: check fails where serve would fail to open the
// store, and leaves alone a Badger directory a running server holds.
func TestCheckTriesTheStore(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close() // nothing listens there now
	held := filepath.Join(dir, "held")
	s, err := badgerstore.Open(held, badgerstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"postgres refused", []string{"--store", "postgres://postgres@" + closed + "/nope"}, 1, "connection refused"},
		{"data is a file", []string{"--data", file}, 1, "Badger data directory " + file + ": is a file, not a directory"},
		{"data under a file", []string{"--data", filepath.Join(file, "data")}, 1, "cannot be created: " + file + " is a file"},
		{"data to be created", []string{"--data", filepath.Join(dir, "new", "data")}, 0, "store Badger " + filepath.Join(dir, "new", "data")},
		{"data held by a server", []string{"--data", held}, 0, "store Badger " + held},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(t.Context(), append([]string{"check"}, tc.args...), &out, &errOut, nil) // no ./bin/plugins here
			all := out.String() + errOut.String()
			if code != tc.code || !strings.Contains(all, tc.want) {
				t.Errorf("exit %d, want %d and %q:\n%s", code, tc.code, tc.want, all)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); err == nil {
		t.Error("check created the data directory")
	}
	// The running server's store still works.
	if _, err := s.Session(t.Context(), "salon", "web:1"); err != nil && !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the held store after check: %v", err)
	}
	entries, _ := os.ReadDir(held)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".accueil-check-") {
			t.Errorf("check left %s behind", e.Name())
		}
	}
}

// TestCheckShowsWarningsAfterErrors: a file with errors still has its
// warnings listed, after the errors, each with its place in the file.
func TestCheckShowsWarningsAfterErrors(t *testing.T) {
	biz := strings.Replace(string(examples.SalonLumiere), "weekdays: [wednesday, thursday, friday, saturday]",
		"weekdays: [monday, wednesday, thursday, friday, saturday]", 1)
	biz = strings.Replace(biz, "timezone: Europe/Paris", "timezone: Europe/Pariss", 1)
	path := filepath.Join(t.TempDir(), "business.yaml")
	if err := os.WriteFile(path, []byte(biz), 0o600); err != nil {
		t.Fatal(err)
	}
	var both bytes.Buffer
	code := run(t.Context(), []string{"check", "--business", path}, &both, &both, nil)
	all := both.String()
	e := strings.Index(all, `[7:11] timezone: unknown time zone "Europe/Pariss"`)
	w := strings.Index(all, "warning: "+path+": [122:15] staff[2].weekdays: hugo works on monday")
	if code != 1 || e < 0 || w < e {
		t.Errorf("exit %d; want 1, the error, then the warning:\n%s", code, all)
	}
}

// TestWarnOrphanBookings: a coming booking whose service id is no longer in
// the business file is named at start-up.
func TestWarnOrphanBookings(t *testing.T) {
	st, err := badgerstore.Open(t.TempDir(), badgerstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := business.Demo()
	start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	for i, svc := range []string{"brushing", "oil-change"} {
		bk := store.Booking{ID: fmt.Sprintf("LUM-T%03d", i), Service: svc, Staff: "camille", Start: start.Add(time.Duration(i) * time.Hour),
			End: start.Add(time.Duration(i)*time.Hour + 30*time.Minute), Customer: store.Customer{Phone: "+33611112233", Name: "Julie"}}
		_, err := st.Turn(t.Context(), store.TurnKey{Business: b.ID(), Session: "test:" + bk.ID}, func(store.View) (store.Writes, error) {
			return store.Writes{Session: []byte{1}, Book: []store.Booking{bk}}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	warnOrphanBookings(t.Context(), st, b, slog.New(slog.NewTextHandler(&logs, nil)))
	if out := logs.String(); !strings.Contains(out, "count=1") || !strings.Contains(out, "LUM-T001 (service oil-change, staff camille)") || strings.Contains(out, "LUM-T000") {
		t.Errorf("log:\n%s\nwant LUM-T001 alone named", out)
	}
}

// TestCommandLineHelps: no command is a usage error, --version and "help
// serve" work, and a misspelt flag gets the flag it was meant to be.
func TestCommandLineHelps(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(t.Context(), nil, &out, &errOut, nil); code != 2 || !strings.Contains(errOut.String(), "serve") {
		t.Errorf("no command: %d %q", code, errOut.String())
	}
	out.Reset()
	if code := run(t.Context(), []string{"--version"}, &out, &errOut, nil); code != 0 || !strings.HasPrefix(out.String(), "accueil ") {
		t.Errorf("--version: %d %q", code, out.String())
	}
	errOut.Reset()
	if code := run(t.Context(), []string{"help", "serve"}, &out, &errOut, nil); code != 0 || !strings.Contains(errOut.String(), "Usage: accueil serve") {
		t.Errorf("help serve: %d %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run(t.Context(), []string{"serve", "--adr", ":1"}, &out, &errOut, nil); code != 2 || !strings.Contains(errOut.String(), "did you mean -addr?") {
		t.Errorf("--adr: %d %q", code, errOut.String())
	}
}

func TestProcsWithSyncs(t *testing.T) {
	for _, tc := range []struct {
		env        string
		procs      int
		want       int
		wantChange bool
	}{
		{"", 2, 3, true},
		{"", 1, 2, true},
		{"", 16, 17, true},
		{"2", 2, 2, false}, // the operator chose: kept
		{"8", 8, 8, false},
	} {
		got, changed := procsWithSyncs(tc.env, tc.procs)
		if got != tc.want || changed != tc.wantChange {
			t.Errorf("procsWithSyncs(%q, %d) = %d, %v; want %d, %v", tc.env, tc.procs, got, changed, tc.want, tc.wantChange)
		}
	}
}
