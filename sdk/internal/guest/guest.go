// Package guest is the guest side of each ABI export, without the
// WebAssembly glue: it decodes an input buffer, calls the channel and
// encodes the answer. The wasip1 exports of package sdk call it with the
// buffer the host wrote; sdktest calls it natively, so that tests run the
// very code a plugin runs inside the host.
package guest

import "github.com/accueil-pme/accueil/sdk/abi"

// Channel is sdk.Channel, restated here so that this package does not
// import sdk.
type Channel interface {
	Init(cfg abi.Config) error
	Parse(req *abi.Request) (abi.ParseResult, error)
	Render(in *abi.RenderInput) (abi.Response, error)
}

// ErrNotRegistered is the failure of every export when no channel is registered.
const ErrNotRegistered = "sdk: no channel registered (call sdk.Register from init)"

// Guest holds what one instance reuses from call to call: the decoded
// inputs, whose strings alias the input buffer, and the output buffer,
// which the host reads before the next call. Once warm, a call allocates
// nothing but what the channel itself allocates. A Guest is not safe for
// concurrent use (an instance runs one call at a time).
type Guest struct {
	request     abi.Request
	renderInput abi.RenderInput
	out         []byte
}

// Init decodes the configuration (a copy: the channel may keep it) and
// calls ch.Init. It returns the output and whether it is an error text.
func (g *Guest) Init(ch Channel, in []byte) (out []byte, isErr bool) {
	if ch == nil {
		return g.failure(ErrNotRegistered)
	}
	cfg, err := abi.DecodeConfig(in)
	if err != nil {
		return g.failure(err.Error())
	}
	if err := ch.Init(cfg); err != nil {
		return g.failure(err.Error())
	}
	return nil, false
}

// Parse decodes a request in place and calls ch.Parse; an error from the
// channel becomes a 400 reject with the error text.
func (g *Guest) Parse(ch Channel, in []byte) (out []byte, isErr bool) {
	if ch == nil {
		return g.failure(ErrNotRegistered)
	}
	if err := abi.DecodeRequestTo(in, &g.request); err != nil {
		return g.failure(err.Error())
	}
	res, err := ch.Parse(&g.request)
	if err != nil {
		res = abi.ParseResult{Reject: &abi.Reject{Status: 400, Message: err.Error()}}
	}
	g.out = abi.AppendParseResult(g.out[:0], &res)
	return g.out, false
}

// Render decodes a render input in place and calls ch.Render; an error
// from the channel is a failure of the call.
func (g *Guest) Render(ch Channel, in []byte) (out []byte, isErr bool) {
	if ch == nil {
		return g.failure(ErrNotRegistered)
	}
	if err := abi.DecodeRenderInputTo(in, &g.renderInput); err != nil {
		return g.failure(err.Error())
	}
	resp, err := ch.Render(&g.renderInput)
	if err != nil {
		return g.failure(err.Error())
	}
	g.out = abi.AppendResponse(g.out[:0], &resp)
	return g.out, false
}

func (g *Guest) failure(msg string) ([]byte, bool) {
	g.out = append(g.out[:0], msg...)
	return g.out, true
}
