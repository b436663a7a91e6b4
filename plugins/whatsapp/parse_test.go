package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

const testURL = "https://reception.example.com/v1/channels/twilio/whatsapp"

func newChannel(t testing.TB, settings ...abi.KV) *channel {
	t.Helper()
	ch := new(channel)
	sdktest.Init(t, ch, abi.Config{Plugin: "whatsapp", Settings: settings})
	return ch
}

// TestParseGolden parses every testdata/*.txt (a POST body) and
// testdata/*.query (a GET query) and compares the result with the .golden
// file of the same name. No auth token is configured, so nothing is verified.
func TestParseGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	ch := newChannel(t)
	n := 0
	for _, f := range files {
		ext := filepath.Ext(f)
		if ext != ".txt" && ext != ".query" {
			continue
		}
		n++
		name := strings.TrimSuffix(filepath.Base(f), ext)
		t.Run(name, func(t *testing.T) {
			data := sdktest.ReadFile(t, f)
			var req *abi.Request
			if ext == ".query" {
				req = sdktest.FormRequest("GET", testURL+"?"+string(data), nil)
			} else {
				req = sdktest.FormRequest("POST", testURL, data)
			}
			res := sdktest.ParseGolden(t, ch, req, filepath.Join("testdata", name+".golden"))
			if res.Verified {
				t.Error("Verified without an auth token")
			}
			switch {
			case strings.HasPrefix(name, "malformed"), strings.HasPrefix(name, "missing"):
				if res.Reject == nil || res.Reject.Status != 400 || len(res.Events) != 0 {
					t.Fatalf("want a 400 reject and no event, got %+v", res)
				}
				if strings.Contains(res.Reject.Message, "\n") {
					t.Errorf("reject message is not one line: %q", res.Reject.Message)
				}
			case strings.HasPrefix(name, "status"):
				if len(res.Events) != 1 || res.Events[0].Kind != abi.KindStatus || res.Events[0].Text != "" {
					t.Fatalf("a status callback must give one status event, got %+v", res)
				}
			default:
				if res.Reject != nil || len(res.Events) != 1 || res.Events[0].Kind != abi.KindMessage {
					t.Fatalf("want one message event, got %+v", res)
				}
			}
		})
	}
	if n < 15 {
		t.Fatalf("only %d fixtures found", n)
	}
}

func TestParseFields(t *testing.T) {
	ch := newChannel(t)
	parse := func(file string) abi.Event {
		t.Helper()
		res := sdktest.Parse(t, ch, sdktest.FormRequest("POST", testURL, sdktest.ReadFile(t, "testdata/"+file)))
		if res.Reject != nil || len(res.Events) != 1 {
			t.Fatalf("%s: %+v", file, res)
		}
		return res.Events[0]
	}
	t.Run("text", func(t *testing.T) {
		ev := parse("inbound-text.txt")
		want := abi.Event{Kind: abi.KindMessage, ID: "SM9b1e4f7a2c8d3e605f1a9b2c7d4e8f13", Conversation: "+33639980012",
			From: "+33639980012", To: "+33639980000", Name: "Camille Martin",
			Text: "Bonjour, je voudrais prendre rendez-vous demain à 14h pour une coupe."}
		if ev.Kind != want.Kind || ev.ID != want.ID || ev.Conversation != want.Conversation || ev.From != want.From ||
			ev.To != want.To || ev.Name != want.Name || ev.Text != want.Text || ev.Media != nil || ev.Location != nil {
			t.Fatalf("got %+v", ev)
		}
		if ev.Attr("WaId") != "33639980012" || ev.Attr("MessageType") != "text" || ev.Attr("AccountSid") == "" {
			t.Fatalf("attrs %+v", ev.Attrs)
		}
	})
	t.Run("button", func(t *testing.T) {
		ev := parse("inbound-button-reply.txt")
		if ev.Text != "Confirmer" || ev.Payload != "CONFIRM_RDV_8841" || ev.Attr("OriginalRepliedMessageSid") != "SM1c4e7a0d3f6b9e2a5c8f1d4b7e0a3c6f" {
			t.Fatalf("got %+v", ev)
		}
	})
	t.Run("location", func(t *testing.T) {
		ev := parse("inbound-location.txt")
		l := ev.Location
		if l == nil || l.Latitude != "48.8534951" || l.Longitude != "2.3483915" || l.Name != "Chez moi" || l.Address != "12 Rue de Rivoli, 75004 Paris" || ev.Text != "" {
			t.Fatalf("got %+v %+v", ev, l)
		}
	})
	t.Run("media in index order, bounded by NumMedia", func(t *testing.T) {
		ev := parse("inbound-two-media.txt")
		if len(ev.Media) != 2 || ev.Media[0].URL != "https://api.twilio.com/m/1" || ev.Media[0].ContentType != "image/jpeg" || ev.Media[1].ContentType != "image/png" {
			t.Fatalf("got %+v", ev.Media)
		}
	})
	t.Run("status with SmsStatus alone", func(t *testing.T) {
		// Older status callbacks carry SmsStatus and no MessageStatus.
		body := []byte("SmsSid=SM7d0a3c6f9b2e5a8d1c4f7b0e3a6d9c2f&SmsStatus=delivered&MessageSid=SM7d0a3c6f9b2e5a8d1c4f7b0e3a6d9c2f" +
			"&From=whatsapp%3A%2B33639980000&To=whatsapp%3A%2B33639980048&AccountSid=AC5e2b7d90c41f836a2d0e9b71c53f8a46&ApiVersion=2010-04-01")
		res := sdktest.Parse(t, ch, sdktest.FormRequest("POST", testURL, body))
		if res.Reject != nil || len(res.Events) != 1 || res.Events[0].Kind != abi.KindStatus || res.Events[0].Status != "delivered" || res.Events[0].Conversation != "+33639980048" {
			t.Fatalf("got %+v", res)
		}
	})
	t.Run("status repeating the message's Body", func(t *testing.T) {
		// Some callbacks carry the Body of the message they report on: still
		// a delivery report, never a customer's message.
		body := []byte("AccountSid=AC5e2b7d90c41f836a2d0e9b71c53f8a46&SmsStatus=sent&MessageStatus=sent&Body=Votre+rendez-vous+est+confirm%C3%A9" +
			"&SmsSid=SM7d0a3c6f9b2e5a8d1c4f7b0e3a6d9c2e&MessageSid=SM7d0a3c6f9b2e5a8d1c4f7b0e3a6d9c2e&To=whatsapp%3A%2B33639980012&From=whatsapp%3A%2B33639980000&ApiVersion=2010-04-01")
		res := sdktest.Parse(t, ch, sdktest.FormRequest("POST", testURL, body))
		if res.Reject != nil || len(res.Events) != 1 || res.Events[0].Kind != abi.KindStatus || res.Events[0].Status != "sent" || res.Events[0].Text != "" {
			t.Fatalf("got %+v", res)
		}
	})
	t.Run("status without To", func(t *testing.T) {
		body := []byte("SmsSid=SM4&SmsStatus=failed&MessageStatus=failed&ErrorCode=63016&From=whatsapp%3A%2B33639980000&MessageSid=SM4")
		res := sdktest.Parse(t, ch, sdktest.FormRequest("POST", testURL, body))
		if res.Reject != nil || len(res.Events) != 1 || res.Events[0].Kind != abi.KindStatus || res.Events[0].ID != "SM4" {
			t.Fatalf("got %+v", res)
		}
	})
	t.Run("message from no number", func(t *testing.T) {
		body := []byte("MessageSid=SM3&From=whatsapp%3A&To=whatsapp%3A%2B33639980000&Body=Bonjour")
		res := sdktest.Parse(t, ch, sdktest.FormRequest("POST", testURL, body))
		if res.Reject == nil || res.Reject.Status != 400 || !strings.Contains(res.Reject.Message, "From has no address") {
			t.Fatalf("got %+v", res)
		}
	})
	t.Run("status failed", func(t *testing.T) {
		ev := parse("status-failed.txt")
		if ev.Kind != abi.KindStatus || ev.Status != "failed" || ev.Attr("ErrorCode") != "63016" || ev.Conversation != "+33639980047" || ev.ID != "SM5c8f1b4e7a0d3c6f9b2e5a8d1c4f7b0e" {
			t.Fatalf("got %+v", ev)
		}
	})
}

func TestParseHealth(t *testing.T) {
	ch := newChannel(t, abi.KV{Key: "auth_token", Value: "secret"})
	res := sdktest.Parse(t, ch, &abi.Request{Method: "GET", Path: "/api/whatsapp/health"})
	if res.Reject != nil || len(res.Events) != 0 {
		t.Fatalf("got %+v", res)
	}
}

// A POST to the health path is not a webhook: it is refused, not run as a
// turn.
func TestHealthPathRefusesPost(t *testing.T) {
	req := sdktest.FormRequest("POST", "https://accueil.example/api/whatsapp/health", sdktest.ReadFile(t, "testdata/inbound-text.txt"))
	res := sdktest.Parse(t, newChannel(t), req)
	if res.Reject == nil || res.Reject.Status != 405 || len(res.Events) != 0 || !strings.Contains(res.Reject.Message, "/api/whatsapp/webhook") {
		t.Fatalf("want a 405 naming the webhook, got %+v", res)
	}
	if len(res.Reject.Headers) != 1 || res.Reject.Headers[0].Key != "Allow" {
		t.Errorf("405 without Allow: %+v", res.Reject.Headers)
	}
}

// The health path with a trailing slash is still the health path, and a
// HEAD anywhere is a probe: neither runs a turn.
func TestHealthSlashAndHeadRunNoTurn(t *testing.T) {
	req := sdktest.FormRequest("POST", "https://accueil.example/api/whatsapp/health/", sdktest.ReadFile(t, "testdata/inbound-text.txt"))
	res := sdktest.Parse(t, newChannel(t), req)
	if res.Reject == nil || res.Reject.Status != 405 || len(res.Events) != 0 || !strings.Contains(res.Reject.Message, "/api/whatsapp/webhook") {
		t.Fatalf("POST /health/: want a 405 naming the webhook, got %+v", res)
	}
	for _, path := range []string{"/api/whatsapp/health/", "/api/whatsapp/webhook"} {
		res := sdktest.Parse(t, newChannel(t), &abi.Request{Method: "HEAD", Path: path, Query: "From=whatsapp%3A%2B33639980012&MessageSid=SM1&Body=hi"})
		if res.Reject != nil || len(res.Events) != 0 {
			t.Errorf("HEAD %s: got %+v, want an empty answer and no event", path, res)
		}
	}
}

func TestUnknownSettingsIgnored(t *testing.T) {
	newChannel(t, abi.KV{Key: "no_such_setting", Value: "x"})
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, false)
		f.Add(b, true)
	}
	f.Add([]byte("From=x&MessageSid=y&NumMedia=9999&MediaUrl99999=z&MediaUrl9=a"), false)
	plain := new(channel)
	if err := plain.Init(abi.Config{}); err != nil {
		f.Fatal(err)
	}
	signed := new(channel)
	if err := signed.Init(abi.Config{Settings: []abi.KV{{Key: "auth_token", Value: "7c2e9a41d8b35f06e1a4c7d92b58f3e0"}}}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte, withToken bool) {
		ch := plain
		if withToken {
			ch = signed
		}
		req := sdktest.FormRequest("POST", testURL+"?a=1", body, abi.KV{Key: "x-twilio-signature", Value: "gVP/ENC2C20NHoorkXRF706HSKU="})
		res, err := ch.Parse(req)
		if err != nil {
			t.Fatalf("Parse returned an error instead of a reject: %v", err)
		}
		if (res.Reject == nil) == (len(res.Events) == 0) {
			t.Fatalf("want exactly one of a reject or events: %+v", res)
		}
		if res.Reject != nil && (strings.Contains(res.Reject.Message, "\n") || res.Reject.Status < 400) {
			t.Fatalf("bad reject %+v", res.Reject)
		}
		// The result must survive the wire.
		if _, err := abi.DecodeParseResult(abi.AppendParseResult(nil, &res)); err != nil {
			t.Fatal(err)
		}
		if len(res.Events) > 0 {
			in := abi.RenderInput{Events: res.Events, Results: []abi.Result{{Replies: []abi.Reply{{Text: res.Events[0].Text}}}}}
			if _, err := ch.Render(&in); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestContentType: Twilio posts a URL-encoded form, with or without a
// charset; anything else is refused with 415 and what was sent.
func TestContentType(t *testing.T) {
	ch := newChannel(t)
	body := []byte("MessageSid=SM1&From=whatsapp%3A%2B33612345678&To=whatsapp%3A%2B33639980000&Body=Bonjour")
	for _, tc := range []struct {
		ct     string
		status int // 0: accepted
	}{
		{"application/x-www-form-urlencoded", 0},
		{"application/x-www-form-urlencoded; charset=UTF-8", 0},
		{"Application/X-WWW-Form-Urlencoded", 0},
		{"", 0}, // no header: read as a form
		{"application/json", 415},
		{"multipart/form-data; boundary=x", 415},
		{"text/plain", 415},
	} {
		req := sdktest.FormRequest("POST", testURL, body)
		req.Headers = slices.DeleteFunc(req.Headers, func(kv abi.KV) bool { return kv.Key == "content-type" })
		if tc.ct != "" {
			req.Headers = append(req.Headers, abi.KV{Key: "content-type", Value: tc.ct})
		}
		res, err := ch.Parse(req)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tc.status == 0 && (res.Reject != nil || len(res.Events) != 1):
			t.Errorf("%q: want one event, got %+v", tc.ct, res)
		case tc.status != 0 && (res.Reject == nil || res.Reject.Status != tc.status || !strings.Contains(res.Reject.Message, tc.ct)):
			t.Errorf("%q: want a %d naming the type, got %+v", tc.ct, tc.status, res.Reject)
		}
	}
}

// TestEmptyBody: a POST without a body is not a Twilio webhook; the refusal
// says so rather than naming the first missing parameter.
func TestEmptyBody(t *testing.T) {
	const want = "whatsapp: empty request body: Twilio posts its parameters as an application/x-www-form-urlencoded form"
	for _, tc := range []struct {
		name     string
		settings []abi.KV
		req      *abi.Request
	}{
		{"form", nil, sdktest.FormRequest("POST", testURL, nil)},
		{"no content type", nil, func() *abi.Request {
			r := sdktest.FormRequest("POST", testURL, []byte{})
			r.Headers = nil
			return r
		}()},
		{"with a query", nil, sdktest.FormRequest("POST", testURL+"?From=whatsapp%3A%2B33612345678&MessageSid=SM1", nil)},
		{"auth token", []abi.KV{{Key: "auth_token", Value: "secret"}}, sdktest.FormRequest("POST", testURL, nil,
			abi.KV{Key: "x-twilio-signature", Value: "gVP/ENC2C20NHoorkXRF706HSKU="})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := sdktest.Parse(t, newChannel(t, tc.settings...), tc.req)
			if res.Reject == nil || res.Reject.Status != 400 || res.Reject.Message != want || len(res.Events) != 0 {
				t.Fatalf("want 400 %q, got %+v", want, res)
			}
		})
	}
}

// TestJSONWebhookSaysWhatToConfigure: a JSON webhook (bodySHA256 in the
// URL) or a JSON body is refused with what to set in the Twilio console.
func TestJSONWebhookSaysWhatToConfigure(t *testing.T) {
	ch := newChannel(t)
	body := []byte(`{"MessageSid": "SM1", "From": "whatsapp:+33612345678", "Body": "Bonjour"}`)
	for _, tc := range []struct {
		name, url, ct string
		status        int
	}{
		{"signed JSON webhook", testURL + "?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620", "application/json", 400},
		{"JSON body", testURL, "application/json", 415},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := sdktest.FormRequest("POST", tc.url, body)
			req.Headers = slices.DeleteFunc(req.Headers, func(kv abi.KV) bool { return kv.Key == "content-type" })
			req.Headers = append(req.Headers, abi.KV{Key: "content-type", Value: tc.ct})
			res, err := ch.Parse(req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Reject == nil || res.Reject.Status != tc.status {
				t.Fatalf("want a %d, got %+v", tc.status, res)
			}
			for _, want := range []string{"Twilio console", req.Path, "incoming-message webhook", "HTTP POST", "application/x-www-form-urlencoded", "status callback"} {
				if !strings.Contains(res.Reject.Message, want) {
					t.Errorf("the refusal lacks %q: %s", want, res.Reject.Message)
				}
			}
			if strings.Contains(res.Reject.Message, " here") {
				t.Errorf("the refusal says \"here\": %s", res.Reject.Message)
			}
		})
	}
}
