package prompts

import (
	"strings"
	"testing"
	"text/template"
)

// compileSet compiles every prompt of src, a catalogue in miniature.
func compileSet(t *testing.T, src string) (map[string][]op, error) {
	t.Helper()
	tmpl, err := template.New("test").Funcs(parseFuncs).Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	comp := compilerOf(tmpl)
	out := map[string][]op{}
	for _, d := range tmpl.Templates() {
		if d.Name() == "test" || d.Tree == nil {
			continue
		}
		ops, err := comp.compile(d.Tree.Root)
		if err != nil {
			return nil, err
		}
		out[d.Name()] = ops
	}
	return out, nil
}

func TestTemplateCall(t *testing.T) {
	prompts, err := compileSet(t, `{{define "status"}}{{if .Open}}open{{else}}closed{{end}}{{end}}`+
		`{{define "both"}}now {{template "status" .}}, then {{template "status" .Later}}{{template "empty"}}.{{end}}`+
		`{{define "empty"}}{{if .}}dot{{else}}!{{end}}{{end}}`)
	if err != nil {
		t.Fatal(err)
	}
	r := &renderer{set: &set{f: formatter{lang: "fr"}, prompts: prompts}}
	got, err := r.render(prompts["both"], Params{"Open": true, "Later": Params{"Open": false}})
	if err != nil || got != "now open, then closed!." {
		t.Errorf("render = %q, %v", got, err)
	}
	for _, tc := range []struct{ src, want string }{
		{`{{define "a"}}{{template "b" .}}{{end}}{{define "b"}}{{template "a" .}}{{end}}`, "calls itself"},
		{`{{define "a"}}{{template "nowhere" .}}{{end}}`, `no prompt "nowhere"`},
	} {
		if _, err := compileSet(t, tc.src); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("compile %s: err = %v, want %q", tc.src, err, tc.want)
		}
	}
}
