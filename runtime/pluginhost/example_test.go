package pluginhost_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/accueil-pme/accueil/runtime/pluginhost"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// Example loads a plugin from its manifest, calls it, and tells a plugin
// failure (answer with the manifest's fallback) from an error the plugin
// reported. The module is the tck test guest; a real plugin directory holds
// a manifest.json beside a Go plugin built with
// GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "plugins")
	defer os.RemoveAll(dir)
	wasm, _ := watFS.ReadFile("testdata/wat/tck.wasm")
	_ = os.WriteFile(filepath.Join(dir, "tck.wasm"), wasm, 0o644)
	_ = os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{
		"name": "tck", "abi_version": 2, "module": "tck.wasm",
		"timeout_ms": 100, "pool": {"min": 1, "max": 2},
		"fallback": {"status": 503, "content_type": "text/plain", "body": "try again later"}
	}`), 0o644)

	host, err := pluginhost.New(ctx, pluginhost.Config{})
	if err != nil {
		panic(err)
	}
	defer host.Close(ctx)
	p, err := host.Load(ctx, filepath.Join(dir, "manifest.json"), nil)
	if err != nil {
		panic(err)
	}

	for _, method := range []string{"GET", "TRAP", "ERR"} {
		res, err := p.Parse(ctx, &abi.Request{Method: method})
		switch {
		case errors.Is(err, pluginhost.ErrPluginFailed):
			fb := p.Manifest().Fallback
			fmt.Printf("%s: plugin failed, answer %d %q\n", method, fb.Status, fb.Body)
		case errors.Is(err, pluginhost.ErrGuest):
			fmt.Printf("%s: %v\n", method, err)
		case err != nil:
			panic(err)
		default:
			fmt.Printf("%s: %d events\n", method, len(res.Events))
		}
	}
	s := p.Stats()
	fmt.Printf("calls=%d traps=%d guest errors=%d\n", s.Calls, s.Traps, s.GuestErrors)
	// Output:
	// GET: 0 events
	// TRAP: plugin failed, answer 503 "try again later"
	// ERR: pluginhost: plugin "tck": accueil_parse: guest says no
	// calls=3 traps=1 guest errors=1
}
