package webchat

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/accueil-pme/accueil/sdk/abi"
)

// Paths of the routes the host answers itself (everything else under
// /api/web/ goes to the web plugin).
const (
	HistoryPath = "/api/web/history"
	EventsPath  = "/api/web/events"
)

// Response is an HTTP answer for the host to write.
type Response struct {
	Status      int
	ContentType string
	Headers     []Header
	Body        []byte
}

func errorResponse(status int, msg string, headers []Header) Response {
	body, _ := json.Marshal(struct {
		Error string `json:"error"`
	}{msg})
	return Response{Status: status, ContentType: "application/json", Headers: headers, Body: body}
}

// Service answers the host-handled web chat routes and keeps the history
// and the push hub up to date. Its fields are set once before use; a
// Service is then safe for concurrent use.
type Service struct {
	// Business is the business id the history is stored under.
	Business string
	Hub      *Hub
	History  *History
	CORS     Policy
	// KeepAlive is the interval of SSE keep-alive comments; 0 means
	// [DefaultKeepAlive].
	KeepAlive time.Duration
	// PerIP and PerConversation, when not nil, limit the POSTs to
	// /api/web/messages and /api/web/start (see [Service.Limit]).
	PerIP           *Limiter
	PerConversation *Limiter
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	// retries remembers the message ids admitted lately, so that the
	// widget resending one (after a timeout) does not use up the limits.
	retriesMu sync.Mutex
	retries   map[string]time.Time
}

// retryWindow is how long an admitted message id passes the limits again.
const retryWindow = 10 * time.Minute

// seen reports whether conversation and id were admitted within
// retryWindow.
func (s *Service) seen(conversation, id string, now time.Time) bool {
	s.retriesMu.Lock()
	defer s.retriesMu.Unlock()
	at, ok := s.retries[conversation+"\x00"+id]
	return ok && now.Sub(at) < retryWindow
}

// admitted records conversation and id as admitted at now.
func (s *Service) admitted(conversation, id string, now time.Time) {
	s.retriesMu.Lock()
	defer s.retriesMu.Unlock()
	if s.retries == nil || len(s.retries) >= 10000 {
		s.retries = map[string]time.Time{} // bounded: forget, at worst a retry counts
	}
	s.retries[conversation+"\x00"+id] = now
}

// Default limits: a person types far slower than this; a script does not.
var (
	// DefaultPerIP allows bursts of 60 requests, then one a second, per client IP.
	DefaultPerIP = LimiterOptions{Rate: 1, Burst: 60, MaxKeys: 10000}
	// DefaultPerConversation allows bursts of 10 messages, then one every 3 s.
	DefaultPerConversation = LimiterOptions{Rate: 1.0 / 3, Burst: 10, MaxKeys: 10000}
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Limit applies the rate limits to a request before it reaches the web
// plugin: only POSTs under /api/web/ count. It returns a 429 answer and
// true when the request must be refused. body is read only to find the
// conversation id; a body it cannot read is left for the plugin to refuse.
func (s *Service) Limit(method, path, remoteIP, origin, host string, body []byte) (Response, bool) {
	if method != "POST" || !strings.HasPrefix(path, "/api/web/") {
		return Response{}, false
	}
	now := s.now()
	cors, _ := s.CORS.Allow(origin, host)
	var b struct {
		Conversation string `json:"conversation"`
		ID           string `json:"id"`
	}
	known := json.Unmarshal(body, &b) == nil && ValidConversation(b.Conversation)
	if known && b.ID != "" && s.seen(b.Conversation, b.ID, now) {
		return Response{}, false // a resent message: answered from its stored reply
	}
	if s.PerIP != nil && remoteIP != "" && !s.PerIP.Allow(remoteIP, now) {
		return tooMany(cors), true
	}
	if s.PerConversation != nil && known && !s.PerConversation.Allow(b.Conversation, now) {
		return tooMany(cors), true
	}
	if known && b.ID != "" {
		s.admitted(b.Conversation, b.ID, now)
	}
	return Response{}, false
}

func tooMany(cors []Header) Response {
	r := errorResponse(429, "too many messages: wait a few seconds, then try again", cors)
	r.Headers = append(r.Headers, Header{"Retry-After", "3"})
	return r
}

// HistoryRequest answers GET /api/web/history?conversation=…: 200 with
// {"conversation": id, "messages": [Message…]}, 400 for a malformed id,
// 403 for a foreign origin, 500 when the store fails. origin is the Origin
// header and host the Host header ("" when absent).
func (s *Service) HistoryRequest(ctx context.Context, origin, host, conversation string) Response {
	cors, ok := s.CORS.Allow(origin, host)
	if !ok {
		return errorResponse(403, "origin not allowed: "+origin, nil)
	}
	if !ValidConversation(conversation) {
		return errorResponse(400, "conversation must be 16 to 64 characters of A-Z, a-z, 0-9, _ and -", cors)
	}
	msgs, err := s.History.Load(ctx, s.Business, conversation)
	if err != nil {
		return errorResponse(500, "history unavailable, try again later", cors)
	}
	if msgs == nil {
		msgs = []Message{}
	}
	body, err := json.Marshal(struct {
		Conversation string    `json:"conversation"`
		Messages     []Message `json:"messages"`
	}{conversation, msgs})
	if err != nil {
		return errorResponse(500, "history unavailable, try again later", cors)
	}
	return Response{Status: 200, ContentType: "application/json",
		Headers: append(cors, Header{"Cache-Control", "no-store"}), Body: body}
}

// EventsRequest answers GET /api/web/events?conversation=…. When the
// returned Response has Status 200, the host writes its headers and then
// calls stream with the connection's writer (and its flush, if buffered)
// until it returns; stream subscribes to the hub itself, so nothing leaks
// when it is never called. Any other status is a plain JSON error answer
// and stream is nil.
func (s *Service) EventsRequest(origin, host, conversation string) (Response, func(ctx context.Context, w io.Writer, flush func() error) error) {
	cors, ok := s.CORS.Allow(origin, host)
	if !ok {
		return errorResponse(403, "origin not allowed: "+origin, nil), nil
	}
	if !ValidConversation(conversation) {
		return errorResponse(400, "conversation must be 16 to 64 characters of A-Z, a-z, 0-9, _ and -", cors), nil
	}
	resp := Response{Status: 200, ContentType: "text/event-stream", Headers: append(cors,
		Header{"Cache-Control", "no-store"},
		Header{"X-Accel-Buffering", "no"},
	)}
	session := SessionKey(conversation)
	return resp, func(ctx context.Context, w io.Writer, flush func() error) error {
		events, cancel := s.Hub.Subscribe(session)
		defer cancel()
		return Stream(ctx, w, flush, events, s.KeepAlive)
	}
}

// TurnMessages returns the history entries of one web turn: the customer's
// message (for a [abi.KindMessage] event) followed by the replies, with the
// ids the web plugin gives them. The last reply carries the turn's handoff
// (the number to call, and the result's "handoff_until" attribute). The conversation's client message id is
// the part of ev.ID after the conversation id and ":".
func TurnMessages(ev *abi.Event, res *abi.Result, at time.Time) []Message {
	var out []Message
	var replyID func(int) string
	switch ev.Kind {
	case abi.KindMessage:
		client := strings.TrimPrefix(ev.ID, ev.Conversation+":")
		out = append(out, Message{ID: client, Role: RoleCustomer, Text: ev.Text, At: at})
		replyID = func(n int) string { return ReplyID(client, n) }
	case abi.KindSessionStart:
		replyID = GreetingID
	default:
		return nil
	}
	if res == nil {
		return out
	}
	for i, r := range res.Replies {
		m := Message{ID: replyID(i), Role: RoleAssistant, Text: r.Text, At: at}
		for _, c := range r.Choices {
			m.Choices = append(m.Choices, Choice{ID: c.ID, Label: c.Label})
		}
		if i == len(res.Replies)-1 {
			m.Handoff = res.Handoff
			for _, kv := range res.Attrs {
				if kv.Key == "handoff_until" {
					m.HandoffUntil = kv.Value
				}
			}
		}
		out = append(out, m)
	}
	return out
}

// RecordTurn appends a web turn to the history and publishes what it
// stored to the conversation's open widgets (other tabs see the exchange;
// the widget that sent it drops the duplicates by id). Retried turns store
// and publish nothing new. Call it after the turn commits, for events whose
// Kind is message or session_start.
func (s *Service) RecordTurn(ctx context.Context, ev *abi.Event, res *abi.Result) error {
	if !ValidConversation(ev.Conversation) {
		return fmt.Errorf("webchat: record turn: invalid conversation id %q", ev.Conversation)
	}
	msgs := TurnMessages(ev, res, s.now().UTC())
	if len(msgs) == 0 {
		return nil
	}
	stored, err := s.History.Append(ctx, s.Business, ev.Conversation, msgs...)
	s.publish(ev.Conversation, stored)
	if err != nil {
		return fmt.Errorf("webchat: record turn: %w", err)
	}
	return nil
}

// Push delivers messages that arrive outside a turn (a person of the
// business taking over, a reminder): stored in the history, then sent to
// the open widgets. Messages without an ID get "p.<unix nanos>.<n>"; a zero
// At becomes now; an empty Role becomes [RoleStaff].
func (s *Service) Push(ctx context.Context, conversation string, msgs ...Message) error {
	now := s.now().UTC()
	for i := range msgs {
		if msgs[i].ID == "" {
			msgs[i].ID = fmt.Sprintf("p.%d.%d", now.UnixNano(), i)
		}
		if msgs[i].At.IsZero() {
			msgs[i].At = now
		}
		if msgs[i].Role == "" {
			msgs[i].Role = RoleStaff
		}
	}
	stored, err := s.History.Append(ctx, s.Business, conversation, msgs...)
	s.publish(conversation, stored)
	if err != nil {
		return fmt.Errorf("webchat: push: %w", err)
	}
	return nil
}

func (s *Service) publish(conversation string, msgs []Message) {
	if s.Hub == nil {
		return
	}
	for _, m := range msgs {
		data, err := json.Marshal(m)
		if err != nil {
			continue
		}
		s.Hub.Publish(SessionKey(conversation), Event{ID: m.ID, Type: "message", Data: data})
	}
}
