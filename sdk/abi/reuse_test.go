package abi

import (
	"reflect"
	"strings"
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
		arena  Arena
	)
	for i, in := range []RenderInput{full, small, twoEvents, {}, full, small} {
		for _, a := range []*Arena{nil, &arena} {
			p := AppendRenderInput(nil, &in)
			want, err := DecodeRenderInput(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := DecodeRenderInputTo(p, &reused, a); err != nil {
				t.Fatal(err)
			}
			if got := normalize(reused); !reflect.DeepEqual(got, normalize(want)) {
				t.Fatalf("input %d: reused decode\n got %+v\nwant %+v", i, got, want)
			}
			rp := AppendRequest(nil, &in.Request)
			wantReq, _ := DecodeRequest(rp)
			if err := DecodeRequestTo(rp, &req, a); err != nil {
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
}

func TestDecodeToAllocs(t *testing.T) {
	in := sampleRenderInput()
	in.Events[0].Location, in.Events[0].Tool = nil, nil // those are allocated when present
	p := AppendRenderInput(nil, &in)
	rp := AppendRequest(nil, &in.Request)
	var (
		reused RenderInput
		req    Request
		arena  Arena
	)
	if n := testing.AllocsPerRun(200, func() {
		if err := DecodeRenderInputTo(p, &reused, &arena); err != nil {
			t.Fatal(err)
		}
		if err := DecodeRequestTo(rp, &req, &arena); err != nil {
			t.Fatal(err)
		}
	}); n > 0.1 { // one 64 KiB block every ~50 runs
		t.Errorf("warm decodes allocate %v times per run, want ~0", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		var e RenderInput
		_ = DecodeRenderInputTo(p, &e, nil)
	}); n < 1 {
		t.Errorf("a decode into a fresh value allocated %v times; the test measures nothing", n)
	}
}

func TestArena(t *testing.T) {
	var a Arena
	if a.String(nil) != "" {
		t.Fatal("empty input")
	}
	buf := []byte("bonjour")
	s := a.String(buf)
	buf[0] = 'B' // a copy: the input may change
	if s != "bonjour" {
		t.Fatalf("got %q", s)
	}
	var kept []string
	for i := range 5000 { // several blocks
		kept = append(kept, a.String([]byte(strings.Repeat(string(rune('a'+i%26)), 1+i%40))))
	}
	for i, s := range kept {
		if want := strings.Repeat(string(rune('a'+i%26)), 1+i%40); s != want {
			t.Fatalf("string %d changed: %q, want %q", i, s, want)
		}
	}
	big := []byte(strings.Repeat("x", arenaBlock))
	if got := a.String(big); got != string(big) {
		t.Fatal("large input")
	}
}
