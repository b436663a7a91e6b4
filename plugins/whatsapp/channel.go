package main

import (
	"crypto/hmac"
	"crypto/sha1"
	"hash"
	"strings"

	"github.com/accueil-pme/accueil/sdk"
	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/form"
)

// channel is the Twilio WhatsApp adapter. It keeps its settings and scratch
// buffers between calls, never request data.
type channel struct {
	webhookURL string
	// mac is HMAC-SHA1 keyed with the auth token, nil without a token.
	mac hash.Hash

	// Scratch space reused across calls.
	pairs form.Values
	order []int32
	sign  []byte
}

// Init reads the settings; unknown keys are ignored.
func (c *channel) Init(cfg abi.Config) error {
	c.webhookURL = strings.TrimSpace(cfg.Get("webhook_url"))
	c.mac = nil
	if tok := strings.TrimSpace(cfg.Get("auth_token")); tok != "" {
		c.mac = hmac.New(sha1.New, []byte(tok))
	} else {
		sdk.Logf("whatsapp: no auth_token configured: X-Twilio-Signature is not checked")
	}
	return nil
}

const whatsappPrefix = "whatsapp:"

// address strips the channel prefix of a Twilio address: "whatsapp:+33…" → "+33…".
func address(s string) string {
	if len(s) >= len(whatsappPrefix) && strings.EqualFold(s[:len(whatsappPrefix)], whatsappPrefix) {
		return s[len(whatsappPrefix):]
	}
	return s
}

func reject(status int, msg string) abi.ParseResult {
	return abi.ParseResult{Reject: &abi.Reject{Status: status, Message: msg}}
}

// Parse turns a Twilio webhook into one event: a message, or a status
// callback. See the package documentation for the settings it honours.
func (c *channel) Parse(req *abi.Request) (abi.ParseResult, error) {
	get := req.Method == "GET" || req.Method == "HEAD"
	if get && strings.HasSuffix(req.Path, "/health") {
		return abi.ParseResult{}, nil // answered with an empty TwiML document
	}
	var (
		params form.Values
		err    error
	)
	jsonBody := false
	switch {
	case get:
		params, err = form.ParseString(c.pairs[:0], req.Query)
	case queryHas(req.Query, "bodySHA256"):
		jsonBody = true // JSON body: nothing but the URL is signed
	default:
		params, err = form.Parse(c.pairs[:0], req.Body)
	}
	if err != nil {
		return reject(400, "whatsapp: malformed form data: "+err.Error()), nil
	}
	c.pairs = params[:0]

	verified := false
	if c.mac != nil {
		u := c.signedURL(req, get)
		if u == "" {
			return reject(403, "cannot check X-Twilio-Signature: no public URL (set plugins.whatsapp.webhook_url)"), nil
		}
		signed := params
		if get || jsonBody {
			signed = nil
		}
		if !c.validSignature(req.Header("x-twilio-signature"), u, signed, req.Body, jsonBody) {
			return reject(403, "invalid X-Twilio-Signature"), nil
		}
		verified = true
	}
	if jsonBody {
		return reject(400, "whatsapp: JSON webhooks are not supported; point the messaging webhook here"), nil
	}

	ev, msg := event(params)
	if msg != "" {
		return reject(400, msg), nil
	}
	return abi.ParseResult{Events: []abi.Event{ev}, Verified: verified}, nil
}

// signedURL returns the URL Twilio signed: webhook_url when configured,
// otherwise the request's public URL.
func (c *channel) signedURL(req *abi.Request, get bool) string {
	if c.webhookURL == "" {
		return req.PublicURL
	}
	if get && req.Query != "" && !strings.Contains(c.webhookURL, "?") {
		return c.webhookURL + "?" + req.Query
	}
	// Twilio appends bodySHA256 to the configured URL of a JSON webhook.
	if v, ok := rawQueryValue(req.Query, "bodySHA256"); ok && !strings.Contains(c.webhookURL, "bodySHA256=") {
		sep := "?"
		if strings.Contains(c.webhookURL, "?") {
			sep = "&"
		}
		return c.webhookURL + sep + "bodySHA256=" + v
	}
	return c.webhookURL
}

// attrKeys are the Twilio parameters kept verbatim in Event.Attrs.
func attrKey(k string) bool {
	switch k {
	case "WaId", "AccountSid", "MessagingServiceSid", "MessageType",
		"OriginalRepliedMessageSid", "OriginalRepliedMessageSender",
		"Forwarded", "FrequentlyForwarded", "ChannelMetadata",
		"ErrorCode", "ErrorMessage", "EventType", "ListId", "ListTitle":
		return true
	}
	return strings.HasPrefix(k, "Referral") && k != "ReferralNumMedia"
}

// maxMedia bounds the attachments read from one request (Twilio sends at most 10).
const maxMedia = 10

// event builds the event of a webhook, or returns a one-line reason to refuse it.
func event(params form.Values) (abi.Event, string) {
	var (
		ev                          abi.Event
		sid, smsMessageSid, smsSid  string
		from, to, body, buttonText  string
		hasBody, hasStatus, hasFrom bool
		numMedia                    = -1
		media                       [maxMedia]abi.Media
		mediaSeen                   int
		loc                         abi.Location
		hasLoc                      bool
	)
	for _, p := range params {
		switch p.Key {
		case "MessageSid":
			sid = p.Value
		case "SmsMessageSid":
			smsMessageSid = p.Value
		case "SmsSid":
			smsSid = p.Value
		case "From":
			from, hasFrom = p.Value, true
		case "To":
			to = p.Value
		case "Body":
			body, hasBody = p.Value, true
		case "ProfileName":
			ev.Name = p.Value
		case "ButtonText":
			buttonText = p.Value
		case "ButtonPayload":
			ev.Payload = p.Value
		case "MessageStatus":
			ev.Status, hasStatus = p.Value, true
		case "NumMedia":
			numMedia = atoi(p.Value)
		case "Latitude":
			loc.Latitude, hasLoc = p.Value, true
		case "Longitude":
			loc.Longitude, hasLoc = p.Value, true
		case "Address":
			loc.Address = p.Value
		case "Label":
			loc.Name = p.Value
		default:
			if i, ok := indexed(p.Key, "MediaUrl"); ok {
				media[i].URL = p.Value
				mediaSeen = max(mediaSeen, i+1)
			} else if i, ok := indexed(p.Key, "MediaContentType"); ok {
				media[i].ContentType = p.Value
				mediaSeen = max(mediaSeen, i+1)
			} else if attrKey(p.Key) {
				if ev.Attrs == nil {
					ev.Attrs = make([]abi.KV, 0, 8)
				}
				ev.Attrs = append(ev.Attrs, abi.KV{Key: p.Key, Value: p.Value})
			}
		}
	}
	if !hasFrom || from == "" {
		return ev, "whatsapp: missing From parameter (not a Twilio messaging webhook?)"
	}
	ev.ID = firstNonEmpty(sid, smsMessageSid, smsSid)
	if ev.ID == "" {
		return ev, "whatsapp: missing MessageSid parameter (not a Twilio messaging webhook?)"
	}
	ev.From, ev.To = address(from), address(to)

	if hasStatus && !hasBody {
		// A status callback of one of our messages: the customer is the recipient.
		ev.Kind = abi.KindStatus
		ev.Conversation = ev.To
		return ev, ""
	}
	ev.Status = ""
	ev.Kind = abi.KindMessage
	ev.Conversation = ev.From
	ev.Text = body
	if buttonText != "" {
		ev.Text = buttonText
	}
	n := mediaSeen
	if numMedia >= 0 && numMedia < n {
		n = numMedia
	}
	for i := range n {
		if media[i].URL != "" {
			ev.Media = append(ev.Media, media[i])
		}
	}
	if hasLoc {
		ev.Location = &loc
	}
	return ev, ""
}

// indexed parses keys like "MediaUrl3": prefix then a decimal index below maxMedia.
func indexed(key, prefix string) (int, bool) {
	if !strings.HasPrefix(key, prefix) {
		return 0, false
	}
	i := atoi(key[len(prefix):])
	return i, i >= 0 && i < maxMedia
}

// atoi parses a short non-negative decimal number; -1 when s is not one.
func atoi(s string) int {
	if s == "" || len(s) > 4 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

var _ sdk.Channel = (*channel)(nil)
