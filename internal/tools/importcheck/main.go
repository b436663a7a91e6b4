// Command importcheck asserts the dependency edges of the codebase: the
// engine stays pure, the server is the only fasthttp user, the plugin host
// the only wazero user, and the SDK imports only the standard library.
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

const mod = "github.com/accueil-pme/accueil"

// rule: packages matching pkg must not depend on anything with a forbidden prefix.
type rule struct {
	pkg       string
	forbidden []string
	why       string
}

var rules = []rule{
	{mod + "/engine/...", []string{"github.com/valyala/fasthttp", "github.com/tetratelabs/wazero", "github.com/dgraph-io/badger", "github.com/jackc/pgx", mod + "/runtime"},
		"the engine is pure: no HTTP, no wasm, no storage"},
	{mod + "/runtime/store/...", []string{"github.com/valyala/fasthttp", "github.com/tetratelabs/wazero", mod + "/engine"},
		"stores know nothing of HTTP, plugins or the engine"},
	{mod + "/runtime/pluginhost/...", []string{"github.com/valyala/fasthttp", mod + "/engine", mod + "/runtime/store"},
		"the plugin host knows only wazero and the ABI"},
	{mod + "/runtime/server/...", []string{"github.com/tetratelabs/wazero", mod + "/engine", mod + "/runtime/store", mod + "/sdk"},
		"the server knows only fasthttp and its Dispatcher"},
}

func deps(pattern string, env ...string) (map[string][]string, error) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pattern)
	cmd.Env = append(os.Environ(), env...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go list %s: %v: %s", pattern, err, stderr.String())
	}
	return map[string][]string{pattern: strings.Fields(out.String())}, nil
}

func main() {
	failed := false
	for _, r := range rules {
		// List each package of the pattern separately to name the culprit.
		list, err := exec.Command("go", "list", r.pkg).Output()
		if err != nil {
			fmt.Fprintf(os.Stderr, "importcheck: go list %s: %v\n", r.pkg, err)
			os.Exit(1)
		}
		for _, p := range strings.Fields(string(list)) {
			d, err := deps(p)
			if err != nil {
				fmt.Fprintln(os.Stderr, "importcheck:", err)
				os.Exit(1)
			}
			for _, dep := range d[p] {
				for _, f := range r.forbidden {
					if dep == f || strings.HasPrefix(dep, f+"/") || strings.HasPrefix(dep, f) && strings.HasSuffix(f, "/") {
						fmt.Printf("importcheck: %s depends on %s (%s)\n", p, dep, r.why)
						failed = true
					}
				}
			}
		}
	}
	// The SDK module imports only the standard library, for every target.
	sdkDeps, err := exec.Command("sh", "-c", "cd sdk && GOOS=wasip1 GOARCH=wasm go list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' ./...").Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "importcheck: list sdk deps: %v\n", err)
		os.Exit(1)
	}
	for _, dep := range strings.Fields(string(sdkDeps)) {
		if !strings.HasPrefix(dep, mod+"/sdk") {
			fmt.Printf("importcheck: the sdk depends on %s (the sdk imports only the standard library)\n", dep)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
	fmt.Println("importcheck: dependency edges ok")
}
