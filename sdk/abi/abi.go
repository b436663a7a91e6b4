package abi

// Version is the ABI version this package implements. A guest reports it
// from [FuncABIVersion]; the host refuses a module whose version differs.
const Version = 2

// Export names. Every plugin module exports all of them plus "memory" and,
// as a WASI reactor, "_initialize".
const (
	// FuncABIVersion: () -> i32. Returns the ABI version the guest was built for.
	FuncABIVersion = "accueil_abi_version"
	// FuncAlloc: (size i32) -> i32. Returns a guest pointer to a buffer of at
	// least size bytes that the host may write the next input into. The buffer
	// stays valid until the next call to FuncAlloc.
	FuncAlloc = "accueil_alloc"
	// FuncInit: (ptr i32, len i32) -> i64. Input: an encoded [Config].
	// Output: empty on success, an error text otherwise.
	FuncInit = "accueil_init"
	// FuncParse: (ptr i32, len i32) -> i64. Input: an encoded [Request].
	// Output: an encoded [ParseResult].
	FuncParse = "accueil_parse"
	// FuncRender: (ptr i32, len i32) -> i64. Input: an encoded [RenderInput].
	// Output: an encoded [Response].
	FuncRender = "accueil_render"
)

// RequiredExports lists the function exports the host checks at load time.
var RequiredExports = []string{FuncABIVersion, FuncAlloc, FuncInit, FuncParse, FuncRender}

// Host functions: what the host offers a guest to import, from module
// [HostModule]. They are pure computations over guest memory, done natively
// because they cost ten times more inside WebAssembly; importing them is
// optional.
const (
	HostModule = "accueil"
	// HostHMAC: (alg i32, key_ptr i32, key_len i32, msg_ptr i32, msg_len i32,
	// out_ptr i32) -> i32. Writes the HMAC of the message under the key with
	// hash alg ([HMACSHA1] or [HMACSHA256]) at out_ptr and returns its length
	// (20 or 32); returns 0, writing nothing, for an unknown alg or a range
	// outside memory.
	HostHMAC = "hmac"
	// HostFormDecode: (src_ptr i32, src_len i32, dst_ptr i32, dst_cap i32)
	// -> i32. Decodes application/x-www-form-urlencoded data and writes at
	// dst_ptr, as little-endian u32s: the pair count n; n spans (key start,
	// key end, value start, value end, offsets into the text); the n pair
	// indexes sorted by key then value in byte order; then the decoded
	// text. Returns the bytes written; -1 for malformed data (writing
	// nothing); or, when dst_cap is too small, minus the size needed.
	HostFormDecode = "form_decode"
)

// Hash algorithms of [HostHMAC].
const (
	HMACSHA1   = 1
	HMACSHA256 = 2
)

// ErrorFlag is bit 31 of the low word of a packed result: when set, the
// output bytes are an error text rather than an encoded envelope.
const ErrorFlag = 1 << 31

// PackResult packs an output location into the i64 a guest export returns:
// ptr in the high 32 bits, length in the low 31 bits, and [ErrorFlag] when
// the output is an error text.
func PackResult(ptr, length uint32, isError bool) uint64 {
	v := uint64(ptr)<<32 | uint64(length&0x7fffffff)
	if isError {
		v |= ErrorFlag
	}
	return v
}

// UnpackResult is the inverse of [PackResult].
func UnpackResult(v uint64) (ptr, length uint32, isError bool) {
	return uint32(v >> 32), uint32(v) & 0x7fffffff, uint32(v)&ErrorFlag != 0
}

// Event kinds a plugin may produce.
const (
	// KindMessage is something a customer said or wrote: the engine answers it.
	KindMessage = "message"
	// KindSessionStart is the start of a conversation that expects a greeting
	// (a phone call ringing, a chat widget opening).
	KindSessionStart = "session_start"
	// KindToolCall is a tool invocation by a provider's model (Vapi tool-calls).
	KindToolCall = "tool_call"
	// KindStatus is a delivery status of an outbound message: stored, never
	// given to the engine.
	KindStatus = "status"
	// KindCallEnd is the end of a call, with its report: stored.
	KindCallEnd = "call_end"
	// KindInfo is an informational notification that only needs an acknowledgement.
	KindInfo = "info"
)

// KV is a key/value pair of strings.
type KV struct {
	Key   string
	Value string
}

// Config is the input of [FuncInit]: the plugin's settings (plugins.<name>
// in the host configuration), flattened to strings.
type Config struct {
	Plugin   string
	Settings []KV
}

// Get returns the value of key, or "".
func (c *Config) Get(key string) string {
	for _, kv := range c.Settings {
		if kv.Key == key {
			return kv.Value
		}
	}
	return ""
}

// Request is the input of [FuncParse]: an HTTP request as the provider sent it.
type Request struct {
	Method string
	// Path is the request path as received, e.g. "/api/whatsapp/webhook".
	Path string
	// Query is the raw query string, without "?".
	Query string
	// PublicURL is the full URL the provider called (scheme, host, port if
	// any, path, "?" and the raw query), as configured by the operator. It is
	// what signatures are computed over.
	PublicURL string
	// Headers holds the headers the plugin's manifest lists (every header
	// when it lists none); names are lower case.
	Headers []KV
	Body    []byte
	// ReceivedUnixMilli is the host's receive time.
	ReceivedUnixMilli int64
	RemoteAddr        string
}

// Header returns the first value of the header name (lower case), or "".
func (r *Request) Header(name string) string {
	for _, kv := range r.Headers {
		if kv.Key == name {
			return kv.Value
		}
	}
	return ""
}

// Media is an attachment of an inbound message.
type Media struct {
	URL         string
	ContentType string
}

// Location is a place a customer shared.
type Location struct {
	Latitude  string
	Longitude string
	Name      string
	Address   string
}

// ToolCall is a tool invocation (KindToolCall).
type ToolCall struct {
	ID   string
	Name string
	// Arguments is a JSON object, as text.
	Arguments string
}

// Event is one normalized thing that happened on a channel.
type Event struct {
	Kind string
	// ID is the provider's id for this event (Twilio MessageSid, Vapi tool
	// call id, …). The host dedupes turns on it: a provider retry carrying the
	// same ID gets the same answer and changes nothing.
	ID string
	// Conversation identifies the conversation within the channel (a sender
	// address, a call id, a chat id). The host prefixes it with the plugin name.
	Conversation string
	// From is the customer's address; E.164 ("+33639980012") when it is a phone number.
	From string
	To   string
	// Name is the customer's display name when the channel tells it.
	Name string
	Text string
	// Payload is the developer payload of a tapped button.
	Payload  string
	Language string
	Media    []Media
	Location *Location
	Tool     *ToolCall
	// Status is the delivery status for KindStatus, the outcome for KindCallEnd.
	Status string
	// Attrs carries anything else worth keeping (error codes, reply-to ids, …).
	Attrs []KV
}

// Attr returns the value of the attribute key, or "".
func (e *Event) Attr(key string) string {
	for _, kv := range e.Attrs {
		if kv.Key == key {
			return kv.Value
		}
	}
	return ""
}

// Reject tells the host to answer the request without running any turn.
type Reject struct {
	// Status is the HTTP status: 400 for a malformed request, 403 for a bad signature, …
	Status int
	// Message is one line a person can act on.
	Message string
	// Headers are added to the host's answer: the CORS headers a browser
	// caller needs to read the refusal, the Allow header of a 405, …
	// Content-Type and Content-Length are the host's and are dropped.
	Headers []KV
}

// ParseResult is the output of [FuncParse].
type ParseResult struct {
	Events []Event
	Reject *Reject
	// Verified reports that the plugin checked the request's signature.
	Verified bool
}

// Choice is a quick reply the customer may tap.
type Choice struct {
	ID    string
	Label string
}

// Reply is one message of the engine's answer.
type Reply struct {
	Text    string
	Choices []Choice
	Media   []string
	// Speech is the text phrased for speech, when it differs from Text.
	Speech string
}

// Result is what the host did with one event.
type Result struct {
	Replies []Reply
	// ToolResult is the one-line result of a tool call, ToolError its error.
	ToolResult string
	ToolError  string
	// Handoff holds the number to transfer to, when the engine hands over.
	Handoff string
	// Error is set when the turn failed; the plugin renders an apology.
	Error string
	Attrs []KV
	// TurnUnixMilli is when the host ran the turn that produced this result
	// (Unix milliseconds). A provider retry answered from the stored reply
	// carries the original turn's time, so a plugin that stamps its answer
	// with it renders the retry byte for byte as the first answer. Zero when
	// no turn ran.
	TurnUnixMilli int64
}

// Business is what a plugin may need to know of the business it speaks for.
type Business struct {
	ID       string
	Name     string
	Language string
	Greeting string
	Phone    string
	TimeZone string
	Attrs    []KV
}

// RenderInput is the input of [FuncRender].
type RenderInput struct {
	Request  Request
	Events   []Event
	Results  []Result
	Business Business
}

// Response is the output of [FuncRender]: the HTTP answer to the provider.
type Response struct {
	Status      int
	ContentType string
	Headers     []KV
	Body        []byte
}
