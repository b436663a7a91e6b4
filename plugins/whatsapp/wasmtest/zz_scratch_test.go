package wasmtest

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

type counter map[string]int

func (c counter) NewFunctionListener(def api.FunctionDefinition) experimental.FunctionListener {
	if def.GoFunction() == nil {
		return nil
	}
	name := def.DebugName()
	return experimental.FunctionListenerFunc(func(ctx context.Context, mod api.Module, d api.FunctionDefinition, params []uint64, si experimental.StackIterator) {
		c[name]++
	})
}

func scratchGuest(t testing.TB, ctx context.Context, env []string) *guest {
	bin, err := os.ReadFile(build(t))
	if err != nil {
		t.Fatal(err)
	}
	r := wazero.NewRuntime(ctx)
	t.Cleanup(func() { r.Close(ctx) })
	wasi_snapshot_preview1.MustInstantiate(ctx, r)
	compiled, err := r.CompileModule(ctx, bin)
	if err != nil {
		t.Fatal(err)
	}
	cfg := wazero.NewModuleConfig().WithStartFunctions("_initialize").WithName("")
	for i := 0; i+1 < len(env); i += 2 {
		cfg = cfg.WithEnv(env[i], env[i+1])
	}
	g := &guest{}
	g.mod, err = r.InstantiateModule(ctx, compiled, cfg)
	if err != nil {
		t.Fatal(err)
	}
	g.alloc = g.mod.ExportedFunction(abi.FuncAlloc)
	g.init = g.mod.ExportedFunction(abi.FuncInit)
	g.parse = g.mod.ExportedFunction(abi.FuncParse)
	g.render = g.mod.ExportedFunction(abi.FuncRender)
	g.version = g.mod.ExportedFunction(abi.FuncABIVersion)
	cfgb := abi.AppendConfig(nil, &abi.Config{Plugin: "whatsapp"})
	g.call(t, g.init, cfgb)
	return g
}

func TestScratchCount(t *testing.T) {
	c := counter{}
	ctx := experimental.WithFunctionListenerFactory(context.Background(), c)
	g := scratchGuest(t, ctx, nil)
	req := sdktest.FormRequest("POST", testURL, sdktest.ReadFile(t, "../testdata/inbound-text.txt"))
	reqBuf := abi.AppendRequest(nil, req)
	for k := range c {
		delete(c, k)
	}
	for range 1000 {
		g.call(t, g.parse, reqBuf)
	}
	fmt.Println("host calls per 1000 parses:", c)
}

func BenchmarkScratchGOGC(b *testing.B) {
	req := sdktest.FormRequest("POST", testURL, sdktest.ReadFile(b, "../testdata/inbound-text.txt"))
	reqBuf := abi.AppendRequest(nil, req)
	for _, env := range [][]string{nil, {"GOGC", "25"}, {"GOGC", "off"}, {"GOGC", "400"}} {
		b.Run(fmt.Sprint(env), func(b *testing.B) {
			g := scratchGuest(b, context.Background(), env)
			for b.Loop() {
				g.call(b, g.parse, reqBuf)
			}
		})
	}
}
