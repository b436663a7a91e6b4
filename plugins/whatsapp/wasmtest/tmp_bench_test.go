package wasmtest

import (
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

func BenchmarkTmpTurn(b *testing.B) {
	for _, tc := range []struct{ name, token string }{{"signed", token}, {"unsigned", ""}} {
		g := newGuest(b, abi.KV{Key: "auth_token", Value: tc.token})
		req := sdktest.FormRequest("POST", testURL, sdktest.ReadFile(b, "../testdata/inbound-text.txt"),
			abi.KV{Key: "x-twilio-signature", Value: "gVP/ENC2C20NHoorkXRF706HSKU="})
		reqBuf := abi.AppendRequest(nil, req)
		in := abi.RenderInput{Results: []abi.Result{{Replies: []abi.Reply{{Text: "Bonjour Camille ! J'ai un créneau demain à 14h00 avec Léa. Je vous le réserve ?"}}}}}
		inBuf := abi.AppendRenderInput(nil, &in)
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				g.call(b, g.parse, reqBuf)
				g.call(b, g.render, inBuf)
			}
		})
	}
}
