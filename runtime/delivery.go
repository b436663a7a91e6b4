package runtime

import "github.com/accueil-pme/accueil/sdk/abi"

// undeliveredAttrs are the log attributes of a reply that did not reach
// the customer: the provider's error code and message when the status
// callback has them (an empty one is left out), and what a known code
// means.
func undeliveredAttrs(channel string, ev *abi.Event) []any {
	attrs := []any{"channel", channel, "id", ev.ID, "to", ev.To, "status", ev.Status}
	code := ev.Attr("ErrorCode")
	if code != "" {
		attrs = append(attrs, "error_code", code)
	}
	if msg := ev.Attr("ErrorMessage"); msg != "" {
		attrs = append(attrs, "error", msg)
	} else if meaning := twilioErrors[code]; meaning != "" {
		attrs = append(attrs, "error", meaning)
	}
	return attrs
}

// twilioErrors says what the error codes a WhatsApp status callback
// commonly carries mean (Twilio's error dictionary,
// https://www.twilio.com/docs/api/errors/<code>). Status callbacks give
// the code alone.
var twilioErrors = map[string]string{
	"63016": "outside WhatsApp's 24-hour customer service window: only an approved template message can be sent until the customer writes again",
	"63003": "the channel could not find the recipient's address (not a WhatsApp number?)",
	"63018": "the WhatsApp sender's rate limit was exceeded",
	"63024": "invalid message recipient",
	"63049": "Meta chose not to deliver this WhatsApp marketing message",
	"30003": "unreachable destination handset",
	"30005": "unknown destination handset",
	"30006": "landline or unreachable carrier",
	"30007": "message filtered by the carrier",
	"30008": "unknown error from the carrier",
}
