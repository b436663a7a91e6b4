package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

const (
	vapiFixtures = "../../testdata/providers/vapi"
	testSecret   = "s3cr3t-vapi-7f3a"
	handoffPhone = "+33199001299"
)

var business = abi.Business{
	ID: "salon-lumiere", Name: "Salon Lumière", Language: "fr", Greeting: "Bonjour, Salon Lumière, je vous écoute.",
	Phone: handoffPhone, TimeZone: "Europe/Paris",
}

func newVoice(t testing.TB, settings ...abi.KV) *Voice {
	t.Helper()
	v := &Voice{}
	if err := v.Init(abi.Config{Plugin: "voice", Settings: settings}); err != nil {
		t.Fatal(err)
	}
	return v
}

func request(path string, body []byte, headers ...abi.KV) *abi.Request {
	return &abi.Request{
		Method: "POST", Path: path, PublicURL: "https://reception.example.com" + path,
		Headers: headers, Body: body, ReceivedUnixMilli: 1773303298000,
	}
}

// fakeResults stands in for the host and the engine: a fixed answer per
// event, close to what the engine says for the demo salon.
func fakeResults(evs []abi.Event) []abi.Result {
	out := make([]abi.Result, len(evs))
	for i, ev := range evs {
		switch ev.Kind {
		case abi.KindSessionStart:
			out[i] = abi.Result{Replies: []abi.Reply{{Text: "Bonjour, Salon Lumière, je vous écoute."}}}
		case abi.KindMessage:
			if strings.Contains(ev.Text, "parler") {
				out[i] = abi.Result{Handoff: handoffPhone, Replies: []abi.Reply{{Text: "Je vous passe un conseiller, ne quittez pas."}}}
				break
			}
			out[i] = abi.Result{Replies: []abi.Reply{{
				Text:   "Très bien, je regarde l'agenda pour demain 14h.\nUn instant.",
				Speech: "Très bien, je regarde l'agenda pour demain 14h.",
			}}}
		case abi.KindToolCall:
			switch ev.Tool.Name {
			case "verifier_disponibilite":
				out[i] = abi.Result{ToolResult: "Créneau disponible le vendredi 13 mars à 14h00 avec Léa."}
			case "prendre_rendez_vous":
				out[i] = abi.Result{ToolResult: "Rendez-vous confirmé pour Camille Martin le vendredi 13 mars à 14h00."}
			case "reserver":
				out[i] = abi.Result{ToolResult: "Rendez-vous confirmé :\n- coupe femme\n- vendredi 13 mars à 14h00"}
			case "question":
				out[i] = abi.Result{ToolResult: "Le salon est ouvert du mardi au samedi de 9h à 19h ;\nfermé le dimanche et le lundi."}
			case "annuler_rdv":
				out[i] = abi.Result{ToolError: "Il manque la référence du rendez-vous."}
			case "mes_rdv":
				out[i] = abi.Result{Error: "turn failed"}
			case "transferer":
				out[i] = abi.Result{Handoff: handoffPhone, ToolResult: "Je vous passe un conseiller, ne quittez pas."}
			default:
				out[i] = abi.Result{ToolResult: "ok"}
			}
		}
	}
	return out
}

// goldenEvent is abi.Event without its empty fields, for readable goldens.
type goldenEvent struct {
	Kind         string
	ID           string            `json:",omitempty"`
	Conversation string            `json:",omitempty"`
	From         string            `json:",omitempty"`
	To           string            `json:",omitempty"`
	Name         string            `json:",omitempty"`
	Text         string            `json:",omitempty"`
	Status       string            `json:",omitempty"`
	Tool         *abi.ToolCall     `json:",omitempty"`
	Attrs        map[string]string `json:",omitempty"`
}

type goldenResponse struct {
	Status      int
	ContentType string
	Headers     []abi.KV `json:",omitempty"`
	Body        any
}

// goldenCase is one golden file: what Parse returned, the results the
// host handed to Render (from fakeResults), and what Render answered.
type goldenCase struct {
	Verified bool
	Reject   *abi.Reject     `json:",omitempty"`
	Events   []goldenEvent   `json:",omitempty"`
	Results  []goldenResult  `json:",omitempty"`
	Response *goldenResponse `json:",omitempty"`
}

// goldenResult is abi.Result without its empty fields.
type goldenResult struct {
	Replies    []abi.Reply `json:",omitempty"`
	ToolResult string      `json:",omitempty"`
	ToolError  string      `json:",omitempty"`
	Handoff    string      `json:",omitempty"`
	Error      string      `json:",omitempty"`
}

func golden(res abi.ParseResult, results []abi.Result, resp *abi.Response) goldenCase {
	g := goldenCase{Verified: res.Verified, Reject: res.Reject}
	for _, r := range results {
		g.Results = append(g.Results, goldenResult{Replies: r.Replies, ToolResult: r.ToolResult, ToolError: r.ToolError, Handoff: r.Handoff, Error: r.Error})
	}
	for _, e := range res.Events {
		ge := goldenEvent{Kind: e.Kind, ID: e.ID, Conversation: e.Conversation, From: e.From, To: e.To, Name: e.Name,
			Text: e.Text, Status: e.Status, Tool: e.Tool}
		for _, kv := range e.Attrs {
			if ge.Attrs == nil {
				ge.Attrs = map[string]string{}
			}
			ge.Attrs[kv.Key] = kv.Value
		}
		g.Events = append(g.Events, ge)
	}
	if resp != nil {
		gr := &goldenResponse{Status: resp.Status, ContentType: resp.ContentType, Headers: resp.Headers}
		if json.Valid(resp.Body) {
			gr.Body = json.RawMessage(resp.Body)
		} else {
			gr.Body = strings.Split(string(resp.Body), "\n")
		}
		g.Response = gr
	}
	return g
}

// run parses a fixture and renders it with fakeResults, as the host would.
func run(t testing.TB, v *Voice, path string, body []byte) (abi.ParseResult, *abi.Response) {
	t.Helper()
	req := request(path, body, abi.KV{Key: "x-vapi-secret", Value: testSecret})
	res, err := v.Parse(req)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if res.Reject != nil {
		return res, nil
	}
	resp, err := v.Render(&abi.RenderInput{Request: *req, Events: res.Events, Results: fakeResults(res.Events), Business: business})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return res, &resp
}

type fixture struct {
	name, file, path string
}

func fixtures(t testing.TB) []fixture {
	t.Helper()
	var out []fixture
	add := func(pattern, prefix string) {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("no fixtures at %s", pattern)
		}
		for _, f := range files {
			base := strings.TrimSuffix(filepath.Base(f), ".json")
			path := "/api/vapi/webhook"
			if strings.HasPrefix(base, "chat-completions") {
				path = "/api/vapi/chat/completions"
			}
			out = append(out, fixture{name: prefix + base, file: f, path: path})
		}
	}
	add(filepath.Join(vapiFixtures, "*.json"), "vapi-")
	add(filepath.Join(vapiFixtures, "custom-llm", "*.json"), "vapi-")
	add(filepath.Join("testdata", "requests", "*.json"), "local-")
	return out
}

// TestGolden parses every Vapi fixture into events and renders the answer,
// and compares both with testdata/golden. Run with -update to rewrite.
func TestGolden(t *testing.T) {
	v := newVoice(t, abi.KV{Key: "secret", Value: testSecret})
	for _, fx := range fixtures(t) {
		t.Run(fx.name, func(t *testing.T) {
			body, err := os.ReadFile(fx.file)
			if err != nil {
				t.Fatal(err)
			}
			res, resp := run(t, v, fx.path, body)
			if res.Reject != nil {
				t.Fatalf("fixture rejected: %+v", res.Reject)
			}
			if resp.Status != 200 {
				t.Errorf("status %d, Vapi needs 200", resp.Status)
			}
			got, err := json.MarshalIndent(golden(res, fakeResults(res.Events), resp), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			gf := filepath.Join("testdata", "golden", fx.name+".golden.json")
			if sdktest.Update() {
				if err := os.MkdirAll(filepath.Dir(gf), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(gf, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(gf)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; diff it with go test -update and git diff\ngot:\n%s", gf, got)
			}
		})
	}
}
