package sdktest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
)

// upper is a tiny channel: the body is the text, the answer is in upper case.
type upper struct{ prefix string }

func (u *upper) Init(cfg abi.Config) error {
	u.prefix = cfg.Get("prefix")
	if cfg.Get("fail") != "" {
		return errors.New("upper: told to fail")
	}
	return nil
}

func (u *upper) Parse(req *abi.Request) (abi.ParseResult, error) {
	if len(req.Body) == 0 {
		return abi.ParseResult{}, errors.New("upper: empty body")
	}
	ev := abi.Event{Kind: abi.KindMessage, ID: req.Header("x-id"), Conversation: "c1", Text: string(req.Body),
		Media: []abi.Media{{URL: "https://m/1", ContentType: "image/png"}}, Attrs: []abi.KV{{Key: "z", Value: "<1>"}, {Key: "a", Value: "2"}}}
	return abi.ParseResult{Events: []abi.Event{ev}, Verified: true}, nil
}

func (u *upper) Render(in *abi.RenderInput) (abi.Response, error) {
	var b strings.Builder
	for _, r := range in.Results {
		for _, rp := range r.Replies {
			b.WriteString(u.prefix + strings.ToUpper(rp.Text))
		}
	}
	return abi.Response{Status: 200, ContentType: "text/plain", Headers: []abi.KV{{Key: "x-a", Value: "b"}}, Body: []byte(b.String())}, nil
}

func TestParseAndRenderGolden(t *testing.T) {
	ch := new(upper)
	Init(t, ch, abi.Config{Plugin: "upper", Settings: []abi.KV{{Key: "prefix", Value: "> "}}})
	req := FormRequest("POST", "https://example.com:8443/api/upper/webhook?tenant=a#frag", []byte("bonjour"), abi.KV{Key: "x-id", Value: "m1"})
	if req.Path != "/api/upper/webhook" || req.Query != "tenant=a" || req.Header("content-type") == "" {
		t.Fatalf("FormRequest: %+v", req)
	}
	Golden(t, "testdata/request.golden", MarshalRequest(req))
	res := ParseGolden(t, ch, req, "testdata/parse.golden")
	if res.Events[0].ID != "m1" {
		t.Fatalf("got %+v", res)
	}
	in := abi.RenderInput{Request: *req, Events: res.Events, Results: []abi.Result{{Replies: []abi.Reply{{Text: "salut"}}}}}
	resp := RenderGolden(t, ch, &in, "testdata/render.golden")
	if string(resp.Body) != "> SALUT" {
		t.Fatalf("body %q", resp.Body)
	}
	Golden(t, "testdata/events.golden", MarshalEvents(res.Events))
}

func TestParseErrorBecomesReject(t *testing.T) {
	res := Parse(t, new(upper), FormRequest("POST", "https://example.com/x", nil))
	if res.Reject == nil || res.Reject.Status != 400 || res.Reject.Message != "upper: empty body" || len(res.Events) != 0 {
		t.Fatalf("got %+v", res)
	}
}

func TestGETRequest(t *testing.T) {
	req := FormRequest("GET", "https://example.com/a/b?x=1&y=2", []byte("ignored"))
	if req.Method != "GET" || req.Path != "/a/b" || req.Query != "x=1&y=2" || req.Body != nil || len(req.Headers) != 0 {
		t.Fatalf("%+v", req)
	}
	if r := FormRequest("GET", "https://example.com", nil); r.Path != "/" || r.Query != "" {
		t.Fatalf("%+v", r)
	}
}

// TestGoldenMismatch runs Golden against a wrong file with a recording TB.
func TestGoldenMismatch(t *testing.T) {
	if Update() {
		t.Skip("compares on purpose against a stale file")
	}
	path := filepath.Join(t.TempDir(), "x.golden")
	if err := os.WriteFile(path, []byte("a\nb\nc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{TB: t}
	Golden(rec, path, []byte("a\nB\nc\n"))
	if !strings.Contains(rec.msg, "- b") || !strings.Contains(rec.msg, "+ B") || !strings.Contains(rec.msg, "-update") {
		t.Fatalf("message %q", rec.msg)
	}
	rec = &recorder{TB: t}
	Golden(rec, path, []byte("a\nb\nc\n"))
	if rec.msg != "" {
		t.Fatalf("equal content reported: %q", rec.msg)
	}
}

type recorder struct {
	testing.TB
	msg string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Errorf(format string, args ...any) { r.msg = fmt.Sprintf(format, args...) }

func TestDiff(t *testing.T) {
	got := Diff("a\nb\nc", "a\nc\nd")
	want := "  a\n- b\n  c\n+ d\n"
	if got != want {
		t.Fatalf("got %q want %q", got, want)
	}
}
