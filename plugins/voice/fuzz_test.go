package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/jsonlite"
)

// FuzzParse feeds arbitrary bodies to both routes: Parse must never panic,
// must either reject or return events, and Render must produce a valid JSON
// body (or an SSE stream) for whatever Parse accepted.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{
		filepath.Join(vapiFixtures, "*.json"), filepath.Join(vapiFixtures, "custom-llm", "*.json"),
		filepath.Join("testdata", "requests", "*.json"),
	} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b, strings.Contains(file, "chat-completions"))
		}
	}
	f.Add([]byte(`{"message":{"type":"tool-calls","toolCallList":[{"id":"x","function":{"arguments":"{\"a\":"}}]}}`), false)
	v := newVoice(f)
	f.Fuzz(func(t *testing.T, body []byte, completions bool) {
		path := "/api/vapi/webhook"
		if completions {
			path = "/api/vapi/chat/completions"
		}
		req := request(path, body)
		res, err := v.Parse(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.Reject != nil {
			if res.Reject.Status < 400 || strings.ContainsAny(res.Reject.Message, "\r\n") {
				t.Fatalf("bad reject %+v", res.Reject)
			}
			return
		}
		for _, ev := range res.Events {
			if ev.Tool != nil {
				if a, err := jsonlite.Parse([]byte(ev.Tool.Arguments)); err != nil || a.Kind() != jsonlite.Object {
					t.Fatalf("tool arguments not a JSON object: %q", ev.Tool.Arguments)
				}
			}
		}
		resp, err := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Results: fakeResults(res.Events), Business: business})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != 200 {
			t.Fatalf("status %d", resp.Status)
		}
		if resp.ContentType == "text/event-stream" {
			if !strings.HasSuffix(string(resp.Body), "data: [DONE]\n\n") {
				t.Fatalf("stream not terminated: %q", resp.Body)
			}
			return
		}
		if !jsonlite.Valid(resp.Body) {
			t.Fatalf("invalid JSON answer: %s", resp.Body)
		}
	})
}
