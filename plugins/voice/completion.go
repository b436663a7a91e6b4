package main

import (
	"strconv"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/jsonlite"
)

// parseCompletion reads a custom-LLM chat-completions request: the caller's
// last message becomes a KindMessage; a request with no user message yet
// (the assistant speaks first) becomes a KindSessionStart.
func parseCompletion(root jsonlite.Value) (abi.ParseResult, error) {
	if root.Kind() != jsonlite.Object {
		return abi.ParseResult{}, parseError("chat completions body must be a JSON object")
	}
	msgs := root.Get("messages")
	if msgs.Kind() != jsonlite.Array {
		return abi.ParseResult{}, parseError(`chat completions body has no "messages" array`)
	}
	// toolsAfter counts the tool results after the last user message, when
	// the messages end with one.
	users, last, toolsAfter, endsWithTool := 0, "", 0, false
	for _, m := range msgs.Elements() {
		role := m.Get("role")
		endsWithTool = role.TextEquals("tool")
		switch {
		case role.TextEquals("user"):
			users++
			last = contentText(m.Get("content"))
			toolsAfter = 0
		case endsWithTool:
			toolsAfter++
		}
	}
	if !endsWithTool {
		toolsAfter = 0
	}
	call := root.Get("call")
	conv := call.Get("id").TextView()
	if conv == "" {
		if md := root.Get("metadata"); md.Exists() {
			conv = "meta-" + hashHex(string(md.Raw()))
		} else {
			// Stable for the whole call: the first messages do not change.
			first := msgs.Index(0)
			conv = "anon-" + hashHex(string(first.Raw()))
		}
	}
	from := e164(call.Get("customer", "number").TextView())
	if from == "" {
		from = e164(root.Get("customer", "number").TextView())
	}
	name := call.Get("customer", "name").TextView()
	if name == "" {
		name = root.Get("customer", "name").TextView()
	}
	ev := abi.Event{
		// A retried turn has the same ID; a turn whose last words grew
		// (the caller went on talking) is a new one.
		Kind: abi.KindMessage, ID: conv + ":" + strconv.Itoa(users) + ":" + strconv.FormatUint(uint64(fnv32(last)), 16), Conversation: conv,
		From: from, Name: name, Text: last, To: e164(root.Get("phoneNumber", "number").TextView()),
		Attrs: []abi.KV{{Key: attrType, Value: "chat-completions"}},
	}
	switch {
	case toolsAfter > 0:
		// The result of the transferCall this plugin asked for: the
		// transfer did not happen (a transfer that does ends the
		// assistant's part). A new answer, not a retry, and no turn: the
		// engine handed over already.
		ev.Kind = abi.KindInfo
		ev.ID += ":tool" + strconv.Itoa(toolsAfter)
	case users == 0:
		ev.Kind = abi.KindSessionStart
	}
	return abi.ParseResult{Events: []abi.Event{ev}}, nil
}

// transferFunction is Vapi's built-in transfer tool, listed in the
// assistant this plugin returns for assistant-request.
const transferFunction = "transferCall"

// renderCompletion answers a custom-LLM request in OpenAI's format: SSE
// chunks when the request asked for a stream, one chat.completion otherwise.
// A handoff becomes a call to Vapi's transferCall tool after the spoken
// text, so Vapi transfers the call itself.
func (v *Voice) renderCompletion(in *abi.RenderInput) abi.Response {
	var res abi.Result
	if len(in.Results) > 0 {
		res = in.Results[0]
	}
	var evID string
	if len(in.Events) > 0 {
		evID = in.Events[0].ID
	}
	text := replyText(res)
	if res.Error != "" {
		text = apology[lang(in)]
		res.Handoff = ""
	}
	if text == "" && res.Handoff != "" {
		text = transferring[lang(in)]
	}
	if len(in.Events) > 0 && in.Events[0].Kind == abi.KindInfo {
		text, res.Handoff = transferFailed[lang(in)], "" // never the same transfer again
	}
	body := in.Request.Body
	model := jsonlite.Get(body, "model").TextView()
	if model == "" {
		model = "accueil"
	}
	// A retry answered from the stored reply must be the same bytes: stamp
	// the answer with the turn's time, not this request's.
	at := res.TurnUnixMilli
	if at == 0 {
		at = in.Request.ReceivedUnixMilli
	}
	c := completion{
		id:      "chatcmpl-" + hashHex(evID),
		created: at / 1000,
		model:   model,
		text:    text,
	}
	if res.Handoff != "" {
		w := jsonlite.NewWriter(nil)
		w.StartObject()
		w.StringField("destination", res.Handoff)
		w.EndObject()
		c.toolID = "call_" + hashHex(evID, res.Handoff)
		c.toolArgs = string(w.Bytes())
	}
	if jsonlite.Get(body, "stream").Bool() {
		return abi.Response{
			Status: 200, ContentType: "text/event-stream",
			Headers: []abi.KV{{Key: "Cache-Control", Value: "no-cache"}},
			Body:    c.appendSSE(make([]byte, 0, 1024)),
		}
	}
	return abi.Response{Status: 200, ContentType: contentTypeJSON, Body: c.appendJSON(nil)}
}

type completion struct {
	id       string
	created  int64
	model    string
	text     string
	toolID   string // set when the answer calls transferCall
	toolArgs string
}

func (c *completion) finishReason() string {
	if c.toolID != "" {
		return "tool_calls"
	}
	return "stop"
}

// chunkStart writes a chat.completion.chunk up to the delta object's
// opening brace.
func (c *completion) chunkStart(w *jsonlite.Writer) {
	w.StartObject()
	w.StringField("id", c.id)
	w.StringField("object", "chat.completion.chunk")
	w.IntField("created", c.created)
	w.StringField("model", c.model)
	w.ArrayField("choices")
	w.StartObject()
	w.IntField("index", 0)
	w.ObjectField("delta")
}

// chunkEnd closes what chunkStart opened; finish "" writes null.
func (c *completion) chunkEnd(w *jsonlite.Writer, finish string) {
	w.EndObject()
	w.Key("finish_reason")
	if finish == "" {
		w.Null()
	} else {
		w.String(finish)
	}
	w.EndObject()
	w.EndArray()
	w.EndObject()
}

func (c *completion) writeToolCall(w *jsonlite.Writer, withIndex bool) {
	w.ArrayField("tool_calls")
	w.StartObject()
	if withIndex {
		w.IntField("index", 0)
	}
	w.StringField("id", c.toolID)
	w.StringField("type", "function")
	w.ObjectField("function")
	w.StringField("name", transferFunction)
	w.StringField("arguments", c.toolArgs)
	w.EndObject()
	w.EndObject()
	w.EndArray()
}

// appendSSE writes the answer as server-sent events: a role chunk, one
// chunk per phrase, the tool call if any, a finish chunk, and [DONE].
func (c *completion) appendSSE(dst []byte) []byte {
	w := jsonlite.NewWriter(nil)
	event := func() {
		dst = append(dst, "data: "...)
		dst = append(dst, w.Bytes()...)
		dst = append(dst, "\n\n"...)
		w.Reset(w.Bytes()[:0])
	}
	c.chunkStart(w)
	w.StringField("role", "assistant")
	w.StringField("content", "")
	c.chunkEnd(w, "")
	event()
	for _, piece := range phrases(c.text) {
		c.chunkStart(w)
		w.StringField("content", piece)
		c.chunkEnd(w, "")
		event()
	}
	if c.toolID != "" {
		c.chunkStart(w)
		c.writeToolCall(w, true)
		c.chunkEnd(w, "")
		event()
	}
	c.chunkStart(w)
	c.chunkEnd(w, c.finishReason())
	event()
	return append(dst, "data: [DONE]\n\n"...)
}

// appendJSON writes the answer as one chat.completion object.
func (c *completion) appendJSON(dst []byte) []byte {
	w := jsonlite.NewWriter(dst)
	w.StartObject()
	w.StringField("id", c.id)
	w.StringField("object", "chat.completion")
	w.IntField("created", c.created)
	w.StringField("model", c.model)
	w.ArrayField("choices")
	w.StartObject()
	w.IntField("index", 0)
	w.ObjectField("message")
	w.StringField("role", "assistant")
	w.StringField("content", c.text)
	if c.toolID != "" {
		c.writeToolCall(w, false)
	}
	w.EndObject()
	w.StringField("finish_reason", c.finishReason())
	w.EndObject()
	w.EndArray()
	w.EndObject()
	return w.Bytes()
}

// phrases splits text after each punctuation mark followed by a space, so
// Vapi can start speaking the first phrase early. The pieces concatenate
// back to text.
func phrases(text string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(text); i++ {
		switch text[i] {
		case '.', ',', '!', '?', ';', ':':
			if text[i+1] == ' ' {
				out = append(out, text[start:i+2])
				start = i + 2
			}
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}
