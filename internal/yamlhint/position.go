package yamlhint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Locate prefixes each of the joined problems of err whose text starts
// with a YAML path ("hours.tuesday[1]: …") with where that path is in data
// ("[23:22] hours.tuesday[1]: …"), as the decoder does for the problems it
// finds itself, and returns them in the file's order (see Sort). Problems
// whose path is not in the file (a key left out) are kept as they are,
// last.
func Locate(data []byte, err error) error {
	if err == nil {
		return nil
	}
	file, perr := parser.ParseBytes(data, 0)
	if perr != nil {
		return err
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	out := make([]error, 0, len(errs))
	for _, e := range errs {
		if line, col, ok := place(file, e.Error()); ok {
			e = fmt.Errorf("[%d:%d] %w", line, col, e)
		}
		out = append(out, e)
	}
	return Sort(out...)
}

// LocateMessages is Locate for messages: each "path: …" of msgs that names
// a place in data gets its "[line:col] " prefix, and the messages are
// returned in the file's order, those without a place last.
func LocateMessages(data []byte, msgs []string) []string {
	out := slices.Clone(msgs)
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return out
	}
	for i, m := range out {
		if line, col, ok := place(file, m); ok {
			out[i] = fmt.Sprintf("[%d:%d] %s", line, col, m)
		}
	}
	SortMessages(out, func(s string) string { return s })
	return out
}

// place returns where the YAML path msg starts with ("staff[1].weekdays:
// …") is in file.
func place(file *ast.File, msg string) (line, col int, ok bool) {
	path, _, found := strings.Cut(msg, ": ")
	if !found || strings.ContainsAny(path, " \n") || strings.HasPrefix(path, "[") {
		return 0, 0, false
	}
	node := nodeAt(file, path)
	if node == nil {
		return 0, 0, false
	}
	pos := node.GetToken().Position
	return pos.Line, pos.Column, true
}

// nodeAt returns the node at path ("staff[1].weekdays"), or, for a key
// left out ("is required"), the nearest enclosing one that is there
// (staff[1]); nil when there is none.
func nodeAt(file *ast.File, path string) ast.Node {
	for path != "" {
		if p, err := yaml.PathString("$." + path); err == nil {
			if node, err := p.FilterFile(file); err == nil && node != nil && node.GetToken() != nil {
				return node
			}
		}
		i := strings.LastIndexAny(path, ".[")
		if i <= 0 {
			return nil
		}
		path = path[:i]
	}
	return nil
}

// Line returns where the YAML path ("services[1].id") is in data: the line
// and column of its value, or of the nearest enclosing item that is there.
func Line(data []byte, path string) (line, col int, ok bool) {
	if len(data) == 0 {
		return 0, 0, false
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return 0, 0, false
	}
	return place(file, path+": ")
}
