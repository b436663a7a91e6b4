package runtime

import (
	"testing"

	"github.com/accueil-pme/accueil/runtime/server"
	"github.com/accueil-pme/accueil/sdk/abi"
)

func TestTurnKeys(t *testing.T) {
	for _, ev := range []abi.Event{
		{Kind: abi.KindMessage, Conversation: "whatsapp:+33639900001", ID: "SM0123"},
		{Kind: abi.KindSessionStart, Conversation: "call-7"},
		{Kind: abi.KindToolCall, Conversation: "", ID: "x"},
	} {
		session, dedupe := turnKeys("whatsapp", &ev)
		wantDedupe := ""
		if ev.ID != "" {
			wantDedupe = DedupeKey("whatsapp", &ev)
		}
		if session != SessionKey("whatsapp", ev.Conversation) || dedupe != wantDedupe {
			t.Errorf("turnKeys(%+v) = %q, %q; want %q, %q", ev, session, dedupe, SessionKey("whatsapp", ev.Conversation), wantDedupe)
		}
	}
}

func TestPublicURL(t *testing.T) {
	req := &server.Request{Scheme: "http", Host: "127.0.0.1:8000", Path: "/api/whatsapp/webhook",
		RawPath: "//api/whatsapp/webhook", Query: "a=1",
		Headers: []server.KV{{Key: "x-forwarded-proto", Value: "HTTPS, http"}, {Key: "x-forwarded-host", Value: " reception.example.com , proxy"}}}
	for _, tc := range []struct {
		cfg  Config
		req  server.Request
		want string
	}{
		{Config{}, *req, "http://127.0.0.1:8000//api/whatsapp/webhook?a=1"},
		{Config{TrustProxy: true}, *req, "https://reception.example.com//api/whatsapp/webhook?a=1"},
		{Config{PublicURL: "https://reception.example.com/"}, *req, "https://reception.example.com//api/whatsapp/webhook?a=1"},
		{Config{PublicURL: "https://reception.example.com"}, server.Request{Path: "/api/voice/call"}, "https://reception.example.com/api/voice/call"},
		{Config{}, server.Request{Scheme: "https", Host: "h", Path: "/p"}, "https://h/p"},
	} {
		rt := &Runtime{cfg: tc.cfg}
		if got := rt.publicURL(&tc.req); got != tc.want {
			t.Errorf("publicURL with %+v = %q, want %q", tc.cfg, got, tc.want)
		}
	}
}
