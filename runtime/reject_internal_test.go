package runtime

import (
	"slices"
	"testing"

	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/runtime/server"
	"github.com/accueil-pme/accueil/sdk/abi"
)

func TestRejectResponse(t *testing.T) {
	post := &pluginhost.Manifest{Methods: []string{"POST"}}
	unlisted := &pluginhost.Manifest{}
	cors := abi.KV{Key: "Access-Control-Allow-Origin", Value: "https://shop.example"}
	for _, tc := range []struct {
		name   string
		m      *pluginhost.Manifest
		status int
		in     []abi.KV
		want   []server.KV
	}{
		{"headers pass", unlisted, 400, []abi.KV{cors}, []server.KV{{Key: cors.Key, Value: cors.Value}}},
		{"the host's framing stays the host's", unlisted, 400,
			[]abi.KV{{Key: "content-type", Value: "text/html"}, {Key: "Content-Length", Value: "9"}, cors},
			[]server.KV{{Key: cors.Key, Value: cors.Value}}},
		{"a 405 gets the manifest's methods", post, 405, nil, []server.KV{{Key: "Allow", Value: "POST"}}},
		{"the plugin's Allow wins", post, 405, []abi.KV{{Key: "allow", Value: "POST, OPTIONS"}},
			[]server.KV{{Key: "allow", Value: "POST, OPTIONS"}}},
		{"no methods, no Allow", unlisted, 405, nil, nil},
		{"Allow only on a 405", post, 400, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rejectResponse(tc.m, tc.status, &abi.Reject{Status: tc.status, Message: "no", Headers: tc.in})
			if r.Status != tc.status || r.ContentType != "application/json" || string(r.Body) != `{"error":"no"}` {
				t.Errorf("got %d %s %s", r.Status, r.ContentType, r.Body)
			}
			if !slices.Equal(r.Headers, tc.want) {
				t.Errorf("headers %v, want %v", r.Headers, tc.want)
			}
		})
	}
}
