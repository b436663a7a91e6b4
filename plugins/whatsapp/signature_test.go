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
				if res.Reject.Message != "invalid X-Twilio-Signature" || len(res.Events) != 0 {
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
		"not a url":                         "",
	}
	for in, want := range tests {
		if got := portVariant(in); got != want {
			t.Errorf("portVariant(%q) = %q, want %q", in, got, want)
		}
	}
}
