package main

import (
	"strings"
	"unicode/utf8"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/jsonlite"
)

// Limits of the API (documented in docs/web.md).
const (
	maxBody       = 16 << 10 // bytes of a request body
	maxTextRunes  = 1000     // characters of a message
	minConvLen    = 16
	maxConvLen    = 64
	maxChoiceLen  = 128
	mountPrefix   = "/api/web"
	convRuleError = "conversation must be 16 to 64 characters of A-Z, a-z, 0-9, _ and -"
)

// Routes.
const (
	routeUnknown = iota
	routeMessages
	routeStart
	routeConfig
	routeHealth
	routeHostOnly // history and events: answered by the host
)

// apiError is a refusal with its HTTP status, and for a 405 the methods the
// route accepts (its Allow header).
type apiError struct {
	status int
	msg    string
	allow  string
}

// headers are the refusal's headers: the CORS headers the caller's origin
// gets (so that a widget on another site can read the message), and Allow.
func (e *apiError) headers(cors []abi.KV) []abi.KV {
	if e.allow == "" {
		return cors
	}
	return append(cors[:len(cors):len(cors)], abi.KV{Key: "Allow", Value: e.allow})
}

// parsed is what a request means: its route, the CORS headers it gets, and
// either an event or an error.
type parsed struct {
	route     int
	preflight bool
	cors      []abi.KV
	event     *abi.Event
	clientID  string
	err       *apiError
}

func fail(p parsed, status int, msg string) parsed {
	p.err = &apiError{status: status, msg: msg}
	return p
}

// wrongMethod refuses a method the route does not accept.
func wrongMethod(p parsed, allow, use string) parsed {
	p.err = &apiError{status: 405, msg: "method not allowed: use " + use, allow: allow}
	return p
}

func (w *Web) parse(req *abi.Request) parsed {
	var p parsed
	sub, ok := strings.CutPrefix(req.Path, mountPrefix)
	if !ok {
		return fail(p, 404, "not found: "+req.Path)
	}
	switch strings.TrimSuffix(sub, "/") {
	case "/messages":
		p.route = routeMessages
	case "/start":
		p.route = routeStart
	case "/config":
		p.route = routeConfig
	case "/health":
		p.route = routeHealth
	case "/history", "/events":
		p.route = routeHostOnly
	}

	origin := req.Header("origin")
	if req.Method == "OPTIONS" {
		p.preflight = true
		if p.route == routeUnknown {
			return fail(p, 404, "not found: "+req.Path)
		}
		switch {
		case allowed(w.origins, origin):
			p.cors = append(corsHeaders(origin),
				abi.KV{Key: "Access-Control-Allow-Methods", Value: "GET, POST, OPTIONS"},
				abi.KV{Key: "Access-Control-Allow-Headers", Value: "Content-Type"},
				abi.KV{Key: "Access-Control-Max-Age", Value: "600"})
		case origin != "" && sameOrigin(origin, req.Header("host")):
		default:
			return fail(p, 403, "origin not allowed: "+origin)
		}
		return p
	}
	switch {
	case origin == "", sameOrigin(origin, req.Header("host")):
	case allowed(w.origins, origin):
		p.cors = corsHeaders(origin)
	default:
		return fail(p, 403, "origin not allowed: "+origin)
	}

	switch p.route {
	case routeUnknown:
		return fail(p, 404, "not found: "+req.Path)
	case routeHostOnly:
		return fail(p, 404, "not found: "+req.Path+" is answered by the host, which does not serve it")
	case routeConfig, routeHealth:
		if req.Method != "GET" && req.Method != "HEAD" {
			return wrongMethod(p, "GET, HEAD, OPTIONS", "GET")
		}
		return p
	}
	if req.Method != "POST" {
		return wrongMethod(p, "POST, OPTIONS", "POST")
	}
	if len(req.Body) > maxBody {
		return fail(p, 413, "request body too large: at most 16 KiB")
	}
	ct := strings.ToLower(req.Header("content-type"))
	if ct != "application/json" && !strings.HasPrefix(ct, "application/json;") {
		return fail(p, 415, "content type must be application/json")
	}
	doc, err := jsonlite.Parse(req.Body)
	if err != nil || doc.Kind() != jsonlite.Object {
		return fail(p, 400, "body must be a JSON object")
	}
	for key, v := range doc.Members() {
		switch key {
		case "conversation", "id", "text", "choice", "phone", "language":
			if k := v.Kind(); k != jsonlite.String && k != jsonlite.Null {
				return fail(p, 400, key+" must be a string")
			}
		}
	}
	conv := doc.Get("conversation").Text()
	if !validID(conv, minConvLen, maxConvLen) {
		return fail(p, 400, convRuleError)
	}
	ev := abi.Event{Conversation: conv, Language: language(doc.Get("language").Text())}
	if p.route == routeStart {
		ev.Kind = abi.KindSessionStart
		ev.ID = conv + ":start"
		p.event = &ev
		return p
	}

	id := doc.Get("id").Text()
	if !validID(id, 1, maxConvLen) {
		return fail(p, 400, "id must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -")
	}
	text := strings.TrimSpace(doc.Get("text").Text())
	if utf8.RuneCountInString(text) > maxTextRunes {
		return fail(p, 413, "message too long: at most 1000 characters")
	}
	choice := doc.Get("choice").Text()
	if len(choice) > maxChoiceLen || strings.ContainsAny(choice, "\x00\r\n") {
		return fail(p, 400, "choice must be at most 128 characters on one line")
	}
	if text == "" && choice == "" {
		return fail(p, 400, "text is empty: write a message")
	}
	if text == "" {
		text = choice
	}
	// A phone given by the page is a hint, not an identity: anyone can post
	// one, so it is kept as an attribute and never used as Event.From (which
	// the engine trusts to show and change that number's bookings).
	var hint string
	if raw := doc.Get("phone").Text(); raw != "" {
		phone, ok := normalizePhone(raw)
		if !ok {
			return fail(p, 400, "phone is not a valid phone number")
		}
		hint = phone
	}
	ev.Kind = abi.KindMessage
	ev.ID = conv + ":" + id
	ev.Text = text
	ev.Payload = choice
	ev.Attrs = []abi.KV{{Key: "client_id", Value: id}}
	if hint != "" {
		ev.Attrs = append(ev.Attrs, abi.KV{Key: "phone_hint", Value: hint})
	}
	p.clientID = id
	p.event = &ev
	return p
}

func validID(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// language keeps the languages the widget speaks; anything else is dropped.
func language(s string) string {
	s = strings.ToLower(s)
	if len(s) > 2 && (s[2] == '-' || s[2] == '_') {
		s = s[:2]
	}
	if s == "fr" || s == "en" {
		return s
	}
	return ""
}

// normalizePhone turns a number as a person types it into E.164. French
// national numbers (0X XX XX XX XX) get +33; "00" becomes "+".
func normalizePhone(raw string) (string, bool) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(raw) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteByte('+')
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')' || r == '\u00a0':
		default:
			return "", false
		}
	}
	s := b.String()
	switch {
	case strings.HasPrefix(s, "+"):
	case strings.HasPrefix(s, "00"):
		s = "+" + s[2:]
	case len(s) == 10 && s[0] == '0' && s[1] != '0':
		s = "+33" + s[1:]
	default:
		return "", false
	}
	if n := len(s) - 1; n < 8 || n > 15 || s[1] == '0' {
		return "", false
	}
	return s, true
}

func splitOrigins(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
}

func normalizeOrigin(o string) string { return strings.ToLower(strings.TrimRight(o, "/")) }

// allowed reports whether origin is in the allowed list ("*" allows all but "null").
func allowed(list []string, origin string) bool {
	if origin == "" {
		return false
	}
	o := normalizeOrigin(origin)
	for _, a := range list {
		if (a == "*" && o != "null") || normalizeOrigin(a) == o {
			return true
		}
	}
	return false
}

// sameOrigin reports whether origin (scheme://host[:port]) names host.
func sameOrigin(origin, host string) bool {
	if host == "" {
		return false
	}
	rest, ok := strings.CutPrefix(origin, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(origin, "http://"); !ok {
			return false
		}
	}
	return strings.EqualFold(rest, host)
}

func corsHeaders(origin string) []abi.KV {
	return []abi.KV{{Key: "Access-Control-Allow-Origin", Value: origin}, {Key: "Vary", Value: "Origin"}}
}
