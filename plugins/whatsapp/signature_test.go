package main

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/form"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

const providerFixtures = "../../testdata/providers/twilio"

type vector struct {
	Name              string      `json:"name"`
	AuthToken         string      `json:"auth_token"`
	URL               string      `json:"url"`
	SignedURL         string      `json:"signed_url"`
	Params            [][2]string `json:"params"`
	RawBody           *string     `json:"raw_body"`
	RawBodyFile       string      `json:"raw_body_file"`
	ExpectedSignature string      `json:"expected_signature"`
	Valid             bool        `json:"valid"`
	StringToSign      string      `json:"string_to_sign"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	var doc struct{ Vectors []vector }
	if err := json.Unmarshal(sdktest.ReadFile(t, filepath.Join(providerFixtures, "signatures.json")), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Vectors) < 10 {
		t.Fatalf("only %d vectors", len(doc.Vectors))
	}
	return doc.Vectors
}

// TestSignatureVectors runs every vector of signatures.json through Parse,
// from the raw request body: the fixture file when there is one, the JSON
// body, or the form encoding of the params.
func TestSignatureVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			ch := newChannel(t, abi.KV{Key: "auth_token", Value: v.AuthToken})
			var body []byte
			json := false
			switch {
			case v.RawBodyFile != "":
				body = sdktest.ReadFile(t, filepath.Join(providerFixtures, v.RawBodyFile))
			case v.RawBody != nil:
				body, json = []byte(*v.RawBody), true
			default:
				var vals form.Values
				for _, p := range v.Params {
					vals = append(vals, form.Pair{Key: p[0], Value: p[1]})
				}
				body = form.Append(nil, vals)
			}
			// The decoded params must be the vector's, in wire order.
			if !json {
				got, err := form.Parse(nil, body)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(v.Params) {
					t.Fatalf("%d params, vector has %d", len(got), len(v.Params))
				}
				for i, p := range got {
					if p.Key != v.Params[i][0] || p.Value != v.Params[i][1] {
						t.Fatalf("param %d = %q, vector has %q", i, p, v.Params[i])
					}
				}
				// The string to sign, for the URL Twilio signed.
				if s := v.SignedURL + string(appendSortedParams(nil, got, form.SortedIndex(nil, got))); s != v.StringToSign {
					t.Fatalf("string to sign\n got %q\nwant %q", s, v.StringToSign)
				}
			}
			sig := abi.KV{Key: "x-twilio-signature", Value: v.ExpectedSignature}
			req := sdktest.FormRequest("POST", v.URL, body, sig)
			res := sdktest.Parse(t, ch, req)
			forged := res.Reject != nil && res.Reject.Status == 403
			if v.Valid == forged {
				t.Fatalf("valid=%v but got %+v", v.Valid, res)
			}
			if forged {
				if !strings.HasPrefix(res.Reject.Message, "invalid X-Twilio-Signature for ") || len(res.Events) != 0 {
					t.Fatalf("got %+v", res)
				}
				return
			}
			if strings.HasPrefix(v.Name, "whatsapp") || strings.HasPrefix(v.Name, "status") {
				if !res.Verified || len(res.Events) != 1 {
					t.Fatalf("want one verified event, got %+v", res)
				}
			}
			// Without the signature, or with the wrong token, the same request is refused.
			res = sdktest.Parse(t, ch, sdktest.FormRequest("POST", v.URL, body))
			if res.Reject == nil || res.Reject.Status != 403 {
				t.Fatalf("unsigned request: %+v", res)
			}
			other := newChannel(t, abi.KV{Key: "auth_token", Value: v.AuthToken + "x"})
			if res := sdktest.Parse(t, other, req); res.Reject == nil || res.Reject.Status != 403 {
				t.Fatalf("wrong token: %+v", res)
			}
		})
	}
}

// TestSignatureSDKVectors are further published vectors of the Twilio SDKs
// (twilio-python tests/unit/test_request_validator.py), over the same params.
func TestSignatureSDKVectors(t *testing.T) {
	params := form.Values{
		{Key: "CallSid", Value: "CA1234567890ABCDE"}, {Key: "Caller", Value: "+14158675309"}, {Key: "Digits", Value: "1234"},
		{Key: "From", Value: "+14158675309"}, {Key: "To", Value: "+18005551212"},
	}
	tests := []struct {
		name, url, sig string
	}{
		{"http with port 1234 kept", "http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="},
		{"http with default port added", "http://mycompany.com/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4="},
		{"https with port removed", "https://mycompany.com:443/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8="},
		{"fragment not signed", "https://mycompany.com/myapp.php?foo=1&bar=2#rc=2&rp=all", "RSOYDt4T1cUTdK1PDd93/VVr8B8="},
		{"fragment and port", "https://mycompany.com/myapp.php?foo=1&bar=2#rc=2", "kvajT1Ptam85bY51eRf/AJRuM3w="},
	}
	ch := newChannel(t, abi.KV{Key: "auth_token", Value: "12345"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !ch.validSignature(tt.sig, tt.url, params, form.SortedIndex(nil, params), nil, false) {
				t.Fatal("refused")
			}
			if ch.validSignature(tt.sig, strings.Replace(tt.url, "foo=1", "foo=2", 1), params, form.SortedIndex(nil, params), nil, false) {
				t.Fatal("accepted with another query")
			}
		})
	}
}

func TestSignatureEdgeCases(t *testing.T) {
	body := sdktest.ReadFile(t, "testdata/inbound-text.txt")
	const good = "gVP/ENC2C20NHoorkXRF706HSKU="
	token := abi.KV{Key: "auth_token", Value: "7c2e9a41d8b35f06e1a4c7d92b58f3e0"}
	sig := abi.KV{Key: "x-twilio-signature", Value: good}
	tests := []struct {
		name     string
		settings []abi.KV
		req      *abi.Request
		status   int // 0: accepted
	}{
		{"webhook_url overrides the public URL", []abi.KV{token, {Key: "webhook_url", Value: testURL}},
			sdktest.FormRequest("POST", "http://10.0.0.5:8000/api/whatsapp/webhook", body, sig), 0},
		{"internal URL refused", []abi.KV{token},
			sdktest.FormRequest("POST", "http://10.0.0.5:8000/api/whatsapp/webhook", body, sig), 403},
		{"no public URL", []abi.KV{token}, func() *abi.Request {
			r := sdktest.FormRequest("POST", testURL, body, sig)
			r.PublicURL = ""
			return r
		}(), 403},
		{"tampered body", []abi.KV{token},
			sdktest.FormRequest("POST", testURL, []byte(strings.Replace(string(body), "14h", "15h", 1)), sig), 403},
		{"empty value dropped", []abi.KV{token},
			sdktest.FormRequest("POST", testURL, []byte(strings.Replace(string(body), "&NumMedia=0", "", 1)), sig), 403},
		{"no token: accepted unverified", nil, sdktest.FormRequest("POST", testURL, body), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := newChannel(t, tt.settings...)
			res := sdktest.Parse(t, ch, tt.req)
			if tt.status == 0 {
				hasToken := len(tt.settings) > 0
				if res.Reject != nil || len(res.Events) != 1 || res.Verified != hasToken {
					t.Fatalf("got %+v", res)
				}
				return
			}
			if res.Reject == nil || res.Reject.Status != tt.status || len(res.Events) != 0 {
				t.Fatalf("want %d, got %+v", tt.status, res)
			}
		})
	}
}

// TestSignatureGET signs a GET webhook: the parameters are in the signed URL.
func TestSignatureGET(t *testing.T) {
	query := string(sdktest.ReadFile(t, "testdata/get-inbound.query"))
	u := testURL + "?" + query
	// The signature of a GET is over the URL alone.
	mac := hmac.New(sha1.New, []byte("tok"))
	mac.Write([]byte(u))
	sig := base64.StdEncoding.EncodeToString(mac.Sum(nil))

	for _, settings := range [][]abi.KV{
		{{Key: "auth_token", Value: "tok"}},
		{{Key: "auth_token", Value: "tok"}, {Key: "webhook_url", Value: testURL}},
	} {
		ch := newChannel(t, settings...)
		res := sdktest.Parse(t, ch, sdktest.FormRequest("GET", u, nil, abi.KV{Key: "x-twilio-signature", Value: sig}))
		if res.Reject != nil || !res.Verified || len(res.Events) != 1 || res.Events[0].Text != "Bonjour par GET" {
			t.Fatalf("%v: %+v", settings, res)
		}
	}
}

func TestSignatureJSONBody(t *testing.T) {
	const u = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
	const sig = "a9nBmqA0ju/hNViExpshrM61xv4="
	ch := newChannel(t, abi.KV{Key: "auth_token", Value: "12345"})
	body := []byte(`{"property": "value", "boolean": true}`)
	if !ch.validSignature(sig, u, nil, nil, body, true) {
		t.Fatal("refused")
	}
	if ch.validSignature(sig, u, nil, nil, []byte(`{"property": "value", "boolean": false}`), true) {
		t.Fatal("accepted a body whose hash differs")
	}
}

// validSignature checks sig against url alone, the way Parse checks it
// against each candidate URL.
func (c *channel) validSignature(sig, url string, params form.Values, sorted []int32, body []byte, jsonBody bool) bool {
	c.urls[0] = append(c.urls[0][:0], url...)
	return c.verify(sig, 1, params, sorted, body, jsonBody)
}

// portVariant is appendPortVariant on a string; "" when there is none.
func portVariant(u string) string {
	b, ok := appendPortVariant(nil, []byte(u))
	if !ok {
		return ""
	}
	return string(b)
}

func TestPortVariant(t *testing.T) {
	tests := map[string]string{
		"https://a.example/p?q=1":           "https://a.example:443/p?q=1",
		"https://a.example:443/p?q=1":       "https://a.example/p?q=1",
		"http://a.example":                  "http://a.example:80",
		"HTTP://a.example:8080/x":           "HTTP://a.example/x",
		"https://u:pw@a.example/p":          "https://u:pw@a.example:443/p",
		"https://[2001:db8::1]/p":           "https://[2001:db8::1]:443/p",
		"https://[2001:db8::1]:8443/p":      "https://[2001:db8::1]/p",
		"https://a.example/p:8/x?h=a:b#c:d": "https://a.example:443/p:8/x?h=a:b#c:d",
		"ftp://a.example/p":                 "",
		"ftp://a.example:21/p":              "ftp://a.example/p",
		"HTTPS://a.example?q=1":             "HTTPS://a.example:443?q=1",
		"https://[::1]/p":                   "https://[::1]:443/p",
		"https://a.example#f:1":             "https://a.example:443#f:1",
		"://a.example/p":                    "",
		"not a url":                         "",
	}
	for in, want := range tests {
		if got := portVariant(in); got != want {
			t.Errorf("portVariant(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://reception.example.com/api/whatsapp/webhook?x=1": "https://reception.example.com",
		"https://reception.example.com:8443/api":                 "https://reception.example.com:8443",
		"http://u:pw@[2001:db8::1]:80?x=1":                       "http://u:pw@[2001:db8::1]:80",
		"https://reception.example.com":                          "https://reception.example.com",
		"/api/whatsapp/webhook":                                  "",
		"":                                                       "",
	} {
		if got := origin(in); got != want {
			t.Errorf("origin(%q) = %q, want %q", in, got, want)
		}
	}
}

// twilioSignature signs a request as Twilio does: the URL it called, then
// key+value of the form parameters of body sorted by key.
func twilioSignature(t testing.TB, token, url string, body []byte) string {
	t.Helper()
	params, err := form.Parse(nil, body)
	if err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sha1.New, []byte(token))
	mac.Write([]byte(url))
	mac.Write(appendSortedParams(nil, params, form.SortedIndex(nil, params)))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// TestSignatureCandidates: Twilio signs each request with the URL it called,
// the messaging webhook or the StatusCallback of a message, so a signature
// is checked against webhook_url, the request's public URL, and webhook_url's
// origin joined with the request's path and query.
func TestSignatureCandidates(t *testing.T) {
	const (
		tok      = "7c2e9a41d8b35f06e1a4c7d92b58f3e0"
		public   = "https://reception.example.com"
		internal = "http://10.0.0.5:8000"
		webhook  = public + "/api/whatsapp/webhook"
	)
	status := sdktest.ReadFile(t, "testdata/status-delivered.txt")
	tests := []struct {
		name       string
		webhookURL string
		method     string
		requestURL string // the request's public URL, as the host builds it
		signedURL  string // the URL Twilio signed
		ok         bool
	}{
		{"webhook_url as configured", webhook, "POST", internal + "/api/whatsapp/webhook", webhook, true},
		{"webhook_url signed, status path called", webhook, "POST", internal + "/api/whatsapp/status", webhook, true},
		{"status path: the request's public URL", webhook, "POST", public + "/api/whatsapp/status", public + "/api/whatsapp/status", true},
		{"status path behind a proxy: webhook_url's origin", webhook, "POST", internal + "/api/whatsapp/status", public + "/api/whatsapp/status", true},
		{"status query behind a proxy: webhook_url's origin", webhook, "POST", internal + "/api/whatsapp/webhook?type=status", webhook + "?type=status", true},
		{"origin with the default port", webhook, "POST", internal + "/api/whatsapp/status", "https://reception.example.com:443/api/whatsapp/status", true},
		{"webhook_url with the default port", "https://reception.example.com:443/api/whatsapp/webhook", "POST", internal + "/api/whatsapp/status", public + "/api/whatsapp/status", true},
		{"webhook_url with a query, status path", webhook + "?tenant=1", "POST", internal + "/api/whatsapp/status", public + "/api/whatsapp/status", true},
		{"GET status: origin, path and query", webhook, "GET", internal + "/api/whatsapp/status?" + string(status), public + "/api/whatsapp/status?" + string(status), true},
		{"no webhook_url: the request's public URL", "", "POST", public + "/api/whatsapp/status", public + "/api/whatsapp/status", true},
		{"no webhook_url: another path", "", "POST", public + "/api/whatsapp/status", public + "/api/whatsapp/webhook", false},
		{"another host", webhook, "POST", internal + "/api/whatsapp/status", "https://evil.example.com/api/whatsapp/status", false},
		{"another path", webhook, "POST", internal + "/api/whatsapp/status", public + "/api/whatsapp/other", false},
		{"another query", webhook, "POST", internal + "/api/whatsapp/webhook?type=status", webhook + "?type=other", false},
		{"another scheme", webhook, "POST", internal + "/api/whatsapp/status", "http://reception.example.com/api/whatsapp/status", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			settings := []abi.KV{{Key: "auth_token", Value: tok}}
			if tt.webhookURL != "" {
				settings = append(settings, abi.KV{Key: "webhook_url", Value: tt.webhookURL})
			}
			ch := newChannel(t, settings...)
			signedBody := status
			if tt.method == "GET" {
				signedBody = nil // a GET signs the URL alone
			}
			sig := abi.KV{Key: "x-twilio-signature", Value: twilioSignature(t, tok, tt.signedURL, signedBody)}
			res := sdktest.Parse(t, ch, sdktest.FormRequest(tt.method, tt.requestURL, status, sig))
			if tt.ok {
				if res.Reject != nil || !res.Verified || len(res.Events) != 1 || res.Events[0].Kind != abi.KindStatus {
					t.Fatalf("want one verified status event, got %+v", res)
				}
				return
			}
			if res.Reject == nil || res.Reject.Status != 403 || len(res.Events) != 0 {
				t.Fatalf("want 403, got %+v", res)
			}
		})
	}
}

// TestSignatureRejectMessages: a missing signature and a wrong one are told
// apart, and a wrong one names the URLs it was checked against.
func TestSignatureRejectMessages(t *testing.T) {
	const tok = "7c2e9a41d8b35f06e1a4c7d92b58f3e0"
	const hint = " (Twilio signs the URL it calls; set public_url or plugins.whatsapp.webhook_url to it)"
	body := sdktest.ReadFile(t, "testdata/inbound-text.txt")
	wrong := abi.KV{Key: "x-twilio-signature", Value: "yaHrsHOszf54c7SJ5wiuKlqry5E="}
	tests := []struct {
		name       string
		webhookURL string
		req        *abi.Request
		want       string
	}{
		{"missing", "", sdktest.FormRequest("POST", testURL, body), "missing X-Twilio-Signature"},
		{"empty", "", sdktest.FormRequest("POST", testURL, body, abi.KV{Key: "x-twilio-signature", Value: ""}), "missing X-Twilio-Signature"},
		{"missing, with webhook_url", testURL, sdktest.FormRequest("POST", testURL, body), "missing X-Twilio-Signature"},
		{"wrong", "", sdktest.FormRequest("POST", "https://host/api/whatsapp/webhook", body, wrong),
			"invalid X-Twilio-Signature for https://host/api/whatsapp/webhook" + hint},
		{"wrong, too long", "", sdktest.FormRequest("POST", "https://host/api/whatsapp/webhook", body,
			abi.KV{Key: "x-twilio-signature", Value: strings.Repeat("A", 100)}),
			"invalid X-Twilio-Signature for https://host/api/whatsapp/webhook" + hint},
		{"wrong, with webhook_url", "https://reception.example.com/api/whatsapp/webhook",
			sdktest.FormRequest("POST", "http://10.0.0.5:8000/api/whatsapp/status?x=1", body, wrong),
			"invalid X-Twilio-Signature for https://reception.example.com/api/whatsapp/webhook, " +
				"https://reception.example.com/api/whatsapp/status?x=1 or http://10.0.0.5:8000/api/whatsapp/status?x=1" + hint},
		{"wrong, with webhook_url, same URL", testURL, sdktest.FormRequest("POST", testURL, body, wrong),
			"invalid X-Twilio-Signature for " + testURL + hint},
		{"shared key (HMAC-SHA256)", "", sdktest.FormRequest("POST", "https://host/api/whatsapp/webhook", body,
			abi.KV{Key: "x-twilio-signature", Value: "K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols="}),
			"whatsapp: X-Twilio-Signature is an HMAC-SHA256 (signed with a Twilio webhook shared key?), and this plugin checks the HMAC-SHA1 Twilio makes with the account's auth token: remove the shared-key signing rule of this webhook in Twilio"},
		{"control characters escaped", "", sdktest.FormRequest("POST", "https://host/a\nb", body, wrong),
			"invalid X-Twilio-Signature for https://host/a%0Ab" + hint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			settings := []abi.KV{{Key: "auth_token", Value: tok}}
			if tt.webhookURL != "" {
				settings = append(settings, abi.KV{Key: "webhook_url", Value: tt.webhookURL})
			}
			res := sdktest.Parse(t, newChannel(t, settings...), tt.req)
			if res.Reject == nil || res.Reject.Status != 403 || len(res.Events) != 0 {
				t.Fatalf("want 403, got %+v", res)
			}
			if res.Reject.Message != tt.want {
				t.Fatalf("message\n got %q\nwant %q", res.Reject.Message, tt.want)
			}
		})
	}
}
