package yamlhint

import (
	"encoding"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Unknown is a key of a YAML document that the target type does not have.
type Unknown struct {
	// Path is the key's path, e.g. "services[2].duraton".
	Path      string
	Key       string
	Line, Col int
	// Suggest is the nearest known key at that place, or "".
	Suggest string
}

func (u Unknown) String() string {
	s := fmt.Sprintf("[%d:%d] %s: unknown field %q", u.Line, u.Col, u.Path, u.Key)
	if u.Suggest != "" {
		s += fmt.Sprintf("; did you mean %q?", u.Suggest)
	}
	return s
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// UnknownKeys returns every key of the YAML document data that v's type
// (a struct, through its fields, pointers, slices and map values) does not
// have, in the order of the document. A strict decoder stops at the first
// one, and which one it meets first may vary; this lists them all. Data
// that does not parse gives none: the decoder reports that.
func UnknownKeys(data []byte, v any) []Unknown {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil
	}
	var out []Unknown
	for _, doc := range f.Docs {
		walkUnknown(doc.Body, reflect.TypeOf(v), "", &out)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Line < out[j].Line || out[i].Line == out[j].Line && out[i].Col < out[j].Col
	})
	return out
}

func walkUnknown(n ast.Node, t reflect.Type, path string, out *[]Unknown) {
	if n == nil || t == nil {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return // a scalar with its own syntax
	}
	switch nn := n.(type) {
	case *ast.TagNode:
		walkUnknown(nn.Value, t, path, out)
		return
	case *ast.AnchorNode:
		walkUnknown(nn.Value, t, path, out)
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		for _, mv := range mappingValues(n) {
			key := strings.TrimSpace(mv.Key.String())
			if mv.Key.IsMergeKey() {
				continue
			}
			ft, ok := fieldType(t, key)
			p := joinPath(path, key)
			if !ok {
				tok := mv.Key.GetToken()
				u := Unknown{Path: p, Key: key}
				if tok != nil {
					u.Line, u.Col = tok.Position.Line, tok.Position.Column
				}
				u.Suggest = Nearest(key, fieldNames(t))
				*out = append(*out, u)
				continue
			}
			walkUnknown(mv.Value, ft, p, out)
		}
	case reflect.Map:
		for _, mv := range mappingValues(n) {
			walkUnknown(mv.Value, t.Elem(), joinPath(path, strings.TrimSpace(mv.Key.String())), out)
		}
	case reflect.Slice, reflect.Array:
		if seq, ok := n.(*ast.SequenceNode); ok {
			for i, item := range seq.Values {
				walkUnknown(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i), out)
			}
		}
	}
}

// mappingValues returns the entries of a mapping node.
func mappingValues(n ast.Node) []*ast.MappingValueNode {
	switch nn := n.(type) {
	case *ast.MappingNode:
		return nn.Values
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{nn}
	}
	return nil
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fieldType returns the type of the field of struct t that YAML key names.
func fieldType(t reflect.Type, key string) (reflect.Type, bool) {
	for _, f := range yamlFields(t) {
		if f.name == key {
			return f.typ, true
		}
	}
	return nil, false
}

// fieldNames returns the YAML keys of struct t.
func fieldNames(t reflect.Type) []string {
	var names []string
	for _, f := range yamlFields(t) {
		names = append(names, f.name)
	}
	return names
}

type yamlField struct {
	name string
	typ  reflect.Type
}

// yamlFields lists the YAML keys of struct t and their types, those of
// inline and embedded structs included.
func yamlFields(t reflect.Type) []yamlField {
	var out []yamlField
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") || f.Anonymous && name == "" {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				out = append(out, yamlFields(ft)...)
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out = append(out, yamlField{name, f.Type})
	}
	return out
}

// UnknownErrors words each unknown key as an error with its line of data
// and, on the first, where the keys are documented.
func UnknownErrors(data []byte, unknown []Unknown, doc string) []error {
	lines := strings.Split(string(data), "\n")
	errs := make([]error, 0, len(unknown))
	for i, u := range unknown {
		msg := u.String()
		if i == 0 && doc != "" {
			msg += " (the keys are in " + doc + ")"
		}
		if u.Line >= 1 && u.Line <= len(lines) {
			msg += fmt.Sprintf("\n  %4d | %s", u.Line, strings.TrimRight(lines[u.Line-1], "\r"))
		}
		errs = append(errs, fmt.Errorf("%s", msg))
	}
	return errs
}
