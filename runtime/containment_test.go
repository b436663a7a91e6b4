package runtime_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
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
	"github.com/accueil-pme/accueil/runtime/server"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
)

// TestMisbehavingPluginIsContained mounts a guest that loops or traps on
// demand (runtime/pluginhost/testdata/wat/tck.wat: the first letter of the
// HTTP method picks the misbehaviour) in place of the WhatsApp plugin: the
// request that triggers it gets the manifest's TwiML apology with a 500
// within the deadline, and the other requests are unaffected.
func TestMisbehavingPluginIsContained(t *testing.T) {
	apology := `<?xml version="1.0" encoding="UTF-8"?><Response><Message>Désolé, un problème technique.</Message></Response>`
	srv, addr := startTCK(t, map[string]any{
		"name": "whatsapp", "abi_version": 2, "mount": "whatsapp", "module": "tck.wasm",
		"trusted": false, "memory_pages": 16, "timeout_ms": 100, "pool": map[string]int{"min": 2, "max": 4},
		"fallback": map[string]any{"status": 500, "content_type": "text/xml; charset=utf-8", "body": apology},
	})
	defer srv.Shutdown(context.Background())
	url := "http://" + addr + "/api/whatsapp/webhook"

	do := func(method string) (int, string, time.Duration) {
		req, _ := http.NewRequest(method, url, strings.NewReader("Body=x"))
		t0 := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return 0, "", 0
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), time.Since(t0)
	}
	for _, method := range []string{"LOOP", "TRAP", "HOG"} {
		t.Run(method, func(t *testing.T) {
			var wg sync.WaitGroup
			// Healthy requests run alongside the misbehaving one.
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if code, body, _ := do("POST"); code != 200 {
						t.Errorf("a healthy request got %d %s", code, body)
					}
				}()
			}
			code, body, took := do(method)
			wg.Wait()
			if code != 500 || body != apology {
				t.Errorf("%s: got %d %q, want 500 with the TwiML apology", method, code, body)
			}
			if took > 2*time.Second {
				t.Errorf("%s took %v, want the answer within the deadline", method, took)
			}
		})
	}
	// After all that, the plugin still serves.
	if code, body, _ := do("POST"); code != 200 {
		t.Errorf("plugin did not recover: %d %s", code, body)
	}
}

// startTCK serves runtime/pluginhost/testdata/wat/tck.wasm (a guest that
// misbehaves on demand, picked by the first letter of the HTTP method) under
// the given manifest, with the demo engine and a real Badger store.
func startTCK(t *testing.T, manifest map[string]any) (*server.Server, string) {
	t.Helper()
	dir := t.TempDir()
	wasm, err := os.ReadFile(filepath.Join("pluginhost", "testdata", "wat", "tck.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := json.Marshal(manifest)
	if err := errors.Join(os.WriteFile(filepath.Join(dir, "tck.wasm"), wasm, 0o644),
		os.WriteFile(filepath.Join(dir, "manifest.json"), m, 0o644)); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badgerstore.Open(t.TempDir(), badgerstore.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	host, err := pluginhost.New(t.Context(), pluginhost.Config{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { host.Close(context.Background()) })
	p, err := host.Load(t.Context(), filepath.Join(dir, "manifest.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	biz := business.Demo()
	eng, _ := engine.New(biz)
	rt, err := runtime.New(runtime.Config{}, runtime.Deps{Store: st, Engine: eng, Plugins: []runtime.Plugin{p}, Logger: log,
		Business: runtime.Business{ID: biz.ID(), Name: biz.Name(), Language: "fr", Location: biz.Location()}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Config{Logger: log}, rt)
	done := make(chan struct{})
	go func() { _ = srv.ServeListener(ln); close(done) }()
	t.Cleanup(func() { srv.Shutdown(context.Background()); <-done })
	return srv, ln.Addr().String()
}
