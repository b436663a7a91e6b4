package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/accueil-pme/accueil/sdk/form"
)

// validSignature checks X-Twilio-Signature (docs: shared PROVIDERS.md §3).
//
// The string to sign is the URL Twilio called followed by key+value of every
// POST parameter, sorted by key (byte order), values of a repeated key
// sorted and exact duplicates dropped, values decoded and empty ones
// included. Its HMAC-SHA1 with the auth token, in standard base64, must equal
// sig. The URL is tried as given, with the scheme's default port added when
// it has none or with its port removed when it has one, and the same again
// without a fragment, editing only the authority. For JSON bodies
// (bodySHA256 in the query) no parameter is signed and the body's SHA-256
// must match the query's bodySHA256.
func (c *channel) validSignature(sig, url string, params form.Values, body []byte, jsonBody bool) bool {
	if sig == "" || len(sig) > 64 {
		return false
	}
	if jsonBody {
		want, ok := queryValue(url, "bodySHA256")
		if !ok {
			return false
		}
		sum := sha256.Sum256(body)
		var got [2 * sha256.Size]byte
		hex.Encode(got[:], sum[:])
		if subtle.ConstantTimeCompare(got[:], []byte(strings.ToLower(want))) != 1 {
			return false
		}
	}
	c.sign = appendSortedParams(c.sign[:0], params, &c.order)

	if c.matches(sig, url) {
		return true
	}
	for _, u := range urlVariants(url) {
		if c.matches(sig, u) {
			return true
		}
	}
	return false
}

// matches reports whether sig is the signature of url followed by c.sign.
func (c *channel) matches(sig, url string) bool {
	c.mac.Reset()
	c.mac.Write([]byte(url))
	c.mac.Write(c.sign)
	var sum [32]byte
	var enc [44]byte
	mac := c.mac.Sum(sum[:0])
	n := base64.StdEncoding.EncodedLen(len(mac))
	base64.StdEncoding.Encode(enc[:n], mac)
	return subtle.ConstantTimeCompare(enc[:n], []byte(sig)) == 1
}

// appendSortedParams appends key+value of params to b, sorted by key then
// value, exact duplicates once. order is scratch space.
func appendSortedParams(b []byte, params form.Values, order *[]int32) []byte {
	if len(params) == 0 {
		return b
	}
	idx := (*order)[:0]
	for i := range params {
		idx = append(idx, int32(i))
	}
	slices.SortFunc(idx, func(x, y int32) int {
		if c := strings.Compare(params[x].Key, params[y].Key); c != 0 {
			return c
		}
		return strings.Compare(params[x].Value, params[y].Value)
	})
	for n, i := range idx {
		p := params[i]
		if n > 0 && params[idx[n-1]] == p {
			continue
		}
		b = append(b, p.Key...)
		b = append(b, p.Value...)
	}
	*order = idx
	return b
}

// urlVariants returns the other URLs Twilio may have signed for u: with the
// default port added or the port removed, and each of u and that variant
// without a fragment. Only the authority and fragment are edited.
func urlVariants(u string) []string {
	var out []string
	if v := portVariant(u); v != "" {
		out = append(out, v)
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		nf := u[:i]
		out = append(out, nf)
		if v := portVariant(nf); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// portVariant returns u with its port removed when it has one, or with the
// scheme's default port (443 for https, 80 for http) added when it has none;
// "" when u has no recognizable authority.
func portVariant(u string) string {
	s := strings.Index(u, "://")
	if s <= 0 {
		return ""
	}
	scheme := u[:s]
	start := s + 3
	end := len(u)
	if i := strings.IndexAny(u[start:], "/?#"); i >= 0 {
		end = start + i
	}
	host := start
	if i := strings.LastIndexByte(u[start:end], '@'); i >= 0 {
		host = start + i + 1
	}
	// Find the port colon: after the closing bracket of an IPv6 literal.
	colon := -1
	if host < end && u[host] == '[' {
		if i := strings.IndexByte(u[host:end], ']'); i >= 0 && host+i+1 < end && u[host+i+1] == ':' {
			colon = host + i + 1
		}
	} else if i := strings.LastIndexByte(u[host:end], ':'); i >= 0 {
		colon = host + i
	}
	if colon >= 0 {
		return u[:colon] + u[end:]
	}
	switch {
	case strings.EqualFold(scheme, "https"):
		return u[:end] + ":443" + u[end:]
	case strings.EqualFold(scheme, "http"):
		return u[:end] + ":80" + u[end:]
	}
	return ""
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
