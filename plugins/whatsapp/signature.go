package main

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"strings"

	"github.com/accueil-pme/accueil/sdk"
	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/form"
)

// The signature check (docs/configuration.md, "How Twilio signs a request").
//
// The string to sign is the URL Twilio called followed by key+value of every
// POST parameter, sorted by key (byte order), values of a repeated key
// sorted and exact duplicates dropped, values decoded and empty ones
// included. Its HMAC-SHA1 with the auth token, in standard base64, must equal
// X-Twilio-Signature. For JSON bodies (bodySHA256 in the query) no
// parameter is signed and the body's SHA-256 must match the signed URL's
// bodySHA256.
//
// Twilio signs each request with the URL it called: the messaging webhook
// for a message, the StatusCallback URL for a status callback. So the
// signature is checked against every URL the request may have been sent to
// (see signedURLs), each tried as given, with the scheme's default port
// added when it has none or with its port removed when it has one, and the
// same again without a fragment, editing only the authority. Each is signed
// with the auth token, so accepting any of them accepts only what Twilio
// signed.

// maxURLs is the number of candidate URLs of a request (see signedURLs).
const maxURLs = 3

// verify reports whether sig signs the request: params (sorted orders them
// by key then value, form.Decoder.SortedIndex) after one of the candidate
// URLs c.urls[:n], or, for a JSON body, one of those URLs alone.
func (c *channel) verify(sig string, n int, params form.Values, sorted []int32, body []byte, jsonBody bool) bool {
	if len(sig) != 28 { // base64 of 20 bytes
		return false
	}
	c.sign = appendSortedParams(c.sign[:0], params, sorted)
	for _, u := range c.urls[:n] {
		if c.validFor(sig, u, body, jsonBody) {
			return true
		}
	}
	return false
}

// validFor reports whether sig signs url (or one of its variants) followed
// by c.sign.
func (c *channel) validFor(sig string, url, body []byte, jsonBody bool) bool {
	if jsonBody && !bodyMatches(url, body) {
		return false
	}
	if c.matches(sig, url) || c.matchesPortVariant(sig, url) {
		return true
	}
	if i := bytes.IndexByte(url, '#'); i >= 0 {
		return c.matches(sig, url[:i]) || c.matchesPortVariant(sig, url[:i])
	}
	return false
}

// bodyMatches reports whether the SHA-256 of body is the bodySHA256 of url.
// Only JSON webhooks, which are refused, get here: it may allocate.
func bodyMatches(url, body []byte) bool {
	want, ok := queryValue(string(url), "bodySHA256")
	if !ok {
		return false
	}
	sum := sha256.Sum256(body)
	var got [2 * sha256.Size]byte
	hex.Encode(got[:], sum[:])
	return subtle.ConstantTimeCompare(got[:], []byte(strings.ToLower(want))) == 1
}

// matches reports whether sig is the signature of url followed by c.sign.
func (c *channel) matches(sig string, url []byte) bool {
	c.signed = append(append(c.signed[:0], url...), c.sign...)
	return c.signs(sig)
}

// matchesPortVariant is matches for url with its port removed or the
// default port added (see appendPortVariant); false when url has neither.
func (c *channel) matchesPortVariant(sig string, url []byte) bool {
	var ok bool
	if c.signed, ok = appendPortVariant(c.signed[:0], url); !ok {
		return false
	}
	c.signed = append(c.signed, c.sign...)
	return c.signs(sig)
}

// signs reports whether sig is the signature of c.signed.
func (c *channel) signs(sig string) bool {
	mac := sdk.HMACSHA1(c.token, c.signed) // natively, by the host
	var enc [32]byte
	base64.StdEncoding.Encode(enc[:28], mac[:])
	return equal28(&enc, sig)
}

// equal28 compares enc[:28] and the 28 bytes of sig in constant time, a
// word at a time.
func equal28(enc *[32]byte, sig string) bool {
	var got [32]byte
	copy(got[:], sig)
	var diff uint64
	for i := 0; i < 32; i += 8 {
		diff |= binary.LittleEndian.Uint64(enc[i:]) ^ binary.LittleEndian.Uint64(got[i:])
	}
	return diff == 0
}

// appendSortedParams appends key+value of params to b in the order of
// sorted (indexes sorted by key then value), exact duplicates once.
func appendSortedParams(b []byte, params form.Values, sorted []int32) []byte {
	for n, i := range sorted {
		p := params[i]
		if n > 0 && params[sorted[n-1]] == p {
			continue
		}
		b = append(b, p.Key...)
		b = append(b, p.Value...)
	}
	return b
}

// signedURLs stores in c.urls the URLs Twilio may have signed for req, each
// once, and returns how many there are:
//
//  1. webhook_url as configured, with the query of a GET appended when it
//     has none, and the bodySHA256 of a JSON webhook;
//  2. webhook_url's scheme and authority followed by the request's path and
//     query: a status callback (or a webhook with another query) sent to
//     another URL of the same host when the public URL is not known;
//  3. the request's public URL, built by the host from public_url or the
//     Host header.
//
// Without webhook_url and a public URL there is none.
func (c *channel) signedURLs(req *abi.Request, get bool) int {
	n := 0
	if w := c.webhookURL; w != "" {
		u := append(c.urls[n][:0], w...)
		if get && req.Query != "" && !strings.Contains(w, "?") {
			u = append(append(u, '?'), req.Query...)
		} else if v, ok := rawQueryValue(req.Query, "bodySHA256"); ok && !strings.Contains(w, "bodySHA256=") {
			// Twilio appends bodySHA256 to the configured URL of a JSON webhook.
			sep := byte('?')
			if strings.Contains(w, "?") {
				sep = '&'
			}
			u = append(append(u, sep), "bodySHA256="...)
			u = append(u, v...)
		}
		n = c.keepURL(n, u)
		if c.webhookOrigin != "" {
			u := append(c.urls[n][:0], c.webhookOrigin...)
			u = append(u, req.Path...)
			if req.Query != "" {
				u = append(append(u, '?'), req.Query...)
			}
			n = c.keepURL(n, u)
		}
	}
	if req.PublicURL != "" {
		n = c.keepURL(n, append(c.urls[n][:0], req.PublicURL...))
	}
	return n
}

// keepURL stores u, built in c.urls[n]'s buffer, as the candidate URL n
// unless it is one already kept, and returns the number of candidates.
func (c *channel) keepURL(n int, u []byte) int {
	c.urls[n] = u
	for _, v := range c.urls[:n] {
		if bytes.Equal(u, v) {
			return n
		}
	}
	return n + 1
}

// invalidSignature is the refusal of a request whose signature matches none
// of the candidate URLs c.urls[:n]. It names them so that an operator behind
// a proxy sees which URL was expected; the query of a GET, which holds the
// message, is elided.
func (c *channel) invalidSignature(n int, get bool) string {
	b := []byte("invalid X-Twilio-Signature for ")
	for i, u := range c.urls[:n] {
		switch {
		case i == 0:
		case i == n-1:
			b = append(b, " or "...)
		default:
			b = append(b, ", "...)
		}
		if get {
			if q := bytes.IndexByte(u, '?'); q >= 0 {
				u = append(u[:q:q], "?…"...)
			}
		}
		b = appendPrintable(b, u, 256)
	}
	b = append(b, " (Twilio signs the URL it calls; set public_url or plugins.whatsapp.webhook_url to it)"...)
	return string(b)
}

// appendPrintable appends at most limit bytes of u to b, control
// characters percent-encoded, and "…" when u is longer.
func appendPrintable(b, u []byte, limit int) []byte {
	const hexDigits = "0123456789ABCDEF"
	cut := len(u) > limit
	if cut {
		u = u[:limit]
	}
	for _, ch := range u {
		if ch < 0x20 || ch == 0x7f {
			b = append(b, '%', hexDigits[ch>>4], hexDigits[ch&15])
		} else {
			b = append(b, ch)
		}
	}
	if cut {
		b = append(b, "…"...)
	}
	return b
}

// authority returns the bounds of the authority of URL u: the index of its
// end (the first "/", "?" or "#" after "scheme://", or len(u)) and of its
// port colon (-1 without a port), and the scheme's default port (":443"
// for https, ":80" for http, "" otherwise). ok is false when u has no
// scheme.
func authority[S string | []byte](u S) (end, colon int, defaultPort string, ok bool) {
	s := -1
	for i := 0; i+3 <= len(u); i++ {
		if u[i] == ':' && u[i+1] == '/' && u[i+2] == '/' {
			s = i
			break
		}
	}
	if s <= 0 {
		return 0, -1, "", false
	}
	switch {
	case isScheme(u[:s], "https"):
		defaultPort = ":443"
	case isScheme(u[:s], "http"):
		defaultPort = ":80"
	}
	start := s + 3
	end = len(u)
	host := start
	for i := start; i < len(u); i++ {
		if c := u[i]; c == '/' || c == '?' || c == '#' {
			end = i
			break
		} else if c == '@' {
			host = i + 1 // userinfo: the last "@" before the path
		}
	}
	// The port colon: after the closing bracket of an IPv6 literal.
	colon = -1
	if host < end && u[host] == '[' {
		for i := host; i < end; i++ {
			if u[i] == ']' {
				if i+1 < end && u[i+1] == ':' {
					colon = i + 1
				}
				break
			}
		}
	} else {
		for i := end - 1; i >= host; i-- {
			if u[i] == ':' {
				colon = i
				break
			}
		}
	}
	return end, colon, defaultPort, true
}

// isScheme reports whether s is the lower-case scheme name, ignoring case.
func isScheme[S string | []byte](s S, name string) bool {
	if len(s) != len(name) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 != name[i] {
			return false
		}
	}
	return true
}

// appendPortVariant appends to b u with its port removed when it has one,
// or with the scheme's default port added when it has none; ok is false
// (and b unchanged) when u has no recognizable authority or no default port.
func appendPortVariant(b, u []byte) ([]byte, bool) {
	end, colon, defaultPort, ok := authority(u)
	switch {
	case !ok:
		return b, false
	case colon >= 0:
		return append(append(b, u[:colon]...), u[end:]...), true
	case defaultPort != "":
		b = append(append(b, u[:end]...), defaultPort...)
		return append(b, u[end:]...), true
	}
	return b, false
}

// origin returns the scheme and authority of u ("https://host:port"), or ""
// when u is not an absolute URL.
func origin(u string) string {
	end, _, _, ok := authority(u)
	if !ok {
		return ""
	}
	return u[:end]
}

// queryHas reports whether the raw query has a parameter named key.
func queryHas(query, key string) bool {
	_, ok := rawQueryValue(query, key)
	return ok
}

// queryValue returns the raw value of key in the query of url.
func queryValue(url, key string) (string, bool) {
	_, q, ok := strings.Cut(url, "?")
	if !ok {
		return "", false
	}
	q, _, _ = strings.Cut(q, "#")
	return rawQueryValue(q, key)
}

func rawQueryValue(q, key string) (string, bool) {
	for q != "" {
		var p string
		p, q, _ = strings.Cut(q, "&")
		k, v, _ := strings.Cut(p, "=")
		if k == key {
			return v, true
		}
	}
	return "", false
}
