package pluginhost_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/sdk/abi"
)

const fullManifest = `{
  "name": "whatsapp",
  "abi_version": 2,
  "mount": "whatsapp",
  "module": "whatsapp.wasm",
  "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "trusted": true,
  "memory_pages": 128,
  "timeout_ms": 50,
  "pool": {"min": 2, "max": 4},
  "settings": ["auth_token", "webhook_url"],
  "fallback": {"status": 500, "content_type": "text/xml; charset=utf-8", "body": "<Response/>"}
}`

func TestDecodeManifest(t *testing.T) {
	m, err := pluginhost.DecodeManifest([]byte(fullManifest))
	if err != nil {
		t.Fatal(err)
	}
	want := pluginhost.Manifest{
		Name: "whatsapp", ABIVersion: 2, Mount: "whatsapp", Module: "whatsapp.wasm",
		SHA256:  "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Trusted: true, MemoryPages: 128, TimeoutMS: 50,
		Pool:     pluginhost.PoolSize{Min: 2, Max: 4},
		Settings: []string{"auth_token", "webhook_url"},
		Fallback: pluginhost.Fallback{Status: 500, ContentType: "text/xml; charset=utf-8", Body: "<Response/>"},
	}
	if g, w := jsonOf(t, m), jsonOf(t, want); g != w {
		t.Errorf("got  %s\nwant %s", g, w)
	}
}

func TestManifestDefaults(t *testing.T) {
	m, err := pluginhost.DecodeManifest([]byte(`{"name":"web","abi_version":2,"module":"web.wasm"}`))
	if err != nil {
		t.Fatal(err)
	}
	procs := goruntime.GOMAXPROCS(0)
	if m.Mount != "web" || m.MemoryPages != 256 || m.TimeoutMS != 100 || m.Trusted ||
		m.Pool.Min != procs || m.Pool.Max != 2*procs ||
		m.Fallback.Status != 500 || m.Fallback.ContentType != "text/plain; charset=utf-8" {
		t.Errorf("defaults: %+v", m)
	}
	m, err = pluginhost.DecodeManifest([]byte(`{"name":"web","abi_version":2,"module":"web.wasm","pool":{"min":9}}`))
	if err != nil {
		t.Fatal(err)
	}
	if m.Pool.Min != 9 || m.Pool.Max != max(9, 2*procs) {
		t.Errorf("pool with min only: %+v", m.Pool)
	}
}

func TestDecodeManifestErrors(t *testing.T) {
	tests := []struct {
		name string
		json string
		want []string
	}{
		{"unknown key", `{"name":"x","abi_version":2,"module":"x.wasm","memory":3}`, []string{`unknown field "memory"; did you mean "memory_pages"?`}},
		{"trailing data", `{"name":"x","abi_version":2,"module":"x.wasm"} {}`, []string{"trailing data"}},
		{"not an object", `[]`, []string{"pluginhost: decode manifest"}},
		{"wrong type", `{"name":"x","abi_version":"1"}`, []string{`pluginhost: decode manifest: line 1: "abi_version" wants a number, not a string`}},
		{"a key people write", `{"name":"x","abi_version":2,"module":"x.wasm","pool":{"minimum":1}}`, []string{`unknown field "minimum"; did you mean "min"?`}},
		{"everything wrong", `{
			"name": "Bad Name", "abi_version": 1, "mount": "a/b", "module": "../x.wasm", "sha256": "zz",
			"memory_pages": 70000, "timeout_ms": -1, "pool": {"min": 5, "max": 3},
			"settings": ["a", "a", ""], "fallback": {"status": 42}}`,
			[]string{
				`name "Bad Name" must be lowercase`,
				"abi_version 1, host speaks 2",
				`mount "a/b"`,
				`module "../x.wasm" must be a path inside`,
				`sha256 "zz" is not 64 hex digits`,
				"memory_pages 70000 exceeds 65536",
				"timeout_ms -1 must be between 0 and 60000",
				"pool.min 5 exceeds pool.max 3",
				`settings: duplicate key "a"`,
				"settings: empty key",
				"fallback.status 42 is not an HTTP status",
			}},
		{"missing", `{}`, []string{"pluginhost: manifest: name is required", "module is required", "abi_version is required (this host speaks 2"}},
		{"absolute module", `{"name":"x","abi_version":2,"module":"/etc/x.wasm"}`, []string{"must be a path inside"}},
		{"not wasm", `{"name":"x","abi_version":2,"module":"x.so"}`, []string{`module "x.so" must end in .wasm`}},
		{"syntax error", "{\n  \"name\": \"x\"\n  \"module\": \"x.wasm\"\n}", []string{"line 3, column 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pluginhost.DecodeManifest([]byte(tt.json))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func FuzzDecodeManifest(f *testing.F) {
	f.Add([]byte(fullManifest))
	f.Add([]byte(`{"name":"web","abi_version":2,"module":"web.wasm"}`))
	f.Add([]byte(`{"name":"x","pool":{"min":-1,"max":1e9}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := pluginhost.DecodeManifest(data)
		if err != nil {
			return
		}
		// A decoded manifest is valid, has its defaults, and round-trips.
		if err := m.Validate(); err != nil {
			t.Fatalf("decoded manifest does not validate: %v", err)
		}
		if m.MemoryPages == 0 || m.TimeoutMS == 0 || m.Pool.Min == 0 || m.Pool.Min > m.Pool.Max || m.Mount == "" {
			t.Fatalf("defaults not applied: %+v", m)
		}
		again, err := pluginhost.DecodeManifest([]byte(jsonOf(t, m)))
		if err != nil || jsonOf(t, again) != jsonOf(t, m) {
			t.Fatalf("round trip: %v\n%s\n%s", err, jsonOf(t, m), jsonOf(t, again))
		}
	})
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestManifestTrimRenderInput(t *testing.T) {
	input := func() *abi.RenderInput {
		return &abi.RenderInput{
			Request: abi.Request{Path: "/api/x/webhook", Body: []byte("Body=Bonjour"), Headers: []abi.KV{{Key: "x-a", Value: "1"}}},
			Events: []abi.Event{{Kind: abi.KindMessage, ID: "SM1", Conversation: "+33600000000", From: "+33600000000",
				Text: "Bonjour", Language: "fr", Attrs: []abi.KV{{Key: "WaId", Value: "33600000000"}}}},
			Results:  []abi.Result{{Replies: []abi.Reply{{Text: "Bonjour !"}}}},
			Business: abi.Business{ID: "salon"},
		}
	}
	no := false
	got := input()
	(pluginhost.Manifest{}).TrimRenderInput(got)
	if !reflect.DeepEqual(got, input()) {
		t.Error("by default Render receives the input as it is")
	}
	got = input()
	(pluginhost.Manifest{RenderRequest: &no}).TrimRenderInput(got)
	if !reflect.DeepEqual(got.Request, abi.Request{}) {
		t.Errorf("request = %+v; want it left out", got.Request)
	}
	if !reflect.DeepEqual(got.Events, input().Events) {
		t.Errorf("events = %+v; want them whole when only the request is left out", got.Events)
	}
	got = input()
	(pluginhost.Manifest{RenderRequest: &no, RenderEventDetails: &no}).TrimRenderInput(got)
	want := abi.Event{Kind: abi.KindMessage, ID: "SM1", Conversation: "+33600000000", Language: "fr"}
	if len(got.Events) != 1 || !reflect.DeepEqual(got.Events[0], want) {
		t.Errorf("events = %+v; want the summary %+v", got.Events, want)
	}
	if !reflect.DeepEqual(got.Results, input().Results) || got.Business.ID != "salon" {
		t.Errorf("results or business changed: %+v", got)
	}
}

func TestManifestHeaders(t *testing.T) {
	base := `{"name":"x","abi_version":2,"module":"x.wasm"%s}`
	m, err := pluginhost.DecodeManifest([]byte(fmt.Sprintf(base, `,"headers":["content-type","x-twilio-signature"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if !m.WantsHeader("x-twilio-signature") || m.WantsHeader("user-agent") {
		t.Errorf("WantsHeader follows the list %q", m.Headers)
	}
	if all, _ := pluginhost.DecodeManifest([]byte(fmt.Sprintf(base, ""))); !all.WantsHeader("user-agent") {
		t.Error("without a list, a plugin receives every header")
	}
	_, err = pluginhost.DecodeManifest([]byte(fmt.Sprintf(base, `,"headers":["Content-Type",""]`)))
	if err == nil || !strings.Contains(err.Error(), `"Content-Type" must be a header name in lower case`) || !strings.Contains(err.Error(), `"" must be`) {
		t.Errorf("err = %v; want both names refused", err)
	}
}

func TestManifestOldRenderRequestBody(t *testing.T) {
	_, err := pluginhost.DecodeManifest([]byte(`{"name":"x","abi_version":2,"module":"x.wasm","render_request_body":false}`))
	if err == nil || !strings.Contains(err.Error(), "render_request") || !strings.Contains(err.Error(), "now") {
		t.Errorf("err = %v; want the unknown key refused with its new name", err)
	}
}

func TestManifestMethods(t *testing.T) {
	base := `{"name":"x","abi_version":2,"module":"x.wasm"%s}`
	tests := []struct {
		methods string
		allow   string
		yes, no []string
	}{
		{``, "", []string{"POST", "GET", "DELETE"}, nil},
		{`,"methods":["POST"]`, "POST", []string{"POST"}, []string{"GET", "HEAD", "PUT"}},
		{`,"methods":["POST","GET"]`, "GET, HEAD, POST", []string{"POST", "GET", "HEAD"}, []string{"PUT", "OPTIONS"}},
		{`,"methods":["HEAD","GET","GET"]`, "GET, HEAD", []string{"GET", "HEAD"}, []string{"POST"}},
	}
	for _, tt := range tests {
		m, err := pluginhost.DecodeManifest([]byte(fmt.Sprintf(base, tt.methods)))
		if err != nil {
			t.Fatalf("%s: %v", tt.methods, err)
		}
		if got := m.Allow(); got != tt.allow {
			t.Errorf("%s: Allow() = %q, want %q", tt.methods, got, tt.allow)
		}
		for _, meth := range tt.yes {
			if !m.AllowsMethod(meth) {
				t.Errorf("%s: %s refused", tt.methods, meth)
			}
		}
		for _, meth := range tt.no {
			if m.AllowsMethod(meth) {
				t.Errorf("%s: %s allowed", tt.methods, meth)
			}
		}
	}
	_, err := pluginhost.DecodeManifest([]byte(fmt.Sprintf(base, `,"methods":["post","",  "GET "]`)))
	for _, w := range []string{`"post" must be an HTTP method in upper case`, `"" must be`, `"GET " must be`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("err = %v; want it to contain %q", err, w)
		}
	}
	if _, err := pluginhost.DecodeManifest([]byte(fmt.Sprintf(base, `,"methods":[]`))); err == nil || !strings.Contains(err.Error(), "methods: empty list") {
		t.Errorf("empty list: err = %v", err)
	}
	if _, err := pluginhost.DecodeManifest([]byte(fmt.Sprintf(base, `,"max_body_bytes":-1`))); err == nil || !strings.Contains(err.Error(), "max_body_bytes -1") {
		t.Errorf("negative max_body_bytes: err = %v", err)
	}
	m, err := pluginhost.DecodeManifest([]byte(fmt.Sprintf(base, `,"max_body_bytes":100`)))
	if err != nil || !m.AllowsBody(100) || m.AllowsBody(101) {
		t.Errorf("max_body_bytes 100: err = %v, 100 allowed %v, 101 allowed %v", err, m.AllowsBody(100), m.AllowsBody(101))
	}
}

func TestManifestTypoSuggestsTheKey(t *testing.T) {
	_, err := pluginhost.DecodeManifest([]byte(`{"name":"x","abi_version":2,"module":"x.wasm","setings":["a"]}`))
	if err == nil || !strings.Contains(err.Error(), `unknown field "setings"; did you mean "settings"?`) {
		t.Errorf("err = %v", err)
	}
	_, err = pluginhost.DecodeManifest([]byte(`{"name":"x","abi_version":2,"module":"x.wasm","pool":{"mn":1}}`))
	if err == nil || !strings.Contains(err.Error(), `did you mean "min"?`) {
		t.Errorf("nested key: err = %v", err)
	}
}
