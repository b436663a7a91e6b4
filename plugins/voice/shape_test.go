package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
)

func readJSON(t *testing.T, path string) any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

func decode(t *testing.T, body []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, body)
	}
	return v
}

// sameShape checks that got has every key of want (except the optional
// ones), with values of the same JSON type, recursively; arrays are compared
// element by element up to want's length; a null in want matches anything.
func sameShape(t *testing.T, path string, want, got any, optional map[string]bool) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: got %T, want an object", path, got)
			return
		}
		for k, wv := range w {
			p := path + "." + k
			gv, ok := g[k]
			if !ok {
				if !optional[p] {
					t.Errorf("%s: missing", p)
				}
				continue
			}
			sameShape(t, p, wv, gv, optional)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			t.Errorf("%s: got %T, want an array", path, got)
			return
		}
		if len(g) < len(w) {
			t.Errorf("%s: %d elements, want at least %d", path, len(g), len(w))
			return
		}
		for i := range w {
			sameShape(t, path+"[]", w[i], g[i], optional)
		}
	case nil:
		// null in a documented example: any value will do.
	default:
		if reflect.TypeOf(want) != reflect.TypeOf(got) {
			t.Errorf("%s: got %T (%v), want %T like %v", path, got, got, want, want)
		}
	}
}

// renderWith parses a shared fixture and renders it with the given results.
func renderWith(t *testing.T, v *Voice, fixture string, results func([]abi.Event) []abi.Result) ([]abi.Event, abi.Response) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join(vapiFixtures, fixture))
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/vapi/webhook"
	if strings.HasPrefix(fixture, "custom-llm/") {
		path = "/api/vapi/chat/completions"
	}
	req := request(path, body)
	res, err := v.Parse(req)
	if err != nil || res.Reject != nil {
		t.Fatalf("Parse: %v %+v", err, res.Reject)
	}
	resp, err := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Results: results(res.Events), Business: business})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 {
		t.Errorf("status %d, Vapi needs 200", resp.Status)
	}
	return res.Events, resp
}

func each(r abi.Result) func([]abi.Event) []abi.Result {
	return func(evs []abi.Event) []abi.Result {
		out := make([]abi.Result, len(evs))
		for i := range out {
			out[i] = r
		}
		return out
	}
}

// TestResponsesMatchVapiDocs renders answers whose documented form is in
// testdata/providers/vapi/responses and compares them: equal where our
// results carry the same words, same shape otherwise.
func TestResponsesMatchVapiDocs(t *testing.T) {
	v := newVoice(t)
	resp := func(name string) any { return readJSON(t, filepath.Join(vapiFixtures, "responses", name)) }
	tests := []struct {
		name     string
		fixture  string
		result   abi.Result
		want     string
		exact    bool
		optional []string
	}{
		{"tool result", "tool-calls.json", abi.Result{ToolResult: "Créneau disponible le vendredi 13 mars à 14h00 avec Léa."}, "tool-calls.result.json", true, nil},
		{"tool error", "tool-calls.json", abi.Result{ToolError: "Agenda indisponible pour le moment, proposer de rappeler le client."}, "tool-calls.error.json", true, nil},
		{"function call", "function-call.json", abi.Result{ToolResult: "Rendez-vous confirmé pour Camille Martin le vendredi 13 mars à 14h00."}, "function-call.result.json", true, nil},
		{"transfer", "transfer-destination-request.json", abi.Result{Handoff: "+33199001299", ToolResult: "Je vous passe un conseiller, ne quittez pas."}, "transfer-destination-request.json", true, nil},
		{"knowledge base", "knowledge-base-request.json", abi.Result{ToolResult: "Le salon est ouvert du mardi au samedi de 9h à 19h ; fermé le dimanche et le lundi."}, "knowledge-base-request.json", false, []string{".documents[].uuid"}},
		{"informational", "hang.json", abi.Result{}, "informational.ack.json", true, nil},
		{"status update", "status-update-ended.json", abi.Result{}, "informational.ack.json", true, nil},
		{"call report stored", "end-of-call-report.json", abi.Result{}, "informational.ack.json", true, nil},
		{"call report not stored", "end-of-call-report.json", abi.Result{Error: "could not store the call report"}, "informational.ack.json", true, nil},
		{"assistant", "assistant-request.json", abi.Result{Replies: []abi.Reply{{Text: "Bonjour, Salon Lumière, je vous écoute."}}}, "assistant-request.transient-assistant.json", false, []string{".assistantOverrides"}},
		{"assistant forward", "assistant-request.json", abi.Result{Handoff: "+33199001299", Replies: []abi.Reply{{Text: "Je vous transfère vers le salon."}}}, "assistant-request.transfer-only.json", true, nil},
		{"assistant refused", "assistant-request.json", abi.Result{Error: "turn failed"}, "assistant-request.error.json", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, r := renderWith(t, v, tt.fixture, each(tt.result))
			if r.ContentType != "application/json" {
				t.Errorf("content type %q", r.ContentType)
			}
			got, want := decode(t, r.Body), resp(tt.want)
			if tt.exact {
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got  %s\nwant %s", r.Body, mustJSON(want))
				}
				return
			}
			opt := map[string]bool{}
			for _, o := range tt.optional {
				opt[o] = true
			}
			sameShape(t, "", want, got, opt)
		})
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// sseEvents splits an SSE body into its data payloads.
func sseEvents(t *testing.T, body []byte) []string {
	t.Helper()
	if !bytes.HasSuffix(body, []byte("data: [DONE]\n\n")) {
		t.Errorf("stream does not end with data: [DONE]")
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			t.Errorf("line %q is not a data line", line)
		}
		out = append(out, data)
	}
	return out
}

func TestStreamMatchesOpenAIChunks(t *testing.T) {
	v := newVoice(t)
	for _, tt := range []struct {
		name, fixture string
		result        abi.Result
	}{
		{"text", "custom-llm/chat-completions.stream.sse", abi.Result{Replies: []abi.Reply{{Text: "Très bien, je regarde l'agenda pour demain 14h."}}}},
		{"handoff", "custom-llm/chat-completions.stream-tool-call.sse", abi.Result{Handoff: handoffPhone, Replies: []abi.Reply{{Text: "Je vous transfère."}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, r := renderWith(t, v, "custom-llm/chat-completions.request.json", each(tt.result))
			if r.ContentType != "text/event-stream" {
				t.Errorf("content type %q", r.ContentType)
			}
			wantBody, err := os.ReadFile(filepath.Join(vapiFixtures, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			want, got := sseEvents(t, wantBody), sseEvents(t, r.Body)
			if got[len(got)-1] != "[DONE]" {
				t.Fatalf("last event %q", got[len(got)-1])
			}
			got, want = got[:len(got)-1], want[:len(want)-1]
			// First chunk: the role; last: the finish reason; both as in the fixture.
			sameShape(t, "", decode(t, []byte(want[0])), decode(t, []byte(got[0])), map[string]bool{
				".choices[].delta.tool_calls": true, ".choices[].delta.content": true})
			wl, gl := decode(t, []byte(want[len(want)-1])), decode(t, []byte(got[len(got)-1]))
			sameShape(t, "last", wl, gl, nil)
			if fr := finish(gl); fr != finish(wl) {
				t.Errorf("finish_reason %q, want %q", fr, finish(wl))
			}
			var text strings.Builder
			var args string
			for _, ev := range got {
				c := decode(t, []byte(ev)).(map[string]any)
				if c["object"] != "chat.completion.chunk" || c["model"] != "reception-fr" {
					t.Errorf("chunk header wrong: %s", ev)
				}
				delta := c["choices"].([]any)[0].(map[string]any)["delta"].(map[string]any)
				if s, ok := delta["content"].(string); ok {
					text.WriteString(s)
				}
				if tc, ok := delta["tool_calls"].([]any); ok {
					fn := tc[0].(map[string]any)["function"].(map[string]any)
					if fn["name"] != "transferCall" {
						t.Errorf("tool %v", fn["name"])
					}
					args += fn["arguments"].(string)
				}
			}
			if want := replyText(tt.result); text.String() != want {
				t.Errorf("streamed text %q, want %q", text.String(), want)
			}
			if tt.result.Handoff != "" && args != `{"destination":"+33199001299"}` {
				t.Errorf("tool arguments %q", args)
			}
		})
	}
}

func finish(chunk any) any {
	return chunk.(map[string]any)["choices"].([]any)[0].(map[string]any)["finish_reason"]
}

func TestNonStreamCompletion(t *testing.T) {
	v := newVoice(t)
	body := []byte(`{"model":"accueil","messages":[{"role":"user","content":"Bonjour"}],"call":{"id":"c1"}}`)
	req := request("/api/vapi/chat/completions", body)
	res, _ := v.Parse(req)
	r, _ := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Results: []abi.Result{{Error: "turn failed"}}, Business: business})
	got := decode(t, r.Body).(map[string]any)
	msg := got["choices"].([]any)[0].(map[string]any)["message"].(map[string]any)
	if got["object"] != "chat.completion" || msg["content"] != apology["fr"] || msg["tool_calls"] != nil {
		t.Errorf("got %s", r.Body)
	}
}
