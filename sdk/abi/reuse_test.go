package abi

import (
	"reflect"
	"testing"
)

// normalize turns empty slices into nil, so that a decode into a reused
// value compares equal to a fresh decode.
func normalize(in RenderInput) RenderInput {
	nilIfEmpty := func(kvs []KV) []KV {
		if len(kvs) == 0 {
			return nil
		}
		return kvs
	}
	in.Request.Headers = nilIfEmpty(in.Request.Headers)
	in.Business.Attrs = nilIfEmpty(in.Business.Attrs)
	if len(in.Events) == 0 {
		in.Events = nil
	}
	if len(in.Results) == 0 {
		in.Results = nil
	}
	for i := range in.Events {
		ev := &in.Events[i]
		ev.Attrs = nilIfEmpty(ev.Attrs)
		if len(ev.Media) == 0 {
			ev.Media = nil
		}
	}
	for i := range in.Results {
		r := &in.Results[i]
		r.Attrs = nilIfEmpty(r.Attrs)
		if len(r.Replies) == 0 {
			r.Replies = nil
		}
		for j := range r.Replies {
			rp := &r.Replies[j]
			if len(rp.Choices) == 0 {
				rp.Choices = nil
			}
			if len(rp.Media) == 0 {
				rp.Media = nil
			}
		}
	}
	return in
}

// TestDecodeToReuses decodes inputs of different shapes, one after the
// other, into the same values: each must equal a fresh decode, whatever
// the previous one left behind.
func TestDecodeToReuses(t *testing.T) {
	full := sampleRenderInput()
	small := RenderInput{Results: []Result{{Replies: []Reply{{Text: "only text"}}}}}
	twoEvents := full
	twoEvents.Events = append([]Event{{Kind: KindStatus, ID: "SM2", Status: "read"}}, full.Events...)
	twoEvents.Request.Headers = nil
	var (
		reused RenderInput
		req    Request
	)
	for i, in := range []RenderInput{full, small, twoEvents, {}, full, small} {
		p := AppendRenderInput(nil, &in)
		want, err := DecodeRenderInput(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := DecodeRenderInputTo(p, &reused); err != nil {
			t.Fatal(err)
		}
		if got := normalize(reused); !reflect.DeepEqual(got, normalize(want)) {
			t.Fatalf("input %d: reused decode\n got %+v\nwant %+v", i, got, want)
		}
		rp := AppendRequest(nil, &in.Request)
		wantReq, _ := DecodeRequest(rp)
		if err := DecodeRequestTo(rp, &req); err != nil {
			t.Fatal(err)
		}
		if len(req.Headers) == 0 {
			req.Headers = nil
		}
		if !reflect.DeepEqual(req, wantReq) {
			t.Fatalf("input %d: reused request decode\n got %+v\nwant %+v", i, req, wantReq)
		}
	}
}

func TestDecodeToAllocs(t *testing.T) {
	in := sampleRenderInput()
	p := AppendRenderInputSameBusiness(nil, &in) // as the host sends, once the instance has the business
	rp := AppendRequest(nil, &in.Request)
	var (
		reused RenderInput
		req    Request
	)
	if n := testing.AllocsPerRun(200, func() {
		if err := DecodeRenderInputTo(p, &reused); err != nil {
			t.Fatal(err)
		}
		if err := DecodeRequestTo(rp, &req); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("warm decodes allocate %v times per run, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		var e RenderInput
		_ = DecodeRenderInputTo(p, &e)
	}); n < 1 {
		t.Errorf("a decode into a fresh value allocated %v times; the test measures nothing", n)
	}
}

// TestDecodeToAliases checks the lifetime rule: the decoded strings are
// views of the input, and the copying decoders are not.
func TestDecodeToAliases(t *testing.T) {
	p := AppendRequest(nil, &Request{Method: "POST", Path: "/api/x/webhook", Headers: []KV{{Key: "x-a", Value: "un"}}})
	var view Request
	if err := DecodeRequestTo(p, &view); err != nil {
		t.Fatal(err)
	}
	copied, err := DecodeRequest(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range p {
		if p[i] == 'u' {
			p[i] = 'U'
		}
	}
	if view.Headers[0].Value != "Un" {
		t.Errorf("DecodeRequestTo copied its input: header %q after the input changed", view.Headers[0].Value)
	}
	if copied.Headers[0].Value != "un" {
		t.Errorf("DecodeRequest aliases its input: header %q after the input changed", copied.Headers[0].Value)
	}
}

// TestDecodeToKeepsBusiness checks the business rule of DecodeRenderInputTo:
// a business received is copied and kept for the inputs that come without.
func TestDecodeToKeepsBusiness(t *testing.T) {
	in := sampleRenderInput()
	p := AppendRenderInput(nil, &in)
	var reused RenderInput
	if err := DecodeRenderInputTo(p, &reused); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(reused.Business, in.Business) {
		t.Fatalf("business = %+v; want %+v", reused.Business, in.Business)
	}
	clear(p) // the host reuses its buffer
	other := in
	other.Business = Business{}
	other.Results = []Result{{Replies: []Reply{{Text: "second"}}}}
	q := AppendRenderInputSameBusiness(nil, &other)
	if err := DecodeRenderInputTo(q, &reused); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(reused.Business, in.Business) {
		t.Errorf("business after an input without one = %+v; want the previous one, intact: %+v", reused.Business, in.Business)
	}
	if reused.Results[0].Replies[0].Text != "second" {
		t.Errorf("the rest of the input was not decoded: %+v", reused.Results)
	}
	fresh, err := DecodeRenderInput(q)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fresh.Business, Business{}) {
		t.Errorf("DecodeRenderInput without a business: %+v; want zero", fresh.Business)
	}
	// An empty business is sent as such and replaces the previous one.
	empty := AppendRenderInput(nil, &other)
	if err := DecodeRenderInputTo(empty, &reused); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(reused.Business, Business{}) {
		t.Errorf("business after an empty one = %+v; want zero", reused.Business)
	}
}

// fullRenderInput is sampleRenderInput with every field set, at every
// depth: TestDecodeToResetsEveryField checks that it stays so.
func fullRenderInput() RenderInput {
	in := sampleRenderInput()
	ev := &in.Events[0]
	ev.To, ev.Payload, ev.Language = "+33639980000", "BOOK_YES", "fr"
	r := &in.Results[0]
	r.ToolError, r.Error = "slot taken", "engine: boom"
	in.Business.Attrs = []KV{{"city", "Lyon"}}
	return in
}

// zeroFields returns the paths of the fields of v, at every depth of its
// structs, pointers and the first element of its slices, that hold a zero
// value.
func zeroFields(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return []string{path}
		}
		return zeroFields(v.Elem(), path)
	case reflect.Slice:
		if v.Len() == 0 {
			return []string{path}
		}
		return zeroFields(v.Index(0), path+"[0]")
	case reflect.Struct:
		var zero []string
		for i := range v.NumField() {
			zero = append(zero, zeroFields(v.Field(i), path+"."+v.Type().Field(i).Name)...)
		}
		return zero
	default:
		if v.IsZero() {
			return []string{path}
		}
		return nil
	}
}

// TestDecodeToResetsEveryField decodes a value with every field set, then
// an empty one, into the same variables: the decoders reset what they
// decode into field by field (cheaper inside WebAssembly than a struct
// literal), so a field added to a type and forgotten there would survive
// into the next decode. The first check makes sure the sample sets every
// field, new ones included.
func TestDecodeToResetsEveryField(t *testing.T) {
	full := fullRenderInput()
	if zero := zeroFields(reflect.ValueOf(full), "RenderInput"); len(zero) > 0 {
		t.Fatalf("fullRenderInput leaves fields unset (set them, so that their reset is checked): %v", zero)
	}
	var (
		in  RenderInput
		req Request
	)
	for _, next := range []RenderInput{
		{},
		{Events: []Event{{Kind: KindStatus}}, Results: []Result{{Replies: []Reply{{}}}}},
	} {
		if err := DecodeRenderInputTo(AppendRenderInput(nil, &full), &in); err != nil {
			t.Fatal(err)
		}
		p := AppendRenderInput(nil, &next)
		want, err := DecodeRenderInput(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := DecodeRenderInputTo(p, &in); err != nil {
			t.Fatal(err)
		}
		if got := normalize(in); !reflect.DeepEqual(got, normalize(want)) {
			t.Fatalf("decode after a full input:\n got %+v\nwant %+v", got, want)
		}
	}
	if err := DecodeRequestTo(AppendRequest(nil, &full.Request), &req); err != nil {
		t.Fatal(err)
	}
	if err := DecodeRequestTo(AppendRequest(nil, &Request{}), &req); err != nil {
		t.Fatal(err)
	}
	if req.Method != "" || req.Path != "" || req.Query != "" || req.PublicURL != "" || len(req.Headers) != 0 ||
		req.Body != nil || req.ReceivedUnixMilli != 0 || req.RemoteAddr != "" {
		t.Fatalf("request decoded after a full one keeps values: %+v", req)
	}
}
