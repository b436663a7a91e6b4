// Command voice is the Vapi voice channel plugin of Accueil: it turns the
// messages Vapi sends to a server URL (and, in custom-LLM mode, its OpenAI
// chat-completions requests) into abi events, and the host's results into the
// exact bodies Vapi expects. It is pure bytes in, bytes out: the host runs
// the engine, stores call records and answers health checks.
//
// Build it as a WebAssembly reactor:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -ldflags=-s -o voice.wasm .
//
// # Routes (under the manifest's mount, /api/vapi)
//
//   - POST /api/vapi/webhook: Vapi server messages ({"message":{...}}), and
//     the short test form {"message":{"type":"user-message","content":"…"},"call":{"id":"…"}}.
//   - POST /api/vapi/chat/completions: custom-LLM mode, an OpenAI Chat
//     Completions request; answered as SSE when "stream" is true.
//
// # Settings
//
//   - secret: the shared secret Vapi sends. Empty accepts every request.
//   - auth: "header" (default) compares secret with the X-Vapi-Secret header
//     (the chat-completions route also accepts "Authorization: Bearer", which
//     is how Vapi authenticates to a custom LLM); "bearer" accepts only
//     "Authorization: Bearer <secret>".
//   - public_url: the site's base URL as Vapi reaches it
//     ("https://reception.example.com"); empty means taken from the request.
//   - mode: how the assistant returned for assistant-request talks:
//     "custom-llm" (default: Vapi sends every turn to /api/vapi/chat/completions
//     and the engine answers) or "tools" (Vapi's own model answers and calls
//     the engine's tools through /api/vapi/webhook).
//
// The protocol details and the tools are in docs/voice.md.
package main

import (
	"errors"
	"strings"

	"github.com/accueil-pme/accueil/sdk"
	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/jsonlite"
)

func init() { sdk.Register(&Voice{}) }

// main is never run: the plugin is built as a reactor whose exports the host calls.
func main() {}

// Assistant modes.
const (
	modeCustomLLM = "custom-llm"
	modeTools     = "tools"
)

// Voice implements sdk.Channel for Vapi. Its zero value accepts every
// request (no secret) in custom-LLM mode.
type Voice struct {
	secret    string
	bearer    bool
	publicURL string
	mode      string
	// toolsCache holds the last tools array built; see toolsJSON.
	toolsCache toolsCache
	// out writes Render's JSON answers, reusing its buffer.
	out jsonlite.Writer
}

type toolsCache struct {
	lang, webhook, phone string
	json                 []byte
}

// Init reads the settings.
//
// # Errors
//
// An unknown auth or mode value, or a public_url that is not an http(s) URL.
func (v *Voice) Init(cfg abi.Config) error {
	*v = Voice{secret: cfg.Get("secret"), mode: modeCustomLLM}
	switch a := cfg.Get("auth"); a {
	case "", "header", "x-vapi-secret":
	case "bearer":
		v.bearer = true
	default:
		return errors.New(`voice: setting auth is "` + a + `"; use "header" (X-Vapi-Secret) or "bearer" (Authorization: Bearer)`)
	}
	if u := strings.TrimRight(cfg.Get("public_url"), "/"); u != "" {
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			return errors.New(`voice: setting public_url is "` + u + `"; it must start with https:// (e.g. https://reception.example.com)`)
		}
		v.publicURL = strings.TrimSuffix(u, "/api/vapi")
	}
	switch m := cfg.Get("mode"); m {
	case "", modeCustomLLM:
	case modeTools:
		v.mode = modeTools
	default:
		return errors.New(`voice: setting mode is "` + m + `"; use "custom-llm" or "tools"`)
	}
	return nil
}

var _ sdk.Channel = (*Voice)(nil)
