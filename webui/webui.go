package webui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
)

//go:embed static
var embedded embed.FS

// FS holds the static files at its root: index.html and widget.js.
var FS fs.FS = mustSub(embedded, "static")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic("webui: " + err.Error())
	}
	return sub
}

// File is one static file, ready to serve.
type File struct {
	// Name is the file name, e.g. "widget.js".
	Name        string
	ContentType string
	// CacheControl is the suggested Cache-Control header: the widget may be
	// cached briefly (sites embed its URL without a version), the page not.
	CacheControl string
	// ETag is a strong validator of Body, quoted.
	ETag string
	// Body must not be modified.
	Body []byte
}

var files = load()

func load() map[string]File {
	m := make(map[string]File)
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		panic("webui: " + err.Error())
	}
	for _, e := range entries {
		body, err := fs.ReadFile(FS, e.Name())
		if err != nil {
			panic("webui: " + err.Error())
		}
		sum := sha256.Sum256(body)
		f := File{Name: e.Name(), ContentType: contentType(e.Name()), Body: body,
			ETag: `"` + hex.EncodeToString(sum[:8]) + `"`, CacheControl: "public, max-age=300"}
		if strings.HasSuffix(e.Name(), ".html") {
			f.CacheControl = "no-cache"
		}
		m["/"+e.Name()] = f
	}
	m["/"] = m["/index.html"]
	return m
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	return "application/octet-stream"
}

// Lookup returns the file served at urlPath ("/", "/index.html",
// "/widget.js"), and false when there is none.
func Lookup(urlPath string) (File, bool) {
	f, ok := files[urlPath]
	return f, ok
}

// Paths lists the URL paths [Lookup] answers.
func Paths() []string {
	out := make([]string, 0, len(files))
	for p := range files {
		out = append(out, p)
	}
	return out
}
