package main

import (
	"cmp"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

// TestNoAllocationPerMessage keeps the plugin allocation-free once warm, on
// the guest's whole path: inside WebAssembly every allocation feeds a
// garbage collector that cannot run between calls (see docs/benchmarks.md).
func TestNoAllocationPerMessage(t *testing.T) {
	const (
		tok     = "7c2e9a41d8b35f06e1a4c7d92b58f3e0"
		public  = "https://reception.example.com"
		webhook = public + "/api/whatsapp/webhook"
		inside  = "http://10.0.0.5:8000"
	)
	results := []abi.Result{{Replies: []abi.Reply{{Text: "Bonjour Camille ! J'ai un créneau demain à 14h00 avec Léa. Je vous le réserve ?"}}}}
	getQuery := string(sdktest.ReadFile(t, "testdata/get-inbound.query"))
	for _, tc := range []struct {
		name, file, token, webhookURL string
		method, requestURL, signedURL string // signedURL "": the request's URL
	}{
		{"text unsigned", "inbound-text.txt", "", "", "POST", testURL, ""},
		{"text signed", "inbound-text.txt", tok, "", "POST", testURL, ""},
		{"text signed, default port", "inbound-text.txt", tok, "", "POST", testURL, "https://reception.example.com:443/v1/channels/twilio/whatsapp"},
		{"text signed for webhook_url", "inbound-text.txt", tok, webhook, "POST", inside + "/api/whatsapp/webhook", webhook},
		{"status signed for another path", "status-delivered.txt", tok, webhook, "POST", inside + "/api/whatsapp/status", public + "/api/whatsapp/status"},
		{"status signed for its public URL", "status-delivered.txt", tok, webhook, "POST", "https://other.example.com/api/whatsapp/status?x=1", ""},
		{"GET signed for webhook_url", "", tok, webhook, "GET", inside + "/api/whatsapp/webhook?" + getQuery, webhook + "?" + getQuery},
		{"two media", "inbound-two-media.txt", "", "", "POST", testURL, ""},
		{"location", "inbound-location.txt", "", "", "POST", testURL, ""},
		{"status", "status-delivered.txt", "", "", "POST", testURL, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			settings := []abi.KV{{Key: "auth_token", Value: tc.token}}
			if tc.webhookURL != "" {
				settings = append(settings, abi.KV{Key: "webhook_url", Value: tc.webhookURL})
			}
			ch := newChannel(t, settings...)
			var body []byte
			if tc.file != "" {
				body = sdktest.ReadFile(t, "testdata/"+tc.file)
			}
			var sig []abi.KV
			if tc.token != "" {
				signed := cmp.Or(tc.signedURL, tc.requestURL)
				sig = append(sig, abi.KV{Key: "x-twilio-signature", Value: twilioSignature(t, tc.token, signed, body)})
			}
			req := sdktest.FormRequest(tc.method, tc.requestURL, body, sig...)
			if res := sdktest.Parse(t, ch, req); res.Reject != nil || res.Verified != (tc.token != "") {
				t.Fatalf("got %+v", res)
			}
			if n := sdktest.AllocsPerMessage(t, ch, req, results); n != 0 {
				t.Errorf("%v allocations per message, want 0", n)
			}
		})
	}
}
