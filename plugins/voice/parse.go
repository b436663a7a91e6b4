package main

import (
	"strings"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/jsonlite"
)

// Vapi server message types the plugin treats specially.
const (
	typeAssistantRequest  = "assistant-request"
	typeToolCalls         = "tool-calls"
	typeFunctionCall      = "function-call"
	typeTransferRequest   = "transfer-destination-request"
	typeKnowledgeRequest  = "knowledge-base-request"
	typeTranscript        = "transcript"
	typeTranscriptFinal   = `transcript[transcriptType="final"]`
	typeEndOfCallReport   = "end-of-call-report"
	typeStatusUpdate      = "status-update"
	typeUserMessage       = "user-message"
	completionsPathSuffix = "/chat/completions"
)

// Tool names the engine answers (engine/contract.go).
const (
	toolCheck      = "verifier_disponibilite"
	toolBook       = "reserver"
	toolReschedule = "deplacer_rdv"
	toolCancel     = "annuler_rdv"
	toolMine       = "mes_rdv"
	toolQuestion   = "question"
	toolTransfer   = "transferer"
)

// Attribute keys the plugin sets on events.
const (
	attrType = "vapi_type"
)

func isCompletions(path string) bool { return strings.HasSuffix(path, completionsPathSuffix) }

func reject(status int, msg string) abi.ParseResult {
	return abi.ParseResult{Reject: &abi.Reject{Status: status, Message: msg}}
}

// Parse authenticates the request and turns it into events.
func (v *Voice) Parse(req *abi.Request) (abi.ParseResult, error) {
	completions := isCompletions(req.Path)
	if !v.authorized(req, completions) {
		return reject(401, "invalid Vapi credentials"), nil
	}
	if req.Method != "" && req.Method != "POST" {
		return reject(405, "Vapi requests must be POST, got "+req.Method), nil
	}
	root, err := jsonlite.Parse(req.Body)
	if err != nil {
		return reject(400, "malformed JSON body: "+err.Error()), nil
	}
	var res abi.ParseResult
	if completions {
		res, err = parseCompletion(root)
	} else {
		res, err = parseWebhook(root)
	}
	if err != nil {
		return reject(400, err.Error()), nil
	}
	res.Verified = v.secret != ""
	return res, nil
}

type parseError string

func (e parseError) Error() string { return string(e) }

// message holds the members of a Vapi message the plugin reads, found in
// one pass over the object (Vapi messages carry large members, such as the
// assistant and the artifact, that repeated lookups would scan again).
type message struct {
	obj                                          jsonlite.Value
	typ, call, customer, phoneNumber, timestamp  jsonlite.Value
	chat, toolCallList, toolWithToolCalls, calls jsonlite.Value
}

func readMessage(obj jsonlite.Value) message {
	m := message{obj: obj}
	for k, v := range obj.RawMembers() {
		// Vapi never escapes its key names, so the raw bytes are compared.
		switch string(k.Raw()) {
		case `"type"`:
			m.typ = v
		case `"call"`:
			m.call = v
		case `"customer"`:
			m.customer = v
		case `"phoneNumber"`:
			m.phoneNumber = v
		case `"timestamp"`:
			m.timestamp = v
		case `"chat"`:
			m.chat = v
		case `"toolCallList"`:
			m.toolCallList = v
		case `"toolWithToolCallList"`:
			m.toolWithToolCalls = v
		case `"toolCalls"`:
			m.calls = v
		}
	}
	return m
}

// callInfo is what every Vapi message says about the call.
type callInfo struct {
	conversation string
	from         string
	name         string
	to           string
}

func callOf(root jsonlite.Value, m *message) callInfo {
	call := m.call
	if !call.Exists() {
		call = root.Get("call")
	}
	ci := callInfo{conversation: call.Get("id").TextView()}
	if ci.conversation == "" {
		ci.conversation = m.chat.Get("id").TextView()
	}
	customer := m.customer
	if !customer.Get("number").Exists() {
		customer = call.Get("customer")
	}
	ci.from = e164(customer.Get("number").TextView())
	ci.name = customer.Get("name").TextView()
	ci.to = e164(m.phoneNumber.Get("number").TextView())
	if ci.conversation == "" {
		// No call or chat: an anonymous one-off conversation, never shared
		// with another caller.
		ci.conversation = "anon-" + hashHex(ci.from, m.timestamp.TextView(), string(m.obj.Raw()))
	}
	return ci
}

func (ci callInfo) event(kind, id string) abi.Event {
	return abi.Event{Kind: kind, ID: id, Conversation: ci.conversation, From: ci.from, Name: ci.name, To: ci.to}
}

func parseWebhook(root jsonlite.Value) (abi.ParseResult, error) {
	if root.Kind() != jsonlite.Object {
		return abi.ParseResult{}, parseError(`body must be a JSON object {"message":{...}}`)
	}
	msg := root.Get("message")
	if msg.Kind() != jsonlite.Object {
		return abi.ParseResult{}, parseError(`body has no "message" object; Vapi sends {"message":{"type":...}}`)
	}
	m := readMessage(msg)
	typ := m.typ.TextView()
	if typ == "" {
		return abi.ParseResult{}, parseError(`message has no "type"`)
	}
	if m.typ.Kind() != jsonlite.String {
		return abi.ParseResult{}, parseError(`message "type" must be a string, such as "tool-calls"`)
	}
	if typ == typeToolCalls && m.toolCallList.Kind() != jsonlite.Array && m.toolWithToolCalls.Kind() != jsonlite.Array {
		return abi.ParseResult{}, parseError(`tool-calls message has no "toolCallList" array`)
	}
	ci := callOf(root, &m)
	if typ == typeEndOfCallReport && strings.HasPrefix(ci.conversation, "anon-") {
		return abi.ParseResult{}, parseError(`end-of-call-report has no call.id: nothing to file it under`)
	}
	var evs []abi.Event
	switch typ {
	case typeAssistantRequest:
		evs = append(evs, ci.event(abi.KindSessionStart, ci.conversation))
	case typeToolCalls:
		evs = toolCallEvents(ci, &m)
	case typeFunctionCall:
		fc := msg.Get("functionCall")
		name := fc.Get("name").TextView()
		if name == "" {
			return abi.ParseResult{}, parseError(`function-call message has no functionCall.name`)
		}
		args, bad := arguments(fc.Get("parameters"))
		id := "fn-" + hashHex(ci.conversation, m.timestamp.TextView(), name, args)
		ev := ci.event(abi.KindToolCall, id)
		ev.Tool = &abi.ToolCall{ID: id, Name: name, Arguments: args}
		if bad != "" {
			ev.Attrs = append(ev.Attrs, abi.KV{Key: "invalid_arguments", Value: bad})
		}
		evs = append(evs, ev)
	case typeTransferRequest:
		id := "transfer-" + hashHex(ci.conversation, m.timestamp.TextView())
		ev := ci.event(abi.KindToolCall, id)
		w := jsonlite.NewWriter(nil)
		w.StartObject()
		if last := lastUserMessage(msg); last != "" {
			w.StringField("reason", last)
		}
		w.EndObject()
		ev.Tool = &abi.ToolCall{ID: id, Name: toolTransfer, Arguments: string(w.Bytes())}
		evs = append(evs, ev)
	case typeKnowledgeRequest:
		q := lastUserMessage(msg)
		id := "kb-" + hashHex(ci.conversation, m.timestamp.TextView(), q)
		ev := ci.event(abi.KindToolCall, id)
		w := jsonlite.NewWriter(nil)
		w.StartObject()
		w.StringField("question", q)
		w.EndObject()
		ev.Tool = &abi.ToolCall{ID: id, Name: toolQuestion, Arguments: string(w.Bytes())}
		ev.Text = q
		evs = append(evs, ev)
	case typeEndOfCallReport:
		evs = append(evs, callEndEvent(ci, msg))
	case typeStatusUpdate:
		ev := ci.event(abi.KindStatus, ci.conversation)
		ev.Status = msg.Get("status").TextView()
		if r := msg.Get("endedReason").TextView(); r != "" {
			ev.Attrs = append(ev.Attrs, abi.KV{Key: "ended_reason", Value: r})
		}
		if n := msg.Get("destination", "number").TextView(); n != "" {
			ev.Attrs = append(ev.Attrs, abi.KV{Key: "destination", Value: n})
		}
		evs = append(evs, ev)
	case typeTranscript, typeTranscriptFinal:
		ev := ci.event(abi.KindInfo, "")
		ev.Text = msg.Get("transcript").TextView()
		tt := msg.Get("transcriptType").TextView()
		if tt == "" && typ == typeTranscriptFinal {
			tt = "final"
		}
		ev.Attrs = append(ev.Attrs, abi.KV{Key: "transcript_type", Value: tt}, abi.KV{Key: "role", Value: msg.Get("role").TextView()})
		evs = append(evs, ev)
	case typeUserMessage:
		text := msg.Get("content").TextView()
		if text == "" {
			text = msg.Get("text").TextView()
		}
		ev := ci.event(abi.KindMessage, msg.Get("id").TextView())
		ev.Text = text
		evs = append(evs, ev)
	default:
		evs = append(evs, infoEvent(ci, typ, msg))
	}
	for i := range evs {
		evs[i].Attrs = append(evs[i].Attrs, abi.KV{Key: attrType, Value: typ})
	}
	return abi.ParseResult{Events: evs}, nil
}

// infoEvent describes a message that needs only an acknowledgement.
func infoEvent(ci callInfo, typ string, msg jsonlite.Value) abi.Event {
	ev := ci.event(abi.KindInfo, "")
	add := func(key, val string) {
		if val != "" {
			ev.Attrs = append(ev.Attrs, abi.KV{Key: key, Value: val})
		}
	}
	switch typ {
	case "speech-update":
		add("status", msg.Get("status").TextView())
		add("role", msg.Get("role").TextView())
		add("turn", msg.Get("turn").TextView())
	case "model-output":
		ev.Text = msg.Get("output").TextView()
		add("turn_id", msg.Get("turnId").TextView())
	case "user-interrupted":
		add("turn_id", msg.Get("turnId").TextView())
	case "transfer-update", "phone-call-control":
		add("request", msg.Get("request").TextView())
		add("destination", msg.Get("destination", "number").TextView())
	case "conversation-update":
		ev.Text = lastUserMessage(msg)
	case "language-change-detected":
		add("language", msg.Get("language").TextView())
	}
	return ev
}

// toolCallEvents reads toolCallList, then toolWithToolCallList[].toolCall,
// then the legacy toolCalls, keeping the first occurrence of each call id.
func toolCallEvents(ci callInfo, m *message) []abi.Event {
	var evs []abi.Event
	seen := func(id string) bool {
		if id == "" {
			return false
		}
		for _, e := range evs {
			if e.Tool.ID == id {
				return true
			}
		}
		return false
	}
	// The lists describe the same calls: a call without an id is taken
	// from the first list that has any call, never again from the next.
	listed := 0
	addCall := func(item jsonlite.Value) {
		if item.Kind() != jsonlite.Object {
			return
		}
		id := item.Get("id").TextView()
		if seen(id) || id == "" && listed > 0 {
			return
		}
		fn := item.Get("function")
		name := fn.Get("name").TextView()
		if name == "" {
			name = item.Get("name").TextView()
		}
		a := fn.Get("arguments")
		if !a.Exists() {
			a = item.Get("arguments")
		}
		if !a.Exists() {
			a = fn.Get("parameters")
		}
		if !a.Exists() {
			a = item.Get("parameters")
		}
		args, bad := arguments(a)
		ev := ci.event(abi.KindToolCall, id)
		ev.Tool = &abi.ToolCall{ID: id, Name: name, Arguments: args}
		if bad != "" {
			ev.Attrs = append(ev.Attrs, abi.KV{Key: "invalid_arguments", Value: bad})
		}
		evs = append(evs, ev)
	}
	for _, item := range m.toolCallList.Elements() {
		addCall(item)
	}
	listed = len(evs)
	for _, item := range m.toolWithToolCalls.Elements() {
		addCall(item.Get("toolCall"))
	}
	listed = len(evs)
	for _, item := range m.calls.Elements() {
		addCall(item)
	}
	return evs
}

// arguments returns a tool call's arguments as JSON object text: an object
// verbatim, a string holding an object unescaped. Anything else gives "{}"
// and, when it was not empty, the offending text in bad.
func arguments(a jsonlite.Value) (args, bad string) {
	switch a.Kind() {
	case jsonlite.Object:
		return string(a.Raw()), ""
	case jsonlite.String:
		s := a.TextView()
		if strings.TrimSpace(s) == "" {
			return "{}", ""
		}
		if v, err := jsonlite.Parse([]byte(s)); err == nil && v.Kind() == jsonlite.Object {
			return string(v.Raw()), ""
		}
		return "{}", s
	case jsonlite.Invalid, jsonlite.Null:
		return "{}", ""
	}
	return "{}", string(a.Raw())
}

// lastUserMessage finds what the caller said last, in the OpenAI-formatted
// history, the Vapi history, or the artifact's copies of them.
func lastUserMessage(msg jsonlite.Value) string {
	for _, src := range [...]jsonlite.Value{
		msg.Get("messagesOpenAIFormatted"), msg.Get("artifact", "messagesOpenAIFormatted"),
		msg.Get("messages"), msg.Get("artifact", "messages"),
	} {
		last := ""
		for _, m := range src.Elements() {
			if m.Get("role").TextEquals("user") {
				if t := contentText(m.Get("content")); t != "" {
					last = t
				} else if t := m.Get("message").TextView(); t != "" {
					last = t
				}
			}
		}
		if last != "" {
			return last
		}
	}
	return ""
}

// contentText reads an OpenAI message content: a string, or an array of
// parts whose text parts are joined.
func contentText(c jsonlite.Value) string {
	if c.Kind() == jsonlite.String {
		return c.TextView()
	}
	var b []byte
	for _, part := range c.Elements() {
		if t := part.Get("text"); t.Kind() == jsonlite.String {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = t.AppendText(b)
		}
	}
	return string(b)
}

func callEndEvent(ci callInfo, msg jsonlite.Value) abi.Event {
	ev := ci.event(abi.KindCallEnd, ci.conversation)
	call := msg.Get("call")
	first := func(vals ...jsonlite.Value) string {
		for _, v := range vals {
			if t := v.TextView(); t != "" {
				return t
			}
		}
		return ""
	}
	ev.Status = first(msg.Get("endedReason"), call.Get("endedReason"))
	ev.Text = first(msg.Get("artifact", "transcript"), msg.Get("transcript"))
	started := first(msg.Get("startedAt"), call.Get("startedAt"))
	ended := first(msg.Get("endedAt"), call.Get("endedAt"))
	duration := first(msg.Get("durationSeconds"))
	if duration == "" {
		duration = secondsBetween(started, ended)
	}
	add := func(key, val string) {
		if val != "" {
			ev.Attrs = append(ev.Attrs, abi.KV{Key: key, Value: val})
		}
	}
	add("duration_seconds", duration)
	if msgs := msg.Get("artifact", "messages"); msgs.Exists() {
		// Whether the caller said anything: a call greeted and hung up on
		// is abandoned, not answered.
		spoke := "false"
		for i := 0; i < msgs.Len(); i++ {
			if msgs.Index(i).Get("role").TextView() == "user" {
				spoke = "true"
				break
			}
		}
		add("caller_spoke", spoke)
	}
	add("summary", first(msg.Get("analysis", "summary"), msg.Get("summary")))
	add("success_evaluation", first(msg.Get("analysis", "successEvaluation")))
	add("recording_url", first(msg.Get("artifact", "recordingUrl"), msg.Get("artifact", "recording", "mono", "combinedUrl"), msg.Get("recordingUrl")))
	add("stereo_recording_url", first(msg.Get("artifact", "stereoRecordingUrl"), msg.Get("artifact", "recording", "stereoUrl"), msg.Get("stereoRecordingUrl")))
	add("started_at", started)
	add("ended_at", ended)
	add("cost", first(msg.Get("cost"), call.Get("cost")))
	add("provider_call_id", first(call.Get("phoneCallProviderId")))
	return ev
}
