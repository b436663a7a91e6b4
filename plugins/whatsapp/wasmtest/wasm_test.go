package wasmtest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/runtime/pluginhost/plugintest"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

const (
	testURL = "https://reception.example.com/v1/channels/twilio/whatsapp"
	token   = "7c2e9a41d8b35f06e1a4c7d92b58f3e0"
)

var (
	buildOnce sync.Once
	wasmPath  string
	buildErr  error
	buildOut  []byte
)

// build compiles the plugin once per test binary, with the documented command.
func build(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the plugin for wasip1; skipped with -short")
	}
	buildOnce.Do(func() {
		// plugintest builds with the documented command into a cache keyed
		// by the sources, shared with the other packages' tests.
		wasmPath = filepath.Join(filepath.Dir(plugintest.Build(t, "..")), "whatsapp.wasm")
	})
	if buildErr != nil {
		t.Fatalf("build the plugin: %v\n%s", buildErr, buildOut)
	}
	return wasmPath
}

// guest is one instance of the plugin, driven through the ABI.
type guest struct {
	mod                                 api.Module
	alloc, init, parse, render, version api.Function
	stderr                              *bytes.Buffer
}

func newGuest(t testing.TB, settings ...abi.KV) *guest {
	return newGuestCtx(t, context.Background(), settings...)
}

// newGuestCtx is newGuest with a context for compiling and instantiating,
// which may carry a function listener factory.
func newGuestCtx(t testing.TB, ctx context.Context, settings ...abi.KV) *guest {
	t.Helper()
	bin, err := os.ReadFile(build(t))
	if err != nil {
		t.Fatal(err)
	}
	r := wazero.NewRuntime(ctx)
	t.Cleanup(func() { r.Close(ctx) })
	wasi_snapshot_preview1.MustInstantiate(ctx, r)
	if err := pluginhost.InstantiateHostModule(ctx, r); err != nil { // HMAC for the signature
		t.Fatal(err)
	}
	compiled, err := r.CompileModule(ctx, bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range abi.RequiredExports {
		if _, ok := compiled.ExportedFunctions()[name]; !ok {
			t.Fatalf("export %s missing", name)
		}
	}
	g := &guest{stderr: new(bytes.Buffer)}
	g.mod, err = r.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().
		WithStartFunctions("_initialize").WithStderr(g.stderr).WithName(""))
	if err != nil {
		t.Fatal(err)
	}
	g.alloc = g.mod.ExportedFunction(abi.FuncAlloc)
	g.init = g.mod.ExportedFunction(abi.FuncInit)
	g.parse = g.mod.ExportedFunction(abi.FuncParse)
	g.render = g.mod.ExportedFunction(abi.FuncRender)
	g.version = g.mod.ExportedFunction(abi.FuncABIVersion)
	v, err := g.version.Call(ctx)
	if err != nil || uint32(v[0]) != abi.Version {
		t.Fatalf("abi version %v, %v", v, err)
	}
	cfg := abi.Config{Plugin: "whatsapp", Settings: settings}
	if out, isErr := g.call(t, g.init, abi.AppendConfig(nil, &cfg)); isErr || len(out) != 0 {
		t.Fatalf("init: %q", out)
	}
	return g
}

// call writes in into the guest, calls fn and returns a copy of the output.
func (g *guest) call(t testing.TB, fn api.Function, in []byte) ([]byte, bool) {
	ctx := context.Background()
	res, err := g.alloc.Call(ctx, uint64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	ptr := uint32(res[0])
	if !g.mod.Memory().Write(ptr, in) {
		t.Fatal("input out of memory range")
	}
	res, err = fn.Call(ctx, uint64(ptr), uint64(len(in)))
	if err != nil {
		t.Fatalf("%v\nstderr: %s", err, g.stderr)
	}
	p, n, isErr := abi.UnpackResult(res[0])
	out, ok := g.mod.Memory().Read(p, n)
	if !ok {
		t.Fatal("output out of memory range")
	}
	return bytes.Clone(out), isErr
}

func (g *guest) Parse(t testing.TB, req *abi.Request) abi.ParseResult {
	out, isErr := g.call(t, g.parse, abi.AppendRequest(nil, req))
	if isErr {
		t.Fatalf("parse: guest error %q", out)
	}
	res, err := abi.DecodeParseResult(out)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (g *guest) Render(t testing.TB, in *abi.RenderInput) abi.Response {
	out, isErr := g.call(t, g.render, abi.AppendRenderInput(nil, in))
	if isErr {
		t.Fatalf("render: guest error %q", out)
	}
	resp, err := abi.DecodeResponse(out)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestGuestMatchesGoldens runs the fixtures through the wasm module and
// compares with the golden files the native tests maintain.
func TestGuestMatchesGoldens(t *testing.T) {
	g := newGuest(t)
	if !bytes.Contains(g.stderr.Bytes(), []byte("no auth_token configured")) {
		t.Errorf("the missing token was not logged to stderr: %q", g.stderr)
	}
	files, _ := filepath.Glob("../testdata/*.txt")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			req := sdktest.FormRequest("POST", testURL, sdktest.ReadFile(t, f))
			res := g.Parse(t, req)
			golden := f[:len(f)-len(".txt")] + ".golden"
			if got, want := sdktest.MarshalParseResult(&res), sdktest.ReadFile(t, golden); !bytes.Equal(got, want) {
				t.Fatalf("guest output differs from %s:\n%s", golden, sdktest.Diff(string(want), string(got)))
			}
		})
	}
	resp := g.Render(t, &abi.RenderInput{Results: []abi.Result{{Replies: []abi.Reply{{Text: `Tarifs & horaires : coupe < 40 € > brushing, offre "été" jusqu'au 30/06`}}}}})
	if got, want := sdktest.MarshalResponse(&resp), sdktest.ReadFile(t, "../testdata/render/escaped.golden"); !bytes.Equal(got, want) {
		t.Fatalf("render differs:\n%s", sdktest.Diff(string(want), string(got)))
	}
}

func TestGuestSignature(t *testing.T) {
	g := newGuest(t, abi.KV{Key: "auth_token", Value: token}, abi.KV{Key: "unknown", Value: "ignored"})
	body := sdktest.ReadFile(t, "../testdata/inbound-text.txt")
	res := g.Parse(t, sdktest.FormRequest("POST", testURL, body, abi.KV{Key: "x-twilio-signature", Value: "gVP/ENC2C20NHoorkXRF706HSKU="}))
	if !res.Verified || len(res.Events) != 1 {
		t.Fatalf("got %+v", res)
	}
	res = g.Parse(t, sdktest.FormRequest("POST", testURL, body, abi.KV{Key: "x-twilio-signature", Value: "yaHrsHOszf54c7SJ5wiuKlqry5E="}))
	if res.Reject == nil || res.Reject.Status != 403 || !strings.HasPrefix(res.Reject.Message, "invalid X-Twilio-Signature for "+testURL+" ") {
		t.Fatalf("got %+v", res)
	}
	res = g.Parse(t, sdktest.FormRequest("POST", testURL, body))
	if res.Reject == nil || res.Reject.Status != 403 || res.Reject.Message != "missing X-Twilio-Signature" {
		t.Fatalf("got %+v", res)
	}
}

// BenchmarkGuestTurn measures the plugin's share of a turn inside wazero:
// parse and verify inbound-text.txt, render a one-line reply, with the
// encoding and copies across the boundary.
func BenchmarkGuestTurn(b *testing.B) {
	g := newGuest(b, abi.KV{Key: "auth_token", Value: token})
	req := sdktest.FormRequest("POST", testURL, sdktest.ReadFile(b, "../testdata/inbound-text.txt"),
		abi.KV{Key: "x-twilio-signature", Value: "gVP/ENC2C20NHoorkXRF706HSKU="})
	results := []abi.Result{{Replies: []abi.Reply{{Text: "Bonjour Camille ! J'ai un créneau demain à 14h00 avec Léa. Je vous le réserve ?"}}}}
	var reqBuf, inBuf []byte
	b.ReportAllocs()
	for b.Loop() {
		reqBuf = abi.AppendRequest(reqBuf[:0], req)
		out, _ := g.call(b, g.parse, reqBuf)
		res, err := abi.DecodeParseResult(out)
		if err != nil || !res.Verified {
			b.Fatal(err, res.Reject)
		}
		in := abi.RenderInput{Request: *req, Events: res.Events, Results: results}
		inBuf = abi.AppendRenderInput(inBuf[:0], &in)
		if _, isErr := g.call(b, g.render, inBuf); isErr {
			b.Fatal("render failed")
		}
	}
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}
