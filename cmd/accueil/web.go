package main

import (
	"bufio"
	"context"
	"log/slog"
	"net/url"
	"strings"

	"github.com/accueil-pme/accueil/engine/business"
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
