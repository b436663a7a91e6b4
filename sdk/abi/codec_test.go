package abi

import (
	"reflect"
	"testing"
)

func sampleRenderInput() RenderInput {
	return RenderInput{
		Request: Request{Method: "POST", Path: "/api/whatsapp/webhook", Query: "a=1", PublicURL: "https://x.example/api/whatsapp/webhook?a=1",
			Headers: []KV{{"content-type", "application/x-www-form-urlencoded"}, {"x-twilio-signature", "abc="}},
			Body:    []byte("Body=Bonjour"), ReceivedUnixMilli: 1764000000000, RemoteAddr: "127.0.0.1:5555"},
		Events: []Event{{Kind: KindMessage, ID: "SM1", Conversation: "+33639980012", From: "+33639980012", Name: "Camille", Text: "Bonjour é",
			Media: []Media{{"https://m/1", "image/jpeg"}}, Location: &Location{"48.1", "2.3", "Chez moi", "12 rue"},
			Tool: &ToolCall{"call_1", "book", `{"a":1}`}, Status: "sent", Attrs: []KV{{"k", "v"}}}},
		Results: []Result{{Replies: []Reply{{Text: "Salut", Choices: []Choice{{"yes", "Oui"}}, Media: []string{"https://m/2"}, Speech: "salut"}},
			ToolResult: "ok", ToolError: "", Handoff: "+33199001234", Error: "", Attrs: []KV{{"a", "b"}}}},
		Business: Business{ID: "salon", Name: "Salon Lumière", Language: "fr", Greeting: "Bonjour", Phone: "+33199001234", TimeZone: "Europe/Paris"},
	}
}

func TestRoundTrip(t *testing.T) {
	in := sampleRenderInput()
	got, err := DecodeRenderInput(AppendRenderInput(nil, &in))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, in) {
		t.Fatalf("render input round trip:\n got %+v\nwant %+v", got, in)
	}
	pr := ParseResult{Events: in.Events, Reject: &Reject{Status: 403, Message: "bad signature"}, Verified: true}
	gotPR, err := DecodeParseResult(AppendParseResult(nil, &pr))
	if err != nil || !reflect.DeepEqual(gotPR, pr) {
		t.Fatalf("parse result round trip: %v\n got %+v\nwant %+v", err, gotPR, pr)
	}
	resp := Response{Status: 200, ContentType: "text/xml", Headers: []KV{{"x", "y"}}, Body: []byte("<Response/>")}
	gotR, err := DecodeResponse(AppendResponse(nil, &resp))
	if err != nil || !reflect.DeepEqual(gotR, resp) {
		t.Fatalf("response round trip: %v %+v", err, gotR)
	}
	cfg := Config{Plugin: "whatsapp", Settings: []KV{{"auth_token", "t"}}}
	gotC, err := DecodeConfig(AppendConfig(nil, &cfg))
	if err != nil || !reflect.DeepEqual(gotC, cfg) {
		t.Fatalf("config round trip: %v %+v", err, gotC)
	}
}

func TestTruncated(t *testing.T) {
	in := sampleRenderInput()
	b := AppendRenderInput(nil, &in)
	for n := range len(b) {
		if _, err := DecodeRenderInput(b[:n]); err == nil && n > 0 {
			// A prefix may decode cleanly only if it ends on a field boundary of the top level.
			continue
		}
	}
	if _, err := DecodeRenderInput(b[:len(b)-1]); err == nil {
		t.Fatal("want an error for a truncated envelope")
	}
}

func TestPackResult(t *testing.T) {
	p, n, e := UnpackResult(PackResult(0x12345678, 42, true))
	if p != 0x12345678 || n != 42 || !e {
		t.Fatalf("got %x %d %v", p, n, e)
	}
}

func FuzzDecodeRenderInput(f *testing.F) {
	in := sampleRenderInput()
	f.Add(AppendRenderInput(nil, &in))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, p []byte) {
		got, err := DecodeRenderInput(p)
		if err != nil {
			return
		}
		again, err := DecodeRenderInput(AppendRenderInput(nil, &got))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		_ = again
	})
}
