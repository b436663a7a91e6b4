package abi

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
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
			ToolResult: "ok", ToolError: "", Handoff: "+33199001234", Error: "", Attrs: []KV{{"a", "b"}}, TurnUnixMilli: 1764000000123}},
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
	pr := ParseResult{Events: in.Events, Reject: &Reject{Status: 405, Message: "use POST",
		Headers: []KV{{"Allow", "POST, OPTIONS"}, {"Access-Control-Allow-Origin", "https://shop.example"}}}, Verified: true}
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

// TestRejectWithoutHeaders: a Reject encoded before it had headers (fields
// 1 and 2 only) still decodes, with none.
func TestRejectWithoutHeaders(t *testing.T) {
	e := enc{}
	m := e.begin(2)
	e.int(1, 403)
	e.str(2, "bad signature")
	e.end(m)
	got, err := DecodeParseResult(e.b)
	if err != nil || got.Reject == nil || got.Reject.Status != 403 || got.Reject.Message != "bad signature" || got.Reject.Headers != nil {
		t.Fatalf("got %+v, %v", got.Reject, err)
	}
}

func TestTruncated(t *testing.T) {
	in := sampleRenderInput()
	b := AppendRenderInput(nil, &in)
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

func TestRoundTripZero(t *testing.T) {
	if got, err := DecodeRenderInput(AppendRenderInput(nil, &RenderInput{})); err != nil || !reflect.DeepEqual(got, RenderInput{}) {
		t.Fatalf("render input: %v %+v", err, got)
	}
	if got, err := DecodeParseResult(AppendParseResult(nil, &ParseResult{})); err != nil || !reflect.DeepEqual(got, ParseResult{}) {
		t.Fatalf("parse result: %v %+v", err, got)
	}
	if got, err := DecodeRequest(AppendRequest(nil, &Request{})); err != nil || !reflect.DeepEqual(got, Request{}) {
		t.Fatalf("request: %v %+v", err, got)
	}
	if got, err := DecodeResponse(AppendResponse(nil, &Response{})); err != nil || !reflect.DeepEqual(got, Response{}) {
		t.Fatalf("response: %v %+v", err, got)
	}
	if b := AppendConfig(nil, &Config{}); len(b) != 0 {
		t.Fatalf("empty config encodes to %x", b)
	}
}

// TestRoundTripEdges covers values the encoder treats specially: negative
// and extreme integers, empty elements of repeated fields, empty nested messages.
func TestRoundTripEdges(t *testing.T) {
	in := RenderInput{
		Request: Request{ReceivedUnixMilli: -1, Headers: []KV{{}, {"k", ""}, {"", "v"}}},
		Events:  []Event{{}, {Media: []Media{{}}, Location: &Location{}, Tool: &ToolCall{}}},
		Results: []Result{{Replies: []Reply{{Media: []string{"", "https://m/1", ""}, Choices: []Choice{{}}}, {}}}},
	}
	got, err := DecodeRenderInput(AppendRenderInput(nil, &in))
	if err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("%v\n got %+v\nwant %+v", err, got, in)
	}
	for _, v := range []int64{0, 1, -1, 1<<63 - 1, -1 << 63, 1764000000000} {
		r := Request{ReceivedUnixMilli: v}
		if got, err := DecodeRequest(AppendRequest(nil, &r)); err != nil || got.ReceivedUnixMilli != v {
			t.Fatalf("%d: got %d, %v", v, got.ReceivedUnixMilli, err)
		}
	}
	for _, s := range []int{0, 200, 403, 500, -1} {
		r := Response{Status: s}
		if got, err := DecodeResponse(AppendResponse(nil, &r)); err != nil || got.Status != s {
			t.Fatalf("%d: got %d, %v", s, got.Status, err)
		}
	}
}

// TestWireBytes pins the encoding: field numbers are part of the ABI, and
// docs/abi.md shows these bytes.
func TestWireBytes(t *testing.T) {
	cfg := Config{Plugin: "w", Settings: []KV{{"a", "b"}}}
	// 0a 01 'w'             field 1 (Plugin), length 1
	// 12 06                 field 2 (Settings), length 6 (natively, short lengths are minimal)
	// 0a 01 'a' 12 01 'b'   KV: field 1 Key, field 2 Value
	want := []byte{0x0a, 0x01, 'w', 0x12, 0x06, 0x0a, 0x01, 'a', 0x12, 0x01, 'b'}
	if got := AppendConfig(nil, &cfg); !reflect.DeepEqual(got, want) {
		t.Fatalf("got % x\nwant % x", got, want)
	}
	// A decoder must accept padded length varints too (the guest writes them).
	padded := []byte{0x0a, 0x01, 'w', 0x12, 0x86, 0x80, 0x80, 0x80, 0x00, 0x0a, 0x01, 'a', 0x12, 0x01, 'b'}
	if got, err := DecodeConfig(padded); err != nil || !reflect.DeepEqual(got, cfg) {
		t.Fatalf("minimal varints: %v %+v", err, got)
	}
	resp := Response{Status: 200, ContentType: "t", Body: []byte("x")}
	// 08 90 03: field 1 varint, zigzag(200) = 400; 12 01 't'; 22 01 'x'
	wantResp := []byte{0x08, 0x90, 0x03, 0x12, 0x01, 't', 0x22, 0x01, 'x'}
	if got := AppendResponse(nil, &resp); !reflect.DeepEqual(got, wantResp) {
		t.Fatalf("got % x\nwant % x", got, wantResp)
	}
}

func TestUnknownFieldsSkipped(t *testing.T) {
	resp := Response{Status: 200, ContentType: "text/xml", Body: []byte("<Response/>")}
	b := AppendResponse(nil, &resp)
	// A newer peer's fields: 99 as a varint, 100 as bytes, before and after.
	extra := []byte{0x98, 0x06, 0x2a, 0xa2, 0x06, 0x02, 'h', 'i'}
	b = append(append(append([]byte{}, extra...), b...), extra...)
	got, err := DecodeResponse(b)
	if err != nil || !reflect.DeepEqual(got, resp) {
		t.Fatalf("%v %+v", err, got)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"truncated varint", []byte{0x08, 0x80}, "truncated"},
		{"truncated length", []byte{0x12, 0x05, 'a'}, "truncated"},
		{"fixed64 wire type", []byte{0x09, 1, 2, 3, 4, 5, 6, 7, 8}, "bad field key"},
		{"fixed32 wire type", []byte{0x0d, 1, 2, 3, 4}, "bad field key"},
		{"field zero", []byte{0x02, 0x00}, "bad field key"},
		{"varint for a string field", []byte{0x10, 0x01}, "expected a length-delimited field"},
		{"bytes for a varint field", []byte{0x0a, 0x01, 'x'}, "expected a varint field"},
		{"varint overflow", []byte{0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, "overflows"},
		{"eleven-byte varint", []byte{0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, "overflows"},
		{"bad nested header", []byte{0x1a, 0x02, 0x09, 0x00}, "bad field key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeResponse(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "abi: decode response: ") {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := DecodeResponse([]byte{0x12, 0x05, 'a'}); !errors.Is(err, ErrTruncated) {
		t.Fatalf("want ErrTruncated, got %v", err)
	}
}

// TestEveryPrefix decodes every prefix of an envelope: none may panic, and
// a prefix that cuts a field must fail.
func TestEveryPrefix(t *testing.T) {
	in := sampleRenderInput()
	b := AppendRenderInput(nil, &in)
	boundaries := 0
	for n := range len(b) {
		if _, err := DecodeRenderInput(b[:n]); err == nil {
			boundaries++
		}
	}
	// Only the empty prefix and the ends of the four top-level fields decode.
	if boundaries != 4 {
		t.Fatalf("%d prefixes decode cleanly, want 4 (the top-level field boundaries)", boundaries)
	}
}

// canonical checks that re-encoding a decoded envelope is stable: decode,
// encode, decode, encode gives the same bytes twice.
func canonical[T any](t *testing.T, p []byte, dec func([]byte) (T, error), enc func([]byte, *T) []byte) {
	v, err := dec(p)
	if err != nil {
		return
	}
	b1 := enc(nil, &v)
	v2, err := dec(b1)
	if err != nil {
		t.Fatalf("re-decode: %v", err)
	}
	if b2 := enc(nil, &v2); !bytes.Equal(b1, b2) {
		t.Fatalf("encoding not stable:\n% x\n% x", b1, b2)
	}
}

func FuzzDecodeRequest(f *testing.F) {
	in := sampleRenderInput()
	f.Add(AppendRequest(nil, &in.Request))
	f.Add([]byte{0x08, 0x80})
	f.Fuzz(func(t *testing.T, p []byte) { canonical(t, p, DecodeRequest, AppendRequest) })
}

func FuzzDecodeParseResult(f *testing.F) {
	in := sampleRenderInput()
	f.Add(AppendParseResult(nil, &ParseResult{Events: in.Events, Reject: &Reject{Status: 400, Message: "x"}, Verified: true}))
	f.Fuzz(func(t *testing.T, p []byte) { canonical(t, p, DecodeParseResult, AppendParseResult) })
}

func FuzzDecodeResponse(f *testing.F) {
	f.Add(AppendResponse(nil, &Response{Status: 200, ContentType: "text/xml", Headers: []KV{{"a", "b"}}, Body: []byte("<Response/>")}))
	f.Fuzz(func(t *testing.T, p []byte) { canonical(t, p, DecodeResponse, AppendResponse) })
}

func FuzzDecodeConfig(f *testing.F) {
	f.Add(AppendConfig(nil, &Config{Plugin: "whatsapp", Settings: []KV{{"auth_token", "t"}}}))
	f.Fuzz(func(t *testing.T, p []byte) { canonical(t, p, DecodeConfig, AppendConfig) })
}

func FuzzDecodeRenderInputStable(f *testing.F) {
	in := sampleRenderInput()
	f.Add(AppendRenderInput(nil, &in))
	f.Fuzz(func(t *testing.T, p []byte) { canonical(t, p, DecodeRenderInput, AppendRenderInput) })
}

func BenchmarkDecodeRenderInput(b *testing.B) {
	in := sampleRenderInput()
	p := AppendRenderInput(nil, &in)
	b.ReportAllocs()
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		if _, err := DecodeRenderInput(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendParseResult(b *testing.B) {
	in := sampleRenderInput()
	r := ParseResult{Events: in.Events, Verified: true}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendParseResult(buf[:0], &r)
	}
}

func BenchmarkDecodeRenderInputTo(b *testing.B) {
	in := sampleRenderInput()
	p := AppendRenderInputSameBusiness(nil, &in) // the host's steady state
	var out RenderInput
	b.ReportAllocs()
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		if err := DecodeRenderInputTo(p, &out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeRequestTo(b *testing.B) {
	in := sampleRenderInput()
	p := AppendRequest(nil, &in.Request)
	var out Request
	b.ReportAllocs()
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		if err := DecodeRequestTo(p, &out); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAppendResultGrowsOnce(t *testing.T) {
	long := strings.Repeat("é", 300) // lengths of two bytes
	r := Result{
		Replies: []Reply{
			{Text: long, Choices: []Choice{{ID: "a", Label: long}, {ID: "b"}}, Media: []string{"", "https://x/y.jpg"}, Speech: "s"},
			{Text: "Bonjour"},
		},
		ToolResult: "ok", ToolError: long, Handoff: "+33100000000", Error: "e",
		Attrs: []KV{{Key: "language", Value: "en"}, {Key: "k", Value: long}}, TurnUnixMilli: -1,
	}
	for _, r := range []Result{r, {}, {TurnUnixMilli: 1 << 62}} {
		b := AppendResult(nil, &r)
		if len(b) > resultSize(&r) {
			t.Errorf("encoding of %d bytes, above resultSize's %d", len(b), resultSize(&r))
		}
		if got, err := DecodeResult(b); err != nil || !reflect.DeepEqual(got, r) {
			t.Errorf("round trip: %v\n%+v\n%+v", err, got, r)
		}
	}
	// Appended to a buffer with room for resultSize bytes, the encoding
	// stays in it: AppendResult grows a buffer at most once.
	buf := make([]byte, 0, resultSize(&r))
	if b := AppendResult(buf, &r); &b[:1][0] != &buf[:1][0] {
		t.Error("AppendResult grew a buffer that had room for resultSize bytes")
	}
	if raceEnabled {
		return
	}
	if n := testing.AllocsPerRun(100, func() { _ = AppendResult(nil, &r) }); n != 1 {
		t.Errorf("AppendResult made %v allocations, want 1", n)
	}
}
