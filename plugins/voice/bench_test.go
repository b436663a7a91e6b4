package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
)

func benchParseRender(b *testing.B, fixture, path string) {
	body, err := os.ReadFile(filepath.Join(vapiFixtures, fixture))
	if err != nil {
		b.Fatal(err)
	}
	v := newVoice(b, abi.KV{Key: "secret", Value: testSecret})
	req := request(path, body, abi.KV{Key: "x-vapi-secret", Value: testSecret})
	res, _ := v.Parse(req)
	results := fakeResults(res.Events)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		res, err := v.Parse(req)
		if err != nil || res.Reject != nil {
			b.Fatal(err, res.Reject)
		}
		resp, err := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Results: results, Business: business})
		if err != nil || resp.Status != 200 {
			b.Fatal(err)
		}
	}
}

func BenchmarkToolCalls(b *testing.B) {
	benchParseRender(b, "tool-calls.json", "/api/vapi/webhook")
}

func BenchmarkAssistantRequest(b *testing.B) {
	benchParseRender(b, "assistant-request.json", "/api/vapi/webhook")
}

func BenchmarkChatCompletionsStream(b *testing.B) {
	benchParseRender(b, "custom-llm/chat-completions.request.json", "/api/vapi/chat/completions")
}
