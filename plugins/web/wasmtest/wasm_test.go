package wasmtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/sdk/abi"
)

const conv = "3f2b6c1e-8d4a-4b7e-9c1f-2a3b4c5d6e7f"

// load builds the plugin with the documented command and loads it.
func load(t *testing.T) *pluginhost.Plugin {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the plugin for wasip1; skipped with -short")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-buildmode=c-shared", "-trimpath", "-ldflags=-s", "-o", filepath.Join(dir, "web.wasm"), ".")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the plugin: %v\n%s", err, out)
	}
	manifest, err := os.ReadFile("../manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := pluginhost.New(t.Context(), pluginhost.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close(t.Context()) })
	p, err := h.Load(t.Context(), filepath.Join(dir, "manifest.json"),
		map[string]string{"allowed_origins": "https://www.salon-lumiere.fr, http://localhost:3000"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func request(method, path, body string, headers ...string) abi.Request {
	r := abi.Request{Method: method, Path: path, Body: []byte(body),
		Headers: []abi.KV{{Key: "host", Value: "127.0.0.1:8000"}, {Key: "content-type", Value: "application/json"}}}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Headers = append(r.Headers, abi.KV{Key: headers[i], Value: headers[i+1]})
	}
	return r
}

// TestGoldenInWasm runs some cases of ../web_test.go in the sandbox and
// compares the response with their golden files.
func TestGoldenInWasm(t *testing.T) {
	p := load(t)
	business := abi.Business{ID: "salon-lumiere", Name: "Salon Lumière", Language: "fr",
		Greeting: "Bonjour, Salon Lumière, que puis-je faire pour vous ?", Phone: "+33199001234",
		TimeZone: "Europe/Paris", Attrs: []abi.KV{{Key: "languages", Value: "fr,en"}}}
	slots := abi.Result{Replies: []abi.Reply{{
		Text:    "Samedi 6 mars, Hugo est disponible à :",
		Choices: []abi.Choice{{ID: "slot:2027-03-06T10:00", Label: "10:00"}, {ID: "slot:2027-03-06T10:15", Label: "10:15"}},
	}}}
	preflight := request("OPTIONS", "/api/web/messages", "", "origin", "https://www.salon-lumiere.fr", "access-control-request-method", "POST")
	cases := []struct {
		name   string
		req    abi.Request
		result *abi.Result
	}{
		{"message", request("POST", "/api/web/messages", `{"conversation":"`+conv+`","id":"m1","text":"  Bonjour, je voudrais une coupe homme samedi ","language":"fr"}`, "origin", "http://127.0.0.1:8000"), &slots},
		{"start", request("POST", "/api/web/start", `{"conversation":"`+conv+`"}`), &abi.Result{Replies: []abi.Reply{{Text: business.Greeting}}}},
		{"config", request("GET", "/api/web/config", ""), nil},
		{"preflight_allowed", preflight, nil},
		{"too_long", request("POST", "/api/web/messages", `{"conversation":"`+conv+`","id":"m1","text":"`+strings.Repeat("é", 1001)+`"}`), nil},
		{"foreign_origin", request("POST", "/api/web/messages", `{"conversation":"`+conv+`","id":"m1","text":"x"}`, "origin", "https://evil.example"), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pr, err := p.Parse(t.Context(), &c.req)
			if err != nil {
				t.Fatal(err)
			}
			in := abi.RenderInput{Request: c.req, Events: pr.Events, Business: business}
			for range pr.Events {
				in.Results = append(in.Results, *c.result)
			}
			resp, err := p.Render(t.Context(), &in)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "%d %s\n", resp.Status, resp.ContentType)
			for _, h := range resp.Headers {
				fmt.Fprintf(&b, "%s: %s\n", h.Key, h.Value)
			}
			fmt.Fprintf(&b, "\n%s\n", resp.Body)
			golden, err := os.ReadFile(filepath.Join("..", "testdata", c.name+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			_, want, _ := strings.Cut(string(golden), "---\n")
			if b.String() != want {
				t.Errorf("wasm answer\n%s\nwant (golden)\n%s", b.String(), want)
			}
		})
	}
}
