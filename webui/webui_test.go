package webui

import (
	"bytes"
	"compress/gzip"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		path, contentType string
	}{
		{"/", "text/html; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/widget.js", "text/javascript; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			f, ok := Lookup(tt.path)
			if !ok || f.ContentType != tt.contentType || len(f.Body) == 0 || len(f.ETag) != 18 {
				t.Errorf("Lookup(%q) = %q %q %q %v", tt.path, f.Name, f.ContentType, f.ETag, ok)
			}
		})
	}
	if _, ok := Lookup("/nope.js"); ok {
		t.Error("Lookup found a missing file")
	}
	if !slices.Contains(Paths(), "/widget.js") {
		t.Errorf("Paths = %v", Paths())
	}
}

// TestWidgetBudget keeps the widget (JS with its CSS inside) within 30 KB
// gzipped; docs/web.md reports the measured size.
func TestWidgetBudget(t *testing.T) {
	f, _ := Lookup("/widget.js")
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(f.Body)
	zw.Close()
	t.Logf("widget.js: %d bytes raw, %d bytes gzipped", len(f.Body), b.Len())
	if b.Len() > 30<<10 {
		t.Errorf("widget.js is %d bytes gzipped, over the 30 KB budget", b.Len())
	}
}

// TestWidgetNeverInjectsHTML: messages go in as text; no API that parses
// HTML may appear in the widget at all.
func TestWidgetNeverInjectsHTML(t *testing.T) {
	f, _ := Lookup("/widget.js")
	src := regexp.MustCompile(`//[^\n]*`).ReplaceAllString(string(f.Body), "")
	for _, bad := range []string{".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "createContextualFragment", "DOMParser"} {
		if strings.Contains(src, bad) {
			t.Errorf("widget.js uses %s", bad)
		}
	}
	if !strings.Contains(src, "textContent") && !strings.Contains(src, "createTextNode") {
		t.Error("widget.js sets no text")
	}
}

// TestDemoPage checks the demo page shows the facts of the demo business and
// loads the widget.
func TestDemoPage(t *testing.T) {
	f, _ := Lookup("/")
	page := string(f.Body)
	for _, want := range []string{
		`<script src="/widget.js" defer></script>`, `lang="fr"`,
		"Salon Lumière", "12 rue des Lilas, 75011 Paris", "Métro Voltaire (ligne 9)", "01 99 00 12 34",
		"Coupe homme</td><td>30 min</td><td>Hugo</td><td class=\"price\">26 €",
		"Balayage</td><td>2 h</td><td>Camille, Inès</td><td class=\"price\">95 €",
		"Samedi</dt><dd>9 h – 17 h", "Lundi</dt><dd>Fermé", "Lydia",
		`<link rel="icon" href="data:image/svg+xml,`, // no request for /favicon.ico, which the server does not have
		`<span class="nw">9 h – 12 h 30</span> · <span class="nw">13 h 30 – 19 h</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("demo page lacks %q", want)
		}
	}
}
