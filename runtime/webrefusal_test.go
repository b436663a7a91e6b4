package runtime_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestWebRefusalsReachTheWidget: the web plugin's refusals carry the CORS
// headers of an allowed origin, so that a widget embedded in the business's
// own site can read why (a browser hides the body of a cross-origin answer
// without them), and a 405 says which methods the route accepts.
func TestWebRefusalsReachTheWidget(t *testing.T) {
	const site = "https://shop.example"
	a := startApp(t, appOptions{plugins: []string{"web"},
		settings: map[string]map[string]string{"web": {"allowed_origins": site}}})
	const conv = "3f2b6c1e-8d4a-4b7e-9c1f-2a3b4c5d6e7f"
	for _, tc := range []struct {
		name, method, path, body, origin string
		status                           int
		acao, allow, reason              string
	}{
		{"empty text from the business's site", "POST", "/api/web/messages", `{"conversation":"` + conv + `","id":"m1","text":"  "}`, site,
			400, site, "", "text is empty"},
		{"message too long from the business's site", "POST", "/api/web/messages", `{"conversation":"` + conv + `","id":"m2","text":"` + strings.Repeat("a", 1001) + `"}`, site,
			413, site, "", "at most 1000 characters"},
		{"GET on messages from the business's site", "GET", "/api/web/messages", "", site,
			405, site, "POST, OPTIONS", "use POST"},
		{"POST on config, same origin", "POST", "/api/web/config", "{}", "",
			405, "", "GET, HEAD, OPTIONS", "use GET"},
		{"another site", "POST", "/api/web/messages", `{"conversation":"` + conv + `","id":"m3","text":"x"}`, "https://evil.example",
			403, "", "", "origin not allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, a.URL+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.reason) {
				t.Errorf("%d %s; want %d and %q", resp.StatusCode, body, tc.status, tc.reason)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tc.acao {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tc.acao)
			}
			if got := resp.Header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow %q, want %q", got, tc.allow)
			}
			if ct := resp.Header.Values("Content-Type"); len(ct) != 1 || ct[0] != "application/json" {
				t.Errorf("Content-Type %q, want one application/json", ct)
			}
		})
	}
}
