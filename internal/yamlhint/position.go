package yamlhint

import (
	"cmp"
	"errors"
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
// finds itself. Problems whose path is not in the file (a key left out)
// are kept as they are.
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
	type located struct {
		err       error
		line, col int
	}
	out := make([]located, 0, len(errs))
	for _, e := range errs {
		msg := e.Error()
		path, _, ok := strings.Cut(msg, ": ")
		if !ok || strings.ContainsAny(path, " \n") || strings.HasPrefix(path, "[") {
			out = append(out, located{err: e})
			continue
		}
		node := nodeAt(file, path)
		if node == nil {
			out = append(out, located{err: e})
			continue
		}
		pos := node.GetToken().Position
		out = append(out, located{fmt.Errorf("[%d:%d] %w", pos.Line, pos.Column, e), pos.Line, pos.Column})
	}
	// In the file's order (problems found walking maps come in any order);
	// the ones of keys left out last.
	slices.SortStableFunc(out, func(a, b located) int {
		if (a.line == 0) != (b.line == 0) {
			if a.line == 0 {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col))
	})
	sorted := make([]error, len(out))
	for i, l := range out {
		sorted[i] = l.err
	}
	return errors.Join(sorted...)
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
