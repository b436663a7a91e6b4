package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
)

// KV is a header or setting.
type KV struct {
	Key   string
	Value string
}

// Request is what the server hands the Dispatcher: owned copies, valid after
// the handler returns.
type Request struct {
	Method string
	// Path is the request path, e.g. "/api/whatsapp/webhook", cleaned up
	// (no "//", "." or escapes): what routes the request.
	Path string
	// RawPath is the path exactly as the client sent it, which signature
	// schemes sign ("//api/whatsapp/webhook" from a base URL ending in
	// "/"); most often the same string as Path.
	RawPath string
	// Query is the raw query string, without "?".
	Query string
	// Host is the Host header.
	Host string
	// Scheme is "http" or "https" as seen by this server (TLS is usually
	// terminated in front of it).
	Scheme string
	// Headers holds every header, names in lower case.
	Headers    []KV
	Body       []byte
	RemoteAddr string
	RemoteIP   string
	Received   time.Time
}

// Header returns the first value of a header (name in lower case), or "".
func (r *Request) Header(name string) string {
	for _, kv := range r.Headers {
		if kv.Key == name {
			return kv.Value
		}
	}
	return ""
}

// Response is what the Dispatcher answers.
type Response struct {
	Status      int
	ContentType string
	Headers     []KV
	Body        []byte
}

// Stream is a long-lived answer (server-sent events). Run writes to w until
// ctx ends or it returns; each Flush sends what was written so far.
type Stream struct {
	Headers []KV
	Run     func(ctx context.Context, w *bufio.Writer) error
}

// Dispatcher is what the server calls. Implementations must be safe for
// concurrent use.
type Dispatcher interface {
	// Plugin handles /api/{mount}/... except health. found is false when no
	// plugin has that mount.
	Plugin(ctx context.Context, mount string, req *Request) (resp Response, found bool)
	// PluginHealth answers /api/{mount}/health.
	PluginHealth(ctx context.Context, mount string) (resp Response, found bool)
	// Stream answers long-lived requests (server-sent events); ok is false
	// when the request is not a stream.
	Stream(ctx context.Context, mount string, req *Request) (s *Stream, resp Response, ok bool)
	// Admin handles /admin/... .
	Admin(ctx context.Context, req *Request) Response
	// Static answers GET requests outside /api and /admin; found is false for 404.
	Static(req *Request) (resp Response, found bool)
	// Metrics writes the Prometheus text exposition.
	Metrics() []byte
	// Health returns nil while turns can be taken, and otherwise why not:
	// GET /health then answers 503 with it.
	Health() error
}

// Config of the server. Zero values are documented per field.
type Config struct {
	// Addr to listen on; "" means ":8000".
	Addr string
	// MaxBodyBytes caps request bodies; 0 means 1 MiB.
	MaxBodyBytes int
	// ReadTimeout for a whole request; 0 means 30s.
	ReadTimeout time.Duration
	// TurnTimeout bounds one request's work (to within 10 ms: requests
	// share coarse deadlines); 0 means 14s (Twilio gives 15s).
	TurnTimeout time.Duration
	// MaxConcurrency bounds requests served at once; 0 means 4096.
	MaxConcurrency int
	Logger         *slog.Logger
}

// Server is the HTTP server. Create it with [New].
type Server struct {
	cfg      Config
	d        Dispatcher
	srv      *fasthttp.Server
	log      *slog.Logger
	ln       net.Listener
	baseCtx  context.Context
	cancel   context.CancelFunc
	inflight atomic.Int64
	turnCtx  *deadlines // the contexts bounding requests' work

	shutdownOnce sync.Once
	shutdownErr  error
}

// New returns a server that dispatches to d.
func New(cfg Config, d Dispatcher) *Server {
	if cfg.Addr == "" {
		cfg.Addr = ":8000"
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = 30 * time.Second
	}
	if cfg.TurnTimeout == 0 {
		cfg.TurnTimeout = 14 * time.Second
	}
	if cfg.MaxConcurrency == 0 {
		cfg.MaxConcurrency = 4096
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, d: d, log: cfg.Logger, turnCtx: newDeadlines(cfg.TurnTimeout)}
	s.baseCtx, s.cancel = context.WithCancel(context.Background())
	s.srv = &fasthttp.Server{
		Handler:                       s.handle,
		Name:                          "accueil",
		MaxRequestBodySize:            cfg.MaxBodyBytes,
		ReadTimeout:                   cfg.ReadTimeout,
		IdleTimeout:                   2 * time.Minute,
		Concurrency:                   cfg.MaxConcurrency,
		DisableHeaderNamesNormalizing: false,
		NoDefaultDate:                 false,
		CloseOnShutdown:               true,
		ErrorHandler:                  s.errorHandler,
		Logger:                        fasthttpLogger{s.log},
	}
	return s
}

// Listen binds the configured address; Serve then serves on it. Splitting the
// two lets callers learn the bound address (Addr) before serving.
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("server: listen on %s: %w", s.cfg.Addr, err)
	}
	s.ln = ln
	return nil
}

// Addr returns the bound address, after Listen.
func (s *Server) Addr() string {
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Serve serves until Shutdown. It returns nil after a clean shutdown.
func (s *Server) Serve() error {
	if s.ln == nil {
		if err := s.Listen(); err != nil {
			return err
		}
	}
	return s.srv.Serve(s.ln)
}

// ServeListener serves on ln (tests use an in-memory or loopback listener).
func (s *Server) ServeListener(ln net.Listener) error {
	s.ln = ln
	return s.srv.Serve(ln)
}

// Shutdown stops accepting connections and waits for in-flight requests, or
// for ctx to end. Open event streams are told to end.
// Calling it again returns the first call's result.
func (s *Server) Shutdown(ctx context.Context) error {
	s.shutdownOnce.Do(func() {
		s.cancel()
		if s.ln == nil { // never served: nothing to wait for
			return
		}
		if err := s.srv.ShutdownWithContext(ctx); err != nil {
			s.shutdownErr = fmt.Errorf("server: shutdown: %w", err)
		}
	})
	return s.shutdownErr
}

// InFlight returns the number of requests being handled.
func (s *Server) InFlight() int64 { return s.inflight.Load() }

func (s *Server) errorHandler(ctx *fasthttp.RequestCtx, err error) {
	var status = fasthttp.StatusBadRequest
	msg := "malformed HTTP request"
	if errors.Is(err, fasthttp.ErrBodyTooLarge) {
		status = fasthttp.StatusRequestEntityTooLarge
		msg = fmt.Sprintf("request body larger than %d bytes", s.cfg.MaxBodyBytes)
	}
	if status == fasthttp.StatusRequestEntityTooLarge {
		// A provider's legitimate request (a long call's report) may be
		// this large: say which setting raises the cap.
		s.log.Warn("request refused", "status", status, "reason", msg, "path", string(ctx.Path()), "remote", ctx.RemoteIP().String(),
			"hint", "raise max_body_bytes in the configuration file if the provider sends such bodies")
	} else {
		s.log.Info("request refused", "status", status, "reason", msg, "path", string(ctx.Path()), "remote", ctx.RemoteIP().String(), "err", err)
	}
	writeError(ctx, status, msg)
}

func writeError(ctx *fasthttp.RequestCtx, status int, msg string) {
	ctx.SetStatusCode(status)
	ctx.SetContentType("application/json")
	b := append([]byte(`{"error":`), quoteJSON(msg)...)
	ctx.SetBody(append(b, '}'))
}

func quoteJSON(s string) []byte {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20:
			b = append(b, fmt.Sprintf(`\u%04x`, r)...)
		default:
			b = append(b, string(r)...)
		}
	}
	return append(b, '"')
}

func (s *Server) handle(ctx *fasthttp.RequestCtx) {
	s.inflight.Add(1)
	defer s.inflight.Add(-1)
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic while serving a request", "path", string(ctx.Path()), "panic", p, "stack", string(debug.Stack()))
			ctx.ResetBody()
			writeError(ctx, fasthttp.StatusInternalServerError, "internal error; the details are in the server log")
		}
	}()
	// Routed on fasthttp's bytes: the path is copied with the rest of the
	// request, by copyRequest.
	path := ctx.Path()
	switch {
	case string(path) == "/health":
		ctx.SetContentType("application/json")
		if err := s.d.Health(); err != nil {
			// A supervisor or load balancer takes this host out; the
			// reason is for the operator.
			b, _ := json.Marshal(map[string]string{"status": "unavailable", "error": err.Error()})
			ctx.SetStatusCode(fasthttp.StatusServiceUnavailable)
			ctx.SetBody(b)
			return
		}
		ctx.SetBodyString(`{"status":"ok"}`)
		return
	case string(path) == "/metrics":
		ctx.SetContentType("text/plain; version=0.0.4")
		ctx.SetBody(s.d.Metrics())
		return
	case bytes.HasPrefix(path, []byte("/api/")):
		s.handleAPI(ctx, path)
		return
	case string(path) == "/admin" || bytes.HasPrefix(path, []byte("/admin/")):
		req := s.copyRequest(ctx)
		writeResponse(ctx, s.d.Admin(s.turnCtx.context(), req))
		return
	}
	req := s.copyRequest(ctx)
	resp, ok := s.d.Static(req)
	switch {
	case !ok && (ctx.IsGet() || ctx.IsHead()):
		writeError(ctx, fasthttp.StatusNotFound, "not found: "+req.Path)
	case !ok:
		// Most likely a provider's webhook URL mistyped in its console.
		writeError(ctx, fasthttp.StatusNotFound, "not found: "+req.Path+" (provider webhooks are under /api/<plugin>/, e.g. /api/whatsapp/webhook)")
	case !ctx.IsGet() && !ctx.IsHead():
		ctx.Response.Header.Set("Allow", "GET, HEAD")
		writeError(ctx, fasthttp.StatusMethodNotAllowed, "method "+req.Method+" not allowed for "+req.Path+": use GET")
	default:
		writeResponse(ctx, resp)
	}
}

// handleAPI serves path, which starts with "/api/" and is fasthttp's:
// valid only until the handler returns.
func (s *Server) handleAPI(ctx *fasthttp.RequestCtx, path []byte) {
	mount, sub, _ := bytes.Cut(path[len("/api/"):], []byte("/"))
	if len(mount) == 0 {
		writeError(ctx, fasthttp.StatusNotFound, "not found: "+string(path))
		return
	}
	// Turns are not cancelled by Shutdown: it waits for them to finish.
	tctx := s.turnCtx.context()
	if string(sub) == "health" && (ctx.IsGet() || ctx.IsHead()) {
		resp, ok := s.d.PluginHealth(tctx, string(mount))
		if !ok {
			writeError(ctx, fasthttp.StatusNotFound, "no plugin mounted at /api/"+string(mount)+"/")
			return
		}
		writeResponse(ctx, resp)
		return
	}
	if enc := ctx.Request.Header.Peek("Content-Encoding"); len(enc) > 0 && !strings.EqualFold(strings.TrimSpace(string(enc)), "identity") {
		// A plugin would read compressed bytes as a malformed body.
		writeError(ctx, fasthttp.StatusUnsupportedMediaType, "Content-Encoding "+string(enc)+" is not supported: send the body uncompressed")
		return
	}
	req := s.copyRequest(ctx)
	// The mount as a string: the same bytes in the request's copy of the path.
	m := req.Path[len("/api/") : len("/api/")+len(mount)]
	if ctx.IsGet() && strings.Contains(string(ctx.Request.Header.Peek("Accept")), "text/event-stream") {
		if st, resp, ok := s.d.Stream(s.baseCtx, m, req); ok {
			if st == nil {
				writeResponse(ctx, resp)
				return
			}
			s.serveStream(ctx, st)
			return
		}
	}
	resp, ok := s.d.Plugin(tctx, m, req)
	if !ok {
		writeError(ctx, fasthttp.StatusNotFound, "no plugin mounted at /api/"+m+"/")
		return
	}
	writeResponse(ctx, resp)
}

func (s *Server) serveStream(ctx *fasthttp.RequestCtx, st *Stream) {
	ctx.SetContentType("text/event-stream")
	ctx.Response.Header.Set("Cache-Control", "no-cache")
	ctx.Response.Header.Set("X-Accel-Buffering", "no")
	for _, h := range st.Headers {
		ctx.Response.Header.Set(h.Key, h.Value)
	}
	base := s.baseCtx
	ctx.SetBodyStreamWriter(func(w *bufio.Writer) {
		sctx, cancel := context.WithCancel(base)
		defer cancel()
		if err := st.Run(sctx, w); err != nil && !errors.Is(err, context.Canceled) {
			s.log.Debug("event stream ended", "err", err)
		}
		_ = w.Flush()
	})
}

func writeResponse(ctx *fasthttp.RequestCtx, r Response) {
	status := r.Status
	if status == 0 {
		status = fasthttp.StatusOK
	}
	ctx.SetStatusCode(status)
	if r.ContentType != "" {
		ctx.SetContentType(r.ContentType)
	}
	for _, h := range r.Headers {
		ctx.Response.Header.Add(h.Key, h.Value)
	}
	ctx.SetBody(r.Body)
}

// remoteAddrRoom is what copyRequest reserves for the client's address:
// "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535" fits.
const remoteAddrRoom = 48

// copyRequest copies the request out of fasthttp's buffers, which are
// reused once the handler returns. Its strings share one allocation.
func (s *Server) copyRequest(ctx *fasthttp.RequestCtx) *Request {
	h := &ctx.Request.Header
	method, path, query, host := ctx.Method(), ctx.Path(), ctx.URI().QueryString(), ctx.Host()
	raw := rawPath(h.RequestURI(), path)
	a := new(requestAlloc)
	req := &a.req
	*req = Request{
		Scheme:   "http",
		Body:     append([]byte(nil), ctx.PostBody()...),
		Received: time.Now(),
		Headers:  a.headers[:0],
	}
	if n := h.Len(); n > len(a.headers) {
		req.Headers = make([]KV, 0, n)
	}
	if ctx.IsTLS() {
		req.Scheme = "https"
	}
	n := len(method) + len(path) + len(raw) + len(query) + len(host) + remoteAddrRoom
	for k, v := range h.All() {
		req.Headers = append(req.Headers, KV{Key: lowerName(k)})
		n += len(v)
	}
	var c copier
	c.b.Grow(n)
	req.Method, req.Path, req.Query, req.Host = c.copy(method), c.copy(path), c.copy(query), c.copy(host)
	req.RawPath = req.Path
	if raw != nil {
		req.RawPath = c.copy(raw)
	}
	i := 0
	for _, v := range h.All() {
		if i == len(req.Headers) { // not expected: All yields the same headers twice
			break
		}
		req.Headers[i].Value = c.copy(v)
		i++
	}
	req.RemoteAddr, req.RemoteIP = remoteStrings(&c, ctx.RemoteAddr())
	return req
}

// requestAlloc is a request with room for the headers of most: one
// allocation for both.
type requestAlloc struct {
	req     Request
	headers [16]KV
}

// copier copies bytes into strings that share its builder's buffer: grown
// once to the total, the copies cost one allocation. The strings stay valid
// and unchanged whatever is written after them (a builder only appends).
type copier struct{ b strings.Builder }

func (c *copier) copy(p []byte) string {
	start := c.b.Len()
	c.b.Write(p)
	return c.b.String()[start:]
}

// remoteStrings returns a's string form ("203.0.113.7:51234",
// "[2001:db8::1]:443") and the IP's ("203.0.113.7", "2001:db8::1"), the
// latter a part of the former: the address is formatted once, into c.
// The IP of an address other than TCP's is "0.0.0.0", as fasthttp's
// RemoteIP has it.
func remoteStrings(c *copier, a net.Addr) (addr, ip string) {
	t, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String(), net.IPv4zero.String()
	}
	na, ok := netip.AddrFromSlice(t.IP)
	if !ok || t.Zone != "" || t.Port < 0 || t.Port > 65535 {
		// No IP, one with a zone, a port out of range: formatted as net does, which the
		// fast path below must match.
		return t.String(), t.IP.String()
	}
	var buf [remoteAddrRoom]byte
	addr = c.copy(netip.AddrPortFrom(na.Unmap(), uint16(t.Port)).AppendTo(buf[:0]))
	ip = addr[:strings.LastIndexByte(addr, ':')]
	return addr, strings.TrimSuffix(strings.TrimPrefix(ip, "["), "]")
}

// rawPath returns the path of the request URI as sent, or nil when it is
// path itself or the URI is not in origin form.
func rawPath(uri, path []byte) []byte {
	if i := bytes.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	if len(uri) == 0 || uri[0] != '/' || bytes.Equal(uri, path) {
		return nil
	}
	return uri
}

// commonNames are the header names most requests carry, lower-cased once.
var commonNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{"Host", "Content-Type", "Content-Length", "User-Agent", "Accept",
		"Accept-Encoding", "Connection", "X-Twilio-Signature", "X-Forwarded-For", "X-Forwarded-Proto",
		"X-Vapi-Secret", "Authorization", "Origin", "Referer", "Cookie", "I-Twilio-Idempotency-Token"} {
		m[n] = strings.ToLower(n)
	}
	return m
}()

// lowerName returns the lower-case form of a header name, without
// allocating for the common ones.
func lowerName(k []byte) string {
	if n, ok := commonNames[string(k)]; ok { // no allocation: map lookup by []byte
		return n
	}
	return strings.ToLower(string(k))
}

type fasthttpLogger struct{ l *slog.Logger }

func (f fasthttpLogger) Printf(format string, args ...any) {
	f.l.Debug(fmt.Sprintf(format, args...), "component", "fasthttp")
}
