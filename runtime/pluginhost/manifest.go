package pluginhost

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	goruntime "runtime"
	"slices"
	"strings"

	"github.com/accueil-pme/accueil/internal/yamlhint"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// Defaults applied to zero manifest values.
const (
	// DefaultMemoryPages is the memory cap when memory_pages is 0: 256 pages
	// of 64 KiB, i.e. 16 MiB. A Go guest needs at least 80 pages with GOGC=25.
	DefaultMemoryPages = 256
	// DefaultTimeoutMS is the per-call deadline when timeout_ms is 0.
	DefaultTimeoutMS = 100
	// MaxMemoryPages is the largest memory_pages accepted (4 GiB).
	MaxMemoryPages = 65536
	// MaxTimeoutMS is the largest timeout_ms accepted.
	MaxTimeoutMS = 60_000
	// MaxPool is the largest pool.max accepted.
	MaxPool = 1024
)

// ManifestFile is the name of a plugin's manifest inside its directory.
const ManifestFile = "manifest.json"

// Manifest describes one plugin. It is read from a manifest.json beside the
// module. Decoding is strict: unknown keys are errors.
type Manifest struct {
	// Name is the plugin's lowercase id ("whatsapp"): letters, digits, '-' and '_'.
	Name string `json:"name"`
	// ABIVersion must equal the host's sdk/abi.Version.
	ABIVersion int `json:"abi_version"`
	// Mount is the URL segment the plugin answers under (/api/{mount}/webhook).
	// "" means Name.
	Mount string `json:"mount"`
	// Module is the .wasm file name, relative to the manifest's directory.
	Module string `json:"module"`
	// SHA256 pins the module's hex-encoded sha256. "" means not checked.
	SHA256 string `json:"sha256,omitempty"`
	// Trusted runs the plugin without interruption checks: about 7x faster,
	// but a runaway call cannot be stopped (see the package docs). false,
	// the default, is right for any plugin that did not ship with the host.
	Trusted bool `json:"trusted"`
	// MemoryPages caps each instance's memory, in 64 KiB pages. 0 means 256.
	MemoryPages uint32 `json:"memory_pages"`
	// TimeoutMS is the deadline of one guest call, in milliseconds. 0 means 100.
	TimeoutMS int `json:"timeout_ms"`
	// Pool sizes the instance pool.
	Pool PoolSize `json:"pool"`
	// Settings lists the setting keys the plugin understands. Load refuses
	// settings with other keys.
	Settings []string `json:"settings"`
	// Fallback is what the host answers when the plugin itself fails.
	Fallback Fallback `json:"fallback"`
	// RenderRequest, when false, tells the host to leave the request out of
	// the RenderInput: no method, path, public URL, headers or body (the
	// plugin renders from the events and results), which saves encoding and
	// decoding them again. nil means true.
	RenderRequest *bool `json:"render_request,omitempty"`
	// RenderEventDetails, when false, tells the host to send Render a
	// summary of each event (its kind, id, conversation, status and
	// language) instead of the whole event: a plugin that renders from the
	// results alone then decodes a fraction of the input. nil means true.
	RenderEventDetails *bool `json:"render_event_details,omitempty"`
	// Headers, when set, lists the request headers the plugin reads (lower
	// case): the host passes only those. Least privilege, and each header
	// left out is one less to encode and for the guest to decode. Absent,
	// the plugin receives every header.
	Headers []string `json:"headers,omitempty"`
	// Methods, when set, lists the HTTP methods the webhook accepts (upper
	// case; GET implies HEAD). The host answers any other method with 405
	// and an Allow header, without calling the plugin. Absent, every method
	// reaches the plugin.
	Methods []string `json:"methods,omitempty"`
	// MaxBodyBytes, when set, caps the bodies the webhook accepts, below
	// the server's own cap: the host answers a larger body with 413
	// without calling the plugin, so that a provider whose requests are a
	// few kilobytes (a Twilio form) is not made to parse a megabyte.
	MaxBodyBytes int `json:"max_body_bytes,omitempty"`
}

// AllowsBody reports whether the webhook accepts a body of n bytes.
func (m Manifest) AllowsBody(n int) bool { return m.MaxBodyBytes <= 0 || n <= m.MaxBodyBytes }

// AllowsMethod reports whether the webhook accepts method.
func (m Manifest) AllowsMethod(method string) bool {
	if m.Methods == nil || slices.Contains(m.Methods, method) {
		return true
	}
	return method == "HEAD" && slices.Contains(m.Methods, "GET")
}

// Allow returns the value of the Allow header of a 405 answer ("GET, HEAD,
// POST"), or "" when the manifest lists no methods.
func (m Manifest) Allow() string {
	if m.Methods == nil {
		return ""
	}
	ms := slices.Clone(m.Methods)
	if slices.Contains(ms, "GET") && !slices.Contains(ms, "HEAD") {
		ms = append(ms, "HEAD")
	}
	slices.Sort(ms)
	return strings.Join(slices.Compact(ms), ", ")
}

// WantsHeader reports whether the plugin receives the request header name
// (lower case).
func (m Manifest) WantsHeader(name string) bool {
	return m.Headers == nil || slices.Contains(m.Headers, name)
}

// NeedsRequest reports whether Render wants the request.
func (m Manifest) NeedsRequest() bool { return m.RenderRequest == nil || *m.RenderRequest }

// NeedsEventDetails reports whether Render wants whole events.
func (m Manifest) NeedsEventDetails() bool {
	return m.RenderEventDetails == nil || *m.RenderEventDetails
}

// TrimRenderInput leaves out of in, in place, what Render does not need
// according to the manifest: the request (render_request) and the details
// of the events, which become summaries (render_event_details).
func (m Manifest) TrimRenderInput(in *abi.RenderInput) {
	if !m.NeedsRequest() {
		in.Request = abi.Request{}
	}
	if !m.NeedsEventDetails() {
		for i, ev := range in.Events {
			in.Events[i] = abi.Event{Kind: ev.Kind, ID: ev.ID, Conversation: ev.Conversation, Status: ev.Status, Language: ev.Language}
		}
	}
}

// PoolSize bounds a plugin's instance pool.
type PoolSize struct {
	// Min instances are started at load and kept warm. 0 means GOMAXPROCS.
	Min int `json:"min"`
	// Max instances may exist at once. 0 means max(2×GOMAXPROCS, Min).
	Max int `json:"max"`
}

// Fallback is the HTTP answer used when the plugin fails (trap, timeout).
type Fallback struct {
	// Status is the HTTP status. 0 means 500.
	Status int `json:"status"`
	// ContentType is the body's type. "" means "text/plain; charset=utf-8".
	ContentType string `json:"content_type"`
	// Body is sent as is. It may be empty.
	Body string `json:"body"`
}

// Response returns the fallback as an [abi.Response].
func (f Fallback) Response() abi.Response {
	return abi.Response{Status: f.Status, ContentType: f.ContentType, Body: []byte(f.Body)}
}

// ReadManifest reads, strictly decodes and validates the manifest at path,
// and returns it with defaults applied.
func ReadManifest(path string) (Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Manifest{}, fmt.Errorf("pluginhost: read manifest: %w", err)
	}
	m, err := DecodeManifest(data)
	if err != nil {
		return Manifest{}, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// lineCol returns the 1-based line and column of byte offset off in data.
func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// DecodeManifest strictly decodes a manifest (unknown keys and trailing data
// are errors), validates it, and applies defaults.
func DecodeManifest(data []byte) (Manifest, error) {
	var m Manifest
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(&m); err != nil {
		if strings.Contains(err.Error(), `"render_request_body"`) {
			return Manifest{}, fmt.Errorf("pluginhost: decode manifest: %w (it is now render_request, which leaves the whole request out)", err)
		}
		if f, ok := strings.CutPrefix(err.Error(), `json: unknown field "`); ok {
			f = strings.TrimSuffix(f, `"`)
			near := manifestAliases[f]
			if near == "" {
				near = yamlhint.Nearest(f, manifestKeys())
			}
			if near != "" {
				return Manifest{}, fmt.Errorf("pluginhost: decode manifest: %w; did you mean %q?", err, near)
			}
		}
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && typ.Field != "" {
			line, _ := lineCol(data, typ.Offset-1)
			return Manifest{}, fmt.Errorf("pluginhost: decode manifest: line %d: %q wants %s, not a %s", line, typ.Field, jsonKind(typ.Type), typ.Value)
		}
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			line, col := lineCol(data, syn.Offset-1) // the offending character
			return Manifest{}, fmt.Errorf("pluginhost: decode manifest: line %d, column %d: %w", line, col, err)
		}
		return Manifest{}, fmt.Errorf("pluginhost: decode manifest: %w", err)
	}
	if _, err := d.Token(); err != io.EOF {
		return Manifest{}, errors.New("pluginhost: decode manifest: trailing data after the JSON object")
	}
	if err := m.Validate(); err != nil {
		return Manifest{}, err
	}
	return m.WithDefaults(), nil
}

// manifestAliases are keys people write for a manifest's, too far from it
// for a spelling suggestion.
var manifestAliases = map[string]string{
	"max_body_size": "max_body_bytes", "body_limit": "max_body_bytes", "timeout": "timeout_ms", "timeout_millis": "timeout_ms",
	"minimum": "min", "maximum": "max", "memory": "memory_pages", "version": "abi_version", "wasm": "module",
}

// jsonKind says what JSON value a Go type takes.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list"
	}
	return "an object"
}

// manifestKeys lists the JSON keys of a manifest, at every level.
func manifestKeys() []string {
	var keys []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
				keys = append(keys, name)
			}
			walk(t.Field(i).Type)
		}
	}
	walk(reflect.TypeFor[Manifest]())
	return keys
}

// Validate reports every problem of m, joined. Zero values are valid where
// a default exists.
func (m *Manifest) Validate() error {
	var errs []error
	add := func(format string, args ...any) {
		prefix := "pluginhost: manifest: "
		if m.Name != "" {
			prefix = fmt.Sprintf("pluginhost: manifest %q: ", m.Name)
		}
		errs = append(errs, fmt.Errorf(prefix+format, args...))
	}
	if m.Name == "" {
		add("name is required")
	} else if !validID(m.Name) {
		add("name %q must be lowercase letters, digits, '-' or '_', starting with a letter", m.Name)
	}
	switch {
	case m.ABIVersion == 0:
		add("abi_version is required (this host speaks %d: \"abi_version\": %d)", abi.Version, abi.Version)
	case m.ABIVersion != abi.Version:
		add("abi_version %d, host speaks %d", m.ABIVersion, abi.Version)
	}
	if m.Mount != "" && !validID(m.Mount) {
		add("mount %q must be lowercase letters, digits, '-' or '_', starting with a letter", m.Mount)
	}
	switch {
	case m.Module == "":
		add("module is required")
	case filepath.IsAbs(m.Module) || strings.HasPrefix(filepath.ToSlash(filepath.Clean(m.Module)), "../") || filepath.Clean(m.Module) == "..":
		add("module %q must be a path inside the manifest's directory", m.Module)
	case !strings.HasSuffix(m.Module, ".wasm"):
		add("module %q must end in .wasm", m.Module)
	}
	if m.SHA256 != "" {
		if b, err := hex.DecodeString(m.SHA256); err != nil || len(b) != 32 {
			add("sha256 %q is not 64 hex digits", m.SHA256)
		}
	}
	if m.MemoryPages > MaxMemoryPages {
		add("memory_pages %d exceeds %d", m.MemoryPages, MaxMemoryPages)
	}
	if m.TimeoutMS < 0 || m.TimeoutMS > MaxTimeoutMS {
		add("timeout_ms %d must be between 0 and %d", m.TimeoutMS, MaxTimeoutMS)
	}
	if m.Pool.Min < 0 || m.Pool.Min > MaxPool {
		add("pool.min %d must be between 0 and %d", m.Pool.Min, MaxPool)
	}
	if m.Pool.Max < 0 || m.Pool.Max > MaxPool {
		add("pool.max %d must be between 0 and %d", m.Pool.Max, MaxPool)
	}
	if m.Pool.Min > 0 && m.Pool.Max > 0 && m.Pool.Min > m.Pool.Max {
		add("pool.min %d exceeds pool.max %d", m.Pool.Min, m.Pool.Max)
	}
	seen := make(map[string]bool, len(m.Settings))
	for _, k := range m.Settings {
		switch {
		case k == "":
			add("settings: empty key")
		case seen[k]:
			add("settings: duplicate key %q", k)
		}
		seen[k] = true
	}
	for _, h := range m.Headers {
		if h == "" || h != strings.ToLower(h) || strings.ContainsAny(h, " :\t\r\n") {
			add("headers: %q must be a header name in lower case", h)
		}
	}
	if m.Methods != nil && len(m.Methods) == 0 {
		add("methods: empty list (leave it out to accept every method)")
	}
	for _, meth := range m.Methods {
		if !validMethod(meth) {
			add("methods: %q must be an HTTP method in upper case, such as POST", meth)
		}
	}
	if m.MaxBodyBytes < 0 {
		add("max_body_bytes %d: must be positive (leave it out for the server's cap)", m.MaxBodyBytes)
	}
	if s := m.Fallback.Status; s != 0 && (s < 100 || s > 599) {
		add("fallback.status %d is not an HTTP status", s)
	}
	return errors.Join(errs...)
}

// validMethod reports whether s is an upper-case HTTP method token.
func validMethod(s string) bool {
	if s == "" || len(s) > 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// WithDefaults returns m with zero values replaced by their documented defaults.
func (m Manifest) WithDefaults() Manifest {
	if m.Mount == "" {
		m.Mount = m.Name
	}
	if m.MemoryPages == 0 {
		m.MemoryPages = DefaultMemoryPages
	}
	if m.TimeoutMS == 0 {
		m.TimeoutMS = DefaultTimeoutMS
	}
	procs := goruntime.GOMAXPROCS(0)
	if m.Pool.Min == 0 {
		m.Pool.Min = procs
	}
	if m.Pool.Max == 0 {
		m.Pool.Max = max(2*procs, m.Pool.Min)
	}
	m.Pool.Min = min(m.Pool.Min, m.Pool.Max)
	if m.Fallback.Status == 0 {
		m.Fallback.Status = 500
	}
	if m.Fallback.ContentType == "" {
		m.Fallback.ContentType = "text/plain; charset=utf-8"
	}
	m.Settings = append([]string(nil), m.Settings...)
	return m
}

func validID(s string) bool {
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '_'):
		default:
			return false
		}
	}
	return s != "" && len(s) <= 64
}
