package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

// TestAllocationsPerMessage bounds what the plugin allocates once warm on
// the guest's whole path (decode in place, Parse, Render, encode): inside
// WebAssembly every allocation feeds a garbage collector that cannot run
// between calls. Unlike plugins/whatsapp, the voice plugin is not
// allocation-free yet (it measures 4, 6 and 16 allocations; the custom-LLM
// stream builds its SSE chunks with fresh strings): the bounds, with room
// for the race detector's extra allocations, stop it growing.
func TestAllocationsPerMessage(t *testing.T) {
	for _, tc := range []struct {
		fixture, path string
		max           float64
	}{
		{"tool-calls.json", "/api/vapi/webhook", 6},
		{"assistant-request.json", "/api/vapi/webhook", 8},
		{"custom-llm/chat-completions.request.json", "/api/vapi/chat/completions", 20},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(vapiFixtures, tc.fixture))
			if err != nil {
				t.Fatal(err)
			}
			v := newVoice(t, abi.KV{Key: "secret", Value: testSecret})
			req := request(tc.path, body, abi.KV{Key: "x-vapi-secret", Value: testSecret})
			res := sdktest.Parse(t, v, req)
			n := sdktest.AllocsPerMessage(t, v, req, fakeResults(res.Events))
			if n > tc.max {
				t.Errorf("%v allocations per message, want at most %v", n, tc.max)
			}
			t.Logf("%v allocations per message", n)
		})
	}
}
