package pluginhost_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// Tests against a real Go guest (testdata/echo), built at test time.

func loadEcho(t *testing.T, edit func(*pluginhost.Manifest), settings map[string]string) (*pluginhost.Plugin, *logBuffer) {
	t.Helper()
	h, logs := newHost(t)
	p, err := h.Load(t.Context(), echoPlugin(t, edit), settings)
	if err != nil {
		t.Fatal(err)
	}
	return p, logs
}

func echoModes(t *testing.T, fn func(t *testing.T, edit func(*pluginhost.Manifest))) {
	t.Run("interruptible", func(t *testing.T) { fn(t, nil) })
	t.Run("trusted", func(t *testing.T) { fn(t, trusted) })
}

func TestEchoRoundTrip(t *testing.T) {
	echoModes(t, func(t *testing.T, edit func(*pluginhost.Manifest)) {
		p, _ := loadEcho(t, edit, map[string]string{"greeting": "Bonjour", "secret": "s3"})
		req := &abi.Request{
			Method:  "POST",
			Path:    "/api/echo/webhook",
			Headers: []abi.KV{{Key: "x-from", Value: "+33639980012"}, {Key: "x-id", Value: "M1"}, {Key: "x-signature", Value: "s3"}},
			Body:    []byte("Je voudrais un rendez-vous demain à 14h"),
		}
		res, err := p.Parse(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Verified || res.Reject != nil || len(res.Events) != 1 {
			t.Fatalf("Parse = %+v", res)
		}
		ev := res.Events[0]
		if ev.Kind != abi.KindMessage || ev.ID != "M1" || ev.From != "+33639980012" || ev.Text != string(req.Body) ||
			ev.Attr("plugin") != "echo" || ev.Attr("greeting") != "Bonjour" || ev.Attr("path") != req.Path {
			t.Errorf("event = %+v", ev)
		}

		resp, err := p.Render(t.Context(), &abi.RenderInput{
			Request: *req,
			Events:  res.Events,
			Results: []abi.Result{{Replies: []abi.Reply{{Text: "C'est noté."}, {Text: "À demain !"}}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != 200 || resp.ContentType != "text/plain; charset=utf-8" ||
			string(resp.Body) != "C'est noté.\nÀ demain !\n" || len(resp.Headers) != 2 || resp.Headers[0].Value != "1" {
			t.Errorf("Render = %+v (body %q)", resp, resp.Body)
		}

		// A rejected request and a guest-reported error leave the instance healthy.
		res, err = p.Parse(t.Context(), &abi.Request{Body: []byte("reject")})
		if err != nil || res.Reject == nil || res.Reject.Status != 400 || res.Reject.Message != "echo: rejected" {
			t.Errorf("Parse(reject) = %+v, %v", res, err)
		}
		_, err = p.Render(t.Context(), &abi.RenderInput{})
		if ge, ok := errors.AsType[*pluginhost.GuestError](err); !ok || ge.Msg != "echo: nothing to render" || ge.Func != abi.FuncRender {
			t.Errorf("Render(no results) err = %v; want a GuestError", err)
		}
		if s := p.Stats(); s.Recycled != 0 || s.Traps != 0 || s.GuestErrors != 1 || s.Calls != 4 {
			t.Errorf("Stats = %+v", s)
		}
	})
}

func TestEchoLargeBody(t *testing.T) {
	p, _ := loadEcho(t, nil, nil)
	body := strings.Repeat("é", 300<<10) // 600 KiB: beyond the initial input buffer
	res, err := p.Parse(t.Context(), &abi.Request{Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 1 || res.Events[0].Text != body {
		t.Fatalf("large body not echoed intact")
	}
}

func TestEchoHammer(t *testing.T) {
	p, _ := loadEcho(t, func(m *pluginhost.Manifest) { m.Pool = pluginhost.PoolSize{Min: 2, Max: 4} }, nil)
	const goroutines, rounds = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			for i := range rounds {
				text := fmt.Sprintf("g%d-i%d %s", g, i, strings.Repeat("x", i*37))
				res, err := p.Parse(t.Context(), &abi.Request{Body: []byte(text)})
				if err != nil {
					errs <- err
					return
				}
				if len(res.Events) != 1 || res.Events[0].Text != text {
					errs <- fmt.Errorf("goroutine %d round %d: got %+v", g, i, res.Events)
					return
				}
				resp, err := p.Render(t.Context(), &abi.RenderInput{Results: []abi.Result{{Replies: []abi.Reply{{Text: text}}}}})
				if err != nil {
					errs <- err
					return
				}
				if string(resp.Body) != text+"\n" {
					errs <- fmt.Errorf("goroutine %d round %d: body %q", g, i, resp.Body)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	s := p.Stats()
	if s.Calls != 2*goroutines*rounds || s.Instances < 2 || s.Instances > 4 || s.Recycled != 0 {
		t.Errorf("Stats = %+v", s)
	}
}

func TestEchoPanicIsDiscarded(t *testing.T) {
	echoModes(t, func(t *testing.T, edit func(*pluginhost.Manifest)) {
		p, logs := loadEcho(t, edit, nil)
		_, err := p.Parse(t.Context(), &abi.Request{Body: []byte("panic")})
		if !errors.Is(err, pluginhost.ErrPluginFailed) {
			t.Fatalf("err = %v; want ErrPluginFailed", err)
		}
		// The error carries the panic and the plugin's line, not only the
		// trap's "unreachable".
		if msg := err.Error(); !strings.Contains(msg, "panic: echo: boom (at main.go:") {
			t.Errorf("err = %v; want the panic and its line", err)
		}
		for i := range 3 {
			text := fmt.Sprint("after ", i)
			res, err := p.Parse(t.Context(), &abi.Request{Body: []byte(text)})
			if err != nil || len(res.Events) != 1 || res.Events[0].Text != text {
				t.Fatalf("Parse after the panic = %+v, %v", res, err)
			}
		}
		eventually(t, "replacement", func() bool { return p.Stats().Recycled == 1 })
		eventually(t, "the panic in the logs, as one record", func() bool {
			n := 0
			for _, r := range logs.Records() {
				if r["stream"] == "stderr" && r["plugin"] == "echo" {
					n++
				}
				if r["msg"] == "guest crash report" && strings.HasPrefix(fmt.Sprint(r["report"]), "panic: echo: boom\n") && r["stream"] == "stderr" {
					return n == 1
				}
			}
			return false
		})
	})
}

func TestEchoStdioReachesLogger(t *testing.T) {
	p, logs := loadEcho(t, nil, nil)
	if _, err := p.Parse(t.Context(), &abi.Request{Body: []byte("print")}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"hello from stdout": "INFO/stdout", "hello from stderr": "WARN/stderr"}
	got := map[string]string{}
	for _, r := range logs.Records() {
		if msg, _ := r["msg"].(string); want[msg] != "" && r["plugin"] == "echo" && r["instance"] != nil {
			got[msg] = fmt.Sprint(r["level"], "/", r["stream"])
		}
	}
	for msg, w := range want {
		if got[msg] != w {
			t.Errorf("log record %q: got %q, want %q", msg, got[msg], w)
		}
	}
}

// TestGuestClock checks that a guest reads the host's clocks, not wazero's
// default fake ones (a fixed date, and a monotonic clock that advances 1 ms
// per reading): a plugin may check a provider's timestamp, and the Go
// runtime in the guest paces its collector and scavenger by that clock.
func TestGuestClock(t *testing.T) {
	p, _ := loadEcho(t, nil, nil)
	before := time.Now()
	res, err := p.Parse(t.Context(), &abi.Request{Body: []byte("clock")})
	after := time.Now()
	if err != nil || len(res.Events) != 1 {
		t.Fatalf("parse: %+v, %v", res, err)
	}
	var wall, slept int64
	if _, err := fmt.Sscan(res.Events[0].Text, &wall, &slept); err != nil {
		t.Fatalf("echo's clock %q: %v", res.Events[0].Text, err)
	}
	if g := time.Unix(0, wall); g.Before(before.Add(-time.Second)) || g.After(after.Add(time.Second)) {
		t.Errorf("guest wall clock %v, host %v", g, before)
	}
	if d := time.Duration(slept); d < time.Millisecond || d > after.Sub(before) {
		t.Errorf("guest measured a 1 ms sleep as %v (the call took %v)", d, after.Sub(before))
	}
}

func TestEchoInitError(t *testing.T) {
	h, _ := newHost(t)
	_, err := h.Load(t.Context(), echoPlugin(t, nil), map[string]string{"fail_init": "auth_token is required"})
	// The guest's own words, then where its settings come from.
	if err == nil || !strings.HasPrefix(err.Error(), `pluginhost: plugin "echo": accueil_init: auth_token is required (its settings, greeting, secret, fail_init: plugins.echo in the configuration, or ACCUEIL_PLUGINS_ECHO_GREETING`) {
		t.Fatalf("err = %v", err)
	}
}

// TestEchoRenderBusiness: the host sends an instance its business only when
// it changes; the guest renders every time for the right one, including
// after a change, a change back, a failed render and an instance replaced.
func TestEchoRenderBusiness(t *testing.T) {
	echoModes(t, func(t *testing.T, edit func(*pluginhost.Manifest)) {
		p, _ := loadEcho(t, func(m *pluginhost.Manifest) {
			if edit != nil {
				edit(m)
			}
			m.Pool = pluginhost.PoolSize{Min: 1, Max: 1} // one instance sees every render
		}, nil)
		salon := abi.Business{ID: "salon", Name: "Salon Lumière", Attrs: []abi.KV{{Key: "tone", Value: "chaleureux"}}}
		garage := abi.Business{ID: "garage", Name: "Garage Martin"}
		render := func(b abi.Business) string {
			t.Helper()
			resp, err := p.Render(t.Context(), &abi.RenderInput{
				Business: b,
				Results:  []abi.Result{{Replies: []abi.Reply{{Text: "ok"}}}},
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range resp.Headers {
				if h.Key == "x-echo-business" {
					return h.Value
				}
			}
			t.Fatal("no x-echo-business header")
			return ""
		}
		const salonLine, garageLine = "salon/Salon Lumière/tone=chaleureux", "garage/Garage Martin"
		steps := []struct {
			b    abi.Business
			want string
		}{{salon, salonLine}, {salon, salonLine}, {salon, salonLine}, {garage, garageLine}, {garage, garageLine}, {salon, salonLine}}
		for i, st := range steps {
			if got := render(st.b); got != st.want {
				t.Fatalf("render %d: business %q; want %q", i, got, st.want)
			}
		}
		// The attributes are compared too.
		warmer := salon
		warmer.Attrs = []abi.KV{{Key: "tone", Value: "enjoué"}}
		if got := render(warmer); got != "salon/Salon Lumière/tone=enjoué" {
			t.Errorf("after an attribute changed: %q", got)
		}
		if got := render(abi.Business{}); got != "/" {
			t.Errorf("an empty business: %q; want it empty", got)
		}
		// A failed render, then the business again.
		if _, err := p.Render(t.Context(), &abi.RenderInput{Business: garage}); err == nil {
			t.Fatal("a render without results did not fail")
		}
		if got := render(garage); got != garageLine {
			t.Errorf("after a failed render: %q", got)
		}
		// An instance replaced after a trap starts afresh.
		if _, err := p.Parse(t.Context(), &abi.Request{Method: "POST", Path: "/api/echo/webhook", Body: []byte("panic")}); err == nil {
			t.Fatal("the panicking parse did not fail")
		}
		if got := render(garage); got != garageLine {
			t.Errorf("on a fresh instance: %q", got)
		}
	})
}

// TestEchoOutOfMemory: a Go guest that allocates past its memory cap is
// discarded, and the error says it ran out of memory and what to raise,
// not only the trap's "unreachable".
func TestEchoOutOfMemory(t *testing.T) {
	echoModes(t, func(t *testing.T, edit func(*pluginhost.Manifest)) {
		p, _ := loadEcho(t, func(m *pluginhost.Manifest) {
			if edit != nil {
				edit(m)
			}
			m.MemoryPages = 160
		}, nil)
		_, err := p.Parse(t.Context(), &abi.Request{Body: []byte("hog")})
		if !errors.Is(err, pluginhost.ErrPluginFailed) {
			t.Fatalf("err = %v; want ErrPluginFailed", err)
		}
		if msg := err.Error(); !strings.Contains(msg, "out of memory: an allocation of ") || !strings.Contains(msg, "of its 160 pages") || !strings.Contains(msg, "raise memory_pages") {
			t.Errorf("err = %v; want it to say out of memory and memory_pages", err)
		}
		// The replacement works, and a trap that is no memory shortage
		// is not called one.
		eventually(t, "replacement", func() bool { return p.Stats().Recycled == 1 })
		if _, err := p.Parse(t.Context(), &abi.Request{Body: []byte("after")}); err != nil {
			t.Fatal(err)
		}
		_, err = p.Parse(t.Context(), &abi.Request{Body: []byte("panic")})
		if err == nil || strings.Contains(err.Error(), "out of memory") {
			t.Errorf("panic: err = %v; want a failure that is not out of memory", err)
		}
	})
}
