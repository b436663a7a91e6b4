package webchat

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Header is one HTTP response header.
type Header struct {
	Name  string
	Value string
}

// Policy is a strict CORS policy for the web chat routes. A request from an
// origin the policy does not allow gets no CORS headers (the browser then
// hides the answer from the page) and a preflight from it gets a 403.
// The zero Policy allows no cross-origin request; same-origin requests
// never need CORS (see [SameOrigin]).
type Policy struct {
	// AllowedOrigins lists the origins of the sites that embed the widget,
	// as scheme://host[:port] ("https://www.salon-lumiere.fr"). "*" allows
	// every origin except "null".
	AllowedOrigins []string
	// MaxAge is how long a browser may cache a preflight; 0 means 10 minutes.
	MaxAge time.Duration
}

// Check reports whether a cross-origin request from origin is allowed.
// The origin "null" (sandboxed frames, local files) is allowed only when
// listed literally.
func (p Policy) Check(origin string) bool {
	if origin == "" {
		return false
	}
	o := normalizeOrigin(origin)
	for _, a := range p.AllowedOrigins {
		a = strings.TrimSpace(a)
		if a == "*" && o != "null" {
			return true
		}
		if a != "" && normalizeOrigin(a) == o {
			return true
		}
	}
	return false
}

func normalizeOrigin(o string) string {
	return strings.ToLower(strings.TrimRight(strings.TrimSpace(o), "/"))
}

// Headers returns the headers of an actual (non-preflight) response to a
// request from origin: Access-Control-Allow-Origin naming that origin, and
// Vary: Origin. It returns nil when the origin is not allowed.
func (p Policy) Headers(origin string) []Header {
	if !p.Check(origin) {
		return nil
	}
	return []Header{{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}}
}

// Preflight answers an OPTIONS request from origin to host (the Host
// header): 204 with the allow headers when the origin is allowed or is the
// same origin, 403 otherwise.
func (p Policy) Preflight(origin, host string) Response {
	if !p.Check(origin) {
		if origin != "" && SameOrigin(origin, host) {
			return Response{Status: 204}
		}
		return errorResponse(403, "origin not allowed: "+origin, nil)
	}
	maxAge := p.MaxAge
	if maxAge <= 0 {
		maxAge = 10 * time.Minute
	}
	return Response{Status: 204, Headers: append(p.Headers(origin),
		Header{"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
		Header{"Access-Control-Allow-Headers", "Content-Type"},
		Header{"Access-Control-Max-Age", strconv.Itoa(int(maxAge.Seconds()))},
	)}
}

// Allow decides an actual request: ok is false when the request carries an
// Origin that is neither allowed nor the same origin as host (the caller
// answers 403); headers are the CORS headers to add when ok.
// A request without Origin (not from a browser page) is allowed.
func (p Policy) Allow(origin, host string) (headers []Header, ok bool) {
	switch {
	case origin == "":
		return nil, true
	case p.Check(origin):
		return p.Headers(origin), true
	case SameOrigin(origin, host):
		return nil, true
	}
	return nil, false
}

// SameOrigin reports whether origin names the host the request was sent to
// (host is the Host header, host[:port]); the scheme is not compared.
func SameOrigin(origin, host string) bool {
	if origin == "" || host == "" {
		return false
	}
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return strings.EqualFold(u.Host, host)
}
