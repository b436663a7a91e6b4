package runtime_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/runtime/pluginhost/plugintest"
)

// fence matches the fenced code blocks of a Markdown file: language, body.
var fence = regexp.MustCompile("(?ms)^```(\\w+)\\n(.*?)^```")

// TestPluginTutorial follows docs/plugin-authoring.md as a new plugin author
// would, outside the repository: it runs the set-up commands, writes the
// code, test and manifest of the tutorial as printed, runs the tutorial's
// tests (writing, then checking, its golden files), builds the module with
// the documented command, and serves it. The tutorial stays true or this
// fails.
func TestPluginTutorial(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped with -short")
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root, err := plugintest.FindRoot(wd)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs", "plugin-authoring.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string][]string{}
	for _, m := range fence.FindAllStringSubmatch(string(doc), -1) {
		blocks[m[1]] = append(blocks[m[1]], m[2])
	}
	if len(blocks["sh"]) < 2 || len(blocks["go"]) < 2 || len(blocks["json"]) < 1 {
		t.Fatalf("the tutorial's code blocks changed: %d sh, %d go, %d json", len(blocks["sh"]), len(blocks["go"]), len(blocks["json"]))
	}
	form := regexp.MustCompile("`(id=[^`]+)`").FindStringSubmatch(string(doc))
	if form == nil {
		t.Fatal("the tutorial no longer shows the request of testdata/hello.form")
	}

	work := t.TempDir()
	run := func(dir, script string) string {
		t.Helper()
		cmd := exec.Command("sh", "-e", "-c", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s\nin %s: %v\n%s", script, dir, err, out)
		}
		return string(out)
	}
	// 0. The module, pointed at this checkout's SDK.
	run(work, strings.ReplaceAll(blocks["sh"][0], "/path/to/accueil", root))
	mod := filepath.Join(work, "smsbox")
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// 1, 2 and 4: the code, the manifest and the tests: the whole files of
	// the tutorial (the guide's other Go blocks are excerpts).
	var mainGo, testGo string
	for _, b := range blocks["go"] {
		switch {
		case !strings.HasPrefix(b, "package main") && !strings.Contains(b, "\npackage main"):
		case strings.Contains(b, "func Test") && testGo == "":
			testGo = b
		case !strings.Contains(b, "func Test") && mainGo == "":
			mainGo = b
		}
	}
	if mainGo == "" || testGo == "" {
		t.Fatal("the tutorial no longer prints a whole main.go and main_test.go")
	}
	write("main.go", mainGo)
	write("main_test.go", testGo)
	write("manifest.json", blocks["json"][0])
	write("testdata/hello.form", form[1])
	run(mod, "go test -update . && go test .")
	for file, want := range map[string]string{
		"testdata/hello.golden":        `"text": "Bonjour"`,
		"testdata/render/hello.golden": "HTTP 200",
	} {
		b, err := os.ReadFile(filepath.Join(mod, file))
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("golden file %s: %v\n%s\nwant it to contain %q", file, err, b, want)
		}
	}
	// 3. The build, as documented.
	run(mod, blocks["sh"][1])

	// 5. Served beside the first-party plugins, with its setting.
	a := startApp(t, appOptions{
		plugins:   []string{"whatsapp", "smsbox"},
		manifests: map[string]string{"smsbox": filepath.Join(mod, "manifest.json")},
		settings:  map[string]map[string]string{"smsbox": {"secret": "s"}},
	})
	body := "id=SMB2&from=%2B33612345678&text=" + strings.ReplaceAll("Quels sont vos horaires ?", " ", "+")
	code, resp, hdr := a.post(t, "/api/smsbox/webhook", body, map[string]string{"X-SMSBox-Secret": "s"})
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") || !strings.Contains(resp, "mardi") {
		t.Errorf("the tutorial's plugin answered %d %q %q; want 200 and the opening hours", code, hdr.Get("Content-Type"), resp)
	}
	if code, resp, _ := a.post(t, "/api/smsbox/webhook", body, map[string]string{"X-SMSBox-Secret": "wrong"}); code != 403 {
		t.Errorf("wrong secret: %d %s, want 403", code, resp)
	}
	req, _ := http.NewRequest("GET", a.URL+"/api/smsbox/webhook", nil)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 405 || r.Header.Get("Allow") != "POST" {
		t.Errorf("GET: %d, Allow %q; want 405 and the manifest's methods", r.StatusCode, r.Header.Get("Allow"))
	}
}
