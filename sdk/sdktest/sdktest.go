// Package sdktest runs a [sdk.Channel] natively, without WebAssembly, the way
// the host drives it, and compares its output with golden files.
//
// Every call goes through the ABI codec in both directions, exactly like a
// call through the wasm exports: a field the wire format cannot carry is lost
// here too, so a test that passes natively passes in the guest.
//
//	func TestParse(t *testing.T) {
//		ch := &channel{}
//		sdktest.Init(t, ch, abi.Config{Plugin: "whatsapp"})
//		req := sdktest.FormRequest("POST", "https://example.com/api/whatsapp/webhook", sdktest.ReadFile(t, "testdata/text.txt"))
//		sdktest.ParseGolden(t, ch, req, "testdata/text.golden")
//	}
//
// Run the tests with -update to rewrite the golden files. The package
// registers the -update flag itself: a test package that imports sdktest must
// not define its own, and should call [Update] instead.
//
// The package uses encoding/json and reflection freely: it runs natively in
// tests, never inside a guest.
package sdktest

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/accueil-pme/accueil/sdk"
	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/internal/guest"
)

var update = flag.Bool("update", false, "rewrite golden files instead of comparing with them")

// Update reports whether the test binary runs with -update.
func Update() bool { return *update }

// Init encodes cfg, decodes it and calls ch.Init, as the host does once per
// instance. It fails the test when Init returns an error.
func Init(t testing.TB, ch sdk.Channel, cfg abi.Config) {
	t.Helper()
	w := wireOf(ch)
	w.mu.Lock()
	defer w.mu.Unlock()
	if out, isErr := w.g.Init(ch, w.write(abi.AppendConfig(nil, &cfg))); isErr {
		t.Fatalf("sdktest: Init: %s", out)
	}
	w.poison()
}

// Parse runs ch.Parse on req exactly as the wasm export does: req is
// encoded into the channel's input buffer and decoded in place, an error
// from Parse becomes a 400 [abi.Reject] with the error text, and the result
// crosses the codec back. The input buffer is then overwritten, as the
// host's next call would: a channel that keeps a string of its input past
// the call finds it garbled in the next test.
func Parse(t testing.TB, ch sdk.Channel, req *abi.Request) abi.ParseResult {
	t.Helper()
	w := wireOf(ch)
	w.mu.Lock()
	defer w.mu.Unlock()
	out, isErr := w.g.Parse(ch, w.write(abi.AppendRequest(nil, req)))
	if isErr {
		t.Fatalf("sdktest: Parse: %s", out)
	}
	res, err := abi.DecodeParseResult(out)
	if err != nil {
		t.Fatalf("sdktest: parse result round trip: %v", err)
	}
	if res.Reject == nil {
		if err := abi.CheckEvents(res.Events); err != nil {
			t.Fatalf("sdktest: Parse: %v (the host answers such a request with the plugin's fallback)", err)
		}
	}
	w.poison()
	return res
}

// Render runs ch.Render on in as the wasm export does. An error from Render
// (which the host treats as a guest failure) fails the test.
func Render(t testing.TB, ch sdk.Channel, in *abi.RenderInput) abi.Response {
	t.Helper()
	resp, err := TryRender(ch, in)
	if err != nil {
		t.Fatalf("sdktest: Render: %v", err)
	}
	return resp
}

// TryRender is [Render] for tests that expect an error.
func TryRender(ch sdk.Channel, in *abi.RenderInput) (abi.Response, error) {
	w := wireOf(ch)
	w.mu.Lock()
	defer w.mu.Unlock()
	defer w.poison()
	out, isErr := w.g.Render(ch, w.write(abi.AppendRenderInput(nil, in)))
	if isErr {
		return abi.Response{}, errors.New(string(out))
	}
	resp, err := abi.DecodeResponse(out)
	if err == nil && resp.Status != 0 && (resp.Status < 200 || resp.Status > 599) {
		// The host answers it with the plugin's fallback.
		err = fmt.Errorf("response status %d: a Response's status must be from 200 to 599 (or 0, read as 200)", resp.Status)
	}
	return resp, err
}

// AllocsPerMessage returns the average number of heap allocations of one
// Parse of req and one Render of its events with results, on the guest's
// path (decode in place, the channel, encode), once warm. It is what an
// instance allocates per message inside the host; keep it at zero. A
// WebAssembly guest cannot collect garbage in the background between
// calls, so allocating on every message soon makes its garbage collector
// the most expensive part of a call.
func AllocsPerMessage(t testing.TB, ch sdk.Channel, req *abi.Request, results []abi.Result) float64 {
	t.Helper()
	res := Parse(t, ch, req)
	if res.Reject != nil {
		t.Fatalf("sdktest: AllocsPerMessage: the request is rejected: %d %s", res.Reject.Status, res.Reject.Message)
	}
	reqIn := abi.AppendRequest(nil, req)
	renderIn := abi.AppendRenderInput(nil, &abi.RenderInput{Request: *req, Events: res.Events, Results: results})
	var g guest.Guest
	buf := make([]byte, max(len(reqIn), len(renderIn)))
	return testing.AllocsPerRun(100, func() {
		if out, isErr := g.Parse(ch, buf[:copy(buf, reqIn)]); isErr {
			t.Fatalf("sdktest: AllocsPerMessage: Parse: %s", out)
		}
		if out, isErr := g.Render(ch, buf[:copy(buf, renderIn)]); isErr {
			t.Fatalf("sdktest: AllocsPerMessage: Render: %s", out)
		}
	})
}

// wire is what the host keeps per instance: the input buffer, reused from
// call to call, and the guest side of the exports.
type wire struct {
	mu  sync.Mutex
	g   guest.Guest
	buf []byte
}

var (
	wiresMu sync.Mutex
	wires   = map[sdk.Channel]*wire{}
)

// wireOf returns the wire of ch: one per channel value, as one instance
// has one input buffer.
func wireOf(ch sdk.Channel) *wire {
	if ch == nil || !reflect.TypeOf(ch).Comparable() {
		return new(wire)
	}
	wiresMu.Lock()
	defer wiresMu.Unlock()
	w := wires[ch]
	if w == nil {
		w = new(wire)
		wires[ch] = w
	}
	return w
}

// write copies an encoded input into the buffer, as the host does.
func (w *wire) write(p []byte) []byte {
	if len(p) > cap(w.buf) {
		w.buf = make([]byte, len(p))
	}
	w.buf = w.buf[:len(p)]
	copy(w.buf, p)
	return w.buf
}

// poison overwrites the input buffer once a call is over.
func (w *wire) poison() {
	for i := range w.buf {
		w.buf[i] = '#'
	}
}

// FormRequest builds the request a provider sends to publicURL. For a
// method other than GET, body is the request body and the content type is
// application/x-www-form-urlencoded; for GET, body is ignored and the
// parameters are the query of publicURL. Path and Query are taken from
// publicURL; extra headers (lower-case names) are appended.
func FormRequest(method, publicURL string, body []byte, headers ...abi.KV) *abi.Request {
	r := &abi.Request{Method: method, PublicURL: publicURL, ReceivedUnixMilli: 1764000000000, RemoteAddr: "192.0.2.10:40000"}
	rest := publicURL
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			rest = rest[j:]
		} else {
			rest = "/"
		}
	}
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	r.Path, r.Query, _ = strings.Cut(rest, "?")
	if method != "GET" {
		r.Body = body
		r.Headers = append(r.Headers, abi.KV{Key: "content-type", Value: "application/x-www-form-urlencoded"})
	}
	r.Headers = append(r.Headers, headers...)
	return r
}

// ReadFile returns the content of a file, failing the test when it cannot be read.
func ReadFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("sdktest: %v", err)
	}
	return b
}

// Golden compares got with the content of the file at path. With -update it
// writes got to path instead (creating the directory).
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("sdktest: update golden: %v", err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("sdktest: update golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("sdktest: %v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run with -update to accept it):\n%s", path, Diff(string(want), string(got)))
	}
}

// ParseGolden runs [Parse] and compares [MarshalParseResult] of the result
// with the golden file at path. It returns the result for further checks.
func ParseGolden(t testing.TB, ch sdk.Channel, req *abi.Request, path string) abi.ParseResult {
	t.Helper()
	res := Parse(t, ch, req)
	Golden(t, path, MarshalParseResult(&res))
	return res
}

// RenderGolden runs [Render] and compares [MarshalResponse] of the response
// with the golden file at path. It returns the response for further checks.
func RenderGolden(t testing.TB, ch sdk.Channel, in *abi.RenderInput, path string) abi.Response {
	t.Helper()
	resp := Render(t, ch, in)
	Golden(t, path, MarshalResponse(&resp))
	return resp
}

// Diff returns a line diff of want and got: lines only in want start with
// "- ", lines only in got with "+ ". It is meant for test failure messages.
func Diff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	// Longest common subsequence over lines; golden files are small.
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			out.WriteString("  " + a[i] + "\n")
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			out.WriteString("+ " + b[j] + "\n")
			j++
		default:
			out.WriteString("- " + a[i] + "\n")
			i++
		}
	}
	return out.String()
}
