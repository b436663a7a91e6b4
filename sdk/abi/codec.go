package abi

import (
	"fmt"
	"slices"
	"strings"
)

// Field numbers are part of the ABI: never renumber, only add. docs/abi.md lists them.

// AppendConfig appends the encoding of c to b.
func AppendConfig(b []byte, c *Config) []byte {
	e := enc{b}
	e.str(1, c.Plugin)
	e.kvs(2, c.Settings)
	return e.b
}

// DecodeConfig decodes a [Config].
func DecodeConfig(p []byte) (Config, error) {
	var c Config
	d := newDec(p)
	for f, w, v, ok := d.next(); ok; f, w, v, ok = d.next() {
		switch f {
		case 1:
			c.Plugin = d.text(w, v)
		case 2:
			c.Settings = append(c.Settings, d.kv(w, v))
		}
	}
	return c, wrap("config", d.r.err)
}

// AppendRequest appends the encoding of r to b.
func AppendRequest(b []byte, r *Request) []byte {
	e := enc{b}
	appendRequest(&e, r)
	return e.b
}

func appendRequest(e *enc, r *Request) {
	e.str(1, r.Method)
	e.str(2, r.Path)
	e.str(3, r.Query)
	e.str(4, r.PublicURL)
	e.kvs(5, r.Headers)
	e.bytes(6, r.Body)
	e.int(7, r.ReceivedUnixMilli)
	e.str(8, r.RemoteAddr)
}

// DecodeRequest decodes a [Request]. Body aliases p.
func DecodeRequest(p []byte) (Request, error) {
	var r Request
	d := newDec(p)
	decodeRequest(d, &r)
	return r, wrap("request", d.r.err)
}

// DecodeRequestTo decodes p into r without copying: r's strings and Body
// alias p, so r is valid only while p is neither modified nor reused. It
// keeps the memory of r's slices (Headers), so a caller decoding request
// after request into the same r allocates nothing once warm. Every field of
// r is overwritten; a slice may come back empty but not nil.
//
// The guest SDK decodes every call this way, from the input buffer the host
// writes into: see "Lifetimes" in the package documentation.
func DecodeRequestTo(p []byte, r *Request) error {
	d := newViewDec(p)
	decodeRequest(d, r)
	return wrap("request", d.r.err)
}

// Resetting a decoded value field by field rather than assigning a whole
// struct literal (*r = Request{...}) is deliberate: inside WebAssembly, Go
// zeroes or copies a struct of more than a few words with memory.fill or
// memory.copy, which wazero runs as calls to the host's memmove, several
// per struct; a few stores cost less.

// resetRequest empties r, keeping the capacity of its slices.
func resetRequest(r *Request) {
	r.Method, r.Path, r.Query, r.PublicURL = "", "", "", ""
	r.Headers = r.Headers[:0]
	r.Body = nil
	r.ReceivedUnixMilli = 0
	r.RemoteAddr = ""
}

// decodeRequest overwrites r, keeping the capacity of its slices.
func decodeRequest(d *dec, r *Request) {
	resetRequest(r)
	for f, w, v, ok := d.next(); ok; f, w, v, ok = d.next() {
		switch f {
		case 1:
			r.Method = d.text(w, v)
		case 2:
			r.Path = d.text(w, v)
		case 3:
			r.Query = d.text(w, v)
		case 4:
			r.PublicURL = d.text(w, v)
		case 5:
			r.Headers = append(r.Headers, d.kv(w, v))
		case 6:
			r.Body = d.bytes(w, v)
		case 7:
			r.ReceivedUnixMilli = d.sint(w, v)
		case 8:
			r.RemoteAddr = d.text(w, v)
		}
	}
}

func appendEvent(e *enc, ev *Event) {
	e.str(1, ev.Kind)
	e.str(2, ev.ID)
	e.str(3, ev.Conversation)
	e.str(4, ev.From)
	e.str(5, ev.To)
	e.str(6, ev.Name)
	e.str(7, ev.Text)
	e.str(8, ev.Payload)
	e.str(9, ev.Language)
	for i := range ev.Media {
		m := &ev.Media[i]
		{
			m0 := e.begin(10)
			e.str(1, m.URL)
			e.str(2, m.ContentType)
			e.end(m0)
		}
	}
	if l := ev.Location; l != nil {
		{
			m1 := e.begin(11)
			e.str(1, l.Latitude)
			e.str(2, l.Longitude)
			e.str(3, l.Name)
			e.str(4, l.Address)
			e.end(m1)
		}
	}
	if t := ev.Tool; t != nil {
		{
			m2 := e.begin(12)
			e.str(1, t.ID)
			e.str(2, t.Name)
			e.str(3, t.Arguments)
			e.end(m2)
		}
	}
	e.str(13, ev.Status)
	e.kvs(14, ev.Attrs)
}

// decodeEvent overwrites ev, keeping the capacity of its slices and reusing
// its Location and Tool when the new event has them too.
func decodeEvent(d *dec, ev *Event) {
	loc, tool := ev.Location, ev.Tool
	// Field by field: see resetRequest.
	ev.Kind, ev.ID, ev.Conversation, ev.From, ev.To = "", "", "", "", ""
	ev.Name, ev.Text, ev.Payload, ev.Language, ev.Status = "", "", "", "", ""
	ev.Media, ev.Attrs = ev.Media[:0], ev.Attrs[:0]
	ev.Location, ev.Tool = nil, nil
	for f, w, v, ok := d.next(); ok; f, w, v, ok = d.next() {
		switch f {
		case 1:
			ev.Kind = d.text(w, v)
		case 2:
			ev.ID = d.text(w, v)
		case 3:
			ev.Conversation = d.text(w, v)
		case 4:
			ev.From = d.text(w, v)
		case 5:
			ev.To = d.text(w, v)
		case 6:
			ev.Name = d.text(w, v)
		case 7:
			ev.Text = d.text(w, v)
		case 8:
			ev.Payload = d.text(w, v)
		case 9:
			ev.Language = d.text(w, v)
		case 10:
			s := d.sub(w, v)
			var m Media
			for f, w, v, ok := s.next(); ok; f, w, v, ok = s.next() {
				switch f {
				case 1:
					m.URL = s.text(w, v)
				case 2:
					m.ContentType = s.text(w, v)
				}
			}
			d.join(&s)
			ev.Media = append(ev.Media, m)
		case 11:
			s := d.sub(w, v)
			l := loc
			if l == nil {
				l = new(Location)
			}
			l.Latitude, l.Longitude, l.Name, l.Address = "", "", "", ""
			for f, w, v, ok := s.next(); ok; f, w, v, ok = s.next() {
				switch f {
				case 1:
					l.Latitude = s.text(w, v)
				case 2:
					l.Longitude = s.text(w, v)
				case 3:
					l.Name = s.text(w, v)
				case 4:
					l.Address = s.text(w, v)
				}
			}
			d.join(&s)
			ev.Location = l
		case 12:
			s := d.sub(w, v)
			t := tool
			if t == nil {
				t = new(ToolCall)
			}
			t.ID, t.Name, t.Arguments = "", "", ""
			for f, w, v, ok := s.next(); ok; f, w, v, ok = s.next() {
				switch f {
				case 1:
					t.ID = s.text(w, v)
				case 2:
					t.Name = s.text(w, v)
				case 3:
					t.Arguments = s.text(w, v)
				}
			}
			d.join(&s)
			ev.Tool = t
		case 13:
			ev.Status = d.text(w, v)
		case 14:
			if cap(ev.Attrs) == 0 {
				// A first decode (on the host, every decode): size the
				// slice once rather than growing it attribute by attribute.
				ev.Attrs = make([]KV, 0, 1+d.count(14))
			}
			ev.Attrs = append(ev.Attrs, d.kv(w, v))
		}
	}
}

// grow returns s one element longer, reusing the element past its length
// when the capacity allows, so that its own slices are reused too.
func grow[T any](s []T) []T {
	if len(s) < cap(s) {
		return s[:len(s)+1]
	}
	var zero T
	return append(s, zero)
}

// AppendParseResult appends the encoding of r to b.
func AppendParseResult(b []byte, r *ParseResult) []byte {
	e := enc{b}
	for i := range r.Events {
		ev := &r.Events[i]
		{
			m3 := e.begin(1)
			appendEvent(&e, ev)
			e.end(m3)
		}
	}
	if rj := r.Reject; rj != nil {
		{
			m4 := e.begin(2)
			e.int(1, int64(rj.Status))
			e.str(2, rj.Message)
			e.kvs(3, rj.Headers)
			e.end(m4)
		}
	}
	e.bool(3, r.Verified)
	return e.b
}

// DecodeParseResult decodes a [ParseResult].
func DecodeParseResult(p []byte) (ParseResult, error) {
	var r ParseResult
	d := newDec(p)
	for f, w, v, ok := d.next(); ok; f, w, v, ok = d.next() {
		switch f {
		case 1:
			s := d.sub(w, v)
			r.Events = grow(r.Events)
			decodeEvent(&s, &r.Events[len(r.Events)-1])
			d.join(&s)
		case 2:
			s := d.sub(w, v)
			rj := new(Reject)
			for f, w, v, ok := s.next(); ok; f, w, v, ok = s.next() {
				switch f {
				case 1:
					rj.Status = int(s.sint(w, v))
				case 2:
					rj.Message = s.text(w, v)
				case 3:
					rj.Headers = append(rj.Headers, s.kv(w, v))
				}
			}
			d.join(&s)
			r.Reject = rj
		case 3:
			r.Verified = d.flag(w, v)
		}
	}
	return r, wrap("parse result", d.r.err)
}

func appendResult(e *enc, r *Result) {
	for i := range r.Replies {
		rp := &r.Replies[i]
		{
			m5 := e.begin(1)
			e.str(1, rp.Text)
			for j := range rp.Choices {
				c := &rp.Choices[j]
				{
					m6 := e.begin(2)
					e.str(1, c.ID)
					e.str(2, c.Label)
					e.end(m6)
				}
			}
			for _, m := range rp.Media {
				e.repeatedStr(3, m)
			}
			e.str(4, rp.Speech)
			e.end(m5)
		}
	}
	e.str(2, r.ToolResult)
	e.str(3, r.ToolError)
	e.str(4, r.Handoff)
	e.str(5, r.Error)
	e.kvs(6, r.Attrs)
	e.int(7, r.TurnUnixMilli)
}

// decodeReply overwrites rp, keeping the capacity of its slices.
func decodeReply(d *dec, rp *Reply) {
	// Field by field: see resetRequest.
	rp.Text, rp.Speech = "", ""
	rp.Choices, rp.Media = rp.Choices[:0], rp.Media[:0]
	for f, w, v, ok := d.next(); ok; f, w, v, ok = d.next() {
		switch f {
		case 1:
			rp.Text = d.text(w, v)
		case 2:
			c := d.kv(w, v) // same shape as KV: 1=id, 2=label
			rp.Choices = append(rp.Choices, Choice{ID: c.Key, Label: c.Value})
		case 3:
			rp.Media = append(rp.Media, d.text(w, v))
		case 4:
			rp.Speech = d.text(w, v)
		}
	}
}

// decodeResult overwrites r, keeping the capacity of its slices.
func decodeResult(d *dec, r *Result) {
	// Field by field: see resetRequest.
	r.Replies, r.Attrs = r.Replies[:0], r.Attrs[:0]
	r.ToolResult, r.ToolError, r.Handoff, r.Error = "", "", "", ""
	r.TurnUnixMilli = 0
	for f, w, v, ok := d.next(); ok; f, w, v, ok = d.next() {
		switch f {
		case 1:
			s := d.sub(w, v)
			r.Replies = grow(r.Replies)
			decodeReply(&s, &r.Replies[len(r.Replies)-1])
			d.join(&s)
		case 2:
			r.ToolResult = d.text(w, v)
		case 3:
			r.ToolError = d.text(w, v)
		case 4:
			r.Handoff = d.text(w, v)
		case 5:
			r.Error = d.text(w, v)
		case 6:
			r.Attrs = append(r.Attrs, d.kv(w, v))
		case 7:
			r.TurnUnixMilli = d.sint(w, v)
		}
	}
}

// AppendRenderInput appends the encoding of in to b.
func AppendRenderInput(b []byte, in *RenderInput) []byte {
	return appendRenderInput(b, in, true)
}

// AppendRenderInputSameBusiness appends the encoding of in without its
// business, for an instance whose previous render had the same business:
// the guest keeps the business it last received, so the host sends it
// again only when it changes.
func AppendRenderInputSameBusiness(b []byte, in *RenderInput) []byte {
	return appendRenderInput(b, in, false)
}

func appendRenderInput(b []byte, in *RenderInput, business bool) []byte {
	e := enc{b}
	{
		m7 := e.begin(1)
		appendRequest(&e, &in.Request)
		e.end(m7)
	}
	for i := range in.Events {
		ev := &in.Events[i]
		{
			m8 := e.begin(2)
			appendEvent(&e, ev)
			e.end(m8)
		}
	}
	for i := range in.Results {
		r := &in.Results[i]
		{
			m9 := e.begin(3)
			appendResult(&e, r)
			e.end(m9)
		}
	}
	if bz := &in.Business; business {
		m10 := e.begin(4)
		e.str(1, bz.ID)
		e.str(2, bz.Name)
		e.str(3, bz.Language)
		e.str(4, bz.Greeting)
		e.str(5, bz.Phone)
		e.str(6, bz.TimeZone)
		e.kvs(7, bz.Attrs)
		e.end(m10)
	}
	return e.b
}

// DecodeRenderInput decodes a [RenderInput]. The request body aliases p.
// Without a business in p (see [AppendRenderInputSameBusiness]), Business
// is zero.
func DecodeRenderInput(p []byte) (RenderInput, error) {
	var in RenderInput
	d := newDec(p)
	decodeRenderInput(d, &in)
	return in, wrap("render input", d.r.err)
}

// DecodeRenderInputTo decodes p into in without copying, like
// [DecodeRequestTo]: in's strings and byte slices alias p. It keeps the
// memory of in's slices at every depth (events, results, replies,
// attributes…), so a caller decoding input after input into the same in
// allocates nothing once warm.
//
// Every field of in is overwritten, a slice may come back empty but not
// nil, except Business: a business in p is copied into in.Business (it
// does not alias p), and without one in.Business is left as it is, the
// business of the previous input. That is the ABI's rule: the host sends
// an instance its business only when it changes.
func DecodeRenderInputTo(p []byte, in *RenderInput) error {
	d := newViewDec(p)
	if decodeRenderInput(d, in) {
		cloneBusiness(&in.Business)
	}
	return wrap("render input", d.r.err)
}

// cloneBusiness makes b's strings copies, so that b does not alias the
// input it was decoded from. Its Attrs slice is its own already (a decoded
// business gets a new one).
func cloneBusiness(b *Business) {
	b.ID, b.Name, b.Language = strings.Clone(b.ID), strings.Clone(b.Name), strings.Clone(b.Language)
	b.Greeting, b.Phone, b.TimeZone = strings.Clone(b.Greeting), strings.Clone(b.Phone), strings.Clone(b.TimeZone)
	for i := range b.Attrs {
		kv := &b.Attrs[i]
		kv.Key, kv.Value = strings.Clone(kv.Key), strings.Clone(kv.Value)
	}
}

// decodeRenderInput decodes into in, keeping in.Business unless d holds a
// business, which it reports.
func decodeRenderInput(d *dec, in *RenderInput) (business bool) {
	// Field by field: see resetRequest. The request is reset below unless
	// one was decoded, which resets it itself.
	in.Events, in.Results = in.Events[:0], in.Results[:0]
	request := false
	for f, w, v, ok := d.next(); ok; f, w, v, ok = d.next() {
		switch f {
		case 1:
			s := d.sub(w, v)
			request = true
			decodeRequest(&s, &in.Request)
			d.join(&s)
		case 2:
			s := d.sub(w, v)
			in.Events = grow(in.Events)
			decodeEvent(&s, &in.Events[len(in.Events)-1])
			d.join(&s)
		case 3:
			s := d.sub(w, v)
			in.Results = grow(in.Results)
			decodeResult(&s, &in.Results[len(in.Results)-1])
			d.join(&s)
		case 4:
			s := d.sub(w, v)
			business = true
			bz := &in.Business
			// A fresh one, field by field (see resetRequest): the previous
			// business, its Attrs slice included, may be kept elsewhere.
			bz.ID, bz.Name, bz.Language, bz.Greeting, bz.Phone, bz.TimeZone = "", "", "", "", "", ""
			bz.Attrs = nil
			for f, w, v, ok := s.next(); ok; f, w, v, ok = s.next() {
				switch f {
				case 1:
					bz.ID = s.text(w, v)
				case 2:
					bz.Name = s.text(w, v)
				case 3:
					bz.Language = s.text(w, v)
				case 4:
					bz.Greeting = s.text(w, v)
				case 5:
					bz.Phone = s.text(w, v)
				case 6:
					bz.TimeZone = s.text(w, v)
				case 7:
					bz.Attrs = append(bz.Attrs, s.kv(w, v))
				}
			}
			d.join(&s)
		}
	}
	if !request {
		resetRequest(&in.Request)
	}
	return business
}

// AppendResponse appends the encoding of r to b.
func AppendResponse(b []byte, r *Response) []byte {
	e := enc{b}
	e.int(1, int64(r.Status))
	e.str(2, r.ContentType)
	e.kvs(3, r.Headers)
	e.bytes(4, r.Body)
	return e.b
}

// DecodeResponse decodes a [Response]. Body aliases p.
func DecodeResponse(p []byte) (Response, error) {
	var r Response
	d := newDec(p)
	for f, w, v, ok := d.next(); ok; f, w, v, ok = d.next() {
		switch f {
		case 1:
			r.Status = int(d.sint(w, v))
		case 2:
			r.ContentType = d.text(w, v)
		case 3:
			r.Headers = append(r.Headers, d.kv(w, v))
		case 4:
			r.Body = d.bytes(w, v)
		}
	}
	return r, wrap("response", d.r.err)
}

func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("abi: decode %s: %w", what, err)
}

// AppendResult appends the encoding of one [Result] to b. The host stores
// results this way so a provider retry gets the very same answer.
func AppendResult(b []byte, r *Result) []byte {
	e := enc{slices.Grow(b, resultSize(r))}
	appendResult(&e, r)
	return e.b
}

// resultSize is at least the size of r's encoding, for AppendResult to grow
// its buffer once: each field counts its key and the longest length.
func resultSize(r *Result) int {
	// A one-byte key (fields below 16) and a 64-bit varint.
	const field = 1 + 10
	// ToolResult, ToolError, Handoff, Error and TurnUnixMilli.
	n := 5 * field
	n += len(r.ToolResult) + len(r.ToolError) + len(r.Handoff) + len(r.Error)
	for i := range r.Replies {
		rp := &r.Replies[i]
		n += 3*field + len(rp.Text) + len(rp.Speech)
		for _, c := range rp.Choices {
			n += 3*field + len(c.ID) + len(c.Label)
		}
		for _, m := range rp.Media {
			n += field + len(m)
		}
	}
	for _, kv := range r.Attrs {
		n += 3*field + len(kv.Key) + len(kv.Value)
	}
	return n
}

// DecodeResult decodes a [Result].
func DecodeResult(p []byte) (Result, error) {
	var r Result
	d := newDec(p)
	decodeResult(d, &r)
	return r, wrap("result", d.r.err)
}
