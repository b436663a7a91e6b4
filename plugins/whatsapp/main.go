// Command whatsapp is the Accueil channel plugin for WhatsApp through Twilio
// Programmable Messaging. Built for GOOS=wasip1 as a reactor module:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -ldflags=-s -o whatsapp.wasm .
//
// It turns Twilio's form-encoded webhooks (inbound messages and status
// callbacks, POST or GET) into abi events after checking X-Twilio-Signature,
// and renders the engine's replies as TwiML.
//
// # Settings
//
//   - auth_token: the Twilio auth token. When set, every request must carry a
//     valid X-Twilio-Signature or it is refused with 403 (a missing header is
//     told apart from a wrong one, which names the URLs it was checked
//     against). When empty, requests are accepted unverified (the host warns
//     at start-up).
//   - webhook_url: the exact URL configured in the Twilio console, query
//     string included. For a GET webhook configured without a query, the
//     request's query is appended.
//
// Twilio signs each request with the URL it called (the StatusCallback URL
// for a status callback), so a signature is accepted when it matches any
// of: webhook_url; webhook_url's scheme and host (and port) followed by the
// request's path and query; the request's public URL, built by the host from
// public_url or the Host header. Each is also tried with the default port
// added or the port removed, as Twilio's own validators do.
//
// Other keys are ignored.
package main

import "github.com/accueil-pme/accueil/sdk"

func init() { sdk.Register(new(channel)) }

// main never runs in a reactor build; it exists because the package is main.
func main() {}
