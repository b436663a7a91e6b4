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
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/sdk"
	"github.com/accueil-pme/accueil/sdk/abi"
)

var update = flag.Bool("update", false, "rewrite golden files instead of comparing with them")

// Update reports whether the test binary runs with -update.
func Update() bool { return *update }

// Init encodes cfg, decodes it and calls ch.Init, as the host does once per
// instance. It fails the test when Init returns an error.
func Init(t testing.TB, ch sdk.Channel, cfg abi.Config) {
	t.Helper()
	dec, err := abi.DecodeConfig(abi.AppendConfig(nil, &cfg))
	if err != nil {
		t.Fatalf("sdktest: config round trip: %v", err)
	}
	if err := ch.Init(dec); err != nil {
		t.Fatalf("sdktest: Init: %v", err)
	}
}

// Parse runs ch.Parse on req as the wasm export does: req crosses the codec,
// an error from Parse becomes a 400 [abi.Reject] with the error text, and
// the result crosses the codec back.
func Parse(t testing.TB, ch sdk.Channel, req *abi.Request) abi.ParseResult {
	t.Helper()
	in, err := abi.DecodeRequest(abi.AppendRequest(nil, req))
	if err != nil {
		t.Fatalf("sdktest: request round trip: %v", err)
	}
	res, err := ch.Parse(&in)
	if err != nil {
		res = abi.ParseResult{Reject: &abi.Reject{Status: 400, Message: err.Error()}}
	}
	out, err := abi.DecodeParseResult(abi.AppendParseResult(nil, &res))
	if err != nil {
		t.Fatalf("sdktest: parse result round trip: %v", err)
	}
	return out
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
	dec, err := abi.DecodeRenderInput(abi.AppendRenderInput(nil, in))
	if err != nil {
		return abi.Response{}, err
	}
	resp, err := ch.Render(&dec)
	if err != nil {
		return abi.Response{}, err
	}
	return abi.DecodeResponse(abi.AppendResponse(nil, &resp))
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
