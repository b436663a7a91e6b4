package runtime_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime"
	"github.com/accueil-pme/accueil/runtime/store"
)

// The tests of this file drive a whole host through the voice plugin the way
// Vapi does: assistant-request, tool-calls, custom-LLM chat completions and
// end-of-call-report, on a fixed clock (Wednesday 25 November 2026, 10:00 in
// Paris) so "samedi" is always the 28th.

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

func fixedNow() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, paris) }

func startVoiceApp(t *testing.T, settings map[string]string) *app {
	t.Helper()
	return startApp(t, appOptions{plugins: []string{"whatsapp", "voice"}, now: fixedNow,
		settings: map[string]map[string]string{"voice": settings}})
}

// postJSON posts body (a string, or a value to marshal) to path.
func (a *app) postJSON(t testing.TB, path string, body any, header map[string]string) (int, string, http.Header) {
	t.Helper()
	raw, ok := body.(string)
	if !ok {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		raw = string(b)
	}
	return a.send(t, path, "application/json", raw, header)
}

// vapiCall builds the messages of one Vapi phone call.
type vapiCall struct {
	id     string
	caller string // E.164, "" when withheld
	ts     int64
}

func (c *vapiCall) callObject() map[string]any {
	call := map[string]any{
		"id": c.id, "orgId": "4f6a2b1c-3d5e-4a7b-9c8d-0e1f2a3b4c5d", "type": "inboundPhoneCall",
		"status": "in-progress", "phoneCallProvider": "twilio", "phoneCallTransport": "pstn",
		"phoneCallProviderId": "CA" + strings.Repeat("3f", 16),
		"phoneNumberId":       "1a2b3c4d-5e6f-4a70-8b91-c2d3e4f5a6b7",
	}
	if c.caller != "" {
		call["customer"] = map[string]any{"number": c.caller}
	} else {
		call["customer"] = map[string]any{}
	}
	return call
}

// message wraps type-specific fields into a server message with the common
// keys Vapi sends.
func (c *vapiCall) message(typ string, fields map[string]any) map[string]any {
	c.ts += 1500
	m := map[string]any{
		"type": typ, "timestamp": c.ts, "call": c.callObject(),
		"phoneNumber": map[string]any{"id": "1a2b3c4d-5e6f-4a70-8b91-c2d3e4f5a6b7", "provider": "twilio", "number": "+33199001234"},
	}
	if c.caller != "" {
		m["customer"] = map[string]any{"number": c.caller}
	} else {
		m["customer"] = map[string]any{}
	}
	for k, v := range fields {
		m[k] = v
	}
	return map[string]any{"message": m}
}

// toolCall is one call of a tool-calls message; args is an object, or a
// string when Vapi sends the arguments JSON-encoded.
type toolCall struct {
	id, name string
	args     any
}

func (tc toolCall) item() map[string]any {
	return map[string]any{"id": tc.id, "type": "function", "function": map[string]any{"name": tc.name, "arguments": tc.args}}
}

// toolCalls builds a tool-calls message listing each call in toolCallList,
// in toolWithToolCallList (with the tool definition) and in the legacy
// toolCalls, as Vapi does.
func (c *vapiCall) toolCalls(calls ...toolCall) map[string]any {
	var list, with, legacy []any
	for _, tc := range calls {
		list = append(list, tc.item())
		with = append(with, map[string]any{
			"type":     "function",
			"function": map[string]any{"name": tc.name, "parameters": map[string]any{"type": "object"}},
			"server":   map[string]any{"url": "https://reception.example.com/api/vapi/webhook"},
			"messages": []any{map[string]any{"type": "request-start", "content": "Je regarde l'agenda, un instant."}},
			"toolCall": tc.item(),
		})
		legacy = append(legacy, tc.item())
	}
	return c.message("tool-calls", map[string]any{"toolCallList": list, "toolWithToolCallList": with, "toolCalls": legacy})
}

type toolResult struct {
	Name       string `json:"name"`
	ToolCallID string `json:"toolCallId"`
	Result     string `json:"result"`
	Error      string `json:"error"`
}

// runTools posts a tool-calls message and returns its results.
func (a *app) runTools(t *testing.T, msg map[string]any, header map[string]string) ([]toolResult, string) {
	t.Helper()
	code, body, _ := a.postJSON(t, "/api/vapi/webhook", msg, header)
	if code != 200 {
		t.Fatalf("tool-calls: %d %s", code, body)
	}
	var r struct{ Results []toolResult }
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("tool-calls answer is not JSON: %v\n%s", err, body)
	}
	for _, res := range r.Results {
		if strings.ContainsAny(res.Result+res.Error, "\n\r") {
			t.Errorf("tool %s answered on several lines: %q", res.Name, res.Result+res.Error)
		}
	}
	return r.Results, body
}

type assistantAnswer struct {
	Assistant *struct {
		FirstMessage string `json:"firstMessage"`
		Server       struct {
			URL string `json:"url"`
		} `json:"server"`
		Model struct {
			Provider string `json:"provider"`
			URL      string `json:"url"`
		} `json:"model"`
	} `json:"assistant"`
	Destination json.RawMessage `json:"destination"`
	Error       string          `json:"error"`
}

// assistantRequest posts an assistant-request and checks it is answered
// with an assistant well inside Vapi's fixed 7.5 s.
func (a *app) assistantRequest(t *testing.T, c *vapiCall, header map[string]string) assistantAnswer {
	t.Helper()
	start := time.Now()
	code, body, _ := a.postJSON(t, "/api/vapi/webhook", c.message("assistant-request", nil), header)
	took := time.Since(start)
	if code != 200 {
		t.Fatalf("assistant-request: %d %s", code, body)
	}
	// Vapi allows 7.5 s end to end; the host must answer from memory.
	if took > 2*time.Second {
		t.Errorf("assistant-request took %v; Vapi gives up at 7.5 s and the answer must not depend on slow work", took)
	}
	t.Logf("assistant-request answered in %v", took)
	var r assistantAnswer
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("assistant-request answer is not JSON: %v\n%s", err, body)
	}
	if r.Assistant == nil {
		t.Fatalf("assistant-request answer has no assistant: %s", body)
	}
	return r
}

func (a *app) endOfCall(t *testing.T, c *vapiCall, transcript string, seconds int) {
	t.Helper()
	started := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	ended := started.Add(time.Duration(seconds) * time.Second)
	messages := []any{} // as Vapi lists them: the transcript's lines by role
	for _, line := range strings.Split(transcript, "\n") {
		if text, ok := strings.CutPrefix(line, "User: "); ok {
			messages = append(messages, map[string]any{"role": "user", "message": text})
		} else if text, ok := strings.CutPrefix(line, "AI: "); ok {
			messages = append(messages, map[string]any{"role": "bot", "message": text})
		}
	}
	msg := c.message("end-of-call-report", map[string]any{
		"endedReason": "customer-ended-call",
		"startedAt":   started.Format(time.RFC3339Nano), "endedAt": ended.Format(time.RFC3339Nano),
		"cost": 0.0912,
		"artifact": map[string]any{
			"transcript":   transcript,
			"recordingUrl": "https://storage.vapi.ai/" + c.id + "-mono.wav",
			"messages":     messages,
		},
		"analysis": map[string]any{"summary": "Le client a pris rendez-vous.", "successEvaluation": "true"},
	})
	code, body, _ := a.postJSON(t, "/api/vapi/webhook", msg, nil)
	if code != 200 || strings.TrimSpace(body) != "{}" {
		t.Fatalf("end-of-call-report: got %d %s, want 200 {}", code, body)
	}
}

func (a *app) callRecord(t *testing.T, callID string) runtime.CallRecord {
	t.Helper()
	rec, err := a.rt.Store().Record(t.Context(), a.rt.Business().ID, "call", callID)
	if err != nil {
		t.Fatalf("call record %s: %v", callID, err)
	}
	var cr runtime.CallRecord
	if err := json.Unmarshal(rec.Data, &cr); err != nil {
		t.Fatalf("call record %s: %v\n%s", callID, err, rec.Data)
	}
	if rec.Session != "voice:"+callID {
		t.Errorf("call record session = %q, want voice:%s", rec.Session, callID)
	}
	return cr
}

// bookingsOf returns the bookings of a phone in the next two months.
func (a *app) bookingsOf(t *testing.T, phone string) []store.Booking {
	t.Helper()
	all, err := a.rt.Store().Bookings(t.Context(), a.rt.Business().ID, fixedNow(), fixedNow().AddDate(0, 2, 0))
	if err != nil {
		t.Fatal(err)
	}
	var out []store.Booking
	for _, b := range all {
		if b.Customer.Phone == phone {
			out = append(out, b)
		}
	}
	return out
}

func confirmed(bs []store.Booking) []store.Booking {
	var out []store.Booking
	for _, b := range bs {
		if b.Status == "confirmed" {
			out = append(out, b)
		}
	}
	return out
}

// metric reads a counter of /metrics.
func (a *app) metric(t *testing.T, name string) int {
	t.Helper()
	_, body := a.get(t, "/metrics", nil)
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("metric %s: %q", name, line)
			}
			return n
		}
	}
	t.Fatalf("metric %s missing:\n%s", name, body)
	return 0
}

// writtenTime matches a time written with digits ("14:30", "14h30", "9h"):
// a voice answer says the time in words.
var writtenTime = regexp.MustCompile(`\b\d{1,2}\s?[:h]\s?\d{0,2}\b`)

func checkSpeakable(t *testing.T, what, text string) {
	t.Helper()
	if m := writtenTime.FindString(text); m != "" {
		t.Errorf("%s says a time with digits (%q), not in words: %q", what, m, text)
	}
	for _, line := range strings.Split(text, "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "•") || strings.HasPrefix(l, "* ") || regexp.MustCompile(`^\d+[.)] `).MatchString(l) {
			t.Errorf("%s has a list item, unspeakable: %q", what, text)
		}
	}
	if strings.ContainsAny(text, "\n") {
		t.Errorf("%s spans several lines: %q", what, text)
	}
}

func TestVapiHealthAndTestMessage(t *testing.T) {
	a := startVoiceApp(t, nil)
	code, body := a.get(t, "/api/vapi/health", nil)
	var h struct{ Status, Plugin string }
	if code != 200 || json.Unmarshal([]byte(body), &h) != nil || h.Status != "ok" || h.Plugin != "voice" {
		t.Errorf("GET /api/vapi/health = %d %s, want 200 with status ok and plugin voice", code, body)
	}
	// The seed's curl, byte for byte.
	code, body, hdr := a.postJSON(t, "/api/vapi/webhook", `{"message":{"type":"user-message","content":"bonjour"},"call":{"id":"test"}}`, nil)
	if code != 200 {
		t.Fatalf("user-message: %d %s", code, body)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var r struct{ Reply string }
	if err := json.Unmarshal([]byte(body), &r); err != nil || r.Reply == "" {
		t.Fatalf("user-message answer has no reply: %s", body)
	}
	if !looksFrench(r.Reply) || !strings.Contains(strings.ToLower(r.Reply), "bonjour") {
		t.Errorf("reply to bonjour is not a French greeting: %q", r.Reply)
	}
	if _, err := a.rt.Store().Session(t.Context(), a.rt.Business().ID, "voice:test"); err != nil {
		t.Errorf("the test message left no session voice:test: %v", err)
	}
}

// TestVapiToolsCallBooks is a call in tools mode: Vapi's model calls the
// engine's tools; the booking is made by reserver and reported at the end.
func TestVapiToolsCallBooks(t *testing.T) {
	a := startVoiceApp(t, map[string]string{"mode": "tools", "public_url": "https://reception.example.com"})
	c := &vapiCall{id: "7b2f0c1e-4d3a-4e5f-9a8b-1c2d3e4f5a01", caller: "+33639980012", ts: 1795597200000}

	ar := a.assistantRequest(t, c, nil)
	if !looksFrench(ar.Assistant.FirstMessage) {
		t.Errorf("firstMessage is not French: %q", ar.Assistant.FirstMessage)
	}
	if ar.Assistant.Server.URL != "https://reception.example.com/api/vapi/webhook" {
		t.Errorf("assistant server url = %q, want the public webhook URL", ar.Assistant.Server.URL)
	}

	turns := a.metric(t, "accueil_turns_total")
	check := toolCall{id: "call_Qm7bT2xVd9LpR4sYk1NwE8aZ", name: "verifier_disponibilite",
		args: map[string]any{"service": "coupe homme", "date": "samedi", "time": "10:00"}}
	res, _ := a.runTools(t, c.toolCalls(check), nil)
	if len(res) != 1 {
		t.Fatalf("one call listed in toolCallList, toolWithToolCallList and toolCalls gave %d results: %+v", len(res), res)
	}
	if got := a.metric(t, "accueil_turns_total") - turns; got != 1 {
		t.Errorf("one tool call ran %d engine turns, want 1", got)
	}
	if res[0].ToolCallID != check.id || res[0].Name != check.name || res[0].Error != "" {
		t.Errorf("verifier_disponibilite result = %+v", res[0])
	}
	if r := strings.ToLower(res[0].Result); !strings.Contains(r, "samedi 28 novembre à 10h00") || !strings.Contains(r, "libre") {
		t.Errorf("verifier_disponibilite should find Saturday 28 at 10:00 free: %q", res[0].Result)
	}

	// reserver with its arguments JSON-encoded, as the schema says.
	book := toolCall{id: "call_Xr4nP8cWq2ZtM6vBh0JyF3sD", name: "reserver",
		args: `{"service":"coupe homme","date":"2026-11-28","time":"10:00","name":"Paul Martin"}`}
	msg := c.toolCalls(book)
	res, first := a.runTools(t, msg, nil)
	if len(res) != 1 || res[0].ToolCallID != book.id || res[0].Error != "" || !strings.Contains(res[0].Result, "réservé") {
		t.Fatalf("reserver = %+v, want one booked result", res)
	}
	ref := regexp.MustCompile(`LUM-[0-9A-Z]{4}`).FindString(res[0].Result)
	if ref == "" {
		t.Errorf("reserver result has no booking reference: %q", res[0].Result)
	}

	// Vapi (with a backoff plan) or a proxy retries the same request.
	dups := a.metric(t, "accueil_turn_duplicates_total")
	_, again := a.runTools(t, msg, nil)
	if again != first {
		t.Errorf("retried tool-calls got another answer:\nfirst: %s\nretry: %s", first, again)
	}
	if got := a.metric(t, "accueil_turn_duplicates_total") - dups; got != 1 {
		t.Errorf("retry counted %d duplicates, want 1", got)
	}

	bs := a.bookingsOf(t, c.caller)
	if len(bs) != 1 {
		t.Fatalf("want exactly one booking for %s, got %+v", c.caller, bs)
	}
	b := bs[0]
	if b.ID != ref || b.Channel != "voice" || b.Status != "confirmed" || b.Service != "coupe-homme" ||
		!b.Start.Equal(time.Date(2026, 11, 28, 10, 0, 0, 0, paris)) || b.Customer.Name != "Paul Martin" {
		t.Errorf("booking = %+v, want %s coupe-homme Saturday 28 10:00 on voice for Paul Martin", b, ref)
	}
	if b.Session != "voice:"+c.id {
		t.Errorf("booking session = %q, want voice:%s", b.Session, c.id)
	}

	transcript := "AI: Bonjour, Salon Lumière, que puis-je faire pour vous ?\nUser: Une coupe homme samedi à dix heures.\nAI: C'est réservé."
	a.endOfCall(t, c, transcript, 94)
	cr := a.callRecord(t, c.id)
	if cr.Outcome != "booked" || cr.Transcript != transcript || cr.DurationSeconds != "94" ||
		cr.From != c.caller || cr.Channel != "voice" || cr.EndedReason != "customer-ended-call" {
		t.Errorf("call record = %+v, want outcome booked, the transcript, 94 s, from %s", cr, c.caller)
	}
	if cr.Attrs["summary"] == "" || cr.Attrs["recording_url"] == "" {
		t.Errorf("call record lost the summary or recording URL: %+v", cr.Attrs)
	}
	// The report sent twice keeps one record.
	a.endOfCall(t, c, transcript, 94)
	recs, err := a.rt.Store().Records(t.Context(), a.rt.Business().ID, "call")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Errorf("want one call record, got %d", len(recs))
	}
}

// TestVapiWithheldNumber: a caller with no caller ID is greeted, and a
// booking attempt asks for a phone number instead of inventing one.
func TestVapiWithheldNumber(t *testing.T) {
	a := startVoiceApp(t, map[string]string{"mode": "tools"})
	c := &vapiCall{id: "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70", ts: 1795597200000}
	ar := a.assistantRequest(t, c, nil)
	if !looksFrench(ar.Assistant.FirstMessage) {
		t.Errorf("firstMessage is not French: %q", ar.Assistant.FirstMessage)
	}
	res, _ := a.runTools(t, c.toolCalls(toolCall{id: "call_w1", name: "reserver",
		args: map[string]any{"service": "barbe", "date": "2026-11-28", "time": "11:00", "name": "Jean Dupont"}}), nil)
	if len(res) != 1 || res[0].Error == "" || !strings.Contains(strings.ToLower(res[0].Error), "téléphone") {
		t.Errorf("reserver without a phone = %+v, want an error asking for the phone", res)
	}
	res, _ = a.runTools(t, c.toolCalls(toolCall{id: "call_w2", name: "reserver",
		args: map[string]any{"service": "barbe", "date": "2026-11-28", "time": "11:00", "name": "Jean Dupont", "phone": "06 39 98 00 44"}}), nil)
	if len(res) != 1 || res[0].Error != "" || !strings.Contains(res[0].Result, "réservé") {
		t.Fatalf("reserver with a phone given = %+v", res)
	}
	if bs := a.bookingsOf(t, "+33639980044"); len(bs) != 1 || bs[0].Channel != "voice" {
		t.Errorf("booking for the number given on the phone: %+v", bs)
	}
	a.endOfCall(t, c, "AI: Bonjour.", 12)
	if cr := a.callRecord(t, c.id); cr.Outcome != "booked" || cr.From != "" {
		t.Errorf("call record = %+v, want booked with no caller number", cr)
	}
}

// completionRequest is an OpenAI chat-completions body as Vapi's custom-llm
// provider sends it: the whole history so far, and the call.
func completionRequest(c *vapiCall, history []map[string]any) map[string]any {
	msgs := append([]map[string]any{{"role": "system", "content": "Tu es l'assistant d'accueil du Salon Lumière."}}, history...)
	return map[string]any{
		"model": "accueil", "stream": true, "temperature": 0.5, "max_tokens": 250,
		"messages": msgs,
		"tools": []any{map[string]any{"type": "function", "function": map[string]any{
			"name": "transferCall", "parameters": map[string]any{"type": "object"}}}},
		"call":        c.callObject(),
		"phoneNumber": map[string]any{"id": "1a2b3c4d-5e6f-4a70-8b91-c2d3e4f5a6b7", "number": "+33199001234"},
		"customer":    map[string]any{"number": c.caller},
		"metadata":    map[string]any{"business": "salon-lumiere"},
	}
}

// readSSE checks a chat-completions event stream and returns the text.
func readSSE(t *testing.T, body string) (text, finish string) {
	text, finish, _ = readSSECalls(t, body)
	return text, finish
}

// readSSECalls is readSSE that also returns the tool calls streamed, as
// "name arguments".
func readSSECalls(t *testing.T, body string) (text, finish string, calls []string) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(body))
	var datas []string
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		d, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			t.Fatalf("SSE line without data: %q\n%s", line, body)
		}
		datas = append(datas, d)
	}
	if len(datas) < 2 || datas[len(datas)-1] != "[DONE]" {
		t.Fatalf("SSE does not end with data: [DONE]:\n%s", body)
	}
	if !strings.HasSuffix(body, "data: [DONE]\n\n") {
		t.Errorf("SSE does not end with a blank line after [DONE]: %q", body[max(0, len(body)-40):])
	}
	var b strings.Builder
	for _, d := range datas[:len(datas)-1] {
		var chunk struct {
			Object  string `json:"object"`
			Choices []struct {
				Delta struct {
					Content   string `json:"content"`
					ToolCalls []struct {
						Function struct{ Name, Arguments string }
					} `json:"tool_calls"`
				} `json:"delta"`
				FinishReason *string `json:"finish_reason"`
			} `json:"choices"`
		}
		if err := json.Unmarshal([]byte(d), &chunk); err != nil {
			t.Fatalf("SSE chunk is not JSON: %v\n%s", err, d)
		}
		if chunk.Object != "chat.completion.chunk" || len(chunk.Choices) != 1 {
			t.Fatalf("not a chat.completion.chunk: %s", d)
		}
		b.WriteString(chunk.Choices[0].Delta.Content)
		for _, tc := range chunk.Choices[0].Delta.ToolCalls {
			calls = append(calls, tc.Function.Name+" "+tc.Function.Arguments)
		}
		if f := chunk.Choices[0].FinishReason; f != nil {
			finish = *f
		}
	}
	return b.String(), finish, calls
}

// TestVapiCustomLLMStreamBooks is a call in custom-llm mode: every caller
// turn is a streamed chat completion answered by the engine, with no tool.
func TestVapiCustomLLMStreamBooks(t *testing.T) {
	a := startVoiceApp(t, nil)
	c := &vapiCall{id: "c7e1a9d2-5b3f-4c6e-8a1d-2f4b6c8e0a13", caller: "+33639980055", ts: 1795597200000}
	ar := a.assistantRequest(t, c, nil)
	if ar.Assistant.Model.Provider != "custom-llm" || !strings.HasSuffix(ar.Assistant.Model.URL, "/api/vapi") {
		t.Errorf("assistant model = %+v, want custom-llm at …/api/vapi", ar.Assistant.Model)
	}
	greeting := ar.Assistant.FirstMessage
	checkSpeakable(t, "greeting", greeting)

	history := []map[string]any{{"role": "assistant", "content": greeting}}
	var lastReq map[string]any
	var lastBody string
	say := func(user string) string {
		t.Helper()
		history = append(history, map[string]any{"role": "user", "content": user})
		lastReq = completionRequest(c, history)
		code, body, hdr := a.postJSON(t, "/api/vapi/chat/completions", lastReq, nil)
		if code != 200 {
			t.Fatalf("chat completions %q: %d %s", user, code, body)
		}
		if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
			t.Errorf("Content-Type = %q, want text/event-stream", ct)
		}
		text, finish := readSSE(t, body)
		if finish != "stop" {
			t.Errorf("finish_reason = %q, want stop", finish)
		}
		if text == "" {
			t.Fatalf("empty answer to %q", user)
		}
		checkSpeakable(t, "answer to "+strconv.Quote(user), text)
		t.Logf("> %s\n< %s", user, text)
		history = append(history, map[string]any{"role": "assistant", "content": text})
		lastBody = body
		return text
	}
	if got := say("euh bonjour je voudrais une coupe femme euh vendredi à quatorze heures trente"); !strings.Contains(strings.ToLower(got), "vendredi vingt-sept novembre à quatorze heures trente") {
		t.Errorf("the slot should be read in words: %q", got)
	}
	say("Léa Petit")
	if got := say("oui"); !strings.Contains(got, "réservé") {
		t.Fatalf("no booking confirmed: %q", got)
	}
	bs := a.bookingsOf(t, c.caller)
	if len(bs) != 1 {
		t.Fatalf("want one booking for %s, got %+v", c.caller, bs)
	}
	if b := bs[0]; b.Channel != "voice" || b.Service != "coupe-femme" || b.Customer.Name != "Léa Petit" ||
		!b.Start.Equal(time.Date(2026, 11, 27, 14, 30, 0, 0, paris)) {
		t.Errorf("booking = %+v, want coupe-femme Friday 27 14:30 on voice for Léa Petit", b)
	}
	// Vapi re-sends the same turn (connection dropped before the first token).
	_, again, _ := a.postJSON(t, "/api/vapi/chat/completions", lastReq, nil)
	if again != lastBody {
		t.Errorf("retried turn got another answer:\nfirst: %s\nretry: %s", lastBody, again)
	}
	if n := len(a.bookingsOf(t, c.caller)); n != 1 {
		t.Errorf("the retried turn booked again: %d bookings", n)
	}

	// Non-streamed form, as some custom-llm clients call it.
	history = append(history, map[string]any{"role": "user", "content": "combien coûte un balayage"})
	req := completionRequest(c, history)
	req["stream"] = false
	code, body, _ := a.postJSON(t, "/api/vapi/chat/completions", req, nil)
	var cc struct {
		Object  string
		Choices []struct {
			Message struct{ Role, Content string }
		}
	}
	if code != 200 || json.Unmarshal([]byte(body), &cc) != nil || cc.Object != "chat.completion" || len(cc.Choices) != 1 {
		t.Fatalf("non-streamed completion: %d %s", code, body)
	}
	if got := cc.Choices[0].Message.Content; !strings.Contains(got, "quatre-vingt-quinze euros") {
		t.Errorf("price should be spoken in words: %q", got)
	}

	a.endOfCall(t, c, "AI: Bonjour.\nUser: une coupe femme vendredi.", 61)
	if cr := a.callRecord(t, c.id); cr.Outcome != "booked" || cr.DurationSeconds != "61" {
		t.Errorf("call record = %+v, want booked, 61 s", cr)
	}
}

// TestVapiKnowsWhatsAppCustomer: a customer who booked on WhatsApp calls;
// the call recognises the number, finds the booking and moves it.
func TestVapiKnowsWhatsAppCustomer(t *testing.T) {
	// Vapi's requests carry the secret: the caller's number is then the
	// telephone network's, not a claim (see TestUnsignedCallerIsAClaim).
	const secret = "vapi-2b9e4c7a1f3d8e60b5c2a7f9d4e1b8c3"
	a := startApp(t, appOptions{plugins: []string{"whatsapp", "voice"}, now: fixedNow,
		cfg:      runtime.Config{PublicURL: "https://reception.example.com"},
		settings: map[string]map[string]string{"voice": {"mode": "tools", "secret": secret}, "whatsapp": {"auth_token": twilioToken}}})
	vapi := map[string]string{"X-Vapi-Secret": secret}
	const phone = "+33639980077"
	for i, text := range []string{"Je suis Paul Martin, une barbe samedi à 11h", "oui"} {
		form := twilioForm("SM0000000000000000000000000000077"+strconv.Itoa(i), phone, text)
		values, _ := url.ParseQuery(form)
		sig := twilioSignature(twilioToken, "https://reception.example.com/api/whatsapp/webhook", values)
		code, body, _ := a.post(t, "/api/whatsapp/webhook", form, map[string]string{"X-Twilio-Signature": sig})
		if code != 200 {
			t.Fatalf("whatsapp %q: %d %s", text, code, body)
		}
	}
	bs := confirmed(a.bookingsOf(t, phone))
	if len(bs) != 1 || bs[0].Channel != "whatsapp" {
		t.Fatalf("WhatsApp booking not made: %+v", bs)
	}
	ref := bs[0].ID

	c := &vapiCall{id: "5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c", caller: phone, ts: 1795597200000}
	ar := a.assistantRequest(t, c, vapi)
	if !strings.Contains(ar.Assistant.FirstMessage, "Bonjour Paul,") {
		t.Errorf("caller known from WhatsApp not greeted by name: %q", ar.Assistant.FirstMessage)
	}
	res, _ := a.runTools(t, c.toolCalls(toolCall{id: "call_m1", name: "mes_rdv", args: map[string]any{}}), vapi)
	if len(res) != 1 || !strings.Contains(res[0].Result, ref) || !strings.Contains(res[0].Result, "barbe") {
		t.Fatalf("mes_rdv = %+v, want the WhatsApp booking %s", res, ref)
	}
	// From a withheld number, the number said aloud proves nothing (anyone
	// can say one): the booking is found with its reference only.
	hidden := &vapiCall{id: "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d", ts: 1795597200000}
	a.assistantRequest(t, hidden, vapi)
	res, _ = a.runTools(t, hidden.toolCalls(toolCall{id: "call_m0", name: "mes_rdv", args: `{"phone":"06 39 98 00 77"}`}), vapi)
	if len(res) != 1 || strings.Contains(res[0].Result+res[0].Error, ref) || !strings.Contains(res[0].Error, "référence") {
		t.Errorf("mes_rdv with the number said aloud = %+v, want the reference asked, not the booking", res)
	}
	res, _ = a.runTools(t, c.toolCalls(toolCall{id: "call_m2", name: "deplacer_rdv",
		args: map[string]any{"booking_id": ref, "date": "2026-12-02", "time": "15:00"}}), vapi)
	if len(res) != 1 || res[0].Error != "" || !strings.Contains(res[0].Result, "déplacé") {
		t.Fatalf("deplacer_rdv = %+v", res)
	}
	all := a.bookingsOf(t, phone)
	now := confirmed(all)
	if len(now) != 1 || now[0].ID == ref || !now[0].Start.Equal(time.Date(2026, 12, 2, 15, 0, 0, 0, paris)) ||
		now[0].Service != "barbe" || now[0].Customer.Name != "Paul Martin" {
		t.Errorf("after the move, confirmed bookings = %+v, want one barbe on 2 December 15:00", now)
	}
	for _, b := range all {
		if b.ID == ref && b.Status != "cancelled" {
			t.Errorf("the moved booking %s is still %s", ref, b.Status)
		}
	}
}

// TestVapiSecret: with a secret set, a request without it or with a wrong
// one is refused before anything runs.
func TestVapiSecret(t *testing.T) {
	const secret = "vapi-7f3c9a1e5b2d8f40c6e1a9d3b7f2c5e8"
	a := startVoiceApp(t, map[string]string{"secret": secret, "mode": "tools"})
	c := &vapiCall{id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", caller: "+33639980088", ts: 1795597200000}
	book := c.toolCalls(toolCall{id: "call_s1", name: "reserver",
		args: map[string]any{"service": "barbe", "date": "2026-11-28", "time": "11:00", "name": "Jean Dupont"}})
	turns := a.metric(t, "accueil_turns_total")
	for name, hdr := range map[string]map[string]string{
		"missing":         nil,
		"wrong":           {"X-Vapi-Secret": secret + "x"},
		"empty":           {"X-Vapi-Secret": ""},
		"bearer on hooks": {"Authorization": "Bearer wrong"},
	} {
		for _, msg := range []map[string]any{c.message("assistant-request", nil), book} {
			code, body, _ := a.postJSON(t, "/api/vapi/webhook", msg, hdr)
			if code != 401 || strings.Contains(body, "assistant") {
				t.Errorf("%s secret: %d %s, want 401", name, code, body)
			}
		}
		code, body, _ := a.postJSON(t, "/api/vapi/chat/completions", completionRequest(c, []map[string]any{{"role": "user", "content": "une barbe samedi à 11h"}}), hdr)
		if code != 401 {
			t.Errorf("%s secret on chat completions: %d %s, want 401", name, code, body)
		}
	}
	if got := a.metric(t, "accueil_turns_total"); got != turns {
		t.Errorf("refused requests ran %d turns", got-turns)
	}
	if _, err := a.rt.Store().Session(t.Context(), a.rt.Business().ID, "voice:"+c.id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused request created a session (err=%v)", err)
	}
	if bs := a.bookingsOf(t, c.caller); len(bs) != 0 {
		t.Errorf("a refused request booked: %+v", bs)
	}

	ok := map[string]string{"X-Vapi-Secret": secret}
	a.assistantRequest(t, c, ok)
	res, _ := a.runTools(t, book, ok)
	if len(res) != 1 || !strings.Contains(res[0].Result, "réservé") {
		t.Errorf("reserver with the right secret = %+v", res)
	}
	// Vapi's Custom LLM credential sends the secret as a bearer token.
	code, body, _ := a.postJSON(t, "/api/vapi/chat/completions", completionRequest(c, []map[string]any{{"role": "user", "content": "mes rendez-vous"}}),
		map[string]string{"Authorization": "Bearer " + secret})
	if code != 200 || !strings.Contains(body, "data: [DONE]") {
		t.Errorf("chat completions with the bearer secret: %d %s", code, body)
	}
}

func TestVapiBadInput(t *testing.T) {
	a := startVoiceApp(t, nil)
	for name, body := range map[string]string{
		"truncated":  `{"message":{"type":"tool-calls"`,
		"not json":   `type=tool-calls`,
		"no message": `{"type":"tool-calls"}`,
		"no type":    `{"message":{"call":{"id":"x"}}}`,
	} {
		code, resp, _ := a.postJSON(t, "/api/vapi/webhook", body, nil)
		if code != 400 || strings.Count(strings.TrimSpace(resp), "\n") > 0 || !strings.Contains(resp, "error") {
			t.Errorf("%s: got %d %q, want 400 with a one-line reason", name, code, resp)
		}
	}
	code, resp, _ := a.postJSON(t, "/api/vapi/chat/completions", `{"model":"accueil","messages":`, nil)
	if code != 400 || strings.Count(strings.TrimSpace(resp), "\n") > 0 {
		t.Errorf("truncated chat completions: got %d %q, want 400 with a one-line reason", code, resp)
	}
	c := &vapiCall{id: "1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b", caller: "+33639980099"}
	for _, typ := range []string{"assistant.speechStarted", "session.created", "call.artifact.upload", "some-future-type"} {
		code, resp, _ := a.postJSON(t, "/api/vapi/webhook", c.message(typ, map[string]any{"text": "bonjour"}), nil)
		if code != 200 || strings.TrimSpace(resp) != "{}" {
			t.Errorf("unknown type %s: got %d %q, want 200 {}", typ, code, resp)
		}
	}
	if _, err := a.rt.Store().Session(t.Context(), a.rt.Business().ID, "voice:"+c.id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("informational messages ran a turn (err=%v)", err)
	}
}

// TestVapiCallOutcomes: a call only greeted (the caller said nothing) is
// abandoned; one where the caller asked a question and got the answer is
// answered.
func TestVapiCallOutcomes(t *testing.T) {
	a := startVoiceApp(t, map[string]string{"mode": "tools"})
	silent := &vapiCall{id: "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", caller: "+33639980071", ts: 1795597200000}
	a.assistantRequest(t, silent, nil)
	a.endOfCall(t, silent, "AI: Bonjour, Salon Lumière.", 12)
	if cr := a.callRecord(t, silent.id); cr.Outcome != "abandoned" {
		t.Errorf("silent call outcome = %q, want abandoned", cr.Outcome)
	}
	asked := &vapiCall{id: "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e", caller: "+33639980072", ts: 1795597200000}
	a.assistantRequest(t, asked, nil)
	res, _ := a.runTools(t, asked.toolCalls(toolCall{id: "call_q1", name: "question", args: map[string]any{"question": "quels sont vos horaires ?"}}), nil)
	if len(res) != 1 || res[0].Error != "" {
		t.Fatalf("question = %+v", res)
	}
	a.endOfCall(t, asked, "AI: Bonjour.\nUser: quels sont vos horaires ?\nAI: Nous sommes ouverts…", 40)
	if cr := a.callRecord(t, asked.id); cr.Outcome != "answered" {
		t.Errorf("call with a question answered: outcome = %q, want answered", cr.Outcome)
	}
}

// TestVapiHangUpReleasesHold: a caller who checked a slot (the engine holds
// it for a few minutes) and hung up without booking does not keep the slot
// from the next customer, whether the host learns of the hang-up from the
// status update or from the end-of-call report.
func TestVapiHangUpReleasesHold(t *testing.T) {
	for _, by := range []string{"status-update", "end-of-call-report"} {
		t.Run(by, func(t *testing.T) {
			a := startVoiceApp(t, map[string]string{"mode": "tools"})
			c := &vapiCall{id: "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f", caller: "+33639980066", ts: 1795597200000}
			a.assistantRequest(t, c, nil)
			res, _ := a.runTools(t, c.toolCalls(toolCall{id: "call_h1", name: "verifier_disponibilite",
				args: map[string]any{"service": "coupe homme", "date": "2026-11-28", "time": "10:00"}}), nil)
			if len(res) != 1 || !strings.Contains(res[0].Result, "libre") {
				t.Fatalf("verifier_disponibilite = %+v", res)
			}
			for _, st := range []string{"in-progress", "ended"} {
				if st == "ended" && by != "status-update" {
					break
				}
				fields := map[string]any{"status": st}
				if st == "ended" {
					fields["endedReason"] = "customer-ended-call"
				}
				code, body, _ := a.postJSON(t, "/api/vapi/webhook", c.message("status-update", fields), nil)
				if code != 200 || strings.TrimSpace(body) != "{}" {
					t.Fatalf("status-update %s: %d %s, want 200 {}", st, code, body)
				}
			}
			if by == "end-of-call-report" {
				a.endOfCall(t, c, "AI: Bonjour.\nUser: je rappellerai.", 30)
				if cr := a.callRecord(t, c.id); cr.Outcome != "abandoned" {
					t.Errorf("call record outcome = %q, want abandoned (hung up with a slot checked, not booked)", cr.Outcome)
				}
			} else {
				rec, err := a.rt.Store().Record(t.Context(), a.rt.Business().ID, "delivery", "voice:"+c.id)
				if err != nil {
					t.Fatalf("call status not stored: %v", err)
				}
				if rec.Session != "voice:"+c.id || !strings.Contains(string(rec.Data), `"ended"`) {
					t.Errorf("call status record = %s %s, want session voice:%s and status ended", rec.Session, rec.Data, c.id)
				}
			}
			// Hugo is the only one doing men's cuts: the slot is free only if
			// the caller's hold went with the call.
			_, body, _ := a.post(t, "/api/whatsapp/webhook", twilioForm("SM00000000000000000000000000000661", "+33639980067", "Bonjour, une coupe homme samedi à 10h"), nil)
			got := parseTwiML(t, body).text()
			if !strings.Contains(got, "10h00") || strings.Contains(got, "pris") {
				t.Errorf("after the caller hung up, Saturday 10:00 should be offered: %q", got)
			}
		})
	}
}

// TestVapiTransfer: when the caller asks for a person, the call goes to the
// salon's phone while the salon is open, with words fit for a transfer; when
// it is closed Vapi is told nobody can take the call.
func TestVapiTransfer(t *testing.T) {
	type dest struct {
		Destination *struct{ Type, Number, Message string }
		Error       string
	}
	for _, tc := range []struct {
		name string
		now  time.Time
		open bool
	}{
		{"open wednesday 10:00", fixedNow(), true},
		{"closed monday 10:00", time.Date(2026, 11, 30, 10, 0, 0, 0, paris), false},
		{"closed wednesday 22:00", time.Date(2026, 11, 25, 22, 0, 0, 0, paris), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := tc.now
			a := startApp(t, appOptions{plugins: []string{"voice"}, now: func() time.Time { return now },
				settings: map[string]map[string]string{"voice": {"mode": "tools"}}})
			c := &vapiCall{id: "3d4e5f6a-7b8c-4d9e-8f0a-" + strconv.FormatInt(now.Unix(), 16), caller: "+33639980011", ts: 1795597200000}
			a.assistantRequest(t, c, nil)
			msg := c.message("transfer-destination-request", map[string]any{"artifact": map[string]any{
				"messagesOpenAIFormatted": []any{map[string]any{"role": "user", "content": "je voudrais parler à quelqu'un"}}}})
			code, body, _ := a.postJSON(t, "/api/vapi/webhook", msg, nil)
			var d dest
			if code != 200 || json.Unmarshal([]byte(body), &d) != nil {
				t.Fatalf("transfer-destination-request: %d %s", code, body)
			}
			t.Logf("answer: %s", body)
			if !tc.open {
				if d.Destination != nil || d.Error == "" {
					t.Errorf("salon closed: want an error spoken to the caller, got a transfer to %+v", d.Destination)
				}
				return
			}
			if d.Destination == nil || d.Destination.Type != "number" || d.Destination.Number != "+33199001234" {
				t.Fatalf("salon open: want a transfer to +33199001234, got %s", body)
			}
			// Spoken while the call is being transferred: no "we will answer
			// you here", no "you can also call us".
			if m := strings.ToLower(d.Destination.Message); strings.Contains(m, "recontactera") || strings.Contains(m, "appeler le") {
				t.Errorf("transfer message is worded for a chat, not a call being transferred: %q", d.Destination.Message)
			}
			a.endOfCall(t, c, "User: je voudrais parler à quelqu'un", 20)
			if cr := a.callRecord(t, c.id); cr.Outcome != "handed_off" {
				t.Errorf("call record outcome = %q, want handed_off", cr.Outcome)
			}
		})
	}
	// custom-llm mode: the answer speaks, then calls Vapi's transferCall.
	t.Run("custom-llm open", func(t *testing.T) {
		a := startVoiceApp(t, nil)
		c := &vapiCall{id: "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b", caller: "+33639980012"}
		code, body, _ := a.postJSON(t, "/api/vapi/chat/completions", completionRequest(c, []map[string]any{
			{"role": "assistant", "content": "Bonjour, Salon Lumière, que puis-je faire pour vous ?"},
			{"role": "user", "content": "je voudrais parler à quelqu'un s'il vous plaît"}}), nil)
		if code != 200 {
			t.Fatalf("chat completions: %d %s", code, body)
		}
		text, finish, calls := readSSECalls(t, body)
		t.Logf("spoken: %q, calls: %q", text, calls)
		if finish != "tool_calls" || len(calls) != 1 || calls[0] != `transferCall {"destination":"+33199001234"}` {
			t.Errorf("want a transferCall to +33199001234 and finish tool_calls, got %q %q", calls, finish)
		}
		checkSpeakable(t, "transfer announcement", text)
		if m := strings.ToLower(text); strings.Contains(m, "recontactera") || strings.Contains(m, "appeler le") {
			t.Errorf("transfer announcement is worded for a chat, not a call being transferred: %q", text)
		}
	})
}

// TestVapiSpeechIsSpeakable: in custom-llm mode every answer is read aloud
// by Vapi's voice as it is, so it must have no times in digits and no list.
func TestVapiSpeechIsSpeakable(t *testing.T) {
	a := startVoiceApp(t, nil)
	for i, said := range []string{
		"vous êtes ouverts samedi ?",
		"quels sont vos horaires ?",
		"je voudrais une coupe homme samedi",
		"je voudrais prendre rendez-vous",
		"une couleur jeudi",
		"combien coûte une couleur ?",
		"c'est où le salon ?",
		"mes rendez-vous",
		"blablabla",
	} {
		c := &vapiCall{id: "5f6a7b8c-9d0e-4f1a-8b2c-00000000000" + strconv.Itoa(i), caller: "+3363998010" + strconv.Itoa(i)}
		_, body, _ := a.postJSON(t, "/api/vapi/chat/completions", completionRequest(c, []map[string]any{
			{"role": "assistant", "content": "Bonjour, Salon Lumière, que puis-je faire pour vous ?"},
			{"role": "user", "content": said}}), nil)
		text, _ := readSSE(t, body)
		t.Logf("> %s\n< %s", said, text)
		checkSpeakable(t, "answer to "+strconv.Quote(said), text)
	}
}

// TestVapiParallelAndConcurrentToolCalls: several calls in one message are
// answered in order; the same request sent several times at once (a retry
// racing the first attempt) books once and answers the same everywhere.
func TestVapiParallelAndConcurrentToolCalls(t *testing.T) {
	a := startVoiceApp(t, map[string]string{"mode": "tools"})
	c := &vapiCall{id: "8c9d0e1f-2a3b-4c4d-8e5f-6a7b8c9d0e1f", caller: "+33639980033", ts: 1795597200000}
	a.assistantRequest(t, c, nil)
	res, _ := a.runTools(t, c.toolCalls(
		toolCall{id: "call_p1", name: "question", args: map[string]any{"question": "vous êtes ouverts samedi ?"}},
		toolCall{id: "call_p2", name: "verifier_disponibilite", args: `{"service":"barbe","date":"2026-11-28","time":"11:00"}`},
		toolCall{id: "call_p3", name: "mes_rdv", args: map[string]any{}},
	), nil)
	if len(res) != 3 || res[0].ToolCallID != "call_p1" || res[1].ToolCallID != "call_p2" || res[2].ToolCallID != "call_p3" {
		t.Fatalf("parallel calls answered out of order or not all: %+v", res)
	}
	if !strings.Contains(res[0].Result, "ouverts") || !strings.Contains(res[1].Result, "libre") {
		t.Errorf("parallel results = %+v", res)
	}

	msg := c.toolCalls(toolCall{id: "call_race", name: "reserver",
		args: map[string]any{"service": "barbe", "date": "2026-11-28", "time": "11:00", "name": "Luc Bernard"}})
	const n = 4
	raw, _ := json.Marshal(msg)
	bodies := make(chan string, n)
	for range n {
		go func() { // no t.Fatal off the test goroutine: errors become the body
			resp, err := http.Post(a.URL+"/api/vapi/webhook", "application/json", strings.NewReader(string(raw)))
			if err != nil {
				bodies <- err.Error()
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			bodies <- string(b)
		}()
	}
	first := <-bodies
	for range n - 1 {
		if b := <-bodies; b != first {
			t.Errorf("concurrent copies answered differently:\n%s\n%s", first, b)
		}
	}
	if !strings.Contains(first, "réservé") {
		t.Errorf("reserver = %s", first)
	}
	if bs := a.bookingsOf(t, c.caller); len(bs) != 1 {
		t.Errorf("%d concurrent copies of one tool call made %d bookings, want 1", n, len(bs))
	}
}

// TestUnsignedCallerIsAClaim: without the provider's signature checked (no
// secret configured), the caller's number is only what the request says:
// it opens none of that number's bookings, and the caller is not greeted
// by the name booked under it.
func TestUnsignedCallerIsAClaim(t *testing.T) {
	a := startVoiceApp(t, map[string]string{"mode": "tools"})
	const phone = "+33639980078"
	for i, text := range []string{"Je suis Paul Martin, une barbe samedi à 11h", "oui"} {
		code, body, _ := a.post(t, "/api/whatsapp/webhook", twilioForm("SM0000000000000000000000000000078"+strconv.Itoa(i), phone, text), nil)
		if code != 200 {
			t.Fatalf("whatsapp %q: %d %s", text, code, body)
		}
	}
	bs := confirmed(a.bookingsOf(t, phone))
	if len(bs) != 1 {
		t.Fatalf("an unsigned WhatsApp message books under its number: %+v", bs)
	}
	ref := bs[0].ID
	// Anyone can post a call with that number to an unsigned webhook.
	c := &vapiCall{id: "7c6b5a49-3827-4f16-9e05-d4c3b2a19f08", caller: phone, ts: 1795597200000}
	if ar := a.assistantRequest(t, c, nil); strings.Contains(ar.Assistant.FirstMessage, "Paul") {
		t.Errorf("unsigned call greeted by the booked name: %q", ar.Assistant.FirstMessage)
	}
	res, _ := a.runTools(t, c.toolCalls(toolCall{id: "call_u1", name: "mes_rdv", args: map[string]any{}}), nil)
	if len(res) != 1 || strings.Contains(res[0].Result+res[0].Error, ref) {
		t.Errorf("mes_rdv on an unsigned call = %+v, want the reference asked", res)
	}
	// With the reference, the booking is the caller's.
	res, _ = a.runTools(t, c.toolCalls(toolCall{id: "call_u2", name: "mes_rdv", args: map[string]any{"booking_id": ref}}), nil)
	if len(res) != 1 || !strings.Contains(res[0].Result, ref) {
		t.Errorf("mes_rdv with the reference = %+v, want %s", res, ref)
	}
}

// TestAssistantKnowsTheDate: in tools mode the assistant's model is told
// the business's date, so that the dates it gives the tools are this
// year's (it passed last year's, and heard that nothing was free).
func TestAssistantKnowsTheDate(t *testing.T) {
	a := startVoiceApp(t, map[string]string{"mode": "tools"})
	c := &vapiCall{id: "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b", caller: "+33639980099", ts: 1795597200000}
	code, body, _ := a.postJSON(t, "/api/vapi/webhook", c.message("assistant-request", nil), nil)
	if code != 200 || !strings.Contains(body, "Date du jour : 2026-11-25 Wednesday") {
		t.Errorf("assistant-request: %d, want the date in the system prompt:\n%s", code, body)
	}
}
