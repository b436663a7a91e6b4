package jsonlite

import (
	"bytes"
	"encoding/json"
	"testing"
)

var fuzzSeeds = []string{
	doc, `{}`, `[]`, `""`, `"\ud83d\ude00"`, `"\ud83d"`, `{"a":[1,{"b":null}]}`, `-0.0e-0`, `{"a"`, `[1,]`,
	"\"\xff\"", `{"message":{"type":"tool-calls","toolCallList":[{"id":"x","function":{"arguments":"{}"}}]}}`,
}

// FuzzParse checks that Parse agrees with encoding/json on validity, that
// strings decode the same way, and that nothing panics.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data)
		if want := json.Valid(data); (err == nil) != want && bytes.Count(data, []byte("[")) < MaxDepth && bytes.Count(data, []byte("{")) < MaxDepth {
			t.Fatalf("Parse error %v, encoding/json valid %v", err, want)
		}
		// Lookups on anything, valid or not, must not panic.
		g := Get(data, "a", "b")
		_ = g.Text()
		for _, e := range Get(data).Elements() {
			_ = e.Text()
		}
		for k, e := range Get(data).Members() {
			_ = Get(data).Get(k)
			_ = e.Len()
		}
		if err != nil {
			return
		}
		if v.Kind() == String {
			var want string
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			if got := v.Text(); got != want {
				t.Fatalf("Text() = %q, encoding/json %q", got, want)
			}
		}
		// Re-writing the document element by element gives an equal document.
		var w Writer
		rewrite(&w, v)
		if !Valid(w.Bytes()) {
			t.Fatalf("rewrite produced invalid JSON: %s", w.Bytes())
		}
		ja, jb := canonical(t, data), canonical(t, w.Bytes())
		if !bytes.Equal(ja, jb) {
			t.Fatalf("round trip differs:\n%s\n%s", ja, jb)
		}
	})
}

// canonical decodes data with encoding/json (numbers kept as text) and
// encodes it again.
func canonical(t *testing.T, data []byte) []byte {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func rewrite(w *Writer, v Value) {
	switch v.Kind() {
	case Object:
		w.StartObject()
		for k, e := range v.Members() {
			w.Key(k)
			rewrite(w, e)
		}
		w.EndObject()
	case Array:
		w.StartArray()
		for _, e := range v.Elements() {
			rewrite(w, e)
		}
		w.EndArray()
	case String:
		w.String(v.Text())
	case True, False:
		w.Bool(v.Bool())
	case Null:
		w.Null()
	default:
		w.Raw(v.Raw())
	}
}

// FuzzString checks that any string written by AppendString reads back
// identical (after invalid UTF-8 is replaced), as encoding/json reads it.
func FuzzString(f *testing.F) {
	for _, s := range []string{"", "a", "\x00", "é", "\xff", "\u2028", `"\`, "😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := AppendString(nil, s)
		v, err := Parse(out)
		if err != nil {
			t.Fatalf("AppendString(%q) = %s: %v", s, out, err)
		}
		var want string
		if err := json.Unmarshal(out, &want); err != nil {
			t.Fatal(err)
		}
		if got := v.Text(); got != want {
			t.Fatalf("Text() = %q, encoding/json %q", got, want)
		}
		if !v.TextEquals(want) {
			t.Fatal("TextEquals false")
		}
	})
}
