package sdktest

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/accueil-pme/accueil/sdk/abi"
)

// The JSON shapes of the dumps: lower-case names, empty fields left out,
// key/value lists as ordered [key, value] pairs, bodies as text.

// kvList marshals as a JSON object whose members keep the list's order
// (and its repeated keys, if any).
type kvList []abi.KV

func (l kvList) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, kv := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(appendString(b, kv.Key), ':'), appendString(nil, kv.Value)...)
	}
	return append(b, '}'), nil
}

func kvs(in []abi.KV) kvList { return kvList(in) }

type mediaJSON struct {
	URL         string `json:"url,omitempty"`
	ContentType string `json:"content_type,omitempty"`
}

type locationJSON struct {
	Latitude  string `json:"latitude,omitempty"`
	Longitude string `json:"longitude,omitempty"`
	Name      string `json:"name,omitempty"`
	Address   string `json:"address,omitempty"`
}

type toolJSON struct {
	ID        string `json:"id,omitempty"`
	Name      string `json:"name,omitempty"`
	Arguments string `json:"arguments,omitempty"`
}

type eventJSON struct {
	Kind         string        `json:"kind"`
	ID           string        `json:"id,omitempty"`
	Conversation string        `json:"conversation,omitempty"`
	From         string        `json:"from,omitempty"`
	To           string        `json:"to,omitempty"`
	Name         string        `json:"name,omitempty"`
	Text         string        `json:"text,omitempty"`
	Payload      string        `json:"payload,omitempty"`
	Language     string        `json:"language,omitempty"`
	Media        []mediaJSON   `json:"media,omitempty"`
	Location     *locationJSON `json:"location,omitempty"`
	Tool         *toolJSON     `json:"tool,omitempty"`
	Status       string        `json:"status,omitempty"`
	Attrs        kvList        `json:"attrs,omitempty"`
}

func event(ev *abi.Event) eventJSON {
	out := eventJSON{Kind: ev.Kind, ID: ev.ID, Conversation: ev.Conversation, From: ev.From, To: ev.To, Name: ev.Name,
		Text: ev.Text, Payload: ev.Payload, Language: ev.Language, Status: ev.Status, Attrs: kvs(ev.Attrs)}
	for _, m := range ev.Media {
		out.Media = append(out.Media, mediaJSON(m))
	}
	if l := ev.Location; l != nil {
		out.Location = (*locationJSON)(l)
	}
	if tc := ev.Tool; tc != nil {
		out.Tool = (*toolJSON)(tc)
	}
	return out
}

type rejectJSON struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
	Headers kvList `json:"headers,omitempty"`
}

type parseResultJSON struct {
	Verified bool        `json:"verified"`
	Reject   *rejectJSON `json:"reject,omitempty"`
	Events   []eventJSON `json:"events"`
}

// marshal returns v as indented JSON, with <, > and & left readable.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic("sdktest: " + err.Error()) // only plain structs of strings are marshalled
	}
	return buf.Bytes()
}

// appendString appends s as a JSON string, with <, > and & left readable.
func appendString(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// MarshalParseResult returns a stable, indented JSON dump of r for golden files.
func MarshalParseResult(r *abi.ParseResult) []byte {
	out := parseResultJSON{Verified: r.Verified, Events: []eventJSON{}}
	if rj := r.Reject; rj != nil {
		out.Reject = &rejectJSON{rj.Status, rj.Message, kvs(rj.Headers)}
	}
	for i := range r.Events {
		out.Events = append(out.Events, event(&r.Events[i]))
	}
	return marshal(out)
}

// MarshalEvents returns a stable, indented JSON dump of events.
func MarshalEvents(events []abi.Event) []byte {
	out := []eventJSON{}
	for i := range events {
		out = append(out, event(&events[i]))
	}
	return marshal(out)
}

type requestJSON struct {
	Method            string `json:"method,omitempty"`
	Path              string `json:"path,omitempty"`
	Query             string `json:"query,omitempty"`
	PublicURL         string `json:"public_url,omitempty"`
	Headers           kvList `json:"headers,omitempty"`
	Body              string `json:"body,omitempty"`
	ReceivedUnixMilli int64  `json:"received_unix_milli,omitempty"`
	RemoteAddr        string `json:"remote_addr,omitempty"`
}

// MarshalRequest returns a stable, indented JSON dump of r; the body is shown as text.
func MarshalRequest(r *abi.Request) []byte {
	return marshal(requestJSON{r.Method, r.Path, r.Query, r.PublicURL, kvs(r.Headers), string(r.Body), r.ReceivedUnixMilli, r.RemoteAddr})
}

// MarshalResponse returns a readable dump of r for golden files: the status
// line, the content type and headers, a blank line, then the body as is.
//
//	HTTP 200
//	Content-Type: text/xml; charset=utf-8
//
//	<?xml version="1.0" encoding="UTF-8"?><Response/>
func MarshalResponse(r *abi.Response) []byte {
	var b strings.Builder
	b.WriteString("HTTP " + strconv.Itoa(r.Status) + "\n")
	if r.ContentType != "" {
		b.WriteString("Content-Type: " + r.ContentType + "\n")
	}
	for _, h := range r.Headers {
		b.WriteString(h.Key + ": " + h.Value + "\n")
	}
	b.WriteString("\n")
	b.Write(r.Body)
	if len(r.Body) > 0 && r.Body[len(r.Body)-1] != '\n' {
		b.WriteString("\n")
	}
	return []byte(b.String())
}
