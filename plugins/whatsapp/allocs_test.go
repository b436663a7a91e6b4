package main

import (
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

// TestNoAllocationPerMessage keeps the plugin allocation-free once warm, on
// the guest's whole path: inside WebAssembly every allocation feeds a
// garbage collector that cannot run between calls (see docs/benchmarks.md).
func TestNoAllocationPerMessage(t *testing.T) {
	results := []abi.Result{{Replies: []abi.Reply{{Text: "Bonjour Camille ! J'ai un créneau demain à 14h00 avec Léa. Je vous le réserve ?"}}}}
	for _, tc := range []struct {
		name, file, token, signature string
	}{
		{"text unsigned", "inbound-text.txt", "", ""},
		{"text signed", "inbound-text.txt", "7c2e9a41d8b35f06e1a4c7d92b58f3e0", "gVP/ENC2C20NHoorkXRF706HSKU="},
		{"two media", "inbound-two-media.txt", "", ""},
		{"location", "inbound-location.txt", "", ""},
		{"status", "status-delivered.txt", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := newChannel(t, abi.KV{Key: "auth_token", Value: tc.token})
			req := sdktest.FormRequest("POST", testURL, sdktest.ReadFile(t, "testdata/"+tc.file),
				abi.KV{Key: "x-twilio-signature", Value: tc.signature})
			if n := sdktest.AllocsPerMessage(t, ch, req, results); n != 0 {
				t.Errorf("%v allocations per message, want 0", n)
			}
		})
	}
}
