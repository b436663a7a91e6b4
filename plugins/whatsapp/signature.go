package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"strings"

	"github.com/accueil-pme/accueil/sdk"
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
//
// sorted orders params by key then value (form.Decoder.SortedIndex).
func (c *channel) validSignature(sig, url string, params form.Values, sorted []int32, body []byte, jsonBody bool) bool {
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
	c.sign = appendSortedParams(c.sign[:0], params, sorted)

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
	if len(sig) != 28 { // base64 of 20 bytes
		return false
	}
	c.signed = append(append(c.signed[:0], url...), c.sign...)
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
