package wasmtest

import (
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

// BenchmarkGuestParts measures parse and render apart, with and without an
// auth token, and the bare cost of a call (version).
func BenchmarkGuestParts(b *testing.B) {
	for _, tc := range []struct{ name, token string }{{"unsigned", ""}, {"signed", token}} {
		g := newGuest(b, abi.KV{Key: "auth_token", Value: tc.token})
		req := sdktest.FormRequest("POST", testURL, sdktest.ReadFile(b, "../testdata/inbound-text.txt"),
			abi.KV{Key: "x-twilio-signature", Value: "gVP/ENC2C20NHoorkXRF706HSKU="})
		reqBuf := abi.AppendRequest(nil, req)
		b.Run("parse-"+tc.name, func(b *testing.B) {
			for b.Loop() {
				g.call(b, g.parse, reqBuf)
			}
		})
		in := abi.RenderInput{Results: []abi.Result{{Replies: []abi.Reply{{Text: "Bonjour Camille ! J'ai un créneau demain à 14h00 avec Léa. Je vous le réserve ?"}}}}}
		inBuf := abi.AppendRenderInput(nil, &in)
		b.Run("render-"+tc.name, func(b *testing.B) {
			for b.Loop() {
				g.call(b, g.render, inBuf)
			}
		})
		// parse and render in turn, as the host calls them for a message
		b.Run("turn-"+tc.name, func(b *testing.B) {
			for b.Loop() {
				g.call(b, g.parse, reqBuf)
				g.call(b, g.render, inBuf)
			}
		})
		// an export that does nothing: the cost of a call by itself
		b.Run("version-"+tc.name, func(b *testing.B) {
			for b.Loop() {
				g.version.Call(b.Context())
			}
		})
	}
}
