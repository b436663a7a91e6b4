package wasmtest

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

// mallocCounter counts the guest's calls to the Go runtime's allocator,
// found by name in the module's name section.
type mallocCounter struct{ n atomic.Int64 }

func (c *mallocCounter) NewFunctionListener(def api.FunctionDefinition) experimental.FunctionListener {
	if def.Name() != "runtime.mallocgc" {
		return nil
	}
	return experimental.FunctionListenerFunc(func(context.Context, api.Module, api.FunctionDefinition, []uint64, experimental.StackIterator) {
		c.n.Add(1)
	})
}

// TestGuestAllocatesNothing checks, inside WebAssembly, that a warm guest
// parses and renders a message without allocating: an allocation per
// message makes a Go guest's collector run every few thousand messages
// (an escaping HMAC buffer once cost 4 µs a message this way). Natively
// the same code paths are checked by the plugin's own allocation tests,
// but the wasip1 build has its own (host function) code.
func TestGuestAllocatesNothing(t *testing.T) {
	counter := &mallocCounter{}
	ctx := experimental.WithFunctionListenerFactory(context.Background(), counter)
	req := sdktest.FormRequest("POST", testURL, sdktest.ReadFile(t, "../testdata/inbound-text.txt"),
		abi.KV{Key: "x-twilio-signature", Value: "gVP/ENC2C20NHoorkXRF706HSKU="})
	reqBuf := abi.AppendRequest(nil, req)
	in := abi.RenderInput{Results: []abi.Result{{Replies: []abi.Reply{{Text: "Bonjour Camille ! J'ai un créneau demain à 14h00 avec Léa. Je vous le réserve ?"}}}}}
	inBuf := abi.AppendRenderInput(nil, &in)
	for _, tc := range []struct{ name, token string }{{"unsigned", ""}, {"signed", token}} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGuestCtx(t, ctx, abi.KV{Key: "auth_token", Value: tc.token})
			res := g.Parse(t, req)
			if res.Verified != (tc.token != "") || len(res.Events) != 1 {
				t.Fatalf("parse: verified %v, %d events, reject %+v", res.Verified, len(res.Events), res.Reject)
			}
			for range 5 { // warm: scratch buffers reach their size
				g.call(t, g.parse, reqBuf)
				g.call(t, g.render, inBuf)
			}
			counter.n.Store(0)
			const n = 200
			for range n {
				g.call(t, g.parse, reqBuf)
			}
			if got := counter.n.Load(); got != 0 {
				t.Errorf("parse: %d allocations in %d calls, want none", got, n)
			}
			counter.n.Store(0)
			for range n {
				g.call(t, g.render, inBuf)
			}
			if got := counter.n.Load(); got != 0 {
				t.Errorf("render: %d allocations in %d calls, want none", got, n)
			}
		})
	}
}
