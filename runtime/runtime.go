package runtime

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/runtime/server"
	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// Engine is the conversation engine (engine.Engine implements it).
type Engine interface {
	Step(session []byte, ev engine.Event, now time.Time, cal engine.Calendar) (engine.Output, error)
}

// Plugin is a loaded channel plugin (pluginhost.Plugin implements it).
type Plugin interface {
	Manifest() pluginhost.Manifest
	Parse(ctx context.Context, req *abi.Request) (abi.ParseResult, error)
	Render(ctx context.Context, in *abi.RenderInput) (abi.Response, error)
}

// Business is what the runtime needs to know of the business it serves.
type Business struct {
	ID       string
	Name     string
	Language string
	// Greeting by language ("fr", "en").
	Greeting map[string]string
	// Phone is the handoff number in E.164.
	Phone    string
	Location *time.Location
}

// StaticFile is a file the host serves outside /api (the demo page, the widget).
type StaticFile struct {
	ContentType string
	Body        []byte
}

// Deps are the collaborators of a Runtime.
type Deps struct {
	Store    store.Store
	Engine   Engine
	Business Business
	Plugins  []Plugin
	Logger   *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Static maps paths ("/", "/widget.js") to files.
	Static map[string]StaticFile
	// Extensions handle routes of a mount before its plugin (the web chat's
	// event stream and history); may be nil.
	Extensions map[string]Extension
}

// Extension is host-side code attached to a plugin's mount.
type Extension interface {
	// Stream answers /api/{mount}/... event streams; ok false means "not mine".
	Stream(ctx context.Context, rt *Runtime, req *server.Request) (s *server.Stream, resp server.Response, ok bool)
	// Handle answers a request before the plugin sees it; ok false means "not mine".
	Handle(ctx context.Context, rt *Runtime, req *server.Request) (resp server.Response, ok bool)
	// AfterTurn is told of every message turn of the mount, in order.
	AfterTurn(ctx context.Context, rt *Runtime, session string, ev abi.Event, res abi.Result)
}

// Replier is an Extension that can deliver a message of the business's
// team into one of its conversations (the web chat: its history and open
// widgets), for POST /admin/api/reply.
type Replier interface {
	Reply(ctx context.Context, conversation, text string) error
}

// Runtime runs turns. It implements server.Dispatcher. Safe for concurrent use.
type Runtime struct {
	cfg     Config
	store   store.Store
	engine  Engine
	biz     Business
	log     *slog.Logger
	now     func() time.Time
	byMount map[string]Plugin
	byName  map[string]Plugin
	mans    map[string]*pluginhost.Manifest // by mount, read once
	abiBiz  abi.Business                    // the business as plugins see it
	static  map[string]StaticFile
	ext     map[string]Extension
	metrics metrics
}

type metrics struct {
	requests   atomic.Int64
	turns      atomic.Int64
	duplicates atomic.Int64
	rejects    atomic.Int64
	failures   atomic.Int64
	turnErrors atomic.Int64
}

// New returns a runtime. The config is taken with its defaults.
func New(cfg Config, d Deps) (*Runtime, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("runtime: config: %w", err)
	}
	if d.Store == nil || d.Engine == nil {
		return nil, errors.New("runtime: a store and an engine are required")
	}
	if d.Business.ID == "" {
		return nil, errors.New("runtime: business id is empty")
	}
	if d.Business.Location == nil {
		d.Business.Location = time.UTC
	}
	rt := &Runtime{
		cfg: cfg, store: d.Store, engine: d.Engine, biz: d.Business, log: d.Logger, now: d.Now,
		byMount: map[string]Plugin{}, byName: map[string]Plugin{}, mans: map[string]*pluginhost.Manifest{},
		static: d.Static, ext: d.Extensions,
	}
	rt.abiBiz = rt.abiBusiness()
	if rt.log == nil {
		rt.log = slog.Default()
	}
	if rt.now == nil {
		rt.now = time.Now
	}
	var errs []error
	for _, p := range d.Plugins {
		m := p.Manifest()
		if other, dup := rt.byMount[m.Mount]; dup {
			errs = append(errs, fmt.Errorf("runtime: plugins %q and %q both mount /api/%s/", other.Manifest().Name, m.Name, m.Mount))
			continue
		}
		rt.byMount[m.Mount] = p
		rt.byName[m.Name] = p
		rt.mans[m.Mount] = &m
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return rt, nil
}

// Store returns the runtime's store.
func (rt *Runtime) Store() store.Store { return rt.store }

// Business returns the business served.
func (rt *Runtime) Business() Business { return rt.biz }

// Logger returns the runtime's logger.
func (rt *Runtime) Logger() *slog.Logger { return rt.log }

// Mounts lists the mounted plugins as mount → plugin name.
func (rt *Runtime) Mounts() map[string]string {
	m := make(map[string]string, len(rt.byMount))
	for mount, p := range rt.byMount {
		m[mount] = p.Manifest().Name
	}
	return m
}

// publicURL rebuilds the URL the provider called.
func (rt *Runtime) publicURL(req *server.Request) string {
	base, scheme, host := strings.TrimRight(rt.cfg.PublicURL, "/"), "", ""
	if rt.cfg.PublicURL == "" {
		scheme, host = req.Scheme, req.Host
		if rt.cfg.TrustProxy {
			if p := req.Header("x-forwarded-proto"); p != "" {
				scheme, _, _ = strings.Cut(p, ",")
				scheme = strings.ToLower(strings.TrimSpace(scheme)) // "HTTPS" from some proxies
			}
			if h := req.Header("x-forwarded-host"); h != "" {
				host, _, _ = strings.Cut(h, ",")
				host = strings.TrimSpace(host)
			}
		}
	}
	// The path as the provider sent it: it signs the URL it called.
	path := req.RawPath
	if path == "" {
		path = req.Path
	}
	var b strings.Builder
	b.Grow(len(base) + len(scheme) + len("://") + len(host) + len(path) + 1 + len(req.Query))
	if rt.cfg.PublicURL != "" {
		b.WriteString(base)
	} else {
		b.WriteString(scheme)
		b.WriteString("://")
		b.WriteString(host)
	}
	b.WriteString(path)
	if req.Query != "" {
		b.WriteByte('?')
		b.WriteString(req.Query)
	}
	return b.String()
}

// abiRequest is req as the plugin of manifest m receives it: with the
// headers its manifest lists, or all of them, appended to hs.
func (rt *Runtime) abiRequest(req *server.Request, m *pluginhost.Manifest, hs []abi.KV) abi.Request {
	want := len(req.Headers)
	if m.Headers != nil {
		want = min(want, len(m.Headers)) // but for a header sent twice
	}
	hs = slices.Grow(hs, want)
	for _, h := range req.Headers {
		if m.WantsHeader(h.Key) {
			hs = append(hs, abi.KV{Key: h.Key, Value: h.Value})
		}
	}
	return abi.Request{
		Method: req.Method, Path: req.Path, Query: req.Query, PublicURL: rt.publicURL(req),
		Headers: hs, Body: req.Body, ReceivedUnixMilli: req.Received.UnixMilli(), RemoteAddr: req.RemoteAddr,
	}
}

// heldHeaders lists, comma-separated, the headers of req that the
// manifest's list kept from the plugin, but for those every request has.
func heldHeaders(req *server.Request, m *pluginhost.Manifest) string {
	var held []string
	for _, h := range req.Headers {
		switch h.Key {
		case "host", "content-length", "user-agent", "accept", "accept-encoding", "connection", "expect":
			continue
		}
		if !m.WantsHeader(h.Key) && !slices.Contains(held, h.Key) {
			held = append(held, h.Key)
		}
	}
	return strings.Join(held, ",")
}

// abiBusiness is computed once, by New.
func (rt *Runtime) abiBusiness() abi.Business {
	b := rt.biz
	attrs := make([]abi.KV, 0, len(b.Greeting))
	for _, lang := range slices.Sorted(maps.Keys(b.Greeting)) {
		attrs = append(attrs, abi.KV{Key: "greeting." + lang, Value: b.Greeting[lang]})
	}
	return abi.Business{ID: b.ID, Name: b.Name, Language: b.Language, Greeting: b.Greeting[b.Language],
		Phone: b.Phone, TimeZone: b.Location.String(), Attrs: attrs}
}

// Plugin implements server.Dispatcher: one provider request, end to end.
func (rt *Runtime) Plugin(ctx context.Context, mount string, req *server.Request) (server.Response, bool) {
	p, ok := rt.byMount[mount]
	if !ok {
		return server.Response{}, false
	}
	rt.metrics.requests.Add(1)
	if ext := rt.ext[mount]; ext != nil {
		if resp, ok := ext.Handle(ctx, rt, req); ok {
			return resp, true
		}
	}
	m := rt.mans[mount]
	if !m.AllowsMethod(req.Method) {
		rt.metrics.rejects.Add(1)
		allow := m.Allow()
		resp := jsonError(405, "method "+req.Method+" not allowed at /api/"+mount+"/: use "+allow)
		resp.Headers = []server.KV{{Key: "Allow", Value: allow}}
		return resp, true
	}
	if !m.AllowsBody(len(req.Body)) {
		rt.metrics.rejects.Add(1)
		return jsonError(413, fmt.Sprintf("request body of %d bytes is larger than /api/%s/ accepts (%d bytes)", len(req.Body), mount, m.MaxBodyBytes)), true
	}
	// The request is parsed, then rendered with the turns' results. The
	// headers a manifest lists (a few) and the result of a request's only
	// event (most requests have one) are allocated with the render input.
	var r struct {
		in      abi.RenderInput
		headers [4]abi.KV
		one     [1]abi.Result
	}
	in := &r.in
	in.Request, in.Business = rt.abiRequest(req, m, r.headers[:0]), rt.abiBiz
	parsed, err := p.Parse(ctx, &in.Request)
	if err != nil {
		return rt.pluginFailure(*m, "parse", err), true
	}
	if rj := parsed.Reject; rj != nil {
		rt.metrics.rejects.Add(1)
		status := rj.Status
		if status < 400 || status > 599 {
			// A plugin's bug: say it once per request, with the way to
			// answer another status.
			rt.log.Warn("plugin rejected with a status outside 400-599; answered 400 instead (a reject is a refusal: to answer a redirect or a success without a turn, return no events and set the status in Render)",
				"plugin", m.Name, "status", rj.Status)
			status = 400
		}
		level := slog.LevelInfo
		if status == 401 || status == 403 {
			level = slog.LevelWarn // a bad signature: a misconfiguration or someone posing as the provider
		}
		attrs := []any{"plugin", m.Name, "status", status, "reason", rj.Message, "remote", req.RemoteIP}
		if held := heldHeaders(req, m); level == slog.LevelWarn && held != "" {
			// A signature header the manifest forgot to list looks like no
			// signature at all: say what the plugin did not see.
			attrs = append(attrs, "headers_not_passed", held,
				"hint", "the plugin receives only the headers its manifest lists in \"headers\"")
		}
		rt.log.Log(ctx, level, "request refused by plugin", attrs...)
		return rejectResponse(m, status, rj), true
	}
	if err := abi.CheckEvents(parsed.Events); err != nil {
		// A plugin's bug (a forgotten Conversation would merge every
		// customer into one conversation): its fallback, and the log says
		// what to fix.
		return rt.pluginFailure(*m, "parse", err), true
	}
	results := r.one[:]
	if len(parsed.Events) != len(results) {
		results = make([]abi.Result, len(parsed.Events))
	}
	for i := range parsed.Events {
		results[i] = rt.handleEvent(ctx, m.Name, mount, &parsed.Events[i], parsed.Verified)
	}
	in.Events, in.Results = parsed.Events, results
	m.TrimRenderInput(in) // parsed.Events are not used after this
	rctx := ctx
	if ctx.Err() != nil {
		// The turn used up the request's time (a store that stopped
		// answering): its answer, the apology, is rendered all the same,
		// within the plugin's own deadline. A fallback would be a 500, whose
		// body Twilio drops.
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), renderGrace)
		defer cancel()
	}
	resp, err := p.Render(rctx, in)
	if err != nil {
		return rt.pluginFailure(*m, "render", err), true
	}
	out := server.Response{Status: resp.Status, ContentType: resp.ContentType, Body: resp.Body}
	if len(resp.Headers) > 0 {
		out.Headers = make([]server.KV, 0, len(resp.Headers))
	}
	for _, h := range resp.Headers {
		out.Headers = append(out.Headers, server.KV{Key: h.Key, Value: h.Value})
	}
	return out, true
}

// renderGrace bounds the render of a turn that used up its request's time,
// waiting for an instance included.
const renderGrace = 2 * time.Second

// rejectResponse is the host's answer to a plugin's refusal: the status,
// a JSON error body and the plugin's headers. A 405 without an Allow header
// gets the manifest's methods, if it lists any.
func rejectResponse(m *pluginhost.Manifest, status int, rj *abi.Reject) server.Response {
	msg := rj.Message
	if strings.TrimSpace(msg) == "" {
		msg = strings.ToLower(http.StatusText(status)) + " (the " + m.Name + " plugin gave no reason)"
	}
	resp := jsonError(status, msg)
	hasAllow := false
	for _, h := range rj.Headers {
		switch {
		case strings.EqualFold(h.Key, "Content-Type"), strings.EqualFold(h.Key, "Content-Length"):
			continue // the host's body, the host's framing
		case strings.EqualFold(h.Key, "Allow"):
			hasAllow = true
		}
		resp.Headers = append(resp.Headers, server.KV{Key: h.Key, Value: h.Value})
	}
	if allow := m.Allow(); status == 405 && !hasAllow && allow != "" {
		resp.Headers = append(resp.Headers, server.KV{Key: "Allow", Value: allow})
	}
	return resp
}

// pluginFailure answers for a plugin that failed: the manifest's fallback
// body (a TwiML apology for Twilio) with a 500.
func (rt *Runtime) pluginFailure(m pluginhost.Manifest, fn string, err error) server.Response {
	rt.metrics.failures.Add(1)
	rt.log.Error("plugin failed", "plugin", m.Name, "func", fn, "err", err)
	if m.Fallback.Body != "" {
		st := m.Fallback.Status
		if st == 0 {
			st = 500
		}
		return server.Response{Status: st, ContentType: m.Fallback.ContentType, Body: []byte(m.Fallback.Body)}
	}
	return jsonError(500, "the "+m.Name+" plugin failed; the error is in the server log")
}

func jsonError(status int, msg string) server.Response {
	b, _ := json.Marshal(map[string]string{"error": msg})
	return server.Response{Status: status, ContentType: "application/json", Body: b}
}

// handleEvent runs one event: an engine turn for what a customer said or did,
// a stored record for delivery statuses and call reports.
func (rt *Runtime) handleEvent(ctx context.Context, channel, mount string, ev *abi.Event, verified bool) abi.Result {
	switch ev.Kind {
	case abi.KindMessage, abi.KindSessionStart, abi.KindToolCall:
		res := rt.turn(ctx, channel, ev, verified)
		if ext := rt.ext[mount]; ext != nil && res.Error == "" {
			ext.AfterTurn(ctx, rt, channel+":"+ev.Conversation, *ev, res)
		}
		return res
	case abi.KindStatus:
		if ev.Status == "failed" || ev.Status == "undelivered" {
			rt.log.Warn("a reply was not delivered", undeliveredAttrs(channel, ev)...)
		}
		if err := rt.recordStatus(ctx, channel, ev); err != nil {
			rt.log.Error("store delivery status", "channel", channel, "id", ev.ID, "err", err)
		}
		rt.callStatus(ctx, channel, ev)
		return abi.Result{}
	case abi.KindCallEnd:
		if err := rt.endCall(ctx, channel, ev); err != nil {
			rt.log.Error("store call report", "channel", channel, "id", ev.Conversation, "err", err)
			return abi.Result{Error: "could not store the call report"}
		}
		return abi.Result{}
	default:
		return abi.Result{}
	}
}

// SessionKey is the store key of a conversation on a channel.
func SessionKey(channel, conversation string) string {
	var b strings.Builder
	b.Grow(len(channel) + 1 + len(conversation))
	writeSessionKey(&b, channel, conversation)
	return b.String()
}

// DedupeKey is the store's dedupe key of an event that carries a provider
// id: the channel, the event's kind, its conversation and its id. The
// conversation is part of it so that a request reusing another
// conversation's message id (a forged or mistaken one, on a webhook without
// a signature check) is a turn of its own, never a "retry" that would be
// answered with the other customer's stored reply.
func DedupeKey(channel string, ev *abi.Event) string {
	var b strings.Builder
	b.Grow(len(channel) + len(ev.Kind) + len(ev.Conversation) + len(ev.ID) + 3)
	writeDedupeKey(&b, channel, ev)
	return b.String()
}

// writeSessionKey writes SessionKey(channel, conversation) to b.
func writeSessionKey(b *strings.Builder, channel, conversation string) {
	b.WriteString(channel)
	b.WriteByte(':')
	b.WriteString(conversation)
}

// writeDedupeKey writes DedupeKey(channel, ev) to b.
func writeDedupeKey(b *strings.Builder, channel string, ev *abi.Event) {
	b.WriteString(channel)
	b.WriteByte(':')
	b.WriteString(ev.Kind)
	b.WriteByte(':')
	b.WriteString(ev.Conversation)
	b.WriteByte(':')
	b.WriteString(ev.ID)
}

// turnKeys returns SessionKey(channel, ev.Conversation) and, for an event
// with an id, DedupeKey(channel, ev), both in one allocation.
func turnKeys(channel string, ev *abi.Event) (session, dedupe string) {
	if ev.ID == "" {
		return SessionKey(channel, ev.Conversation), ""
	}
	var b strings.Builder
	b.Grow(2*len(channel) + 2*len(ev.Conversation) + len(ev.Kind) + len(ev.ID) + 4)
	writeSessionKey(&b, channel, ev.Conversation)
	n := b.Len()
	writeDedupeKey(&b, channel, ev)
	keys := b.String()
	return keys[:n], keys[n:]
}

// Turn runs one engine turn for an event in the store's turn transaction and
// returns its result. A provider retry (same event id) returns the stored
// result and changes nothing.
//
// The event's From is taken as the channel's proof of the customer's phone,
// as from a plugin that checked its provider's signature (the terminal
// chat's --as).
func (rt *Runtime) Turn(ctx context.Context, channel string, ev *abi.Event) abi.Result {
	return rt.turn(ctx, channel, ev, true)
}

// turn is Turn for an event of a request the plugin did or did not
// authenticate (ParseResult.Verified): an unverified From opens no
// bookings (engine.Event.Unverified).
func (rt *Runtime) turn(ctx context.Context, channel string, ev *abi.Event, verified bool) abi.Result {
	session, dedupe := turnKeys(channel, ev)
	now := rt.now()
	// What the turn function sets and reads, in one variable: a closure's
	// captured variables are allocated one by one.
	var t struct {
		ev      engine.Event
		cal     calendar // passed as &t.cal: no allocation for the interface
		fresh   abi.Result
		effects engine.Effects
	}
	t.ev = engine.Event{
		Kind: ev.Kind, ID: ev.ID, Channel: channel, Session: session, From: ev.From, Name: ev.Name,
		Text: ev.Text, Payload: ev.Payload, Language: ev.Language, Unverified: !verified,
	}
	if ev.Tool != nil {
		t.ev.ToolName, t.ev.ToolArgs = ev.Tool.Name, ev.Tool.Arguments
	}
	t.ev.Attachment = attachmentOf(ev)
	tr, err := rt.store.Turn(ctx, store.TurnKey{Business: rt.biz.ID, Session: session, Dedupe: dedupe, Now: now},
		func(v store.View) (w store.Writes, err error) {
			defer func() {
				// A bug in the engine costs this turn, never the host.
				if p := recover(); p != nil {
					err = fmt.Errorf("engine panic: %v\n%s", p, debug.Stack())
				}
			}()
			prev, err := v.Session()
			if err != nil {
				return store.Writes{}, fmt.Errorf("read session: %w", err)
			}
			t.cal = calendar{v}
			out, err := rt.engine.Step(prev, t.ev, now, &t.cal)
			if err != nil {
				return store.Writes{}, fmt.Errorf("engine step: %w", err)
			}
			t.fresh = resultOf(out, rt.biz.Language)
			t.effects = out.Effects
			if ev.Kind == abi.KindSessionStart {
				// A call's assistant is told the date, so that the dates it
				// passes to the tools are this year's.
				loc := rt.biz.Location
				if loc == nil {
					loc = time.UTC
				}
				t.fresh.Attrs = append(t.fresh.Attrs, abi.KV{Key: "today", Value: now.In(loc).Format("2006-01-02 Monday")})
			}
			t.fresh.TurnUnixMilli = now.UnixMilli()
			w = writesOf(out, session, now, prev == nil)
			w.Reply = abi.AppendResult(nil, &t.fresh)
			return w, nil
		})
	if err != nil {
		rt.metrics.turns.Add(1)
		rt.metrics.turnErrors.Add(1)
		rt.log.Error("turn failed", "session", session, "event", ev.ID, "err", err)
		return abi.Result{Error: "turn failed"}
	}
	if tr.Duplicate {
		// A provider's retry: answered from the stored reply, no engine turn.
		rt.metrics.duplicates.Add(1)
		stored, err := abi.DecodeResult(tr.Reply)
		if err != nil {
			rt.log.Error("decode stored reply", "session", session, "event", ev.ID, "err", err)
			return abi.Result{Error: "stored reply unreadable"}
		}
		return stored
	}
	rt.metrics.turns.Add(1)
	rt.logEffects(ctx, session, &t.effects)
	return t.fresh
}

// logEffects writes what a committed turn changed for the team to see in
// the server's log: bookings made and cancelled, conversations handed over.
func (rt *Runtime) logEffects(ctx context.Context, session string, fx *engine.Effects) {
	if !rt.log.Enabled(ctx, slog.LevelInfo) {
		return
	}
	for i := range fx.Book {
		b := &fx.Book[i]
		rt.log.Info("booking made", "ref", b.ID, "service", b.Service, "staff", b.Staff,
			"start", b.Start.Format(time.RFC3339), "name", b.Customer.Name, "session", session)
	}
	for _, ref := range fx.Cancel {
		rt.log.Info("booking cancelled", "ref", ref, "session", session)
	}
	if h := fx.Handoff; h != nil && !h.FollowUp {
		rt.log.Info("conversation handed over to the team", "reason", h.Reason, "phone", h.Phone,
			"until", h.Until.Format(time.RFC3339), "session", session)
	}
}

// attachmentOf names what came with a message besides its text.
func attachmentOf(ev *abi.Event) string {
	if ev.Location != nil {
		return "location"
	}
	if len(ev.Media) == 0 {
		return ""
	}
	kind, _, _ := strings.Cut(ev.Media[0].ContentType, "/")
	switch kind {
	case "audio", "image", "video":
		return kind
	}
	return "document"
}

// resultOf is the engine's output as the plugin renders it. The
// conversation's language is in Attrs when it is not the business's (a
// call's assistant then speaks it). While the team has the conversation
// and the assistant stays silent (a paused handoff, and every message
// written during it), Attrs has "handoff_until", the pause's end in
// RFC 3339 (UTC): a chat widget can tell why a reply is empty.
func resultOf(out engine.Output, defaultLang string) abi.Result {
	r := abi.Result{ToolResult: out.ToolResult, ToolError: out.ToolError}
	if len(out.Replies) > 0 {
		r.Replies = make([]abi.Reply, 0, len(out.Replies))
	}
	for _, rp := range out.Replies {
		ar := abi.Reply{Text: rp.Text, Speech: rp.Speech}
		if len(rp.Choices) > 0 {
			ar.Choices = make([]abi.Choice, 0, len(rp.Choices))
		}
		for _, c := range rp.Choices {
			ar.Choices = append(ar.Choices, abi.Choice{ID: c.ID, Label: c.Label})
		}
		r.Replies = append(r.Replies, ar)
	}
	if h := out.Effects.Handoff; h != nil && !h.FollowUp {
		r.Handoff = h.Phone
	}
	if out.Language != "" && out.Language != defaultLang {
		r.Attrs = append(r.Attrs, abi.KV{Key: "language", Value: out.Language})
	}
	if h := out.Effects.Handoff; h != nil && h.Paused && !h.Until.IsZero() {
		r.Attrs = append(r.Attrs, abi.KV{Key: "handoff_until", Value: h.Until.UTC().Format(time.RFC3339)})
	}
	return r
}

// writesOf turns the engine's output into the turn's writes. The session's
// outcome record (read when a call ends) is written when it changes:
// "answered" only by the session's first turn, as it is the least of the
// three and every turn would otherwise rewrite it.
func writesOf(out engine.Output, session string, now time.Time, firstTurn bool) store.Writes {
	e := out.Effects
	w := store.Writes{Session: out.Session, Exchange: out.Exchange, Cancel: e.Cancel, SetHolds: e.SetHolds}
	for _, b := range e.Book {
		w.Book = append(w.Book, toStoreBooking(b))
	}
	for _, h := range e.Holds {
		w.Holds = append(w.Holds, store.Hold{Staff: h.Staff, Start: h.Start, End: h.End, Session: h.Session, Expires: h.Expires})
	}
	if c := e.Customer; c != nil {
		w.Customer = &store.Customer{Phone: c.Phone, Name: c.Name, Language: c.Language}
	}
	// The outcome and its record's kind, a constant: no concatenation.
	outcome, kind := "answered", "outcome.answered"
	if len(e.Book) > 0 {
		outcome, kind = "booked", "outcome.booked"
	}
	if h := e.Handoff; h != nil {
		outcome, kind = "handed_off", "outcome.handed_off"
		// One record per handoff, keyed by the end of its pause: messages
		// written during the pause (FollowUp) update its transcript.
		id := session + "@" + h.Until.UTC().Truncate(time.Second).Format(time.RFC3339)
		at := h.At
		if at.IsZero() {
			at = now
		}
		rec := HandoffJSON{Session: session, At: at.UTC(), Phone: h.Phone, Reason: h.Reason, Until: h.Until.UTC(), Transcript: h.Transcript,
			CustomerPhone: h.Customer}
		data, _ := json.Marshal(rec)
		w.Records = append(w.Records, store.Record{Kind: "handoff", ID: id, Session: session, At: rec.At, Data: data})
	}
	if r := e.WrongRefs; r != nil {
		data, _ := json.Marshal(wrongRefsJSON{Count: r.Count, Since: r.Since.UTC()})
		w.Records = append(w.Records, store.Record{Kind: wrongRefsKind, ID: r.Phone, Session: session, At: now, Data: data})
	}
	if outcome != "answered" || firstTurn {
		w.Records = append(w.Records, store.Record{Kind: kind, ID: session, Session: session, At: now, Data: []byte(outcome)})
	}
	return w
}

func toStoreBooking(b engine.Booking) store.Booking {
	return store.Booking{
		ID: b.ID, Service: b.Service, Staff: b.Staff, Start: b.Start, End: b.End, BlockEnd: b.BlockEnd,
		Status: b.Status, Channel: b.Channel, Session: b.Session, CreatedAt: b.CreatedAt, CancelledAt: b.CancelledAt,
		Customer: store.Customer{Phone: b.Customer.Phone, Name: b.Customer.Name, Language: b.Customer.Language},
	}
}

func toEngineBooking(b store.Booking) engine.Booking {
	return engine.Booking{
		ID: b.ID, Service: b.Service, Staff: b.Staff, Start: b.Start, End: b.End, BlockEnd: b.BlockEnd,
		Status: b.Status, Channel: b.Channel, Session: b.Session, CreatedAt: b.CreatedAt, CancelledAt: b.CancelledAt,
		Customer: engine.Customer{Phone: b.Customer.Phone, Name: b.Customer.Name, Language: b.Customer.Language},
	}
}

// calendar adapts a store.View to the engine's Calendar port.
type calendar struct{ v store.View }

func (c calendar) Bookings(from, to time.Time) ([]engine.Booking, error) {
	bs, err := c.v.Bookings(from, to)
	if err != nil {
		return nil, err
	}
	out := make([]engine.Booking, len(bs))
	for i, b := range bs {
		out[i] = toEngineBooking(b)
	}
	return out, nil
}

func (c calendar) Holds(from, to time.Time) ([]engine.Hold, error) {
	hs, err := c.v.Holds(from, to)
	if err != nil {
		return nil, err
	}
	out := make([]engine.Hold, len(hs))
	for i, h := range hs {
		out[i] = engine.Hold{Staff: h.Staff, Start: h.Start, End: h.End, Session: h.Session, Expires: h.Expires}
	}
	return out, nil
}

func (c calendar) CustomerBookings(phone string) ([]engine.Booking, error) {
	bs, err := c.v.CustomerBookings(phone)
	if err != nil {
		return nil, err
	}
	out := make([]engine.Booking, len(bs))
	for i, b := range bs {
		out[i] = toEngineBooking(b)
	}
	return out, nil
}

// Exchanges reads the session's exchange log. What each turn answered is
// its stored reply (the turn's abi.Result), read back as engine.AnswerOf
// reads an Output; a reply that does not decode leaves the answer empty
// (the customer's side of the transcript is still worth handing over).
func (c calendar) Exchanges() ([]engine.LoggedExchange, error) {
	log, err := c.v.Exchanges()
	if err != nil {
		return nil, err
	}
	out := make([]engine.LoggedExchange, len(log))
	for i, x := range log {
		out[i].Entry = x.Entry
		if len(x.Reply) == 0 {
			continue
		}
		if r, err := abi.DecodeResult(x.Reply); err == nil {
			out[i].Answer = r.ToolResult
			if len(r.Replies) > 0 {
				out[i].Answer = r.Replies[len(r.Replies)-1].Text
			}
		}
	}
	return out, nil
}

func (c calendar) BookingExists(id string) (bool, error) { return c.v.BookingExists(id) }

// wrongRefsKind is the kind of the records counting, per phone, the wrong
// booking references typed on channels that do not verify the phone.
const wrongRefsKind = "wrongrefs"

type wrongRefsJSON struct {
	Count int       `json:"count"`
	Since time.Time `json:"since"`
}

func (c calendar) WrongRefs(phone string) (engine.WrongRefs, error) {
	r, err := c.v.Record(wrongRefsKind, phone)
	if errors.Is(err, store.ErrNotFound) {
		return engine.WrongRefs{}, nil
	}
	if err != nil {
		return engine.WrongRefs{}, err
	}
	var w wrongRefsJSON
	if err := json.Unmarshal(r.Data, &w); err != nil {
		return engine.WrongRefs{}, nil // unreadable: counted afresh
	}
	return engine.WrongRefs{Phone: phone, Count: w.Count, Since: w.Since}, nil
}

func (c calendar) Customer(phone string) (engine.Customer, bool, error) {
	cu, err := c.v.Customer(phone)
	if errors.Is(err, store.ErrNotFound) {
		return engine.Customer{}, false, nil
	}
	if err != nil {
		return engine.Customer{}, false, err
	}
	return engine.Customer{Phone: cu.Phone, Name: cu.Name, Language: cu.Language}, true, nil
}

// statusRank orders delivery statuses: callbacks may arrive out of order and
// the most advanced state is kept.
var statusRank = map[string]int{
	"accepted": 1, "scheduled": 1, "queued": 2, "sending": 3, "sent": 4, "delivered": 5, "read": 6,
	"undelivered": 7, "failed": 7, "canceled": 7,
}

func (rt *Runtime) recordStatus(ctx context.Context, channel string, ev *abi.Event) error {
	if ev.ID == "" {
		return errors.New("status event without id")
	}
	kind := "delivery"
	id := channel + ":" + ev.ID
	attrs := map[string]string{}
	for _, kv := range ev.Attrs {
		attrs[kv.Key] = kv.Value
	}
	data, _ := json.Marshal(map[string]any{"status": ev.Status, "to": ev.To, "attrs": attrs})
	conv := ev.Conversation // the customer for a message status, the call for a call status
	if conv == "" {
		conv = ev.To
	}
	rec := store.Record{Kind: kind, ID: id, Session: SessionKey(channel, conv), At: rt.now(), Data: data}
	// "read" and "delivered" of one message often arrive together: the
	// comparison with the stored state and the write are one turn, whose
	// session (one byte, the stored status's rank) the store keeps
	// consistent across hosts, so the most advanced state is kept.
	rank := statusRank[ev.Status]
	_, err := rt.store.Turn(ctx, store.TurnKey{Business: rt.biz.ID, Session: kind + ":" + id, Now: rec.At}, func(v store.View) (store.Writes, error) {
		prev, err := v.Session()
		if err != nil {
			return store.Writes{}, err
		}
		if len(prev) == 1 && int(prev[0]) > rank {
			return store.Writes{}, nil
		}
		return store.Writes{Session: []byte{byte(rank)}, Records: []store.Record{rec}}, nil
	})
	return err
}

// CallRecord is what the host stores at the end of a call.
type CallRecord struct {
	CallID          string            `json:"call_id"`
	Channel         string            `json:"channel"`
	From            string            `json:"from,omitempty"`
	EndedReason     string            `json:"ended_reason,omitempty"`
	DurationSeconds string            `json:"duration_seconds,omitempty"`
	Transcript      string            `json:"transcript,omitempty"`
	Outcome         string            `json:"outcome"`
	Attrs           map[string]string `json:"attrs,omitempty"`
}

// abandoned reports whether a call that was answered ended without the
// caller saying anything (the plugin's caller_spoke) or in the middle of a
// task (a booking not confirmed).
func (rt *Runtime) abandoned(ctx context.Context, session string, ev *abi.Event) bool {
	if ev.Attr("caller_spoke") == "false" {
		return true
	}
	te, ok := rt.engine.(interface{ TaskUnderway([]byte) bool })
	if !ok {
		return false
	}
	st, err := rt.store.Session(ctx, rt.biz.ID, session)
	return err == nil && te.TaskUnderway(st)
}

func (rt *Runtime) recordCall(ctx context.Context, channel string, ev *abi.Event) error {
	session := SessionKey(channel, ev.Conversation)
	outcome := "abandoned"
	for _, o := range []string{"booked", "handed_off", "answered"} {
		_, err := rt.store.Record(ctx, rt.biz.ID, "outcome."+o, session)
		if err == nil {
			outcome = o
			break
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	if outcome == "answered" && rt.abandoned(ctx, session, ev) {
		outcome = "abandoned"
	}
	rec := CallRecord{CallID: ev.Conversation, Channel: channel, From: ev.From, EndedReason: ev.Status,
		DurationSeconds: ev.Attr("duration_seconds"), Transcript: ev.Text, Outcome: outcome, Attrs: map[string]string{}}
	for _, kv := range ev.Attrs {
		rec.Attrs[kv.Key] = kv.Value
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return rt.store.PutRecord(ctx, rt.biz.ID, store.Record{Kind: "call", ID: ev.Conversation, Session: session, At: rt.now(), Data: data})
}

// PluginHealth implements server.Dispatcher.
func (rt *Runtime) PluginHealth(ctx context.Context, mount string) (server.Response, bool) {
	p, ok := rt.byMount[mount]
	if !ok {
		return server.Response{}, false
	}
	m := p.Manifest()
	body := map[string]any{"status": "ok", "plugin": m.Name, "mount": m.Mount, "business": rt.biz.ID}
	if s, ok := p.(interface{ Stats() pluginhost.Stats }); ok {
		body["stats"] = s.Stats()
	}
	b, _ := json.Marshal(body)
	return server.Response{Status: 200, ContentType: "application/json", Body: b}, true
}

// Stream implements server.Dispatcher.
func (rt *Runtime) Stream(ctx context.Context, mount string, req *server.Request) (*server.Stream, server.Response, bool) {
	if ext := rt.ext[mount]; ext != nil {
		return ext.Stream(ctx, rt, req)
	}
	return nil, server.Response{}, false
}

// Static implements server.Dispatcher.
func (rt *Runtime) Static(req *server.Request) (server.Response, bool) {
	f, ok := rt.static[req.Path]
	if !ok {
		return server.Response{}, false
	}
	return server.Response{Status: 200, ContentType: f.ContentType, Body: f.Body,
		Headers: []server.KV{{Key: "Cache-Control", Value: "public, max-age=300"}}}, true
}

// Health implements server.Dispatcher: the store's health.
func (rt *Runtime) Health() error {
	if err := rt.store.Health(); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// Metrics implements server.Dispatcher (Prometheus text format).
func (rt *Runtime) Metrics() []byte {
	m := &rt.metrics
	var b strings.Builder
	line := func(name, help string, v int64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
	}
	line("accueil_plugin_requests_total", "Requests routed to plugins.", m.requests.Load())
	line("accueil_turns_total", "Engine turns run.", m.turns.Load())
	line("accueil_turn_duplicates_total", "Provider retries answered from the stored reply.", m.duplicates.Load())
	line("accueil_turn_errors_total", "Turns that failed.", m.turnErrors.Load())
	line("accueil_plugin_rejects_total", "Requests refused by a plugin (bad signature, malformed).", m.rejects.Load())
	line("accueil_plugin_failures_total", "Plugin calls that trapped, timed out or errored.", m.failures.Load())
	// Per plugin, from the plugin host's counters.
	names := slices.Sorted(maps.Keys(rt.byName))
	for _, c := range []struct {
		name, help string
		get        func(pluginhost.Stats) uint64
	}{
		{"accueil_plugin_calls_total", "Parse and render calls that reached a plugin instance.", func(s pluginhost.Stats) uint64 { return s.Calls }},
		{"accueil_plugin_guest_errors_total", "Errors a plugin reported (its error flag, or a response without a valid status).", func(s pluginhost.Stats) uint64 { return s.GuestErrors }},
		{"accueil_plugin_traps_total", "Plugin calls that trapped or broke the ABI.", func(s pluginhost.Stats) uint64 { return s.Traps }},
		{"accueil_plugin_timeouts_total", "Plugin calls that outlived the manifest's timeout_ms.", func(s pluginhost.Stats) uint64 { return s.Timeouts }},
		{"accueil_plugin_recycled_total", "Plugin instances discarded and replaced (after a failure, a call count, or memory growth).", func(s pluginhost.Stats) uint64 { return s.Recycled }},
	} {
		header := false
		for _, n := range names {
			sp, ok := rt.byName[n].(interface{ Stats() pluginhost.Stats })
			if !ok {
				continue
			}
			if !header {
				fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s counter\n", c.name, c.help, c.name)
				header = true
			}
			fmt.Fprintf(&b, "%s{plugin=%q} %d\n", c.name, n, c.get(sp.Stats()))
		}
	}
	if st, ok := rt.store.(interface{ CommitStats() store.CommitStats }); ok {
		s := st.CommitStats()
		line("accueil_store_commits_total", "Durable commits (one disk sync each) of grouped turns.", s.Commits)
		line("accueil_store_committed_total", "Turns and other writes committed; divided by commits, the mean group size.", s.Turns)
		line("accueil_store_retries_total", "Turn attempts that conflicted with another and ran again.", s.Retries)
	}
	return []byte(b.String())
}

// Admin implements server.Dispatcher: the operator API.
func (rt *Runtime) Admin(ctx context.Context, req *server.Request) server.Response {
	if rt.cfg.Admin.Token == "" {
		return jsonError(404, "not found: the admin API is off (set admin.token to turn it on)")
	}
	auth := req.Header("authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(rt.cfg.Admin.Token)) != 1 {
		return server.Response{Status: 401, ContentType: "application/json",
			Headers: []server.KV{{Key: "WWW-Authenticate", Value: `Bearer realm="accueil-admin"`}},
			Body:    []byte(`{"error":"missing or wrong admin token (Authorization: Bearer <admin.token>)"}`)}
	}
	switch req.Path {
	case "/admin/api/bookings":
		if req.Method != "GET" {
			return jsonError(405, "use GET")
		}
		return rt.adminBookings(ctx, req)
	case "/admin/api/calls":
		if req.Method != "GET" {
			return jsonError(405, "use GET")
		}
		return rt.adminRecords(ctx, "call")
	case "/admin/api/handoffs":
		if req.Method != "GET" {
			return jsonError(405, "use GET")
		}
		return rt.adminRecords(ctx, "handoff")
	case "/admin/api/reply":
		if req.Method != "POST" {
			return jsonError(405, "use POST")
		}
		return rt.adminReply(ctx, req)
	}
	return jsonError(404, "not found: "+req.Path)
}
