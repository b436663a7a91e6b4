package main

import (
	"strings"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/jsonlite"
)

const contentTypeJSON = "application/json"

// Render answers Vapi with the exact body its message type expects. Every
// answer is a 200: Vapi ignores other statuses ("no result returned").
func (v *Voice) Render(in *abi.RenderInput) (abi.Response, error) {
	if isCompletions(in.Request.Path) {
		return v.renderCompletion(in), nil
	}
	// Parse stamped the message type on every event; only a message that
	// gave no event (an empty tool-calls list) needs the body read again.
	var typ string
	if len(in.Events) > 0 {
		typ = in.Events[0].Attr(attrType)
	} else {
		typ = jsonlite.Get(in.Request.Body, "message", "type").Text()
	}
	size := 512
	if typ == typeAssistantRequest {
		size = 16 << 10
	}
	// The writer and its buffer are reused from call to call: the SDK
	// encodes the response before the next call.
	buf := v.out.Bytes()[:0]
	if cap(buf) < size {
		buf = make([]byte, 0, size)
	}
	v.out.Reset(buf)
	w := &v.out
	switch typ {
	case typeAssistantRequest:
		v.renderAssistantRequest(w, in)
	case typeToolCalls:
		renderToolCalls(w, in)
	case typeFunctionCall:
		res, _ := first(in, abi.KindToolCall)
		w.StartObject()
		if res.Error != "" || res.ToolError != "" {
			w.StringField("result", toolErrorText(res, lang(in)))
		} else {
			w.StringField("result", toolResultText(res))
		}
		w.EndObject()
	case typeTransferRequest:
		renderTransfer(w, in)
	case typeKnowledgeRequest:
		res, _ := first(in, abi.KindToolCall)
		w.StartObject()
		w.ArrayField("documents")
		if text := oneLine(res.ToolResult); text != "" && res.Error == "" && res.ToolError == "" {
			w.StartObject()
			w.StringField("content", text)
			w.IntField("similarity", 1)
			w.EndObject()
		}
		w.EndArray()
		w.EndObject()
	case typeUserMessage:
		renderTestReply(w, in)
	default:
		w.StartObject()
		w.EndObject()
	}
	return abi.Response{Status: 200, ContentType: contentTypeJSON, Body: w.Bytes()}, nil
}

// first returns the result of the first event of the kind.
func first(in *abi.RenderInput, kind string) (abi.Result, bool) {
	for i, ev := range in.Events {
		if ev.Kind == kind && i < len(in.Results) {
			return in.Results[i], true
		}
	}
	return abi.Result{}, false
}

// lang is the conversation's language (the results' "language" attribute, else
// the business's) reduced to "fr" or "en".
func lang(in *abi.RenderInput) string {
	l := in.Business.Language
	for i := range in.Results {
		// The conversation's language, when the host says it is not the
		// business's: a known English caller gets an English assistant.
		for _, kv := range in.Results[i].Attrs {
			if kv.Key == "language" {
				l = kv.Value
			}
		}
	}
	if strings.HasPrefix(strings.ToLower(l), "en") {
		return "en"
	}
	return "fr"
}

// Spoken texts, by language.
var (
	apology = map[string]string{
		"fr": "Désolé, un problème technique m'empêche de vous répondre. Merci de rappeler dans quelques minutes.",
		"en": "Sorry, a technical problem prevents me from answering. Please call back in a few minutes.",
	}
	toolUnavailable = map[string]string{
		"fr": "Le service est momentanément indisponible ; proposez au client de rappeler plus tard.",
		"en": "The service is temporarily unavailable; offer the customer to call back later.",
	}
	transferring = map[string]string{
		"fr": "Je vous transfère, ne quittez pas.",
		"en": "I am transferring you, please hold.",
	}
	transferFailed = map[string]string{
		"fr": "Je n'ai pas réussi à vous transférer. Vous pouvez rappeler le salon un peu plus tard ; en attendant, je peux continuer à vous aider.",
		"en": "I could not transfer your call. You can call back a little later; meanwhile, I can go on helping you.",
	}
	noTransfer = map[string]string{
		"fr": "Désolé, personne n'est disponible pour prendre votre appel pour le moment.",
		"en": "Sorry, nobody is available to take your call right now.",
	}
	defaultGreeting = map[string]string{
		"fr": "Bonjour, vous êtes bien chez %s, je vous écoute.",
		"en": "Hello, this is %s, how can I help you?",
	}
)

// replyText joins the replies of a result, phrased for speech when the
// engine gave a spoken form.
func replyText(res abi.Result) string {
	var b strings.Builder
	for _, r := range res.Replies {
		t := r.Speech
		if t == "" {
			t = r.Text
		}
		if t = oneLine(t); t == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

func toolResultText(res abi.Result) string {
	if t := oneLine(res.ToolResult); t != "" {
		return t
	}
	if t := replyText(res); t != "" {
		return t
	}
	return "ok"
}

func toolErrorText(res abi.Result, lg string) string {
	if t := oneLine(res.ToolError); t != "" && res.Error == "" {
		return t
	}
	return toolUnavailable[lg]
}

// renderToolCalls answers {"results":[...]}, one per call, in order.
func renderToolCalls(w *jsonlite.Writer, in *abi.RenderInput) {
	lg := lang(in)
	w.StartObject()
	w.ArrayField("results")
	for i, ev := range in.Events {
		if ev.Kind != abi.KindToolCall || ev.Tool == nil {
			continue
		}
		var res abi.Result
		if i < len(in.Results) {
			res = in.Results[i]
		}
		w.StartObject()
		w.StringField("name", ev.Tool.Name)
		w.StringField("toolCallId", ev.Tool.ID)
		if res.Error != "" || res.ToolError != "" {
			w.StringField("error", toolErrorText(res, lg))
		} else {
			w.StringField("result", toolResultText(res))
		}
		w.EndObject()
	}
	w.EndArray()
	w.EndObject()
}

// renderTransfer answers a transfer-destination-request: the handoff
// number the host chose, or an error Vapi speaks when there is none.
func renderTransfer(w *jsonlite.Writer, in *abi.RenderInput) {
	lg := lang(in)
	res, _ := first(in, abi.KindToolCall)
	w.StartObject()
	if res.Handoff != "" && res.Error == "" {
		msg := oneLine(res.ToolResult)
		if msg == "" {
			msg = replyText(res)
		}
		if msg == "" {
			msg = transferring[lg]
		}
		w.ObjectField("destination")
		w.StringField("type", "number")
		w.StringField("number", res.Handoff)
		w.StringField("message", msg)
		w.EndObject()
	} else {
		msg := oneLine(res.ToolError)
		if msg == "" && res.Error == "" {
			// The engine explains why nobody can take the call (closed, …)
			// in its tool result or its reply.
			if msg = oneLine(res.ToolResult); msg == "" {
				msg = replyText(res)
			}
		}
		if msg == "" {
			msg = noTransfer[lg]
		}
		w.StringField("error", msg)
	}
	w.EndObject()
}

// renderTestReply answers the seed's short test form with the engine's reply.
func renderTestReply(w *jsonlite.Writer, in *abi.RenderInput) {
	res, _ := first(in, abi.KindMessage)
	w.StartObject()
	if res.Error != "" {
		w.StringField("reply", apology[lang(in)])
		w.StringField("error", res.Error)
		w.EndObject()
		return
	}
	var text []string
	for _, r := range res.Replies {
		text = append(text, r.Text)
	}
	w.StringField("reply", strings.Join(text, "\n"))
	if s := replyText(res); s != strings.Join(text, " ") {
		w.StringField("speech", s)
	}
	w.ArrayField("replies")
	for _, r := range res.Replies {
		w.StartObject()
		w.StringField("text", r.Text)
		if r.Speech != "" {
			w.StringField("speech", r.Speech)
		}
		if len(r.Choices) > 0 {
			w.ArrayField("choices")
			for _, c := range r.Choices {
				w.StartObject()
				w.StringField("id", c.ID)
				w.StringField("label", c.Label)
				w.EndObject()
			}
			w.EndArray()
		}
		w.EndObject()
	}
	w.EndArray()
	if res.Handoff != "" {
		w.StringField("handoff", res.Handoff)
	}
	w.EndObject()
}
