package main

import (
	"slices"
	"strconv"
	"strings"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/jsonlite"
)

// apology is shown when the host could not run the turn.
var apology = map[string]string{
	"fr": "Désolé, un problème technique nous empêche de répondre. Merci de réessayer dans un instant.",
	"en": "Sorry, a technical problem prevents us from answering. Please try again in a moment.",
}

func (w *Web) render(p *parsed, in *abi.RenderInput) abi.Response {
	if p.err != nil {
		return jsonError(p.err.status, p.err.msg, p.err.headers(p.cors))
	}
	if p.preflight {
		return abi.Response{Status: 204, Headers: p.cors}
	}
	switch p.route {
	case routeHealth:
		return jsonResponse(200, []byte(`{"ok":true}`), p.cors)
	case routeConfig:
		return jsonResponse(200, renderConfig(&in.Business), append(p.cors, abi.KV{Key: "Cache-Control", Value: "max-age=300"}))
	}
	// A message or a start: find the result of our event.
	ev := p.event
	var res *abi.Result
	for i := range in.Events {
		if in.Events[i].ID == ev.ID && i < len(in.Results) {
			res = &in.Results[i]
			break
		}
	}
	lang := ev.Language
	if lang == "" {
		lang = language(in.Business.Language)
	}
	if lang == "" {
		lang = "fr"
	}
	if res == nil || (res.Error != "" && len(res.Replies) == 0) {
		return jsonError(503, apology[lang], p.cors)
	}

	jw := jsonlite.NewWriter(make([]byte, 0, 512))
	jw.StartObject()
	jw.StringField("conversation", ev.Conversation)
	if p.clientID != "" {
		jw.StringField("id", p.clientID)
	}
	jw.ArrayField("replies")
	for i, r := range res.Replies {
		jw.StartObject()
		if p.clientID != "" {
			jw.StringField("id", "r."+p.clientID+"."+strconv.Itoa(i))
		} else {
			jw.StringField("id", "g."+strconv.Itoa(i))
		}
		jw.StringField("role", "assistant")
		jw.StringField("text", r.Text)
		if len(r.Choices) > 0 {
			jw.ArrayField("choices")
			for _, c := range r.Choices {
				jw.StartObject()
				jw.StringField("id", c.ID)
				jw.StringField("label", c.Label)
				jw.EndObject()
			}
			jw.EndArray()
		}
		jw.EndObject()
	}
	jw.EndArray()
	if res.Handoff != "" {
		jw.StringField("handoff", res.Handoff)
	}
	// While the team has the conversation the assistant stays silent: the
	// widget says where an empty reply went instead of showing nothing.
	for _, kv := range res.Attrs {
		if kv.Key == "handoff_until" && kv.Value != "" {
			jw.StringField("handoff_until", kv.Value)
			break
		}
	}
	jw.EndObject()
	return jsonResponse(200, jw.Bytes(), append(p.cors, abi.KV{Key: "Cache-Control", Value: "no-store"}))
}

func renderConfig(b *abi.Business) []byte {
	lang := language(b.Language)
	if lang == "" {
		lang = "fr"
	}
	// Languages: the "languages" attribute ("fr,en") when set, else the
	// default plus every language with a greeting ("greeting.en").
	langs := []string{lang}
	for _, kv := range b.Attrs {
		if l, ok := strings.CutPrefix(kv.Key, "greeting."); ok {
			if l = language(l); l != "" && !slices.Contains(langs, l) {
				langs = append(langs, l)
			}
		}
	}
	for _, kv := range b.Attrs {
		if kv.Key == "languages" {
			langs = langs[:0]
			for _, l := range strings.FieldsFunc(kv.Value, func(r rune) bool { return r == ',' || r == ' ' }) {
				if l = language(l); l != "" {
					langs = append(langs, l)
				}
			}
			if len(langs) == 0 {
				langs = append(langs, lang)
			}
		}
	}
	jw := jsonlite.NewWriter(make([]byte, 0, 256))
	jw.StartObject()
	jw.StringField("name", b.Name)
	jw.StringField("language", lang)
	jw.ArrayField("languages")
	for _, l := range langs {
		jw.String(l)
	}
	jw.EndArray()
	jw.StringField("greeting", b.Greeting)
	jw.StringField("phone", b.Phone)
	jw.EndObject()
	return jw.Bytes()
}

func jsonResponse(status int, body []byte, headers []abi.KV) abi.Response {
	return abi.Response{Status: status, ContentType: "application/json", Headers: headers, Body: body}
}

func jsonError(status int, msg string, headers []abi.KV) abi.Response {
	body := append([]byte(`{"error":`), jsonlite.AppendString(nil, msg)...)
	return jsonResponse(status, append(body, '}'), headers)
}
