package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
)

func TestAuth(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(vapiFixtures, "tool-calls.json"))
	if err != nil {
		t.Fatal(err)
	}
	completion := []byte(`{"messages":[{"role":"user","content":"Bonjour"}],"call":{"id":"c1"}}`)
	header := func(k, v string) abi.KV { return abi.KV{Key: k, Value: v} }
	tests := []struct {
		name     string
		settings []abi.KV
		path     string
		headers  []abi.KV
		ok       bool
	}{
		{"no secret configured", nil, "/api/vapi/webhook", nil, true},
		{"header secret", []abi.KV{{Key: "secret", Value: testSecret}}, "/api/vapi/webhook", []abi.KV{header("x-vapi-secret", testSecret)}, true},
		{"header secret wrong", []abi.KV{{Key: "secret", Value: testSecret}}, "/api/vapi/webhook", []abi.KV{header("x-vapi-secret", testSecret+"x")}, false},
		{"header secret missing", []abi.KV{{Key: "secret", Value: testSecret}}, "/api/vapi/webhook", nil, false},
		{"bearer on webhook in header mode", []abi.KV{{Key: "secret", Value: testSecret}}, "/api/vapi/webhook", []abi.KV{header("authorization", "Bearer "+testSecret)}, false},
		{"bearer on custom LLM in header mode", []abi.KV{{Key: "secret", Value: testSecret}}, "/api/vapi/chat/completions", []abi.KV{header("authorization", "Bearer "+testSecret)}, true},
		{"bearer mode", []abi.KV{{Key: "secret", Value: testSecret}, {Key: "auth", Value: "bearer"}}, "/api/vapi/webhook", []abi.KV{header("authorization", "bearer "+testSecret)}, true},
		{"bearer mode wrong", []abi.KV{{Key: "secret", Value: testSecret}, {Key: "auth", Value: "bearer"}}, "/api/vapi/webhook", []abi.KV{header("authorization", "Bearer nope")}, false},
		{"bearer mode ignores header", []abi.KV{{Key: "secret", Value: testSecret}, {Key: "auth", Value: "bearer"}}, "/api/vapi/webhook", []abi.KV{header("x-vapi-secret", testSecret)}, false},
		{"bearer mode without prefix", []abi.KV{{Key: "secret", Value: testSecret}, {Key: "auth", Value: "bearer"}}, "/api/vapi/webhook", []abi.KV{header("authorization", testSecret)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVoice(t, tt.settings...)
			b := body
			if isCompletions(tt.path) {
				b = completion
			}
			res, err := v.Parse(request(tt.path, b, tt.headers...))
			if err != nil {
				t.Fatal(err)
			}
			if tt.ok {
				if res.Reject != nil || len(res.Events) == 0 {
					t.Fatalf("refused: %+v", res.Reject)
				}
				if res.Verified != (v.secret != "") {
					t.Errorf("Verified = %v", res.Verified)
				}
				return
			}
			if res.Reject == nil || res.Reject.Status != 401 || res.Reject.Message != "invalid Vapi credentials" || len(res.Events) != 0 {
				t.Fatalf("got %+v, want a 401 reject and no events", res)
			}
		})
	}
}

func TestRejects(t *testing.T) {
	v := newVoice(t)
	tests := []struct {
		name, method, path, body string
		status                   int
		contains                 string
	}{
		{"malformed", "POST", "/api/vapi/webhook", `{"message":`, 400, "malformed JSON"},
		{"not an object", "POST", "/api/vapi/webhook", `[1]`, 400, "JSON object"},
		{"no message", "POST", "/api/vapi/webhook", `{"type":"tool-calls"}`, 400, `"message"`},
		{"no type", "POST", "/api/vapi/webhook", `{"message":{}}`, 400, `"type"`},
		{"function call without name", "POST", "/api/vapi/webhook", `{"message":{"type":"function-call","functionCall":{}}}`, 400, "functionCall.name"},
		{"type not a string", "POST", "/api/vapi/webhook", `{"message":{"type":42}}`, 400, "must be a string"},
		{"tool calls without a list", "POST", "/api/vapi/webhook", `{"message":{"type":"tool-calls","call":{"id":"c1"}}}`, 400, "toolCallList"},
		{"tool calls with an object", "POST", "/api/vapi/webhook", `{"message":{"type":"tool-calls","call":{"id":"c1"},"toolCallList":{}}}`, 400, "toolCallList"},
		{"call report without a call", "POST", "/api/vapi/webhook", `{"message":{"type":"end-of-call-report"}}`, 400, "call.id"},
		{"completions without messages", "POST", "/api/vapi/chat/completions", `{"model":"x"}`, 400, "messages"},
		{"completions malformed", "POST", "/api/vapi/chat/completions", `{"messages":[}`, 400, "malformed JSON"},
		{"GET", "GET", "/api/vapi/webhook", `{}`, 405, "POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := request(tt.path, []byte(tt.body))
			req.Method = tt.method
			res, err := v.Parse(req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Reject == nil || res.Reject.Status != tt.status || !strings.Contains(res.Reject.Message, tt.contains) {
				t.Fatalf("got %+v, want %d containing %q", res.Reject, tt.status, tt.contains)
			}
			if strings.ContainsAny(res.Reject.Message, "\n\r") {
				t.Errorf("reject message is not one line: %q", res.Reject.Message)
			}
		})
	}
}

func TestInit(t *testing.T) {
	tests := []struct {
		name     string
		settings []abi.KV
		err      string
		check    func(*Voice) bool
	}{
		{"defaults", nil, "", func(v *Voice) bool { return v.mode == modeCustomLLM && !v.bearer && v.publicURL == "" }},
		{"bearer and tools", []abi.KV{{Key: "auth", Value: "bearer"}, {Key: "mode", Value: "tools"}}, "", func(v *Voice) bool { return v.bearer && v.mode == modeTools }},
		{"public url trimmed", []abi.KV{{Key: "public_url", Value: "https://r.example.com/api/vapi/"}}, "", func(v *Voice) bool { return v.publicURL == "https://r.example.com" }},
		{"bad auth", []abi.KV{{Key: "auth", Value: "hmac"}}, "setting auth", nil},
		{"bad mode", []abi.KV{{Key: "mode", Value: "gpt"}}, "setting mode", nil},
		{"bad url", []abi.KV{{Key: "public_url", Value: "reception.example.com"}}, "public_url", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v Voice
			err := v.Init(abi.Config{Settings: tt.settings})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "voice: ") {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil || !tt.check(&v) {
				t.Fatalf("err = %v, v = %+v", err, v)
			}
		})
	}
}

func TestAssistantURLs(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(vapiFixtures, "assistant-request.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		settings  []abi.KV
		publicURL string
		contains  []string
		absent    []string
	}{
		{"from request", nil, "https://a.example.com:8443/api/vapi/webhook?x=1",
			[]string{`"url":"https://a.example.com:8443/api/vapi"`, `"url":"https://a.example.com:8443/api/vapi/webhook"`, `"provider":"custom-llm"`},
			[]string{"X-Vapi-Secret", "x=1"}},
		{"host URL with a path", nil, "https://gw.example.com/accueil/api/vapi/webhook",
			[]string{`"url":"https://gw.example.com/accueil/api/vapi"`, `"url":"https://gw.example.com/accueil/api/vapi/webhook"`}, nil},
		{"from setting", []abi.KV{{Key: "public_url", Value: "https://reception.example.com"}}, "http://10.0.0.5:8080/api/vapi/webhook",
			[]string{`"url":"https://reception.example.com/api/vapi/webhook"`}, []string{"10.0.0.5"}},
		{"tools mode with bearer", []abi.KV{{Key: "mode", Value: "tools"}, {Key: "secret", Value: "k"}, {Key: "auth", Value: "bearer"}}, "https://r.example.com/api/vapi/webhook",
			[]string{`"provider":"openai"`, `"Authorization":"Bearer k"`, `{"type":"transferCall"}`}, []string{"custom-llm", "destinations"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVoice(t, tt.settings...)
			req := request("/api/vapi/webhook", body, abi.KV{Key: "authorization", Value: "Bearer k"})
			req.PublicURL = tt.publicURL
			res, _ := v.Parse(req)
			if res.Reject != nil {
				t.Fatal(res.Reject)
			}
			r, _ := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Results: fakeResults(res.Events), Business: business})
			for _, c := range tt.contains {
				if !strings.Contains(string(r.Body), c) {
					t.Errorf("body lacks %s", c)
				}
			}
			for _, c := range tt.absent {
				if strings.Contains(string(r.Body), c) {
					t.Errorf("body has %s", c)
				}
			}
		})
	}
}

// A server URL set with a final slash in Vapi's dashboard is the webhook
// too: the assistant's URLs do not repeat it.
func TestAssistantURLsFromTrailingSlash(t *testing.T) {
	v := newVoice(t)
	body := []byte(`{"message":{"type":"assistant-request","call":{"id":"c1"}}}`)
	req := request("/api/vapi/webhook/", body)
	req.PublicURL = "https://r.example.com/api/vapi/webhook/"
	res, _ := v.Parse(req)
	r, _ := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Results: fakeResults(res.Events), Business: business})
	if got := string(r.Body); !strings.Contains(got, `"url":"https://r.example.com/api/vapi/webhook"`) || strings.Contains(got, "webhook/webhook") || strings.Contains(got, `"url":"https://r.example.com/api/vapi/webhook/`) {
		t.Errorf("got %s", got)
	}
}

func TestEnglishBusiness(t *testing.T) {
	v := newVoice(t)
	biz := business
	biz.Language = "en-GB"
	biz.Greeting = ""
	body := []byte(`{"message":{"type":"assistant-request","call":{"id":"c1"}}}`)
	req := request("/api/vapi/webhook", body)
	res, _ := v.Parse(req)
	r, _ := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Results: []abi.Result{{}}, Business: biz})
	for _, want := range []string{`"firstMessage":"Hello, this is Salon Lumière, how can I help you?"`, `"language":"en"`, "en-GB-SoniaNeural"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("body lacks %s: %s", want, r.Body)
		}
	}
}

// TestAmericanBusiness: an English business with a +1 number speaks with an
// American voice; and the date the host gives is in the system prompt.
func TestAmericanBusiness(t *testing.T) {
	v := newVoice(t)
	biz := business
	biz.Language = "en"
	biz.Phone = "+17185550142"
	body := []byte(`{"message":{"type":"assistant-request","call":{"id":"c1"}}}`)
	req := request("/api/vapi/webhook", body)
	res, _ := v.Parse(req)
	r, _ := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Business: biz,
		Results: []abi.Result{{Attrs: []abi.KV{{Key: "today", Value: "2026-12-07 Monday"}}}}})
	for _, want := range []string{"en-US-JennyNeural", "2026-12-07 Monday"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("body lacks %s: %s", want, r.Body)
		}
	}
}

// TestEnglishCaller: a French business's assistant for a caller whose
// conversation is in English (the result's "language") listens and speaks
// English.
func TestEnglishCaller(t *testing.T) {
	v := newVoice(t)
	body := []byte(`{"message":{"type":"assistant-request","call":{"id":"c1"}}}`)
	req := request("/api/vapi/webhook", body)
	res, _ := v.Parse(req)
	result := abi.Result{Replies: []abi.Reply{{Text: "Hello Sarah, Salon Lumière here, how can I help you?"}},
		Attrs: []abi.KV{{Key: "language", Value: "en"}}}
	r, _ := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Results: []abi.Result{result}, Business: business})
	for _, want := range []string{`"language":"en"`, "en-GB-SoniaNeural", `"firstMessage":"Hello Sarah`} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("body lacks %s: %s", want, r.Body)
		}
	}
	if strings.Contains(string(r.Body), "fr-FR") || strings.Contains(string(r.Body), "Merci de votre appel") {
		t.Errorf("French voice or words for an English caller: %s", r.Body)
	}
}

func TestHelpers(t *testing.T) {
	for in, want := range map[string]string{
		"+33639980012": "+33639980012", "+33 6 39 98 00 12": "+33639980012", "+1 (415) 555-0100": "+14155550100",
		"0639980012": "", "anonymous": "", "": "", "+0123456789": "", "+123": "", "sip:x@y": "", "+33 6 39 98 00 12 45 67 89": "",
	} {
		if got := e164(in); got != want {
			t.Errorf("e164(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"a\nb": "a b", " a \r\n\t b  c ": "a b c", "plain": "plain", "x\u2028y": "x y", "": "",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]int{"": 0, "Bonjour.": 1, "Bonjour, Salon Lumière, je vous écoute.": 3, "14h30 ou 15h.": 1} {
		p := phrases(in)
		if len(p) != want || strings.Join(p, "") != in {
			t.Errorf("phrases(%q) = %q", in, p)
		}
	}
	if got := secondsBetween("2026-03-12T08:14:52.031Z", "2026-03-12T08:16:27.540Z"); got != "95.509" {
		t.Errorf("secondsBetween = %q", got)
	}
	if got := secondsBetween("x", "2026-03-12T08:16:27.540Z"); got != "" {
		t.Errorf("secondsBetween(bad) = %q", got)
	}
	if hashHex("a") == hashHex("b") || len(hashHex("")) != 16 {
		t.Error("hashHex")
	}
}

// A retry of the same custom-LLM turn has the same event id, so the host
// answers it from its dedupe record; the next turn gets a new id.
func TestCompletionIDsAreDeterministic(t *testing.T) {
	v := newVoice(t)
	turn1 := []byte(`{"messages":[{"role":"assistant","content":"Bonjour"},{"role":"user","content":"Une coupe"}],"call":{"id":"c9"}}`)
	turn2 := []byte(`{"messages":[{"role":"assistant","content":"Bonjour"},{"role":"user","content":"Une coupe"},{"role":"assistant","content":"Quand ?"},{"role":"user","content":"Demain"}],"call":{"id":"c9"}}`)
	a, _ := v.Parse(request("/api/vapi/chat/completions", turn1))
	b, _ := v.Parse(request("/api/vapi/chat/completions", turn1))
	c, _ := v.Parse(request("/api/vapi/chat/completions", turn2))
	if a.Events[0].ID != b.Events[0].ID || a.Events[0].ID == c.Events[0].ID || !strings.HasPrefix(c.Events[0].ID, "c9:2:") || c.Events[0].Text != "Demain" {
		t.Errorf("ids %q %q %q", a.Events[0].ID, b.Events[0].ID, c.Events[0].ID)
	}
	// The caller went on talking: the same turn, with more words, is a new
	// event, not a retry answered with the first words' reply.
	grown := []byte(`{"messages":[{"role":"assistant","content":"Bonjour"},{"role":"user","content":"Une coupe. Et où est le parking ?"}],"call":{"id":"c9"}}`)
	g, _ := v.Parse(request("/api/vapi/chat/completions", grown))
	if g.Events[0].ID == a.Events[0].ID || !strings.HasPrefix(g.Events[0].ID, "c9:1:") {
		t.Errorf("a turn whose words grew kept the id %q", g.Events[0].ID)
	}
}

// After the transferCall the plugin asked for, Vapi may send the tool's
// result back for a new completion: a new answer (not the retry of the
// transfer), saying so, with no second transfer.
func TestCompletionAfterFailedTransfer(t *testing.T) {
	v := newVoice(t)
	asked := []byte(`{"messages":[{"role":"assistant","content":"Bonjour"},{"role":"user","content":"Je veux parler à quelqu'un"}],"call":{"id":"c7"}}`)
	failed := []byte(`{"messages":[{"role":"assistant","content":"Bonjour"},{"role":"user","content":"Je veux parler à quelqu'un"},` +
		`{"role":"assistant","content":"Je vous transfère.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"transferCall","arguments":"{}"}}]},` +
		`{"role":"tool","tool_call_id":"call_1","content":"Transfer failed: destination busy"}],"call":{"id":"c7"}}`)
	a, _ := v.Parse(request("/api/vapi/chat/completions", asked))
	b, _ := v.Parse(request("/api/vapi/chat/completions", failed))
	if len(b.Events) != 1 || b.Events[0].Kind != abi.KindInfo || b.Events[0].ID == a.Events[0].ID {
		t.Fatalf("follow-up parsed as %+v (first: %+v)", b.Events, a.Events)
	}
	req := request("/api/vapi/chat/completions", failed)
	r, _ := v.Render(&abi.RenderInput{Request: *req, Events: b.Events, Results: []abi.Result{{}}, Business: business})
	if got := string(r.Body); strings.Contains(got, "tool_calls") || !strings.Contains(got, "pas réussi à vous transférer") {
		t.Errorf("got %s", got)
	}
}

// A retry answered from the stored result is rendered seconds later; it
// must be the same bytes as the first answer, so the completion is stamped
// with the turn's time, not the retry's receive time.
func TestRetriedCompletionIsTheSameBytes(t *testing.T) {
	v := newVoice(t)
	body := []byte(`{"stream":true,"messages":[{"role":"user","content":"Une coupe"}],"call":{"id":"c9"}}`)
	stored := abi.Result{Replies: []abi.Reply{{Text: "Quel jour ?"}}, TurnUnixMilli: 1773303298400}
	render := func(received int64) string {
		req := request("/api/vapi/chat/completions", body)
		req.ReceivedUnixMilli = received
		res, err := v.Parse(req)
		if err != nil || len(res.Events) != 1 {
			t.Fatalf("Parse: %v %+v", err, res)
		}
		out, err := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Results: []abi.Result{stored}, Business: business})
		if err != nil {
			t.Fatal(err)
		}
		return string(out.Body)
	}
	first, retry := render(1773303298600), render(1773303301200)
	if first != retry {
		t.Errorf("retry differs:\nfirst: %s\nretry: %s", first, retry)
	}
	if !strings.Contains(first, `"created":1773303298,`) {
		t.Errorf("created should be the turn's second: %s", first)
	}
}

func TestTransferWithoutHandoff(t *testing.T) {
	v := newVoice(t)
	_, r := renderWith(t, v, "transfer-destination-request.json", each(abi.Result{ToolError: "Le salon est fermé, rappelez demain à 9h."}))
	if string(r.Body) != `{"error":"Le salon est fermé, rappelez demain à 9h."}` {
		t.Errorf("got %s", r.Body)
	}
	_, r = renderWith(t, v, "transfer-destination-request.json", each(abi.Result{Error: "turn failed"}))
	if string(r.Body) != `{"error":"`+noTransfer["fr"]+`"}` {
		t.Errorf("got %s", r.Body)
	}
}

// The tools array is cached per instance; a change of language, URL or
// handoff phone must rebuild it.
func TestToolsCache(t *testing.T) {
	v := newVoice(t)
	body := []byte(`{"message":{"type":"assistant-request","call":{"id":"c1"}}}`)
	render := func(lang, phone, public string) string {
		biz := business
		biz.Language, biz.Phone = lang, phone
		req := request("/api/vapi/webhook", body)
		req.PublicURL = public
		res, _ := v.Parse(req)
		r, _ := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Results: []abi.Result{{}}, Business: biz})
		return string(r.Body)
	}
	fr := render("fr", handoffPhone, "https://a.example.com/api/vapi/webhook")
	en := render("en", handoffPhone, "https://a.example.com/api/vapi/webhook")
	other := render("fr", "+33199001200", "https://a.example.com/api/vapi/webhook")
	host := render("fr", handoffPhone, "https://b.example.com/api/vapi/webhook")
	again := render("fr", handoffPhone, "https://a.example.com/api/vapi/webhook")
	if fr != again {
		t.Error("same inputs gave different answers")
	}
	if !strings.Contains(en, "Checks free slots") || strings.Contains(en, "Vérifie") {
		t.Error("English tools not rebuilt")
	}
	if !strings.Contains(other, "+33199001200") || strings.Contains(other, handoffPhone) {
		t.Error("transfer destination not rebuilt")
	}
	if strings.Contains(host, "a.example.com") {
		t.Error("tool server URL not rebuilt")
	}
}

// Vapi lists each call in toolCallList and again in toolWithToolCallList;
// a call without an id must still run once.
func TestToolCallWithoutIDRunsOnce(t *testing.T) {
	v := newVoice(t)
	call := `{"type":"function","function":{"name":"horaires","arguments":{}}}`
	body := []byte(`{"message":{"type":"tool-calls","call":{"id":"c3"},"toolCallList":[` + call + `],` +
		`"toolWithToolCallList":[{"name":"horaires","toolCall":` + call + `}]}}`)
	res, _ := v.Parse(request("/api/vapi/webhook", body))
	if res.Reject != nil || len(res.Events) != 1 || res.Events[0].Tool == nil || res.Events[0].Tool.Name != "horaires" {
		t.Fatalf("got %+v", res)
	}
}
