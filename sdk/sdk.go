package sdk

import (
	"fmt"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/internal/guest"
)

// Channel adapts one provider's protocol. Methods are called by one goroutine
// at a time per instance; an instance serves many requests, so a Channel must
// keep no per-request state between calls.
//
// The *abi.Request and *abi.RenderInput a method receives are valid until
// the method returns, like a fasthttp request: they, their slices and their
// strings point into the buffer the host writes the next call into. A
// Channel must not keep any of them past the call; copy a string it needs
// later with [strings.Clone]. (Init's configuration is a copy and may be
// kept.) Likewise what a method returns is encoded before the method is
// called again, so it may point into the Channel's own scratch buffers or
// into its input.
//
// Allocate nothing per call if you can: a WebAssembly guest cannot collect
// garbage between calls, so a guest that allocates on every message soon
// spends most of its time in its collector. sdktest.AllocsPerMessage
// measures it natively.
type Channel interface {
	// Init receives the plugin's settings once per instance, before any request.
	Init(cfg abi.Config) error
	// Parse turns a provider request into events, or rejects it.
	// A returned error becomes a 400 with the error text as the reason.
	Parse(req *abi.Request) (abi.ParseResult, error)
	// Render turns what the host did with the events into the provider's answer.
	Render(in *abi.RenderInput) (abi.Response, error)
}

var (
	registered Channel
	// registeredGuest is registered as the exports call it, converted once:
	// an interface conversion per call costs a type lookup inside the guest.
	registeredGuest guest.Channel
)

// Register makes c the plugin's channel. Call it once, from init.
// It panics when called twice.
func Register(c Channel) {
	if registered != nil {
		panic(fmt.Sprintf("sdk: Register called twice (%T, then %T)", registered, c))
	}
	registered, registeredGuest = c, c
}

// Registered returns the registered channel, or nil.
func Registered() Channel { return registered }
