package main

import (
	"bufio"
	"context"
	"html"
	"log/slog"
	"net/url"
	"strings"

	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/prompts"
	"github.com/accueil-pme/accueil/engine/validate"
	"github.com/accueil-pme/accueil/runtime"
	"github.com/accueil-pme/accueil/runtime/server"
	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/webchat"
	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/webui"
)

// wireWeb adds the web chat's host side to deps: the demo page and the
// widget, the conversation history and event stream, rate limits and CORS.
func wireWeb(deps *runtime.Deps, b *business.Business, s store.Store, extraOrigins string, log *slog.Logger) (*webchat.Service, error) {
	hist, err := webchat.NewHistory(s, webchat.HistoryOptions{})
	if err != nil {
		return nil, err
	}
	origins := append([]string(nil), b.AllowedOrigins()...)
	origins = append(origins, strings.FieldsFunc(extraOrigins, func(r rune) bool { return r == ',' || r == ' ' })...)
	svc := &webchat.Service{
		Business: b.ID(), Hub: webchat.NewHub(webchat.HubOptions{}), History: hist,
		CORS:            webchat.Policy{AllowedOrigins: origins},
		PerIP:           webchat.NewLimiter(webchat.DefaultPerIP),
		PerConversation: webchat.NewLimiter(webchat.DefaultPerConversation),
	}
	if deps.Static == nil {
		deps.Static = map[string]runtime.StaticFile{}
	}
	for _, p := range webui.Paths() {
		f, _ := webui.Lookup(p)
		deps.Static[p] = runtime.StaticFile{ContentType: f.ContentType, Body: f.Body}
	}
	if b.ID() != business.Demo().ID() {
		// The demo page is the demo salon's: another business gets a
		// plain page of its own with the chat widget.
		page := runtime.StaticFile{ContentType: "text/html; charset=utf-8", Body: businessPage(b)}
		deps.Static["/"], deps.Static["/index.html"] = page, page
	}
	if deps.Extensions == nil {
		deps.Extensions = map[string]runtime.Extension{}
	}
	deps.Extensions["web"] = webExt{svc: svc, log: log}
	return svc, nil
}

type webExt struct {
	svc *webchat.Service
	log *slog.Logger
}

func (e webExt) Handle(ctx context.Context, _ *runtime.Runtime, req *server.Request) (server.Response, bool) {
	origin := req.Header("origin")
	switch req.Path {
	case webchat.HistoryPath:
		if req.Method == "OPTIONS" {
			return toServer(e.svc.CORS.Preflight(origin, req.Host)), true
		}
		return toServer(e.svc.HistoryRequest(ctx, origin, req.Host, conversationParam(req.Query))), true
	case webchat.EventsPath: // reached without Accept: text/event-stream
		resp, run := e.svc.EventsRequest(origin, req.Host, conversationParam(req.Query))
		if run != nil {
			resp = webchat.Response{Status: 406, ContentType: "application/json",
				Body: []byte(`{"error":"use an EventSource (Accept: text/event-stream)"}`)}
		}
		return toServer(resp), true
	}
	if resp, limited := e.svc.Limit(req.Method, req.Path, req.RemoteIP, origin, req.Host, req.Body); limited {
		return toServer(resp), true
	}
	return server.Response{}, false
}

func (e webExt) Stream(_ context.Context, _ *runtime.Runtime, req *server.Request) (*server.Stream, server.Response, bool) {
	if req.Path != webchat.EventsPath {
		return nil, server.Response{}, false
	}
	resp, run := e.svc.EventsRequest(req.Header("origin"), req.Host, conversationParam(req.Query))
	if run == nil {
		return nil, toServer(resp), true
	}
	return &server.Stream{Headers: toKV(resp.Headers), Run: func(ctx context.Context, w *bufio.Writer) error {
		return run(ctx, w, w.Flush)
	}}, server.Response{}, true
}

// Reply delivers a message of the team into a web chat conversation: its
// history and the widgets open on it.
func (e webExt) Reply(ctx context.Context, conversation, text string) error {
	return e.svc.Push(ctx, conversation, webchat.Message{Role: webchat.RoleStaff, Text: text})
}

func (e webExt) AfterTurn(ctx context.Context, _ *runtime.Runtime, _ string, ev abi.Event, res abi.Result) {
	if err := e.svc.RecordTurn(ctx, &ev, &res); err != nil {
		e.log.Error("web chat history", "conversation", ev.Conversation, "err", err)
	}
}

func conversationParam(q string) string {
	v, _ := url.ParseQuery(q)
	return v.Get("conversation")
}

func toKV(hs []webchat.Header) []server.KV {
	out := make([]server.KV, len(hs))
	for i, h := range hs {
		out[i] = server.KV{Key: h.Name, Value: h.Value}
	}
	return out
}

func toServer(r webchat.Response) server.Response {
	return server.Response{Status: r.Status, ContentType: r.ContentType, Headers: toKV(r.Headers), Body: r.Body}
}

// businessPage is the page served at / for a business other than the demo:
// its name, address and phone, and the chat widget.
func businessPage(b *business.Business) []byte {
	lang := b.DefaultLanguage()
	esc := html.EscapeString
	var sb strings.Builder
	sb.WriteString("<!doctype html>\n<html lang=\"" + esc(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	sb.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	sb.WriteString("<title>" + esc(b.Name()) + "</title>\n")
	// An icon in the page: a browser does not then ask for /favicon.ico,
	// which the server does not have.
	sb.WriteString("<link rel=\"icon\" href=\"" + pageIcon + "\">\n")
	sb.WriteString("<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}</style>\n</head>\n<body>\n")
	sb.WriteString("<h1>" + esc(b.Name()) + "</h1>\n")
	if a := b.Config.Address.In(lang, lang); a != "" {
		sb.WriteString("<p>" + esc(a) + "</p>\n")
	}
	if p := b.Phone(); p != "" {
		// Written as the assistant writes it, dialled as E.164.
		written := prompts.WrittenPhone(p, lang, validate.PhoneRegion(p))
		sb.WriteString("<p><a href=\"tel:" + esc(p) + "\">" + esc(written) + "</a></p>\n")
	}
	chat := "Write to us with the chat button below."
	if lang == "fr" {
		chat = "Écrivez-nous avec le bouton de discussion ci-dessous."
	}
	sb.WriteString("<p>" + chat + "</p>\n<script src=\"/widget.js\" defer></script>\n</body>\n</html>\n")
	return []byte(sb.String())
}

// pageIcon is the business page's icon: the chat bubble of the widget,
// white on its default accent colour.
const pageIcon = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E" +
	"%3Crect width='32' height='32' rx='8' fill='%236b2f5b'/%3E%3Cpath d='M25 16a9 9 0 0 1-13 8l-6 1 1-5a9 9 0 1 1 18-4z' " +
	"fill='none' stroke='%23fff' stroke-width='2.5' stroke-linejoin='round'/%3E%3C/svg%3E"
