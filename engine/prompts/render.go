package prompts

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"text/template"
	"text/template/parse"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/accueil-pme/accueil/engine/business"
)

// The catalogues are parsed by text/template, whose syntax their authors
// know, then compiled once into the small programs below, which render
// into one buffer (the formatting functions append to it) without
// reflection on the hot path. The subset compiled is what the
// catalogues use: text, actions, if/else, with, {{template "name" .}}
// (inlined), fields of the parameters,
// string and number constants, the formatting functions and the eq and
// printf builtins. Anything else fails New with the prompt's name. Where
// the subset meets an odd value (a missing parameter, a wrong type) it
// follows text/template: "<no value>" is printed, a struct is true, and a
// function given a value of the wrong type fails the render.

// op is a compiled template node.
type op struct {
	kind      opKind
	text      string // opText
	pipe      *command
	then, els []op // opIf, opWith; then is the called prompt for opCall
}

type opKind uint8

const (
	opText opKind = iota
	opPrint
	opIf
	opWith
	opCall // {{template "name" pipe}}: then runs with the pipe's value as dot
)

// command is a pipeline of one command: a function call or a single
// operand.
type command struct {
	fn   fn // fnNone: args[0] is the operand
	args []operand
}

// operand is an argument of a command.
type operand struct {
	kind  operandKind
	field []string // .A.B
	lit   any      // constant
	sub   *command // parenthesised pipeline
	node  string   // for error messages
}

type operandKind uint8

const (
	argField operandKind = iota
	argLit
	argSub
	argDot
)

type fn uint8

const (
	fnNone fn = iota
	fnDay
	fnWhen
	fnClock
	fnHM
	fnPrice
	fnDur
	fnPhone
	fnAnd
	fnOr
	fnNum
	fnRanges
	fnWeekday
	fnDays
	fnSlots
	fnUpper
	fnEach
	fnMonth
	fnRef
	fnDe
	fnA
	fnEq
	fnPrintf
)

// funcs maps the function names of the catalogues to their compiled form
// and number of arguments (-1: at least one).
var funcs = map[string]struct {
	fn    fn
	arity int
}{
	"day": {fnDay, 1}, "when": {fnWhen, 1}, "clock": {fnClock, 1}, "hm": {fnHM, 1}, "price": {fnPrice, 1},
	"dur": {fnDur, 1}, "phone": {fnPhone, 1}, "and": {fnAnd, 1}, "or": {fnOr, 1}, "num": {fnNum, 1},
	"ranges": {fnRanges, 1}, "weekday": {fnWeekday, 1}, "days": {fnDays, 1}, "slots": {fnSlots, 1},
	"upper": {fnUpper, 1}, "each": {fnEach, 2}, "month": {fnMonth, 1}, "ref": {fnRef, 1}, "de": {fnDe, 1}, "a": {fnA, 1},
	"eq": {fnEq, -2}, "printf": {fnPrintf, -1},
}

// compiler compiles the prompts of one catalogue; lookup finds the prompt
// a {{template}} action calls, which is inlined.
type compiler struct {
	lookup func(name string) (*parse.ListNode, bool)
	inside []string // the prompts being compiled, outermost first: no cycles
}

// compile turns the parse tree of one prompt into ops.
func (c *compiler) compile(list *parse.ListNode) ([]op, error) {
	if list == nil {
		return nil, nil
	}
	var out []op
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			if len(out) > 0 && out[len(out)-1].kind == opText {
				out[len(out)-1].text += string(n.Text)
				continue
			}
			out = append(out, op{kind: opText, text: string(n.Text)})
		case *parse.CommentNode:
		case *parse.ActionNode:
			if len(n.Pipe.Decl) > 0 {
				return nil, fmt.Errorf("variables are not supported: %s", n)
			}
			c, err := compilePipe(n.Pipe)
			if err != nil {
				return nil, err
			}
			out = append(out, op{kind: opPrint, pipe: c})
		case *parse.IfNode:
			o, err := c.compileBranch(opIf, &n.BranchNode)
			if err != nil {
				return nil, err
			}
			out = append(out, o)
		case *parse.WithNode:
			o, err := c.compileBranch(opWith, &n.BranchNode)
			if err != nil {
				return nil, err
			}
			out = append(out, o)
		case *parse.TemplateNode:
			o, err := c.compileCall(n)
			if err != nil {
				return nil, err
			}
			out = append(out, o)
		default:
			return nil, fmt.Errorf("%s is not supported", n)
		}
	}
	return out, nil
}

func (c *compiler) compileBranch(kind opKind, b *parse.BranchNode) (op, error) {
	if len(b.Pipe.Decl) > 0 {
		return op{}, fmt.Errorf("variables are not supported: %s", b.Pipe)
	}
	pipe, err := compilePipe(b.Pipe)
	if err != nil {
		return op{}, err
	}
	then, err := c.compile(b.List)
	if err != nil {
		return op{}, err
	}
	els, err := c.compile(b.ElseList)
	if err != nil {
		return op{}, err
	}
	return op{kind: kind, pipe: pipe, then: then, els: els}, nil
}

// compileCall inlines the prompt that {{template "name" pipe}} calls.
func (c *compiler) compileCall(n *parse.TemplateNode) (op, error) {
	if slices.Contains(c.inside, n.Name) {
		return op{}, fmt.Errorf("%s calls itself", n)
	}
	body, ok := c.lookup(n.Name)
	if !ok {
		return op{}, fmt.Errorf("%s: no prompt %q", n, n.Name)
	}
	o := op{kind: opCall}
	if n.Pipe != nil {
		if len(n.Pipe.Decl) > 0 {
			return op{}, fmt.Errorf("variables are not supported: %s", n)
		}
		p, err := compilePipe(n.Pipe)
		if err != nil {
			return op{}, err
		}
		o.pipe = p
	}
	c.inside = append(c.inside, n.Name)
	then, err := c.compile(body)
	c.inside = c.inside[:len(c.inside)-1]
	if err != nil {
		return op{}, err
	}
	o.then = then
	return o, nil
}

func compilePipe(p *parse.PipeNode) (*command, error) {
	if len(p.Cmds) != 1 {
		return nil, fmt.Errorf("pipelines are not supported: %s", p)
	}
	args := p.Cmds[0].Args
	c := &command{}
	if id, ok := args[0].(*parse.IdentifierNode); ok {
		f, ok := funcs[id.Ident]
		if !ok {
			return nil, fmt.Errorf("function %q is not supported", id.Ident)
		}
		n := len(args) - 1
		if f.arity >= 0 && n != f.arity || f.arity < 0 && n < -f.arity {
			return nil, fmt.Errorf("wrong number of arguments for %s: %s", id.Ident, p)
		}
		c.fn = f.fn
		args = args[1:]
	} else if len(args) != 1 {
		return nil, fmt.Errorf("can't give argument to non-function %s", args[0])
	}
	for _, a := range args {
		o := operand{node: a.String()}
		switch a := a.(type) {
		case *parse.FieldNode:
			o.kind, o.field = argField, a.Ident
		case *parse.DotNode:
			o.kind = argDot
		case *parse.StringNode:
			o.kind, o.lit = argLit, a.Text
		case *parse.BoolNode:
			o.kind, o.lit = argLit, a.True
		case *parse.NumberNode:
			switch {
			case a.IsInt:
				o.kind, o.lit = argLit, int(a.Int64)
			case a.IsFloat:
				o.kind, o.lit = argLit, a.Float64
			default:
				return nil, fmt.Errorf("number %s is not supported", a)
			}
		case *parse.PipeNode:
			sub, err := compilePipe(a)
			if err != nil {
				return nil, err
			}
			o.kind, o.sub = argSub, sub
		default:
			return nil, fmt.Errorf("argument %s is not supported", a)
		}
		c.args = append(c.args, o)
	}
	return c, nil
}

// value is what an operand or a command evaluates to. Strings, the
// results of most functions, are kept unboxed.
type value struct {
	kind       valueKind
	s          string
	a          any
	start, end int // vBuf: the text is r.buf[start:end]
}

type valueKind uint8

const (
	vMissing valueKind = iota // no such parameter
	vNil                      // a parameter set to nil
	vStr                      // s
	vAny                      // a, not nil
	vBuf                      // text appended to the buffer at start
)

// set is one compiled catalogue: a language, in one Form.
type set struct {
	f       formatter
	prompts map[string][]op
}

// renderer renders into one buffer; each renders its items after the
// current end and cuts them off again.
type renderer struct {
	set *set
	buf []byte
}

func (r *renderer) exec(ops []op, dot any) error {
	for i := range ops {
		o := &ops[i]
		switch o.kind {
		case opText:
			r.buf = append(r.buf, o.text...)
		case opPrint:
			v, err := r.eval(o.pipe, dot)
			if err != nil {
				return err
			}
			if v.kind == vBuf {
				continue // already in place
			}
			if err := r.print(v); err != nil {
				return err
			}
		case opCall:
			var arg any
			if o.pipe != nil {
				v, err := r.evalAside(o.pipe, dot)
				if err != nil {
					return err
				}
				arg = v.any()
			}
			if err := r.exec(o.then, arg); err != nil {
				return err
			}
		case opIf, opWith:
			v, err := r.evalAside(o.pipe, dot)
			if err != nil {
				return err
			}
			ok, err := truth(v)
			if err != nil {
				return err
			}
			switch {
			case ok && o.kind == opWith:
				err = r.exec(o.then, v.any())
			case ok:
				err = r.exec(o.then, dot)
			default:
				err = r.exec(o.els, dot)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// evalAside evaluates c as a value, not as output: what a formatting
// function appended to the buffer is taken back as a string.
func (r *renderer) evalAside(c *command, dot any) (value, error) {
	mark := len(r.buf)
	v, err := r.eval(c, dot)
	if err == nil && v.kind == vBuf {
		v = value{kind: vStr, s: string(r.buf[v.start:])}
		r.buf = r.buf[:mark]
	}
	return v, err
}

// any returns the value as an interface (nil when missing).
func (v value) any() any {
	switch v.kind {
	case vStr:
		return v.s
	case vAny:
		return v.a
	}
	return nil
}

func (r *renderer) print(v value) error {
	switch v.kind {
	case vStr:
		r.buf = append(r.buf, v.s...)
		return nil
	case vMissing, vNil:
		r.buf = append(r.buf, "<no value>"...)
		return nil
	}
	switch x := v.a.(type) {
	case string:
		r.buf = append(r.buf, x...)
		return nil
	case int:
		r.buf = fmt.Append(r.buf, x)
		return nil
	}
	// text/template's printableValue: pointers are followed, and a value
	// whose pointer is a Stringer or an error is printed through it.
	rv := reflect.ValueOf(v.a)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Pointer {
		t := rv.Type()
		if !t.Implements(errorType) && !t.Implements(stringerType) {
			pt := reflect.PointerTo(t)
			switch {
			case rv.CanAddr() && (pt.Implements(errorType) || pt.Implements(stringerType)):
				rv = rv.Addr()
			case rv.Kind() == reflect.Chan || rv.Kind() == reflect.Func:
				return fmt.Errorf("can't print value of type %s", t)
			}
		}
	}
	r.buf = fmt.Append(r.buf, rv.Interface())
	return nil
}

var (
	errorType    = reflect.TypeFor[error]()
	stringerType = reflect.TypeFor[fmt.Stringer]()
)

// truth is text/template's truth: not the zero value, structs are true.
func truth(v value) (bool, error) {
	switch v.kind {
	case vMissing, vNil:
		return false, nil
	case vStr:
		return v.s != "", nil
	}
	switch x := v.a.(type) {
	case bool:
		return x, nil
	case int:
		return x != 0, nil
	case string:
		return x != "", nil
	case time.Time:
		return true, nil
	case Params:
		return len(x) > 0, nil
	}
	ok, good := template.IsTrue(v.a)
	if !good {
		return false, fmt.Errorf("if/with can't use %v", v.a)
	}
	return ok, nil
}

// field looks a parameter up: dot is Params (or another map of strings).
func field(dot any, names []string, node string) (value, error) {
	v := value{kind: vAny, a: dot}
	if dot == nil {
		v.kind = vNil
	}
	for i, name := range names {
		switch v.kind {
		case vMissing:
			return v, nil
		case vNil:
			if i == 0 {
				return value{}, nil
			}
			return value{}, fmt.Errorf("nil pointer evaluating interface {}.%s", name)
		case vStr:
			return value{}, fmt.Errorf("can't evaluate field %s in type string", name)
		}
		var x any
		var ok bool
		switch m := v.a.(type) {
		case Params:
			x, ok = m[name]
		case map[string]any:
			x, ok = m[name]
		default:
			return value{}, fmt.Errorf("can't evaluate field %s in type %T (%s)", name, v.a, node)
		}
		switch {
		case !ok:
			v = value{}
		case x == nil:
			v = value{kind: vNil}
		default:
			v = value{kind: vAny, a: x}
		}
	}
	return v, nil
}

// operand evaluates an argument. A parenthesised pipeline that gives nil
// is missing, as in text/template.
func (r *renderer) operand(o *operand, dot any) (value, error) {
	switch o.kind {
	case argField:
		return field(dot, o.field, o.node)
	case argLit:
		return value{kind: vAny, a: o.lit}, nil
	case argDot:
		if dot == nil {
			return value{kind: vNil}, nil
		}
		return value{kind: vAny, a: dot}, nil
	}
	v, err := r.eval(o.sub, dot)
	if v.kind == vNil {
		v.kind = vMissing
	}
	return v, err
}

func (r *renderer) eval(c *command, dot any) (value, error) {
	if c.fn == fnNone {
		v, err := r.operand(&c.args[0], dot)
		if v.kind == vNil {
			v.kind = vMissing
		}
		return v, err
	}
	// Arguments; those that rendered into the buffer are taken out of it
	// (the function's text goes at mark), except for upper, which edits
	// its argument in place.
	mark := len(r.buf)
	var buf [3]value
	a := buf[:0]
	if len(c.args) > len(buf) {
		a = make([]value, 0, len(c.args))
	}
	for i := range c.args {
		v, err := r.operand(&c.args[i], dot)
		if err != nil {
			return value{}, err
		}
		if v.kind == vBuf {
			v.end = len(r.buf)
		}
		a = append(a, v)
	}
	if c.fn == fnUpper && a[0].kind == vBuf {
		r.buf = upperInPlace(r.buf, a[0].start)
		return a[0], nil
	}
	for i := range a {
		if a[i].kind == vBuf {
			a[i] = value{kind: vStr, s: string(r.buf[a[i].start:a[i].end])}
		}
	}
	r.buf = r.buf[:mark]
	f := r.set.f
	out := value{kind: vBuf, start: mark}
	switch c.fn {
	case fnDay, fnWhen, fnClock:
		t, err := arg[time.Time](a[0])
		if err != nil {
			return value{}, err
		}
		switch c.fn {
		case fnDay:
			r.buf = f.appendDay(r.buf, t)
		case fnWhen:
			r.buf = f.appendWhen(r.buf, t)
		default:
			r.buf = f.appendClock(r.buf, t)
		}
	case fnHM, fnNum, fnWeekday, fnMonth:
		n, err := arg[int](a[0])
		if err != nil {
			return value{}, err
		}
		switch c.fn {
		case fnHM:
			r.buf = f.appendHM(r.buf, n)
		case fnNum:
			r.buf = f.appendNumber(r.buf, n)
		case fnWeekday:
			r.buf = append(r.buf, f.weekday(n)...)
		default:
			r.buf = f.appendMonth(r.buf, n)
		}
	case fnPrice:
		p, err := arg[float64](a[0])
		if err != nil {
			return value{}, err
		}
		r.buf = f.appendPrice(r.buf, p)
	case fnDur:
		d, err := arg[time.Duration](a[0])
		if err != nil {
			return value{}, err
		}
		r.buf = f.appendDur(r.buf, d)
	case fnPhone, fnUpper, fnRef, fnDe, fnA:
		s, err := argString(a[0])
		if err != nil {
			return value{}, err
		}
		switch c.fn {
		case fnPhone:
			r.buf = append(r.buf, f.phone(s)...)
		case fnUpper:
			r.buf = upperInPlace(append(r.buf, s...), mark)
		case fnDe:
			r.buf = f.appendDe(r.buf, s)
		case fnA:
			r.buf = appendA(r.buf, s)
		default:
			r.buf = f.appendRef(r.buf, s)
		}
	case fnAnd, fnOr:
		items, err := arg[[]string](a[0])
		if err != nil {
			return value{}, err
		}
		conj := f.and()
		if c.fn == fnOr {
			conj = f.or()
		}
		r.buf = f.appendJoin(r.buf, items, conj)
	case fnRanges:
		rs, err := arg[[]business.Range](a[0])
		if err != nil {
			return value{}, err
		}
		r.buf = f.appendRanges(r.buf, rs)
	case fnDays:
		ds, err := arg[[]int](a[0])
		if err != nil {
			return value{}, err
		}
		r.buf = f.appendDays(r.buf, ds)
	case fnSlots:
		ts, err := arg[[]time.Time](a[0])
		if err != nil {
			return value{}, err
		}
		r.buf = f.appendSlots(r.buf, ts)
	case fnEach:
		name, err := argString(a[0])
		if err != nil {
			return value{}, err
		}
		items, err := arg[[]Params](a[1])
		if err != nil {
			return value{}, err
		}
		list, err := r.each(name, items)
		if err != nil {
			return value{}, fmt.Errorf("error calling each: %w", err)
		}
		return value{kind: vAny, a: list}, nil
	case fnEq:
		for _, b := range a[1:] {
			ok, err := eq(a[0], b)
			if err != nil {
				return value{}, fmt.Errorf("error calling eq: %w", err)
			}
			if ok {
				return value{kind: vAny, a: true}, nil
			}
		}
		return value{kind: vAny, a: false}, nil
	case fnPrintf:
		format, err := argString(a[0])
		if err != nil {
			return value{}, err
		}
		args := make([]any, len(a)-1)
		for i, v := range a[1:] {
			args[i] = v.any()
		}
		r.buf = fmt.Appendf(r.buf, format, args...)
	default:
		return value{}, fmt.Errorf("unknown function %d", c.fn)
	}
	return out, nil
}

// each renders prompt name for every item, tidied.
func (r *renderer) each(name string, items []Params) ([]string, error) {
	ops, ok := r.set.prompts[name]
	if !ok {
		return nil, fmt.Errorf("no prompt %q", name)
	}
	out := make([]string, len(items))
	mark := len(r.buf)
	for i, it := range items {
		if err := r.exec(ops, it); err != nil {
			r.buf = r.buf[:mark]
			return nil, err
		}
		n := tidyBytes(r.buf[mark:])
		out[i] = string(r.buf[mark : mark+n])
		r.buf = r.buf[:mark]
	}
	return out, nil
}

// arg converts an argument to the type a function takes, as text/template
// does: a missing parameter is the zero value of a nilable type, else an
// error; a value of another type is an error.
func arg[T any](v value) (T, error) {
	var zero T
	switch v.kind {
	case vStr:
		return zero, fmt.Errorf("wrong type for value; expected %s; got string", reflect.TypeFor[T]())
	case vAny:
		if x, ok := v.a.(T); ok {
			return x, nil
		}
	}
	rv, err := convert(v, reflect.TypeFor[T]())
	if err != nil {
		return zero, err
	}
	return rv.Interface().(T), nil
}

// argString is arg for a string.
func argString(v value) (string, error) {
	switch v.kind {
	case vStr:
		return v.s, nil
	case vAny:
		if s, ok := v.a.(string); ok {
			return s, nil
		}
	}
	rv, err := convert(v, reflect.TypeFor[string]())
	if err != nil {
		return "", err
	}
	return rv.Interface().(string), nil
}

// convert is the slow path of arg: text/template's validateType.
func convert(v value, typ reflect.Type) (reflect.Value, error) {
	switch v.kind {
	case vMissing:
		switch typ.Kind() {
		case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
			return reflect.Zero(typ), nil
		}
		return reflect.Value{}, fmt.Errorf("invalid value; expected %s", typ)
	case vNil:
		if typ.Kind() == reflect.Interface && typ.NumMethod() == 0 {
			return reflect.Zero(typ), nil
		}
		return reflect.Value{}, fmt.Errorf("wrong type for value; expected %s; got interface {}", typ)
	}
	rv := reflect.ValueOf(v.any())
	if rv.Type().AssignableTo(typ) {
		return rv, nil
	}
	if rv.Kind() == reflect.Pointer && rv.Type().Elem().AssignableTo(typ) {
		if rv.IsNil() {
			return reflect.Value{}, fmt.Errorf("dereference of nil pointer of type %s", typ)
		}
		return rv.Elem(), nil
	}
	return reflect.Value{}, fmt.Errorf("wrong type for value; expected %s; got %s", typ, rv.Type())
}

var errIncompatible = errors.New("incompatible types for comparison")

// eq is text/template's eq of two values.
func eq(a, b value) (bool, error) {
	if a.kind == vStr && b.kind == vAny {
		if s, ok := b.a.(string); ok {
			return a.s == s, nil
		}
	}
	if a.kind == vAny && b.kind == vAny {
		switch x := a.a.(type) {
		case string:
			if y, ok := b.a.(string); ok {
				return x == y, nil
			}
		case int:
			if y, ok := b.a.(int); ok {
				return x == y, nil
			}
		}
	}
	va, vb := reflect.ValueOf(a.any()), reflect.ValueOf(b.any())
	ka, kb := basicKind(va), basicKind(vb)
	if ka != kb {
		switch {
		case ka == kInt && kb == kUint:
			return va.Int() >= 0 && uint64(va.Int()) == vb.Uint(), nil
		case ka == kUint && kb == kInt:
			return vb.Int() >= 0 && va.Uint() == uint64(vb.Int()), nil
		case va.IsValid() && vb.IsValid():
			return false, fmt.Errorf("%w: %v and %v", errIncompatible, va.Type(), vb.Type())
		}
		return false, nil
	}
	switch ka {
	case kBool:
		return va.Bool() == vb.Bool(), nil
	case kComplex:
		return va.Complex() == vb.Complex(), nil
	case kFloat:
		return va.Float() == vb.Float(), nil
	case kInt:
		return va.Int() == vb.Int(), nil
	case kString:
		return va.String() == vb.String(), nil
	case kUint:
		return va.Uint() == vb.Uint(), nil
	}
	if va.IsValid() && vb.IsValid() && va.Kind() != vb.Kind() {
		return false, fmt.Errorf("non-comparable types %v: %v, %v: %v", va, va.Type(), vb.Type(), vb)
	}
	na, nb := isNil(va), isNil(vb)
	if na || nb {
		return na == nb, nil
	}
	if !vb.Type().Comparable() {
		return false, fmt.Errorf("non-comparable type %v: %v", vb, vb.Type())
	}
	return va.Interface() == vb.Interface(), nil
}

type basic uint8

const (
	kInvalid basic = iota
	kBool
	kComplex
	kInt
	kFloat
	kString
	kUint
)

func basicKind(v reflect.Value) basic {
	switch v.Kind() {
	case reflect.Bool:
		return kBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kUint
	case reflect.Float32, reflect.Float64:
		return kFloat
	case reflect.Complex64, reflect.Complex128:
		return kComplex
	case reflect.String:
		return kString
	}
	return kInvalid
}

func isNil(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return v.IsNil()
	}
	return false
}

// tidyBytes collapses runs of white space in b to one space, trims both
// ends and drops a space before "." and ",", in place; it returns the new
// length. It is strings.Fields, Join and the two replacements in one pass.
func tidyBytes(b []byte) int {
	w := 0
	pending, started := false, false
	for i := 0; i < len(b); {
		c := b[i]
		size := 1
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				pending = started
				i++
				continue
			}
		} else if c == 0xc3 && i+1 < len(b) && b[i+1]&0xc0 == 0x80 {
			size = 2 // U+00C0–U+00FF, accented letters: never space
		} else {
			var r rune
			r, size = utf8.DecodeRune(b[i:])
			if unicode.IsSpace(r) {
				pending = started
				i += size
				continue
			}
		}
		if pending {
			if size != 1 || c != '.' && c != ',' {
				b[w] = ' '
				w++
			}
			pending = false
		}
		started = true
		if size == 1 {
			b[w] = c
			w++
			i++
			continue
		}
		w += copy(b[w:], b[i:i+size])
		i += size
	}
	return w
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
