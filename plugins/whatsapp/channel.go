package main

import (
	"math/bits"
	"strings"

	"github.com/accueil-pme/accueil/sdk"
	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/form"
)

// channel is the Twilio WhatsApp adapter. It keeps its settings and scratch
// buffers between calls, never request data.
//
// Parse and Render allocate nothing once warm: the form decoder, the event
// and its slices, the string to sign and the TwiML document are reused from
// call to call (the SDK encodes a result before the next call). Inside the
// guest, allocations feed a garbage collector that cannot run between calls
// (allocs_test.go keeps it at zero).
type channel struct {
	webhookURL string
	// webhookOrigin is the scheme and authority of webhookURL, "" when it
	// is not an absolute URL.
	webhookOrigin string
	// token is the auth token, the key of X-Twilio-Signature; nil without one.
	token []byte

	// Scratch space reused across calls.
	form   form.Decoder
	urls   [maxURLs][]byte // the URLs the request may have been signed with
	sign   []byte          // the sorted parameters, as signed
	signed []byte          // a URL then sign: the message of the MAC
	events [1]abi.Event
	attrs  []abi.KV
	media  []abi.Media
	slots  [maxMedia]abi.Media // attachments by index, while parsing
	loc    abi.Location
	out    []byte
	// vals and seen are event's filing of the last request's parameters
	// by role (see event).
	vals [pSmsStatus + 1]string
	seen uint32
}

// Init reads the settings; unknown keys are ignored.
func (c *channel) Init(cfg abi.Config) error {
	c.webhookURL = strings.TrimSpace(cfg.Get("webhook_url"))
	c.webhookOrigin = origin(c.webhookURL)
	c.token = nil
	if tok := strings.TrimSpace(cfg.Get("auth_token")); tok != "" {
		c.token = []byte(tok)
	} else {
		sdk.Logf("whatsapp: no auth_token configured: X-Twilio-Signature is not checked")
	}
	return nil
}

const whatsappPrefix = "whatsapp:"

// address strips the channel prefix of a Twilio address: "whatsapp:+33…" → "+33…".
func address(s string) string {
	// The exact prefix first: strings.EqualFold is a call and a loop.
	if len(s) >= len(whatsappPrefix) && (s[:len(whatsappPrefix)] == whatsappPrefix || strings.EqualFold(s[:len(whatsappPrefix)], whatsappPrefix)) {
		return s[len(whatsappPrefix):]
	}
	return s
}

// healthAllow is the Allow header of a 405 on the health path.
var healthAllow = []abi.KV{{Key: "Allow", Value: "GET, HEAD"}}

func reject(status int, msg string) abi.ParseResult {
	return abi.ParseResult{Reject: &abi.Reject{Status: status, Message: msg}}
}

// Parse turns a Twilio webhook into one event: a message, or a status
// callback. See the package documentation for the settings it honours.
func (c *channel) Parse(req *abi.Request) (abi.ParseResult, error) {
	get := req.Method == "GET" || req.Method == "HEAD"
	if !get && req.Method != "POST" {
		return reject(405, "whatsapp: method "+req.Method+" not allowed: Twilio calls the webhook with POST (or GET)"), nil
	}
	if strings.HasSuffix(strings.TrimSuffix(req.Path, "/"), "/health") {
		if !get {
			// Not a webhook: a POST here would otherwise run a turn.
			return abi.ParseResult{Reject: &abi.Reject{Status: 405, Message: "whatsapp: " + req.Path + " answers GET; Twilio's webhook is " + strings.TrimSuffix(strings.TrimSuffix(req.Path, "/"), "health") + "webhook",
				Headers: healthAllow}}, nil
		}
		return abi.ParseResult{}, nil // answered with an empty TwiML document
	}
	if req.Method == "HEAD" {
		return abi.ParseResult{}, nil // a probe, not a message: no turn
	}
	var (
		params form.Values
		err    error
	)
	jsonBody := false
	switch {
	case get:
		params, err = c.form.ParseString(req.Query)
	case queryHas(req.Query, "bodySHA256"):
		jsonBody = true // JSON body: nothing but the URL is signed
	default:
		if ct := req.Header("content-type"); ct != "" && !isForm(ct) {
			return reject(415, "whatsapp: Twilio posts application/x-www-form-urlencoded; this request's Content-Type is "+ct+howToConfigure(req.Path)), nil
		}
		if len(req.Body) == 0 {
			return reject(400, "whatsapp: empty request body: Twilio posts its parameters as an application/x-www-form-urlencoded form"), nil
		}
		params, err = c.form.Parse(req.Body)
	}
	if err != nil {
		return reject(400, "whatsapp: malformed form data: "+err.Error()), nil
	}

	verified := false
	if c.token != nil {
		sig := req.Header("x-twilio-signature")
		if sig == "" {
			return reject(403, "missing X-Twilio-Signature"), nil
		}
		n := c.signedURLs(req, get)
		if n == 0 {
			return reject(403, "cannot check X-Twilio-Signature: no public URL (set public_url or plugins.whatsapp.webhook_url)"), nil
		}
		signed := params
		if get || jsonBody {
			signed = nil
		}
		var sorted []int32
		if signed != nil {
			sorted = c.form.SortedIndex() // inside WebAssembly, sorted by the host
		}
		if len(sig) == 44 {
			// The base64 of 32 bytes: an HMAC-SHA256, which Twilio makes
			// with a webhook shared key, not with the auth token.
			return reject(403, "whatsapp: X-Twilio-Signature is an HMAC-SHA256 (signed with a Twilio webhook shared key?), "+
				"and this plugin checks the HMAC-SHA1 Twilio makes with the account's auth token: remove the shared-key signing rule of this webhook in Twilio"), nil
		}
		if !c.verify(sig, n, signed, sorted, req.Body, jsonBody) {
			return reject(403, c.invalidSignature(n, get)), nil
		}
		verified = true
	}
	if jsonBody {
		return reject(400, "whatsapp: this request is a JSON webhook (its body is JSON, signed with bodySHA256), which Accueil does not read"+howToConfigure(req.Path)), nil
	}

	ev := &c.events[0]
	if msg := c.event(ev, params); msg != "" {
		return reject(400, msg), nil
	}
	return abi.ParseResult{Events: c.events[:1], Verified: verified}, nil
}

// howToConfigure says, after a refusal of a request that is not a form,
// what to set in the Twilio console instead.
func howToConfigure(path string) string {
	return ". In the Twilio console, give this URL (" + path + " under the server's public URL) as the incoming-message webhook of the WhatsApp sender or its Messaging Service, " +
		"with method HTTP POST (Twilio's default: it posts a form, application/x-www-form-urlencoded), and not to a JSON webhook (Event Streams, Content API); the status callback URL may be the same"
}

// isForm reports whether the Content-Type ct is a URL-encoded form,
// whatever its parameters ("; charset=utf-8").
func isForm(ct string) bool {
	const form = "application/x-www-form-urlencoded"
	if ct == form { // most often: no call to strings.EqualFold
		return true
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.EqualFold(strings.TrimSpace(mt), form)
}

// Parameters the event reads, and those kept verbatim in Event.Attrs.
const (
	pNone = iota
	pMessageSid
	pSmsMessageSid
	pSmsSid
	pFrom
	pTo
	pBody
	pProfileName
	pButtonText
	pButtonPayload
	pMessageStatus
	pNumMedia
	pLatitude
	pLongitude
	pAddress
	pLabel
	pSmsStatus
	pAttr   // kept in Attrs
	pIgnore // known and not needed: skips the media index checks
)

// paramTable maps the known parameter names to their role, through a perfect
// hash (see paramHash): one string comparison per parameter, where a switch
// on the name costs a binary search of comparisons.
var paramTable [64]struct {
	name string
	kind uint8
	// head and tail are the first and last eight bytes of a name of
	// eight bytes or more (see paramKind).
	head, tail uint64
}

// paramHash has no collision on the known names (init checks it).
func paramHash(k string) int {
	return (len(k) + int(k[0])*38 + int(k[len(k)-1])*18 + int(k[len(k)/2])*4) & 63
}

func init() {
	for _, p := range []struct {
		name string
		kind uint8
	}{
		{"MessageSid", pMessageSid}, {"SmsMessageSid", pSmsMessageSid}, {"SmsSid", pSmsSid},
		{"From", pFrom}, {"To", pTo}, {"Body", pBody}, {"ProfileName", pProfileName},
		{"ButtonText", pButtonText}, {"ButtonPayload", pButtonPayload}, {"MessageStatus", pMessageStatus},
		{"NumMedia", pNumMedia}, {"Latitude", pLatitude}, {"Longitude", pLongitude},
		{"Address", pAddress}, {"Label", pLabel},
		{"WaId", pAttr}, {"AccountSid", pAttr}, {"MessagingServiceSid", pAttr}, {"MessageType", pAttr},
		{"OriginalRepliedMessageSid", pAttr}, {"OriginalRepliedMessageSender", pAttr},
		{"Forwarded", pAttr}, {"FrequentlyForwarded", pAttr}, {"ChannelMetadata", pAttr},
		{"ErrorCode", pAttr}, {"ErrorMessage", pAttr}, {"EventType", pAttr}, {"ListId", pAttr}, {"ListTitle", pAttr},
		{"SmsStatus", pSmsStatus}, {"NumSegments", pIgnore}, {"ApiVersion", pIgnore}, {"ReferralNumMedia", pIgnore},
	} {
		h := paramHash(p.name)
		if paramTable[h].name != "" {
			panic("whatsapp: parameter hash collision: " + paramTable[h].name + ", " + p.name)
		}
		paramTable[h].name, paramTable[h].kind = p.name, p.kind
		if len(p.name) >= 8 {
			paramTable[h].head, paramTable[h].tail = load8(p.name, 0), load8(p.name, len(p.name)-8)
		}
	}
}

// paramKind returns the role of parameter k.
func paramKind(k string) uint8 {
	if k == "" {
		return pNone
	}
	p := &paramTable[paramHash(k)]
	if len(k) == len(p.name) {
		// Most names are 8 to 16 bytes long: their first and last eight
		// bytes cover them, two loads and no call (inside WebAssembly,
		// k == p.name is a call to runtime.memequal).
		if len(k) < 8 || len(k) > 16 {
			if k == p.name {
				return p.kind
			}
		} else if load8(k, 0) == p.head && load8(k, len(k)-8) == p.tail {
			return p.kind
		}
	}
	if strings.HasPrefix(k, "Referral") {
		return pAttr
	}
	return pNone
}

// maxMedia bounds the attachments read from one request (Twilio sends at most 10).
const maxMedia = 10

// event fills ev, reusing the channel's scratch slices, from the parameters
// of a webhook, or returns a one-line reason to refuse it.
//
// The loop only files each value by its role: vals keeps the last value of
// each role and seen the roles present. Inside WebAssembly a loop that
// keeps a dozen strings in local variables spills and reloads them all
// around every call it makes (paramKind, indexed); filing them in an array
// made a WhatsApp turn in wazero about 6% cheaper. The array is the
// channel's, and only the roles the previous request had are cleared: a
// local array would be zeroed whole, which inside WebAssembly Go does with
// memory.fill, several calls to the host's memmove for 300 bytes.
func (c *channel) event(ev *abi.Event, params form.Values) string {
	vals := &c.vals
	for s := c.seen; s != 0; s &= s - 1 {
		vals[bits.TrailingZeros32(s)] = ""
	}
	var (
		seen      uint32 // bit k: a parameter of role k was present
		mediaSeen int    // attachment slots used: c.slots[:mediaSeen]
	)
	ev.Attrs = c.attrs[:0]
	for _, p := range params {
		switch k := paramKind(p.Key); {
		case k == pAttr:
			ev.Attrs = append(ev.Attrs, abi.KV{Key: p.Key, Value: p.Value})
		case k == pNone:
			if i, ok := indexed(p.Key, "MediaUrl"); ok {
				c.slot(i, &mediaSeen).URL = p.Value
			} else if i, ok := indexed(p.Key, "MediaContentType"); ok {
				c.slot(i, &mediaSeen).ContentType = p.Value
			}
		case k < pAttr:
			vals[k] = p.Value
			seen |= 1 << k
		}
	}
	c.seen = seen
	c.attrs = ev.Attrs[:0]
	if len(ev.Attrs) == 0 {
		ev.Attrs = nil
	}
	has := func(k int) bool { return seen&(1<<k) != 0 }
	// Field by field rather than *ev = abi.Event{...}, which Go zeroes
	// and copies with memory.fill and memory.copy (see above).
	ev.Kind, ev.ID, ev.Conversation, ev.From, ev.To = "", "", "", "", ""
	ev.Name, ev.Text, ev.Payload, ev.Language, ev.Status = vals[pProfileName], "", vals[pButtonPayload], "", ""
	ev.Media, ev.Location, ev.Tool = nil, nil, nil
	from := vals[pFrom]
	if from == "" {
		return "whatsapp: missing From parameter (not a Twilio messaging webhook?)"
	}
	ev.ID = firstNonEmpty(vals[pMessageSid], vals[pSmsMessageSid], vals[pSmsSid])
	if ev.ID == "" {
		return "whatsapp: missing MessageSid parameter (not a Twilio messaging webhook?)"
	}
	ev.From, ev.To = address(from), address(vals[pTo])

	if has(pMessageStatus) || has(pSmsStatus) && vals[pSmsStatus] != "received" && vals[pSmsStatus] != "receiving" {
		// A status callback of one of our messages (older callbacks carry
		// SmsStatus alone; some repeat the message's Body): the customer is
		// the recipient, when the callback names one.
		ev.Kind = abi.KindStatus
		ev.Status = firstNonEmpty(vals[pMessageStatus], vals[pSmsStatus], "")
		ev.Conversation = ev.To
		return ""
	}
	if strings.TrimSpace(ev.From) == "" {
		return "whatsapp: From has no address (want whatsapp:+<number>)"
	}
	ev.Kind = abi.KindMessage
	ev.Conversation = ev.From
	ev.Text = vals[pBody]
	if vals[pButtonText] != "" {
		ev.Text = vals[pButtonText]
	}
	n := mediaSeen
	if numMedia := atoi(vals[pNumMedia]); numMedia >= 0 && numMedia < n {
		n = numMedia
	}
	ev.Media = c.media[:0]
	for _, m := range c.slots[:n] {
		if m.URL != "" {
			ev.Media = append(ev.Media, m)
		}
	}
	c.media = ev.Media[:0]
	if len(ev.Media) == 0 {
		ev.Media = nil
	}
	if has(pLatitude) || has(pLongitude) {
		c.loc = abi.Location{Latitude: vals[pLatitude], Longitude: vals[pLongitude], Name: vals[pLabel], Address: vals[pAddress]}
		ev.Location = &c.loc
	}
	return ""
}

// slot returns attachment slot i of the request being parsed and records
// in *used that slots up to i are in use. The first slot taken in a request
// clears those left over from an earlier one.
func (c *channel) slot(i int, used *int) *abi.Media {
	if *used == 0 {
		c.slots = [maxMedia]abi.Media{}
	}
	*used = max(*used, i+1)
	return &c.slots[i]
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

// firstNonEmpty returns the first of a, b and c that is not empty, or "".
// (Not variadic: the array of a variadic call is zeroed with memory.fill.)
func firstNonEmpty(a, b, c string) string {
	switch {
	case a != "":
		return a
	case b != "":
		return b
	}
	return c
}

var _ sdk.Channel = (*channel)(nil)
