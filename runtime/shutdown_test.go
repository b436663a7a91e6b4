package runtime_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/runtime"
	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/runtime/server"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
)

// TestGracefulShutdownFinishesInFlight: a request being served when the
// server is asked to stop still gets its whole answer; new requests are
// refused.
func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	dir := t.TempDir()
	wasm, err := os.ReadFile(filepath.Join("pluginhost", "testdata", "wat", "tck.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "tck.wasm"), wasm, 0o644)
	m, _ := json.Marshal(map[string]any{"name": "slow", "abi_version": 1, "mount": "slow", "module": "tck.wasm",
		"trusted": false, "memory_pages": 16, "timeout_ms": 20000})
	os.WriteFile(filepath.Join(dir, "manifest.json"), m, 0o644)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badgerstore.Open(t.TempDir(), badgerstore.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	host, err := pluginhost.New(t.Context(), pluginhost.Config{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close(context.Background())
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
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	srv := server.New(server.Config{Logger: log}, rt)
	served := make(chan error, 1)
	go func() { served <- srv.ServeListener(ln) }()
	url := "http://" + ln.Addr().String() + "/api/slow/webhook"

	type answer struct {
		code int
		err  error
	}
	inflight := make(chan answer, 1)
	go func() {
		// "SPIN": the guest spins for about half a second before answering.
		req, _ := http.NewRequest("SPIN", url, strings.NewReader("x"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			inflight <- answer{err: err}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		inflight <- answer{code: resp.StatusCode}
	}()
	for srv.InFlight() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	a := <-inflight
	if a.err != nil || a.code != 200 {
		t.Fatalf("the in-flight request was not finished: %d %v", a.code, a.err)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve after shutdown: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/health"); err == nil {
		t.Error("a new request was served after shutdown")
	}
}

func TestBodyLimit(t *testing.T) {
	a := startApp(t, appOptions{})
	big := "Body=" + strings.Repeat("a", 2<<20)
	code, body, _ := a.post(t, "/api/whatsapp/webhook", big, nil)
	if code != 413 || !strings.Contains(body, "larger than") {
		t.Errorf("2 MiB body: %d %.200s, want 413 naming the limit", code, body)
	}
}
