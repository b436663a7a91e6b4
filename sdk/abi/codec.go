package abi

import "fmt"

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
	for f, w, ok := d.next(); ok; f, w, ok = d.next() {
		switch f {
		case 1:
			c.Plugin = d.str(w)
		case 2:
			c.Settings = append(c.Settings, d.kv(w))
		default:
			d.skip(w)
		}
	}
	return c, wrap("config", d.err)
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
	d := newDec(p)
	r := decodeRequest(d)
	return r, wrap("request", d.err)
}

func decodeRequest(d *dec) Request {
	var r Request
	for f, w, ok := d.next(); ok; f, w, ok = d.next() {
		switch f {
		case 1:
			r.Method = d.str(w)
		case 2:
			r.Path = d.str(w)
		case 3:
			r.Query = d.str(w)
		case 4:
			r.PublicURL = d.str(w)
		case 5:
			r.Headers = append(r.Headers, d.kv(w))
		case 6:
			r.Body = d.raw(w)
		case 7:
			r.ReceivedUnixMilli = d.int(w)
		case 8:
			r.RemoteAddr = d.str(w)
		default:
			d.skip(w)
		}
	}
	return r
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
		e.nested(10, func(e *enc) {
			e.str(1, m.URL)
			e.str(2, m.ContentType)
		})
	}
	if l := ev.Location; l != nil {
		e.nested(11, func(e *enc) {
			e.str(1, l.Latitude)
			e.str(2, l.Longitude)
			e.str(3, l.Name)
			e.str(4, l.Address)
		})
	}
	if t := ev.Tool; t != nil {
		e.nested(12, func(e *enc) {
			e.str(1, t.ID)
			e.str(2, t.Name)
			e.str(3, t.Arguments)
		})
	}
	e.str(13, ev.Status)
	e.kvs(14, ev.Attrs)
}

func decodeEvent(d *dec) Event {
	var ev Event
	for f, w, ok := d.next(); ok; f, w, ok = d.next() {
		switch f {
		case 1:
			ev.Kind = d.str(w)
		case 2:
			ev.ID = d.str(w)
		case 3:
			ev.Conversation = d.str(w)
		case 4:
			ev.From = d.str(w)
		case 5:
			ev.To = d.str(w)
		case 6:
			ev.Name = d.str(w)
		case 7:
			ev.Text = d.str(w)
		case 8:
			ev.Payload = d.str(w)
		case 9:
			ev.Language = d.str(w)
		case 10:
			s := d.sub(w)
			var m Media
			for f, w, ok := s.next(); ok; f, w, ok = s.next() {
				switch f {
				case 1:
					m.URL = s.str(w)
				case 2:
					m.ContentType = s.str(w)
				default:
					s.skip(w)
				}
			}
			d.join(&s)
			ev.Media = append(ev.Media, m)
		case 11:
			s := d.sub(w)
			l := new(Location)
			for f, w, ok := s.next(); ok; f, w, ok = s.next() {
				switch f {
				case 1:
					l.Latitude = s.str(w)
				case 2:
					l.Longitude = s.str(w)
				case 3:
					l.Name = s.str(w)
				case 4:
					l.Address = s.str(w)
				default:
					s.skip(w)
				}
			}
			d.join(&s)
			ev.Location = l
		case 12:
			s := d.sub(w)
			t := new(ToolCall)
			for f, w, ok := s.next(); ok; f, w, ok = s.next() {
				switch f {
				case 1:
					t.ID = s.str(w)
				case 2:
					t.Name = s.str(w)
				case 3:
					t.Arguments = s.str(w)
				default:
					s.skip(w)
				}
			}
			d.join(&s)
			ev.Tool = t
		case 13:
			ev.Status = d.str(w)
		case 14:
			ev.Attrs = append(ev.Attrs, d.kv(w))
		default:
			d.skip(w)
		}
	}
	return ev
}

// AppendParseResult appends the encoding of r to b.
func AppendParseResult(b []byte, r *ParseResult) []byte {
	e := enc{b}
	for i := range r.Events {
		ev := &r.Events[i]
		e.nested(1, func(e *enc) { appendEvent(e, ev) })
	}
	if rj := r.Reject; rj != nil {
		e.nested(2, func(e *enc) {
			e.int(1, int64(rj.Status))
			e.str(2, rj.Message)
		})
	}
	e.bool(3, r.Verified)
	return e.b
}

// DecodeParseResult decodes a [ParseResult].
func DecodeParseResult(p []byte) (ParseResult, error) {
	var r ParseResult
	d := newDec(p)
	for f, w, ok := d.next(); ok; f, w, ok = d.next() {
		switch f {
		case 1:
			s := d.sub(w)
			r.Events = append(r.Events, decodeEvent(&s))
			d.join(&s)
		case 2:
			s := d.sub(w)
			rj := new(Reject)
			for f, w, ok := s.next(); ok; f, w, ok = s.next() {
				switch f {
				case 1:
					rj.Status = int(s.int(w))
				case 2:
					rj.Message = s.str(w)
				default:
					s.skip(w)
				}
			}
			d.join(&s)
			r.Reject = rj
		case 3:
			r.Verified = d.bool(w)
		default:
			d.skip(w)
		}
	}
	return r, wrap("parse result", d.err)
}

func appendResult(e *enc, r *Result) {
	for i := range r.Replies {
		rp := &r.Replies[i]
		e.nested(1, func(e *enc) {
			e.str(1, rp.Text)
			for j := range rp.Choices {
				c := &rp.Choices[j]
				e.nested(2, func(e *enc) {
					e.str(1, c.ID)
					e.str(2, c.Label)
				})
			}
			for _, m := range rp.Media {
				e.repeatedStr(3, m)
			}
			e.str(4, rp.Speech)
		})
	}
	e.str(2, r.ToolResult)
	e.str(3, r.ToolError)
	e.str(4, r.Handoff)
	e.str(5, r.Error)
	e.kvs(6, r.Attrs)
}

func decodeReply(d *dec) Reply {
	var rp Reply
	for f, w, ok := d.next(); ok; f, w, ok = d.next() {
		switch f {
		case 1:
			rp.Text = d.str(w)
		case 2:
			c := d.kv(w) // same shape as KV: 1=id, 2=label
			rp.Choices = append(rp.Choices, Choice{ID: c.Key, Label: c.Value})
		case 3:
			rp.Media = append(rp.Media, d.str(w))
		case 4:
			rp.Speech = d.str(w)
		default:
			d.skip(w)
		}
	}
	return rp
}

func decodeResult(d *dec) Result {
	var r Result
	for f, w, ok := d.next(); ok; f, w, ok = d.next() {
		switch f {
		case 1:
			s := d.sub(w)
			r.Replies = append(r.Replies, decodeReply(&s))
			d.join(&s)
		case 2:
			r.ToolResult = d.str(w)
		case 3:
			r.ToolError = d.str(w)
		case 4:
			r.Handoff = d.str(w)
		case 5:
			r.Error = d.str(w)
		case 6:
			r.Attrs = append(r.Attrs, d.kv(w))
		default:
			d.skip(w)
		}
	}
	return r
}

// AppendRenderInput appends the encoding of in to b.
func AppendRenderInput(b []byte, in *RenderInput) []byte {
	e := enc{b}
	e.nested(1, func(e *enc) { appendRequest(e, &in.Request) })
	for i := range in.Events {
		ev := &in.Events[i]
		e.nested(2, func(e *enc) { appendEvent(e, ev) })
	}
	for i := range in.Results {
		r := &in.Results[i]
		e.nested(3, func(e *enc) { appendResult(e, r) })
	}
	bz := &in.Business
	e.nested(4, func(e *enc) {
		e.str(1, bz.ID)
		e.str(2, bz.Name)
		e.str(3, bz.Language)
		e.str(4, bz.Greeting)
		e.str(5, bz.Phone)
		e.str(6, bz.TimeZone)
		e.kvs(7, bz.Attrs)
	})
	return e.b
}

// DecodeRenderInput decodes a [RenderInput]. The request body aliases p.
func DecodeRenderInput(p []byte) (RenderInput, error) {
	var in RenderInput
	d := newDec(p)
	for f, w, ok := d.next(); ok; f, w, ok = d.next() {
		switch f {
		case 1:
			s := d.sub(w)
			in.Request = decodeRequest(&s)
			d.join(&s)
		case 2:
			s := d.sub(w)
			in.Events = append(in.Events, decodeEvent(&s))
			d.join(&s)
		case 3:
			s := d.sub(w)
			in.Results = append(in.Results, decodeResult(&s))
			d.join(&s)
		case 4:
			s := d.sub(w)
			bz := &in.Business
			for f, w, ok := s.next(); ok; f, w, ok = s.next() {
				switch f {
				case 1:
					bz.ID = s.str(w)
				case 2:
					bz.Name = s.str(w)
				case 3:
					bz.Language = s.str(w)
				case 4:
					bz.Greeting = s.str(w)
				case 5:
					bz.Phone = s.str(w)
				case 6:
					bz.TimeZone = s.str(w)
				case 7:
					bz.Attrs = append(bz.Attrs, s.kv(w))
				default:
					s.skip(w)
				}
			}
			d.join(&s)
		default:
			d.skip(w)
		}
	}
	return in, wrap("render input", d.err)
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
	for f, w, ok := d.next(); ok; f, w, ok = d.next() {
		switch f {
		case 1:
			r.Status = int(d.int(w))
		case 2:
			r.ContentType = d.str(w)
		case 3:
			r.Headers = append(r.Headers, d.kv(w))
		case 4:
			r.Body = d.raw(w)
		default:
			d.skip(w)
		}
	}
	return r, wrap("response", d.err)
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
	e := enc{b}
	appendResult(&e, r)
	return e.b
}

// DecodeResult decodes a [Result].
func DecodeResult(p []byte) (Result, error) {
	d := newDec(p)
	r := decodeResult(d)
	return r, wrap("result", d.err)
}
