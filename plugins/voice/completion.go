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
	users, last := 0, ""
	for _, m := range msgs.Elements() {
		if m.Get("role").TextEquals("user") {
			users++
			last = contentText(m.Get("content"))
		}
	}
	call := root.Get("call")
	conv := call.Get("id").Text()
	if conv == "" {
		if md := root.Get("metadata"); md.Exists() {
			conv = "meta-" + hashHex(string(md.Raw()))
		} else {
			// Stable for the whole call: the first messages do not change.
			first := msgs.Index(0)
			conv = "anon-" + hashHex(string(first.Raw()))
		}
	}
	from := e164(call.Get("customer", "number").Text())
	if from == "" {
		from = e164(root.Get("customer", "number").Text())
	}
	name := call.Get("customer", "name").Text()
	if name == "" {
		name = root.Get("customer", "name").Text()
	}
	ev := abi.Event{
		Kind: abi.KindMessage, ID: conv + ":" + strconv.Itoa(users), Conversation: conv,
		From: from, Name: name, Text: last, To: e164(root.Get("phoneNumber", "number").Text()),
		Attrs: []abi.KV{{Key: attrType, Value: "chat-completions"}},
	}
	if users == 0 {
		ev.Kind = abi.KindSessionStart
	}
	return abi.ParseResult{Events: []abi.Event{ev}}, nil
}
