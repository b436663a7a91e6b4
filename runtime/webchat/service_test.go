package webchat

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/sdk/abi"
)

func newService(t *testing.T) (*Service, *memStore) {
	t.Helper()
	st := newMemStore()
	h, err := NewHistory(st, HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 3, 5, 10, 0, 0, 0, time.UTC)
	return &Service{
		Business: "salon-lumiere",
		Hub:      NewHub(HubOptions{}),
		History:  h,
		CORS:     Policy{AllowedOrigins: []string{"https://shop.example"}},
		Now:      func() time.Time { return at },
	}, st
}

func TestTurnMessages(t *testing.T) {
	at := time.Date(2027, 3, 5, 10, 0, 0, 0, time.UTC)
	ev := &abi.Event{Kind: abi.KindMessage, ID: conv + ":m7", Conversation: conv, Text: "Samedi"}
	res := &abi.Result{Replies: []abi.Reply{
		{Text: "Voici les créneaux", Choices: []abi.Choice{{ID: "slot:1", Label: "10:00"}}},
		{Text: "Lequel ?"},
	}}
	got := TurnMessages(ev, res, at)
	want := []Message{
		{ID: "m7", Role: RoleCustomer, Text: "Samedi", At: at},
		{ID: "r.m7.0", Role: RoleAssistant, Text: "Voici les créneaux", Choices: []Choice{{"slot:1", "10:00"}}, At: at},
		{ID: "r.m7.1", Role: RoleAssistant, Text: "Lequel ?", At: at},
	}
	if a, b := mustJSON(t, got), mustJSON(t, want); a != b {
		t.Errorf("TurnMessages =\n%s\nwant\n%s", a, b)
	}
	start := TurnMessages(&abi.Event{Kind: abi.KindSessionStart, ID: conv + ":start", Conversation: conv},
		&abi.Result{Replies: []abi.Reply{{Text: "Bonjour"}}}, at)
	if len(start) != 1 || start[0].ID != "g.0" || start[0].Role != RoleAssistant {
		t.Errorf("greeting messages %+v", start)
	}
	if TurnMessages(&abi.Event{Kind: abi.KindStatus}, nil, at) != nil {
		t.Error("status event produced messages")
	}

	// A handoff: the last reply carries the number and the pause's end.
	until := "2027-03-05T10:30:00Z"
	handoff := TurnMessages(&abi.Event{Kind: abi.KindMessage, ID: conv + ":m8", Conversation: conv, Text: "Un humain svp"},
		&abi.Result{Replies: []abi.Reply{{Text: "Je transmets."}, {Text: "Appelez le 01 99 00 12 34."}}, Handoff: "+33199001234",
			Attrs: []abi.KV{{Key: "language", Value: "fr"}, {Key: "handoff_until", Value: until}}}, at)
	if len(handoff) != 3 || handoff[1].Handoff != "" || handoff[1].HandoffUntil != "" ||
		handoff[2].Handoff != "+33199001234" || handoff[2].HandoffUntil != until {
		t.Errorf("handoff messages %+v", handoff)
	}
	if b := mustJSON(t, handoff[2]); !strings.Contains(b, `"handoff":"+33199001234","handoff_until":"`+until+`"`) {
		t.Errorf("handoff message JSON %s", b)
	}
	if b := mustJSON(t, handoff[1]); strings.Contains(b, "handoff") {
		t.Errorf("a reply without handoff has %s", b)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServiceHistoryRequest(t *testing.T) {
	s, st := newService(t)
	ctx := t.Context()
	ev := &abi.Event{Kind: abi.KindMessage, ID: conv + ":m1", Conversation: conv, Text: "<b>hi</b>"}
	if err := s.RecordTurn(ctx, ev, &abi.Result{Replies: []abi.Reply{{Text: "Bonjour"}}}); err != nil {
		t.Fatal(err)
	}
	// A retry records nothing twice.
	if err := s.RecordTurn(ctx, ev, &abi.Result{Replies: []abi.Reply{{Text: "Bonjour"}}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, origin, host, conversation string
		status                           int
		body                             string
	}{
		{"same origin", "http://127.0.0.1:8000", "127.0.0.1:8000", conv, 200,
			`{"conversation":"c0nversation-0001","messages":[{"id":"m1","role":"customer","text":"\u003cb\u003ehi\u003c/b\u003e","at":"2027-03-05T10:00:00Z","seq":1},{"id":"r.m1.0","role":"assistant","text":"Bonjour","at":"2027-03-05T10:00:00Z","seq":2}]}`},
		{"unknown conversation", "", "x", "unknown-conversation-1", 200, `{"conversation":"unknown-conversation-1","messages":[]}`},
		{"bad id", "", "x", "short", 400, `{"error":"conversation must be 16 to 64 characters of A-Z, a-z, 0-9, _ and -"}`},
		{"foreign origin", "https://evil.example", "x", conv, 403, `{"error":"origin not allowed: https://evil.example"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.HistoryRequest(ctx, tt.origin, tt.host, tt.conversation)
			if r.Status != tt.status || string(r.Body) != tt.body || r.ContentType != "application/json" {
				t.Errorf("got %d %s %s\nwant %d %s", r.Status, r.ContentType, r.Body, tt.status, tt.body)
			}
		})
	}
	r := s.HistoryRequest(ctx, "https://shop.example", "api.example", conv)
	if header(r.Headers, "Access-Control-Allow-Origin") != "https://shop.example" {
		t.Errorf("CORS headers missing: %v", r.Headers)
	}
	st.fail = io.ErrUnexpectedEOF
	if r := s.HistoryRequest(ctx, "", "x", conv); r.Status != 500 {
		t.Errorf("store failure gave %d", r.Status)
	}
}

func TestServiceEventsAndPush(t *testing.T) {
	s, _ := newService(t)
	if r, stream := s.EventsRequest("https://evil.example", "x", conv); r.Status != 403 || stream != nil {
		t.Fatalf("foreign origin: %d", r.Status)
	}
	if r, stream := s.EventsRequest("", "x", "bad"); r.Status != 400 || stream != nil {
		t.Fatalf("bad id: %d", r.Status)
	}
	r, stream := s.EventsRequest("https://shop.example", "x", conv)
	if r.Status != 200 || r.ContentType != "text/event-stream" || header(r.Headers, "Access-Control-Allow-Origin") != "https://shop.example" {
		t.Fatalf("events response %+v", r)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- stream(ctx, pw, nil); pw.Close() }()
	rd := bufio.NewReader(pr)
	readUntilBlank := func() string {
		var b strings.Builder
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				t.Fatalf("read stream: %v", err)
			}
			if line == "\n" {
				return b.String()
			}
			b.WriteString(line)
		}
	}
	if got := readUntilBlank(); got != "retry: 3000\n: connected\n" {
		t.Fatalf("stream preamble %q", got)
	}
	if err := s.Push(ctx, conv, Message{Text: "Hugo vous rappelle."}); err != nil {
		t.Fatal(err)
	}
	got := readUntilBlank()
	want := "id: p.1804240800000000000.0\nevent: message\ndata: " +
		`{"id":"p.1804240800000000000.0","role":"staff","text":"Hugo vous rappelle.","at":"2027-03-05T10:00:00Z","seq":1}` + "\n"
	if got != want {
		t.Errorf("pushed event\n%q\nwant\n%q", got, want)
	}
	hist := s.HistoryRequest(ctx, "", "x", conv)
	if !strings.Contains(string(hist.Body), "Hugo vous rappelle.") {
		t.Errorf("pushed message not in history: %s", hist.Body)
	}
	cancel()
	go io.Copy(io.Discard, pr)
	if err := <-done; err != nil {
		t.Errorf("stream ended with %v", err)
	}
	if n := s.Hub.Subscribers(SessionKey(conv)); n != 0 {
		t.Errorf("%d subscribers left", n)
	}
}

func TestServiceLimit(t *testing.T) {
	s, _ := newService(t)
	s.PerIP = NewLimiter(LimiterOptions{Rate: 0.001, Burst: 3})
	s.PerConversation = NewLimiter(LimiterOptions{Rate: 0.001, Burst: 2})
	msg := func(conversation, id string) []byte {
		return []byte(`{"conversation":"` + conversation + `","id":"` + id + `","text":"x"}`)
	}
	const other = "another-conversation-1"
	steps := []struct {
		method, path, ip string
		body             []byte
		limited          bool
	}{
		{"GET", "/api/web/config", "1.2.3.4", nil, false},
		{"POST", "/api/web/messages", "1.2.3.4", msg(conv, "m1"), false},
		{"POST", "/api/web/messages", "5.6.7.8", msg(conv, "m2"), false},
		{"POST", "/api/web/messages", "5.6.7.8", msg(conv, "m3"), true},  // third message of the conversation
		{"POST", "/api/web/messages", "5.6.7.8", msg(conv, "m2"), false}, // a resent message passes
		{"POST", "/api/web/messages", "5.6.7.8", msg(conv, "m3"), true},  // refused, so not a resend
		{"POST", "/api/web/start", "1.2.3.4", msg(other, "s1"), false},
		{"POST", "/api/web/messages", "1.2.3.4", msg(other, "m1"), false},
		{"POST", "/api/web/messages", "1.2.3.4", msg(other, "m2"), true}, // fourth request of the IP
		{"POST", "/api/vapi/webhook", "1.2.3.4", nil, false},             // not ours
	}
	for i, st := range steps {
		r, limited := s.Limit(st.method, st.path, st.ip, "https://shop.example", "api.example", st.body)
		if limited != st.limited {
			t.Fatalf("step %d: limited = %v, want %v", i, limited, st.limited)
		}
		if limited && (r.Status != 429 || header(r.Headers, "Retry-After") != "3" || header(r.Headers, "Access-Control-Allow-Origin") != "https://shop.example") {
			t.Errorf("step %d: 429 answer %+v", i, r)
		}
	}
}
