// Command web is the web chat channel plugin of Accueil: the JSON API the
// chat widget (webui/widget.js) talks to. It is pure bytes in, bytes out;
// the host runs the engine, and itself answers the two routes that need the
// store or a long-lived connection (history and events, see
// runtime/webchat).
//
// Build it as a WebAssembly reactor:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -ldflags=-s -o web.wasm .
//
// # Routes (under the manifest's mount, /api/web)
//
//   - POST /api/web/messages {"conversation","id","text","choice","phone","language"}
//     → one message event; answered {"conversation","id","replies":[…]}.
//   - POST /api/web/start {"conversation","language"} → a session_start
//     event; answered like messages, with the greeting.
//   - GET /api/web/config → the widget's settings from the business
//     ({"name","language","languages","greeting","phone"}).
//   - GET /api/web/health → {"ok":true}.
//   - OPTIONS on any of them → the CORS preflight.
//
// Errors are {"error":"…"} with a 4xx status. The full contract is in
// docs/web.md.
//
// # Settings
//
//   - allowed_origins: the origins of the sites that embed the widget,
//     separated by commas or spaces ("https://www.salon-lumiere.fr"); "*"
//     allows any. Same-origin requests are always allowed; a request whose
//     Origin is neither is refused with 403.
package main

import (
	"github.com/accueil-pme/accueil/sdk"
	"github.com/accueil-pme/accueil/sdk/abi"
)

func init() { sdk.Register(&Web{}) }

// main is never called in a reactor build; it lets the package build natively for tests.
func main() {}

// Web is the web chat channel.
type Web struct {
	origins []string
}

// Init reads the allowed origins.
func (w *Web) Init(cfg abi.Config) error {
	w.origins = splitOrigins(cfg.Get("allowed_origins"))
	return nil
}

// Parse validates the request and turns a message or a start into an event.
func (w *Web) Parse(req *abi.Request) (abi.ParseResult, error) {
	p := w.parse(req)
	if p.err != nil {
		return abi.ParseResult{Reject: &abi.Reject{Status: p.err.status, Message: p.err.msg, Headers: p.err.headers(p.cors)}}, nil
	}
	if p.event == nil {
		return abi.ParseResult{}, nil
	}
	return abi.ParseResult{Events: []abi.Event{*p.event}}, nil
}

// Render answers the request. It parses the request again (it is cheap and
// keeps the plugin stateless), so it can also render the JSON error of a
// rejected request when the host asks it to.
func (w *Web) Render(in *abi.RenderInput) (abi.Response, error) {
	p := w.parse(&in.Request)
	return w.render(&p, in), nil
}

var _ sdk.Channel = (*Web)(nil)
