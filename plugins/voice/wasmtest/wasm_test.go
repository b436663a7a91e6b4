package wasmtest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// The same inputs as the plugin's native golden test (../voice_test.go).
const (
	vapiFixtures = "../../../testdata/providers/vapi"
	testSecret   = "s3cr3t-vapi-7f3a"
)

var business = abi.Business{
	ID: "salon-lumiere", Name: "Salon Lumière", Language: "fr", Greeting: "Bonjour, Salon Lumière, je vous écoute.",
	Phone: "+33199001299", TimeZone: "Europe/Paris",
}

func request(path string, body []byte) *abi.Request {
	return &abi.Request{
		Method: "POST", Path: path, PublicURL: "https://reception.example.com" + path,
		Headers: []abi.KV{{Key: "x-vapi-secret", Value: testSecret}}, Body: body, ReceivedUnixMilli: 1773303298000,
	}
}

var (
	buildOnce sync.Once
	pluginDir string
	buildErr  error
	buildOut  []byte
)

// TestMain removes the plugin build that the tests shared.
func TestMain(m *testing.M) {
	code := m.Run()
	if pluginDir != "" {
		os.RemoveAll(pluginDir)
	}
	os.Exit(code)
}

// build compiles the plugin once per test binary with the documented
// command, into a directory holding it and a copy of its manifest.
func build(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the plugin for wasip1; skipped with -short")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "voice-wasm")
		if err != nil {
			buildErr = err
			return
		}
		manifest, err := os.ReadFile("../manifest.json")
		if err != nil {
			buildErr = err
			return
		}
		if buildErr = os.WriteFile(filepath.Join(dir, "manifest.json"), manifest, 0o644); buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-buildmode=c-shared", "-trimpath", "-ldflags=-s", "-o", filepath.Join(dir, "voice.wasm"), ".")
		cmd.Dir = ".."
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
		buildOut, buildErr = cmd.CombinedOutput()
		pluginDir = dir
	})
	if buildErr != nil {
		t.Fatalf("build the plugin: %v\n%s", buildErr, buildOut)
	}
	return pluginDir
}

func load(t testing.TB) *pluginhost.Plugin {
	t.Helper()
	dir := build(t)
	ctx := context.Background()
	host, err := pluginhost.New(ctx, pluginhost.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { host.Close(ctx) })
	p, err := host.Load(ctx, filepath.Join(dir, "manifest.json"), map[string]string{"secret": testSecret})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// golden mirrors the plugin's golden files.
type golden struct {
	Verified bool
	Events   []goldenEvent
	Results  []abi.Result
	Response struct {
		Status      int
		ContentType string
		Body        json.RawMessage
	}
}

type goldenEvent struct {
	Kind         string
	ID           string            `json:",omitempty"`
	Conversation string            `json:",omitempty"`
	From         string            `json:",omitempty"`
	To           string            `json:",omitempty"`
	Name         string            `json:",omitempty"`
	Text         string            `json:",omitempty"`
	Status       string            `json:",omitempty"`
	Tool         *abi.ToolCall     `json:",omitempty"`
	Attrs        map[string]string `json:",omitempty"`
}

func toGolden(evs []abi.Event) []goldenEvent {
	var out []goldenEvent
	for _, e := range evs {
		ge := goldenEvent{Kind: e.Kind, ID: e.ID, Conversation: e.Conversation, From: e.From, To: e.To, Name: e.Name,
			Text: e.Text, Status: e.Status, Tool: e.Tool}
		for _, kv := range e.Attrs {
			if ge.Attrs == nil {
				ge.Attrs = map[string]string{}
			}
			ge.Attrs[kv.Key] = kv.Value
		}
		out = append(out, ge)
	}
	return out
}

// requestFile maps a golden file name to the request it was made from.
func requestFile(name string) (file, path string) {
	path = "/api/vapi/webhook"
	if strings.Contains(name, "chat-completions") {
		path = "/api/vapi/chat/completions"
	}
	if local, ok := strings.CutPrefix(name, "local-"); ok {
		return filepath.Join("..", "testdata", "requests", local+".json"), path
	}
	base := strings.TrimPrefix(name, "vapi-")
	if strings.HasPrefix(base, "chat-completions") {
		return filepath.Join(vapiFixtures, "custom-llm", base+".json"), path
	}
	return filepath.Join(vapiFixtures, base+".json"), path
}

func canonical(t *testing.T, b []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		// An SSE stream, kept as the golden's list of lines.
		return string(b)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

// TestGuestMatchesGolden runs every golden case through the module.
func TestGuestMatchesGolden(t *testing.T) {
	p := load(t)
	files, err := filepath.Glob(filepath.Join("..", "testdata", "golden", "*.golden.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	ctx := t.Context()
	for _, gf := range files {
		name := strings.TrimSuffix(filepath.Base(gf), ".golden.json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(gf)
			if err != nil {
				t.Fatal(err)
			}
			var want golden
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			file, path := requestFile(name)
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			req := request(path, body)
			res, err := p.Parse(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Reject != nil {
				t.Fatalf("rejected: %+v", res.Reject)
			}
			got, _ := json.Marshal(toGolden(res.Events))
			exp, _ := json.Marshal(want.Events)
			if !bytes.Equal(got, exp) || res.Verified != want.Verified {
				t.Fatalf("events differ from native:\n got  %s\n want %s", got, exp)
			}
			resp, err := p.Render(ctx, &abi.RenderInput{Request: *req, Events: res.Events, Results: want.Results, Business: business})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != want.Response.Status || resp.ContentType != want.Response.ContentType {
				t.Errorf("status %d %q, want %d %q", resp.Status, resp.ContentType, want.Response.Status, want.Response.ContentType)
			}
			wantBody := []byte(want.Response.Body)
			var lines []string
			if json.Unmarshal(wantBody, &lines) == nil && resp.ContentType == "text/event-stream" {
				wantBody = []byte(strings.Join(lines, "\n"))
			}
			if g, w := canonical(t, resp.Body), canonical(t, wantBody); g != w {
				t.Errorf("body differs from native:\n got  %s\n want %s", g, w)
			}
		})
	}
}

func TestGuestRefusesBadSecret(t *testing.T) {
	p := load(t)
	req := request("/api/vapi/webhook", []byte(`{"message":{"type":"hang"}}`))
	req.Headers = []abi.KV{{Key: "x-vapi-secret", Value: "wrong"}}
	res, err := p.Parse(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Reject == nil || res.Reject.Status != 401 || len(res.Events) != 0 {
		t.Fatalf("got %+v", res)
	}
}

func benchGuest(b *testing.B, fixture, path string, results []abi.Result) {
	p := load(b)
	body, err := os.ReadFile(filepath.Join(vapiFixtures, fixture))
	if err != nil {
		b.Fatal(err)
	}
	req := request(path, body)
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		res, err := p.Parse(ctx, req)
		if err != nil || res.Reject != nil {
			b.Fatal(err, res.Reject)
		}
		if _, err := p.Render(ctx, &abi.RenderInput{Request: *req, Events: res.Events, Results: results, Business: business}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGuestToolCalls(b *testing.B) {
	benchGuest(b, "tool-calls.json", "/api/vapi/webhook", []abi.Result{{ToolResult: "Créneau disponible le vendredi 13 mars à 14h00 avec Léa."}})
}

func BenchmarkGuestAssistantRequest(b *testing.B) {
	benchGuest(b, "assistant-request.json", "/api/vapi/webhook", []abi.Result{{Replies: []abi.Reply{{Text: "Bonjour, Salon Lumière, je vous écoute."}}}})
}
