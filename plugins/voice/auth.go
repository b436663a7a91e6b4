package main

import (
	"crypto/subtle"
	"strings"

	"github.com/accueil-pme/accueil/sdk/abi"
)

// authorized checks the request's credentials against the secret, in
// constant time. With no secret configured every request is accepted.
func (v *Voice) authorized(req *abi.Request, completions bool) bool {
	if v.secret == "" {
		return true
	}
	bearer := func() bool {
		h := req.Header("authorization")
		if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
			return false
		}
		return equal(strings.TrimSpace(h[7:]), v.secret)
	}
	if v.bearer {
		return bearer()
	}
	if equal(req.Header("x-vapi-secret"), v.secret) {
		return true
	}
	// Vapi authenticates to a custom LLM with the credential's API key as a
	// bearer token; X-Vapi-Secret is only there when set in model.headers.
	return completions && bearer()
}

func equal(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
