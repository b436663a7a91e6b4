package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/jsonlite"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

const conv = "3f2b6c1e-8d4a-4b7e-9c1f-2a3b4c5d6e7f"

var business = abi.Business{
	ID: "salon-lumiere", Name: "Salon Lumière", Language: "fr",
	Greeting: "Bonjour, Salon Lumière, que puis-je faire pour vous ?",
	Phone:    "+33199001234", TimeZone: "Europe/Paris",
	Attrs: []abi.KV{{Key: "languages", Value: "fr,en"}},
}

func post(path, body string, headers ...string) abi.Request {
	r := abi.Request{Method: "POST", Path: path, Body: []byte(body),
		Headers: []abi.KV{{Key: "host", Value: "127.0.0.1:8000"}, {Key: "content-type", Value: "application/json"}}}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Headers = append(r.Headers, abi.KV{Key: headers[i], Value: headers[i+1]})
	}
	return r
}

func get(path string, headers ...string) abi.Request {
	r := post(path, "", headers...)
	r.Method = "GET"
	return r
}

func options(path, origin string) abi.Request {
	r := get(path, "origin", origin, "access-control-request-method", "POST")
	r.Method = "OPTIONS"
	return r
}

var slotsReply = abi.Result{Replies: []abi.Reply{{
	Text:    "Samedi 6 mars, Hugo est disponible à :",
	Choices: []abi.Choice{{ID: "slot:2027-03-06T10:00", Label: "10:00"}, {ID: "slot:2027-03-06T10:15", Label: "10:15"}},
}}}

// Each case is parsed, given the result (if any) for its event, and
// rendered; the golden file pins both.
var cases = []struct {
	name   string
	req    abi.Request
	result *abi.Result
}{
	{"message", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m1","text":"  Bonjour, je voudrais une coupe homme samedi ","language":"fr"}`, "origin", "http://127.0.0.1:8000"), &slotsReply},
	{"message_choice", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m2","text":"10:00","choice":"slot:2027-03-06T10:00"}`), &abi.Result{Replies: []abi.Reply{{Text: "C'est noté."}}}},
	{"message_choice_only", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m3","choice":"yes"}`), &abi.Result{Replies: []abi.Reply{{Text: "Merci !"}}}},
	{"message_phone", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m4","text":"mon numéro","phone":"06 39 98 00 12"}`), &abi.Result{Replies: []abi.Reply{{Text: "Merci."}}}},
	{"message_html_as_text", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m5","text":"<img src=x onerror=alert(1)>"}`), &abi.Result{Replies: []abi.Reply{{Text: "Je n'ai pas compris « <img> »."}}}},
	{"message_handoff", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m6","text":"je veux parler à quelqu'un","language":"en-GB"}`), &abi.Result{Replies: []abi.Reply{{Text: "Call us."}}, Handoff: "+33199001234",
		Attrs: []abi.KV{{Key: "handoff_until", Value: "2027-03-05T10:30:00Z"}}}},
	{"message_handoff_silent", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m9","text":"vous êtes là ?"}`), &abi.Result{
		Attrs: []abi.KV{{Key: "handoff_until", Value: "2027-03-05T10:30:00Z"}}}},
	{"message_turn_error", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m7","text":"bonjour","language":"en"}`), &abi.Result{Error: "store: conflict"}},
	{"message_allowed_origin", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m8","text":"hello"}`, "origin", "https://www.salon-lumiere.fr"), &abi.Result{Replies: []abi.Reply{{Text: "Hello"}}}},
	{"start", post("/api/web/start", `{"conversation":"`+conv+`"}`), &abi.Result{Replies: []abi.Reply{{Text: business.Greeting}}}},
	{"config", get("/api/web/config"), nil},
	{"health", get("/api/web/health"), nil},
	{"preflight_allowed", options("/api/web/messages", "https://www.salon-lumiere.fr"), nil},
	{"preflight_same_origin", options("/api/web/messages", "http://127.0.0.1:8000"), nil},
	{"preflight_foreign", options("/api/web/messages", "https://evil.example"), nil},
	{"foreign_origin", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m1","text":"x"}`, "origin", "https://evil.example"), nil},
	{"bad_conversation", post("/api/web/messages", `{"conversation":"short","id":"m1","text":"x"}`), nil},
	{"missing_conversation", post("/api/web/messages", `{"id":"m1","text":"x"}`), nil},
	{"bad_client_id", post("/api/web/messages", `{"conversation":"`+conv+`","id":"a.b","text":"x"}`), nil},
	{"empty_text", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m1","text":"   "}`), nil},
	{"too_long", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m1","text":"`+strings.Repeat("é", 1001)+`"}`), nil},
	{"body_too_large", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m1","text":"`+strings.Repeat("a", 17000)+`"}`), nil},
	{"not_json", post("/api/web/messages", `conversation=x`), nil},
	{"text_not_string", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m1","text":12}`), nil},
	{"bad_phone", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m1","text":"x","phone":"call me"}`), nil},
	{"wrong_content_type", func() abi.Request {
		r := post("/api/web/messages", `{}`)
		r.Headers[1].Value = "text/plain"
		return r
	}(), nil},
	{"wrong_method", get("/api/web/messages"), nil},
	{"wrong_method_config", post("/api/web/config", `{}`, "origin", "https://www.salon-lumiere.fr"), nil},
	{"empty_text_allowed_origin", post("/api/web/messages", `{"conversation":"`+conv+`","id":"m1","text":" "}`, "origin", "https://www.salon-lumiere.fr"), nil},
	{"unknown_route", get("/api/web/nope"), nil},
	{"history_not_wired", get("/api/web/history?conversation=" + conv), nil},
}

func TestGolden(t *testing.T) {
	w := &Web{}
	if err := w.Init(abi.Config{Plugin: "web", Settings: []abi.KV{{Key: "allowed_origins", Value: "https://www.salon-lumiere.fr, http://localhost:3000"}}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := c.req
			if i := strings.IndexByte(req.Path, '?'); i >= 0 {
				req.Path, req.Query = req.Path[:i], req.Path[i+1:]
			}
			pr, err := w.Parse(&req)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			in := abi.RenderInput{Request: req, Events: pr.Events, Business: business}
			for range pr.Events {
				if c.result == nil {
					t.Fatal("event without a result in the case")
				}
				in.Results = append(in.Results, *c.result)
			}
			resp, err := w.Render(&in)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if resp.ContentType == "application/json" && !jsonlite.Valid(resp.Body) {
				t.Errorf("invalid JSON body: %s", resp.Body)
			}
			if pr.Reject != nil && (resp.Status != pr.Reject.Status || !strings.Contains(string(resp.Body), jsonText(pr.Reject.Message)) ||
				!slices.Equal(resp.Headers, pr.Reject.Headers)) {
				t.Errorf("render disagrees with the reject: %d %s vs %+v", resp.Status, resp.Body, pr.Reject)
			}
			got := describe(&pr, &resp)
			path := filepath.Join("testdata", c.name+".golden")
			if sdktest.Update() {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s mismatch\n--- got\n%s\n--- want\n%s", path, got, want)
			}
		})
	}
}

func jsonText(s string) string {
	b := jsonlite.AppendString(nil, s)
	return string(b[1 : len(b)-1])
}

func describe(pr *abi.ParseResult, resp *abi.Response) string {
	var b strings.Builder
	if pr.Reject != nil {
		fmt.Fprintf(&b, "reject %d %s\n", pr.Reject.Status, pr.Reject.Message)
		for _, h := range pr.Reject.Headers {
			fmt.Fprintf(&b, "reject header %s: %s\n", h.Key, h.Value)
		}
	}
	for _, ev := range pr.Events {
		fmt.Fprintf(&b, "event kind=%s id=%s conversation=%s from=%q text=%q payload=%q language=%q attrs=%v\n",
			ev.Kind, ev.ID, ev.Conversation, ev.From, ev.Text, ev.Payload, ev.Language, ev.Attrs)
	}
	fmt.Fprintf(&b, "---\n%d %s\n", resp.Status, resp.ContentType)
	for _, h := range resp.Headers {
		fmt.Fprintf(&b, "%s: %s\n", h.Key, h.Value)
	}
	b.WriteString("\n")
	b.Write(resp.Body)
	b.WriteString("\n")
	return b.String()
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"06 39 98 00 12", "+33639980012"},
		{"+33 6 39 98 00 12", "+33639980012"},
		{"0033639980012", "+33639980012"},
		{"01.99.00.12.34", "+33199001234"},
		{"(+44) 20 7946 0000", ""},
		{"+44 20 7946 0000", "+442079460000"},
		{"639980012", ""},
		{"0639", ""},
		{"+0123456789", ""},
		{"06-39-98-00-1x", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := normalizePhone(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("normalizePhone(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, c := range cases {
		f.Add(c.req.Method, c.req.Path, c.req.Header("origin"), string(c.req.Body))
	}
	w := &Web{origins: []string{"https://www.salon-lumiere.fr"}}
	f.Fuzz(func(t *testing.T, method, path, origin, body string) {
		req := post(path, body, "origin", origin)
		req.Method = method
		pr, err := w.Parse(&req)
		if err != nil {
			t.Fatal(err)
		}
		if pr.Reject != nil && len(pr.Events) > 0 {
			t.Fatal("both a reject and events")
		}
		in := abi.RenderInput{Request: req, Events: pr.Events, Business: business}
		for range pr.Events {
			in.Results = append(in.Results, abi.Result{Replies: []abi.Reply{{Text: body}}})
		}
		resp, _ := w.Render(&in)
		if resp.ContentType == "application/json" && !jsonlite.Valid(resp.Body) {
			t.Fatalf("invalid JSON: %q", resp.Body)
		}
		for _, ev := range pr.Events {
			if !validID(ev.Conversation, minConvLen, maxConvLen) || len([]rune(ev.Text)) > maxTextRunes {
				t.Fatalf("invalid event accepted: %+v", ev)
			}
		}
	})
}

func TestConfigLanguages(t *testing.T) {
	tests := []struct {
		name  string
		b     abi.Business
		langs string
	}{
		{"attribute", abi.Business{Language: "fr", Attrs: []abi.KV{{Key: "languages", Value: "en, fr"}}}, `["en","fr"]`},
		{"greetings", abi.Business{Language: "fr", Attrs: []abi.KV{{Key: "greeting.fr", Value: "Bonjour"}, {Key: "greeting.en", Value: "Hello"}}}, `["fr","en"]`},
		{"default only", abi.Business{Language: "en"}, `["en"]`},
		{"unknown language", abi.Business{Language: "de", Attrs: []abi.KV{{Key: "languages", Value: "de"}}}, `["fr"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := jsonlite.Get(renderConfig(&tt.b), "languages").Raw()
			if string(got) != tt.langs {
				t.Errorf("languages = %s, want %s", got, tt.langs)
			}
		})
	}
}
