package pluginhost_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/runtime/pluginhost/plugintest"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// Benchmarks, each in both modes: "trusted" (no interruption checks, a
// watchdog goroutine) and "interruptible" (WithCloseOnContextDone).
//
//	go test ./runtime/pluginhost -run '^$' -bench . -benchtime 2s

func benchModes(b *testing.B, fn func(b *testing.B, edit func(*pluginhost.Manifest))) {
	for _, mode := range []struct {
		name    string
		trusted bool
	}{{"trusted", true}, {"interruptible", false}} {
		b.Run(mode.name, func(b *testing.B) {
			fn(b, func(m *pluginhost.Manifest) {
				m.Trusted = mode.trusted
				m.TimeoutMS = 5000
				m.Pool = pluginhost.PoolSize{Min: 1, Max: 1}
			})
		})
	}
}

// BenchmarkNoop is the floor: one accueil_parse call on a WAT guest that
// does nothing, with the host's encode, copy and decode.
func BenchmarkNoop(b *testing.B) {
	benchModes(b, func(b *testing.B, edit func(*pluginhost.Manifest)) {
		h, _ := newHost(b)
		p, err := h.Load(b.Context(), writePlugin(b, "", watModule(b, "tck"), tck(edit)), nil)
		if err != nil {
			b.Fatal(err)
		}
		req := &abi.Request{Path: "/api/tck/webhook"}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := p.Parse(b.Context(), req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkEcho is Parse then Render of one message on the Go echo guest.
func BenchmarkEcho(b *testing.B) {
	benchModes(b, func(b *testing.B, edit func(*pluginhost.Manifest)) {
		h, _ := newHost(b)
		p, err := h.Load(b.Context(), echoPlugin(b, edit), map[string]string{"greeting": "Bonjour"})
		if err != nil {
			b.Fatal(err)
		}
		body, err := os.ReadFile(filepath.Join(repoRoot(b), "testdata/providers/twilio/inbound-text.txt"))
		if err != nil {
			b.Fatal(err)
		}
		req := &abi.Request{
			Method:  "POST",
			Path:    "/api/echo/webhook",
			Headers: []abi.KV{{Key: "content-type", Value: "application/x-www-form-urlencoded"}, {Key: "x-from", Value: "+33639980012"}},
			Body:    body,
		}
		benchTurn(b, p, req)
	})
}

// BenchmarkWhatsApp is the figure the project reports: Parse then Render of
// testdata/providers/twilio/inbound-text.txt on plugins/whatsapp.
func BenchmarkWhatsApp(b *testing.B) {
	b.Run("signed", func(b *testing.B) { benchWhatsApp(b, true) })
	b.Run("unsigned", func(b *testing.B) { benchWhatsApp(b, false) })
}

// benchWhatsApp measures the WhatsApp plugin's parse+render of
// inbound-text.txt, with or without an auth token (signature check).
func benchWhatsApp(b *testing.B, signed bool) {
	root := repoRoot(b)
	if _, err := os.Stat(filepath.Join(root, "plugins/whatsapp/manifest.json")); err != nil {
		b.Skip("plugins/whatsapp has no manifest.json yet")
	}
	body, err := os.ReadFile(filepath.Join(root, "testdata/providers/twilio/inbound-text.txt"))
	if err != nil {
		b.Fatal(err)
	}
	body = []byte(strings.TrimSpace(string(body)))
	built := plugintest.Build(b, "plugins/whatsapp")
	m, err := pluginhost.ReadManifest(built)
	if err != nil {
		b.Fatal(err)
	}
	wasm, err := os.ReadFile(filepath.Join(filepath.Dir(built), m.Module))
	if err != nil {
		b.Fatal(err)
	}
	const token = "bench-auth-token"
	const publicURL = "https://accueil.example/api/whatsapp/webhook"
	settings := map[string]string{}
	if signed && slices.Contains(m.Settings, "auth_token") {
		settings["auth_token"] = token
	}
	if slices.Contains(m.Settings, "webhook_url") {
		settings["webhook_url"] = publicURL
	}
	req := &abi.Request{
		Method:    "POST",
		Path:      "/api/whatsapp/webhook",
		PublicURL: publicURL,
		Headers: []abi.KV{
			{Key: "content-type", Value: "application/x-www-form-urlencoded"},
			{Key: "x-twilio-signature", Value: twilioSignature(b, token, publicURL, string(body))},
		},
		Body: body,
	}
	benchModes(b, func(b *testing.B, edit func(*pluginhost.Manifest)) {
		mm := m
		edit(&mm)
		h, _ := newHost(b)
		p, err := h.Load(b.Context(), writePlugin(b, "", wasm, mm), settings)
		if err != nil {
			b.Fatal(err)
		}
		benchTurn(b, p, req)
	})
}

// benchTurn runs Parse then Render per iteration and reports µs/msg.
func benchTurn(b *testing.B, p *pluginhost.Plugin, req *abi.Request) {
	res, err := p.Parse(b.Context(), req)
	if err != nil {
		b.Fatal(err)
	}
	if res.Reject != nil || len(res.Events) == 0 {
		b.Fatalf("the plugin did not accept the request: %+v", res)
	}
	in := &abi.RenderInput{
		Request: *req,
		Events:  res.Events,
		Results: []abi.Result{{Replies: []abi.Reply{{Text: "Bonjour Camille ! Demain 14h, c'est noté pour une coupe."}}}},
	}
	p.Manifest().TrimRenderInput(in) // as the runtime does
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Parse(b.Context(), req); err != nil {
			b.Fatal(err)
		}
		if _, err := p.Render(b.Context(), in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/msg")
}

// twilioSignature computes X-Twilio-Signature: base64(HMAC-SHA1(token,
// URL + the sorted POST parameters as name+value)).
func twilioSignature(b *testing.B, token, publicURL, form string) string {
	vals, err := url.ParseQuery(form)
	if err != nil {
		b.Fatal(err)
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var s strings.Builder
	s.WriteString(publicURL)
	for _, k := range keys {
		for _, v := range vals[k] {
			s.WriteString(k + v)
		}
	}
	mac := hmac.New(sha1.New, []byte(token))
	mac.Write([]byte(s.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func repoRoot(b testing.TB) string {
	wd, _ := os.Getwd()
	root, err := plugintest.FindRoot(wd)
	if err != nil {
		b.Fatal(err)
	}
	return root
}
