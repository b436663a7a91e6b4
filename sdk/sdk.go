package sdk

import (
	"fmt"

	"github.com/accueil-pme/accueil/sdk/abi"
)

// Channel adapts one provider's protocol. Methods are called by one goroutine
// at a time per instance; an instance serves many requests, so a Channel must
// keep no per-request state between calls.
//
// The *abi.Request and *abi.RenderInput a method receives, with their slices
// and the request body, are reused by the next call: a Channel must not keep
// them, nor any of their slices, past the call (strings are copies and may be
// kept). Likewise what a method returns is encoded before the method is
// called again, so it may point into the Channel's own scratch buffers.
type Channel interface {
	// Init receives the plugin's settings once per instance, before any request.
	Init(cfg abi.Config) error
	// Parse turns a provider request into events, or rejects it.
	// A returned error becomes a 400 with the error text as the reason.
	Parse(req *abi.Request) (abi.ParseResult, error)
	// Render turns what the host did with the events into the provider's answer.
	Render(in *abi.RenderInput) (abi.Response, error)
}

var registered Channel

// Register makes c the plugin's channel. Call it once, from init.
// It panics when called twice.
func Register(c Channel) {
	if registered != nil {
		panic(fmt.Sprintf("sdk: Register called twice (%T, then %T)", registered, c))
	}
	registered = c
}

// Registered returns the registered channel, or nil.
func Registered() Channel { return registered }
