package runtime_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/runtime"
	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/runtime/pluginhost/plugintest"
	"github.com/accueil-pme/accueil/runtime/server"
	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
)

const twilioToken = "7c2e9a41d8b35f06e1a4c7d92b58f3e0"

// app is a whole Accueil host on loopback: real Badger directory, real
// plugins in wazero, real HTTP.
type app struct {
	URL   string
	Admin string
	rt    *runtime.Runtime
	stop  func()
	log   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type appOptions struct {
	dataDir  string
	settings map[string]map[string]string
	now      func() time.Time
	cfg      runtime.Config
	plugins  []string
	// manifests maps plugin names of plugins to load from outside the
	// repository to their manifest.json.
	manifests map[string]string
	// wrapStore, when set, wraps the Badger store the runtime uses.
	wrapStore func(store.Store) store.Store
	// turnTimeout is the server's; 0 for its default.
	turnTimeout time.Duration
}

var (
	buildOnce sync.Map // plugin dir → manifest path
)

func pluginManifest(t testing.TB, name string, o appOptions) string {
	if p, ok := o.manifests[name]; ok {
		return p
	}
	if p, ok := buildOnce.Load(name); ok {
		return p.(string)
	}
	p := plugintest.Build(t, filepath.Join("..", "plugins", name))
	buildOnce.Store(name, p)
	return p
}

func startApp(t testing.TB, o appOptions) *app {
	t.Helper()
	if o.dataDir == "" {
		o.dataDir = t.TempDir()
	}
	if o.plugins == nil {
		o.plugins = []string{"whatsapp"}
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()
	st, err := badgerstore.Open(o.dataDir, badgerstore.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	biz := business.Demo()
	eng, err := engine.New(biz)
	if err != nil {
		t.Fatal(err)
	}
	host, err := pluginhost.New(ctx, pluginhost.Config{CacheDir: plugintest.CompilationCacheDir(t), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	var plugins []runtime.Plugin
	for _, name := range o.plugins {
		p, err := host.Load(ctx, pluginManifest(t, name, o), o.settings[name])
		if err != nil {
			t.Fatal(err)
		}
		plugins = append(plugins, p)
	}
	g := map[string]string{"fr": biz.Greeting("fr"), "en": biz.Greeting("en")}
	var rst store.Store = st
	if o.wrapStore != nil {
		rst = o.wrapStore(st)
	}
	rt, err := runtime.New(o.cfg, runtime.Deps{Store: rst, Engine: eng, Plugins: plugins, Logger: log, Now: o.now,
		Static: map[string]runtime.StaticFile{"/": {ContentType: "text/html; charset=utf-8", Body: []byte("<!doctype html><title>demo</title>")}},
		Business: runtime.Business{ID: biz.ID(), Name: biz.Name(), Language: biz.DefaultLanguage(), Greeting: g,
			Phone: biz.HandoffPhone(), Location: biz.Location()}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Config{Logger: log, TurnTimeout: o.turnTimeout}, rt)
	done := make(chan struct{})
	go func() { _ = srv.ServeListener(ln); close(done) }()
	a := &app{URL: "http://" + ln.Addr().String(), rt: rt, log: logs}
	var once sync.Once
	a.stop = func() {
		once.Do(func() {
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = srv.Shutdown(sctx)
			<-done
			_ = host.Close(sctx)
			_ = st.Close()
		})
	}
	t.Cleanup(func() {
		a.stop()
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return a
}

// post sends a form body to the whatsapp webhook.
func (a *app) post(t testing.TB, path, body string, header map[string]string) (int, string, http.Header) {
	t.Helper()
	return a.send(t, path, "application/x-www-form-urlencoded", body, header)
}

// send POSTs body with a content type and headers, and reads the answer.
func (a *app) send(t testing.TB, path, contentType, body string, header map[string]string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest("POST", a.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func (a *app) get(t testing.TB, path string, header map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", a.URL+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// twilioForm builds an inbound WhatsApp message as Twilio sends it.
func twilioForm(sid, from, body string) string {
	return twilioFormNamed(sid, from, "Client Test", body)
}

// twilioFormNamed is twilioForm with the sender's WhatsApp profile name.
func twilioFormNamed(sid, from, profile, body string) string {
	v := url.Values{}
	v.Set("SmsMessageSid", sid)
	v.Set("NumMedia", "0")
	v.Set("ProfileName", profile)
	v.Set("MessageType", "text")
	v.Set("SmsSid", sid)
	v.Set("WaId", strings.TrimPrefix(from, "+"))
	v.Set("SmsStatus", "received")
	v.Set("Body", body)
	v.Set("To", "whatsapp:+33639980000")
	v.Set("NumSegments", "1")
	v.Set("MessageSid", sid)
	v.Set("AccountSid", "AC5e2b7d90c41f836a2d0e9b71c53f8a46")
	v.Set("From", "whatsapp:"+from)
	v.Set("ApiVersion", "2010-04-01")
	return v.Encode()
}

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "providers", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
