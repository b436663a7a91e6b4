package jsonlite

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

const doc = `{
  "message": {
    "type": "tool-calls",
    "n": -12.5e2,
    "i": 42,
    "ok": true,
    "nothing": null,
    "list": [1, "two", {"three": 3}, [4]],
    "esc\"aped": "caf\u00e9 \ud83d\ude00 \n\t\\ \/",
    "call": {"id": "c1", "customer": {"number": "+33639980012"}},
    "args": "{\"date\":\"2026-03-13\"}",
    "dup": 1,
    "dup": 2
  }
}`

func TestGet(t *testing.T) {
	root, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	m := root.Get("message")
	tests := []struct {
		name string
		v    Value
		kind Kind
		text string
		raw  string
	}{
		{"string", m.Get("type"), String, "tool-calls", `"tool-calls"`},
		{"nested", root.Get("message", "call", "customer", "number"), String, "+33639980012", `"+33639980012"`},
		{"top-level Get", Get([]byte(doc), "message", "call", "id"), String, "c1", `"c1"`},
		{"number", m.Get("n"), Number, "-12.5e2", "-12.5e2"},
		{"true", m.Get("ok"), True, "true", "true"},
		{"null", m.Get("nothing"), Null, "", "null"},
		{"escaped key and value", m.Get(`esc"aped`), String, "café 😀 \n\t\\ /", `"caf\u00e9 \ud83d\ude00 \n\t\\ \/"`},
		{"object raw", m.Get("call", "customer"), Object, "", `{"number": "+33639980012"}`},
		{"json in a string", m.Get("args"), String, `{"date":"2026-03-13"}`, `"{\"date\":\"2026-03-13\"}"`},
		{"first duplicate wins", m.Get("dup"), Number, "1", "1"},
		{"missing", m.Get("nope"), Invalid, "", ""},
		{"through a non-object", m.Get("type", "x"), Invalid, "", ""},
		{"index", m.Get("list").Index(1), String, "two", `"two"`},
		{"index object", m.Get("list").Index(2).Get("three"), Number, "3", "3"},
		{"index out of range", m.Get("list").Index(9), Invalid, "", ""},
		{"negative index", m.Get("list").Index(-1), Invalid, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.Kind(); got != tt.kind {
				t.Errorf("Kind() = %v, want %v", got, tt.kind)
			}
			if got := tt.v.Text(); got != tt.text {
				t.Errorf("Text() = %q, want %q", got, tt.text)
			}
			if got := string(tt.v.AppendText(nil)); got != tt.text {
				t.Errorf("AppendText() = %q, want %q", got, tt.text)
			}
			if got := string(tt.v.Raw()); got != tt.raw {
				t.Errorf("Raw() = %q, want %q", got, tt.raw)
			}
			if tt.v.Exists() != (tt.kind != Invalid) {
				t.Errorf("Exists() = %v", tt.v.Exists())
			}
		})
	}
}

func TestNumbersAndBools(t *testing.T) {
	m := Get([]byte(doc), "message")
	if n, ok := m.Get("i").Int(); !ok || n != 42 {
		t.Errorf("Int() = %d, %v", n, ok)
	}
	if _, ok := m.Get("n").Int(); ok {
		t.Error("Int() of -12.5e2 should fail")
	}
	if f, ok := m.Get("n").Float(); !ok || f != -1250 {
		t.Errorf("Float() = %v, %v", f, ok)
	}
	if _, ok := m.Get("type").Float(); ok {
		t.Error("Float() of a string should fail")
	}
	if !m.Get("ok").Bool() || m.Get("nothing").Bool() {
		t.Error("Bool() wrong")
	}
	if !m.Get("nothing").IsNull() || m.Get("ok").IsNull() {
		t.Error("IsNull() wrong")
	}
	if !m.Get("type").TextEquals("tool-calls") || m.Get("type").TextEquals("tool") || m.Get("i").TextEquals("42") {
		t.Error("TextEquals() wrong")
	}
	if !m.Get(`esc"aped`).TextEquals("café 😀 \n\t\\ /") {
		t.Error("TextEquals() with escapes wrong")
	}
}

func TestIteration(t *testing.T) {
	m := Get([]byte(doc), "message")
	var kinds []string
	for i, e := range m.Get("list").Elements() {
		if e.Kind() == Invalid {
			t.Fatalf("element %d invalid", i)
		}
		kinds = append(kinds, e.Kind().String())
	}
	if got := strings.Join(kinds, ","); got != "number,string,object,array" {
		t.Errorf("elements = %s", got)
	}
	if n := m.Get("list").Len(); n != 4 {
		t.Errorf("Len() = %d", n)
	}
	var keys []string
	for k := range m.Get("call").Members() {
		keys = append(keys, k)
	}
	if got := strings.Join(keys, ","); got != "id,customer" {
		t.Errorf("members = %s", got)
	}
	for k, v := range m.RawMembers() {
		if k.TextEquals(`esc"aped`) && v.Kind() != String {
			t.Error("RawMembers value wrong")
		}
	}
	if n := m.Get("call").Len(); n != 2 {
		t.Errorf("object Len() = %d", n)
	}
	// Early break must not panic.
	for range m.Get("list").Elements() {
		break
	}
	for range m.Members() {
		break
	}
	if n := Get([]byte(`[]`)).Len(); n != 0 {
		t.Errorf("empty array Len() = %d", n)
	}
	if n := Get([]byte(`{}`)).Len(); n != 0 {
		t.Errorf("empty object Len() = %d", n)
	}
	if n := Get([]byte(`"x"`)).Len(); n != 0 {
		t.Errorf("string Len() = %d", n)
	}
}

func TestParseErrors(t *testing.T) {
	bad := []string{
		``, ` `, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{a:1}`, `"abc`, `"a\x"`,
		`"\u12"`, `"\u12g4"`, "\"a\x01\"", `01`, `-`, `1.`, `1e`, `.5`, `+1`, `tru`, `nul`, `falsey`,
		`{} {}`, `[`, `{"a":1 "b":2}`, `nan`, strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
	}
	for _, s := range bad {
		_, err := Parse([]byte(s))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error = %v, want a *SyntaxError", s, err)
			continue
		}
		if !strings.HasPrefix(se.Error(), "jsonlite: ") {
			t.Errorf("error text %q", se.Error())
		}
		if len(s) < MaxDepth && json.Valid([]byte(s)) {
			t.Errorf("encoding/json accepts %q", s)
		}
	}
	good := []string{`0`, `-0.5e+10`, ` {"a" : [ true , false , null ] } `, `"\ud83d"`, "\"\xff\"", `[]`, `{}`,
		strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)}
	for _, s := range good {
		if !Valid([]byte(s)) {
			t.Errorf("Valid(%q) = false", s)
		}
	}
}

func TestUnescapeLikeEncodingJSON(t *testing.T) {
	cases := []string{
		`"plain"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00"`, `"\ud83dx"`, `"\ud83d\u0041"`, "\"\xff\xfe\"",
		`"\u00e9\u00E9"`, `"\b\f\n\r\t\"\\\/"`, `"\u0000"`, "\"é\"", `"\ud800\udc00"`, `"\udbff\udfff"`,
	}
	for _, c := range cases {
		var want string
		if err := json.Unmarshal([]byte(c), &want); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		v, err := Parse([]byte(c))
		if err != nil {
			t.Fatalf("Parse(%s): %v", c, err)
		}
		if got := v.Text(); got != want {
			t.Errorf("Text(%s) = %q, want %q", c, got, want)
		}
		if !v.TextEquals(want) {
			t.Errorf("TextEquals(%s) false", c)
		}
	}
}

func TestMalformedLookupsDoNotPanic(t *testing.T) {
	inputs := []string{``, `{`, `{"a`, `{"a":`, `{"a":[`, `{"a":"\`, `[`, `{"a" 1}`, `{"a":1,"b"`, `:`, `{,}`}
	for _, s := range inputs {
		v := Get([]byte(s), "a", "b")
		_ = v.Text()
		_ = Get([]byte(s)).Len()
		for range Get([]byte(s)).Elements() {
		}
		for range Get([]byte(s)).Members() {
		}
	}
}

func TestWriter(t *testing.T) {
	var w Writer
	w.StartObject()
	w.StringField("s", "a\"b\\c\n\x01é\u2028")
	w.IntField("i", -7)
	w.FloatField("f", 0.1)
	w.BoolField("t", true)
	w.Key("n")
	w.Null()
	w.RawField("raw", []byte(`{"x":[1,2]}`))
	w.ArrayField("arr")
	w.String("x")
	w.Int(1)
	w.StartObject()
	w.EndObject()
	w.StartArray()
	w.EndArray()
	w.Bool(false)
	w.StringBytes([]byte("b"))
	w.RawString(`"r"`)
	w.Float(math.NaN())
	w.EndArray()
	w.ObjectField("o")
	w.StringField("k", "v")
	w.EndObject()
	w.EndObject()
	want := `{"s":"a\"b\\c\n\u0001é\u2028","i":-7,"f":0.1,"t":true,"n":null,"raw":{"x":[1,2]},` +
		`"arr":["x",1,{},[],false,"b","r",null],"o":{"k":"v"}}`
	if got := string(w.Bytes()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !json.Valid(w.Bytes()) {
		t.Error("output not valid JSON")
	}
	w.Reset(nil)
	w.StartArray()
	w.Int(1)
	w.EndArray()
	if got := string(w.Bytes()); got != "[1]" || w.Len() != 3 {
		t.Errorf("after Reset: %s", got)
	}
}

func TestAppendFloatLikeEncodingJSON(t *testing.T) {
	for _, f := range []float64{0, 1, -1, 0.1, 1e20, 1e21, 1e-6, 1e-7, 123456789.125, -2.5e-9, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, _ := json.Marshal(f)
		if got := string(AppendFloat(nil, f)); got != string(want) {
			t.Errorf("AppendFloat(%v) = %s, want %s", f, got, want)
		}
	}
	if got := string(AppendFloat(nil, math.Inf(1))); got != "null" {
		t.Errorf("Inf = %s", got)
	}
}

func TestAppendStringLikeEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "abc", "\x00\x1f\x7f", "é😀", "\xff", "a\u2028b\u2029", `<&>`, "\"\\"} {
		var back string
		if err := json.Unmarshal(AppendString(nil, s), &back); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		want, _ := json.Marshal(s)
		var wantBack string
		_ = json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Errorf("AppendString(%q) decodes to %q, want %q", s, back, wantBack)
		}
	}
}

func TestKindString(t *testing.T) {
	if Object.String() != "object" || Kind(99).String() != "kind(99)" {
		t.Error("Kind.String wrong")
	}
}

// Reading a validated document and writing one allocate nothing: the plugin
// hot path depends on it.
func TestNoAllocations(t *testing.T) {
	data := []byte(doc)
	var w Writer
	w.Reset(make([]byte, 0, 256))
	allocs := testing.AllocsPerRun(100, func() {
		root, err := Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		m := root.Get("message")
		if !m.Get("call", "customer", "number").TextEquals("+33639980012") {
			t.Fatal("lookup")
		}
		for _, e := range m.Get("list").Elements() {
			_ = e.Raw()
		}
		for k, v := range m.RawMembers() {
			_, _ = k, v
		}
		w.Reset(w.Bytes()[:0])
		w.StartObject()
		w.StringField("result", "Créneau disponible le vendredi 13 mars à 14h00.")
		w.RawField("args", m.Get("call").Raw())
		w.EndObject()
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run, want 0", allocs)
	}
}

func TestTextView(t *testing.T) {
	doc := []byte(`{"plain":"Bonjour","escaped":"L\u00e9a \"V\"","n":-12.5,"t":true,"null":null,"empty":"","obj":{}}`)
	for _, key := range []string{"plain", "escaped", "n", "t", "null", "empty", "obj", "missing"} {
		v := Get(doc, key)
		if got, want := v.TextView(), v.Text(); got != want {
			t.Errorf("%s: TextView %q, Text %q", key, got, want)
		}
	}
	plain, escaped := Get(doc, "plain").TextView(), Get(doc, "escaped").TextView()
	if n := testing.AllocsPerRun(100, func() { _ = Get(doc, "plain").TextView() }); n != 0 {
		t.Errorf("TextView of a plain string allocates %v times", n)
	}
	copy(doc[bytes.Index(doc, []byte("Bonjour")):], "BONJOUR")
	copy(doc[bytes.Index(doc, []byte("L\\u00e9a")):], "X")
	if plain != "BONJOUR" {
		t.Errorf("a plain string is a view of the document: %q after the document changed", plain)
	}
	if escaped != `Léa "V"` {
		t.Errorf("an escaped string is a copy: %q after the document changed", escaped)
	}
}
