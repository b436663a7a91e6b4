package runtime

import (
	"slices"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/runtime/server"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// TestABIRequestHeaders: a plugin whose manifest lists headers receives
// those only; without a list, every header.
func TestABIRequestHeaders(t *testing.T) {
	rt := &Runtime{}
	req := &server.Request{Method: "POST", Path: "/api/whatsapp/webhook", Headers: []server.KV{
		{Key: "host", Value: "accueil.example"}, {Key: "content-type", Value: "application/x-www-form-urlencoded"},
		{Key: "user-agent", Value: "TwilioProxy/1.1"}, {Key: "x-twilio-signature", Value: "sig"},
		{Key: "i-twilio-idempotency-token", Value: "tok"},
	}}
	listed := &pluginhost.Manifest{Headers: []string{"content-type", "x-twilio-signature"}}
	if got, want := rt.abiRequest(req, listed, nil).Headers, []abi.KV{{Key: "content-type", Value: "application/x-www-form-urlencoded"}, {Key: "x-twilio-signature", Value: "sig"}}; !slices.Equal(got, want) {
		t.Errorf("with a list: headers %v, want %v", got, want)
	}
	if got := rt.abiRequest(req, &pluginhost.Manifest{}, nil).Headers; len(got) != len(req.Headers) {
		t.Errorf("without a list: %d headers, want all %d", len(got), len(req.Headers))
	}
}

// TestHeldHeaders: the headers a manifest's list keeps from its plugin are
// named in the log of a refused signature, but for those every request has.
func TestHeldHeaders(t *testing.T) {
	req := &server.Request{Headers: []server.KV{{Key: "host", Value: "x"}, {Key: "content-type", Value: "application/json"},
		{Key: "x-acme-signature", Value: "ab12"}, {Key: "user-agent", Value: "acme"}, {Key: "x-acme-signature", Value: "cd34"}}}
	if got := heldHeaders(req, &pluginhost.Manifest{Headers: []string{"content-type"}}); got != "x-acme-signature" {
		t.Errorf("heldHeaders = %q, want x-acme-signature", got)
	}
	if got := heldHeaders(req, &pluginhost.Manifest{}); got != "" {
		t.Errorf("without a list every header passes: %q", got)
	}
}

// TestRejectWithoutReason: a refusal without a message still says what
// it is, and whose.
func TestRejectWithoutReason(t *testing.T) {
	resp := rejectResponse(&pluginhost.Manifest{Name: "acme"}, 403, &abi.Reject{Status: 403})
	if resp.Status != 403 || !strings.Contains(string(resp.Body), `forbidden (the acme plugin gave no reason)`) {
		t.Errorf("%d %s", resp.Status, resp.Body)
	}
}
