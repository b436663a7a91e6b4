package prompts

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"
	"text/template"
	"text/template/parse"
	"time"

	"github.com/accueil-pme/accueil/engine/business"
)

// reference is the catalogues executed by text/template with the
// formatting functions as they were before they appended to buffers: what
// the compiled catalogues must render.
type reference map[string]*[numForms]*template.Template

func newReference(t testing.TB) reference {
	ref := reference{}
	for _, lang := range Languages {
		src, err := files.ReadFile(lang + ".tmpl")
		if err != nil {
			t.Fatal(err)
		}
		ref[lang] = new([numForms]*template.Template)
		for i := range numForms {
			f := refFormatter{lang: lang, speech: i == Speech, spokenHours: i == Tool}
			var self *template.Template
			each := func(name string, items []Params) ([]string, error) {
				out := make([]string, len(items))
				for i, it := range items {
					var sb strings.Builder
					if err := self.ExecuteTemplate(&sb, name, it); err != nil {
						return nil, err
					}
					out[i] = referenceTidy(sb.String())
				}
				return out, nil
			}
			self = template.Must(template.New(lang).Funcs(template.FuncMap{
				"day": f.day, "when": f.when, "clock": f.clock, "hm": f.hm, "price": f.price,
				"dur": f.dur, "phone": f.phone, "and": f.and, "or": f.or, "num": f.number,
				"ranges": f.ranges, "weekday": f.weekday, "days": f.days, "slots": f.slots,
				"upper": refUpper, "each": each, "month": f.month, "ref": f.ref, "de": refDe, "a": refA,
			}).Parse(string(src)))
			ref[lang][i] = self
		}
	}
	return ref
}

func (ref reference) render(lang string, form Form, name string, p Params) (string, error) {
	ts, ok := ref[lang]
	if !ok {
		ts = ref[Languages[0]]
	}
	var sb strings.Builder
	if err := ts[form].ExecuteTemplate(&sb, name, p); err != nil {
		return "", err
	}
	return referenceTidy(sb.String()), nil
}

func referenceTidy(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{" .", " ,"} {
		s = strings.ReplaceAll(s, p, p[1:])
	}
	return s
}

// kinds of parameter values, inferred from how a prompt uses them.
type gkind int

const (
	gAny gkind = iota
	gTime
	gInt
	gFloat
	gDur
	gString
	gStrings
	gRanges
	gInts
	gTimes
	gItems  // []Params of the prompt in sub
	gParams // Params of the fields in sub
)

type param struct {
	gkind gkind
	sub   string  // gItems: the prompt of each item
	with  *schema // gParams
}

type schema map[string]param

var argKinds = map[string]gkind{
	"day": gTime, "when": gTime, "clock": gTime, "hm": gInt, "num": gInt, "weekday": gInt, "month": gInt,
	"price": gFloat, "dur": gDur, "phone": gString, "ref": gString, "upper": gString, "de": gString, "a": gString,
	"and": gStrings, "or": gStrings, "ranges": gRanges, "days": gInts, "slots": gTimes,
}

// infer walks a prompt and records the gkind of every parameter.
func infer(list *parse.ListNode, s schema) {
	if list == nil {
		return
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			inferPipe(n.Pipe, s, gAny)
		case *parse.IfNode:
			inferPipe(n.Pipe, s, gAny)
			infer(n.List, s)
			infer(n.ElseList, s)
		case *parse.WithNode:
			sub := schema{}
			infer(n.List, sub)
			if f, ok := n.Pipe.Cmds[0].Args[0].(*parse.FieldNode); ok {
				s[f.Ident[0]] = param{gkind: gParams, with: &sub}
			}
			infer(n.ElseList, s)
		}
	}
}

func inferPipe(p *parse.PipeNode, s schema, want gkind) {
	args := p.Cmds[0].Args
	id, ok := args[0].(*parse.IdentifierNode)
	if !ok {
		if f, ok := args[0].(*parse.FieldNode); ok {
			if _, seen := s[f.Ident[0]]; !seen || want != gAny {
				s[f.Ident[0]] = param{gkind: want}
			}
		}
		return
	}
	for i, a := range args[1:] {
		k := argKinds[id.Ident]
		switch id.Ident {
		case "eq":
			k = gString
			if len(args) > 2 {
				if _, isNum := args[2].(*parse.NumberNode); isNum {
					k = gInt
				}
			}
		case "printf":
			k = gInt
		case "each":
			if f, ok := a.(*parse.FieldNode); ok && i == 1 {
				s[f.Ident[0]] = param{gkind: gItems, sub: args[1].(*parse.StringNode).Text}
			}
			continue
		}
		switch a := a.(type) {
		case *parse.FieldNode:
			s[a.Ident[0]] = param{gkind: k}
		case *parse.PipeNode:
			inferPipe(a, s, k)
		}
	}
}

// gen makes random parameters for a schema: mostly of the right gkind,
// sometimes missing, nil or of another gkind.
type gen struct {
	r       *rand.Rand
	loc     *time.Location
	schemas map[string]schema
}

func (g *gen) params(s schema, depth int) Params {
	p := Params{}
	for name, f := range s {
		switch x := g.r.Intn(100); {
		case x < 8:
			continue // missing
		case x < 12:
			p[name] = nil
		case x < 16:
			p[name] = g.value(param{gkind: gkind(g.r.Intn(int(gParams)))}, depth)
		default:
			p[name] = g.value(f, depth)
		}
	}
	return p
}

var strs = []string{"", "cancel", "move", "closed_holiday", "closed_closure", "service", "date", "name", "phone", "not_understood",
	"+33199001234", "+33612345678", "+442012345678", "LUM-7K3F", "coupe homme", "Inès", "jean-paul", "  a  . b , c  ", "élan", "\u00a0x\u2003y"}

func (g *gen) value(f param, depth int) any {
	r := g.r
	switch f.gkind {
	case gTime:
		if r.Intn(10) == 0 {
			return time.Time{}
		}
		return time.Date(2026, time.Month(1+r.Intn(12)), 1+r.Intn(31), r.Intn(24), 15*r.Intn(4)+r.Intn(2), 0, 0, g.loc)
	case gInt:
		return []int{0, 1, 2, 7, 21, 30, 71, 80, 99, 100, 200, 540, 750, 1140, 999, 1000, -3}[r.Intn(17)]
	case gFloat:
		return []float64{0, 15, 26, 42.5, 95, 999, 1000, 1234.56}[r.Intn(8)]
	case gDur:
		return time.Duration(r.Intn(8)*15) * time.Minute
	case gString:
		return strs[r.Intn(len(strs))]
	case gStrings:
		if r.Intn(6) == 0 {
			return []string(nil)
		}
		out := make([]string, r.Intn(4))
		for i := range out {
			out[i] = strs[r.Intn(len(strs))]
		}
		return out
	case gRanges:
		return [][]business.Range{nil, {{From: 540, To: 750}}, {{From: 540, To: 750}, {From: 810, To: 1140}}}[r.Intn(3)]
	case gInts:
		return [][]int{nil, {2}, {2, 3, 4, 5}, {1, 0}, {6, 0, 1}, {2, 3, 5, 6}}[r.Intn(6)]
	case gTimes:
		out := make([]time.Time, r.Intn(4))
		day := 1 + r.Intn(28)
		for i := range out {
			if r.Intn(3) == 0 {
				day++
			}
			out[i] = time.Date(2026, 11, day, 9+i, 30*r.Intn(2), 0, 0, g.loc)
		}
		return out
	case gItems:
		if depth > 2 {
			return []Params(nil)
		}
		out := make([]Params, r.Intn(4))
		for i := range out {
			out[i] = g.params(g.schemas[f.sub], depth+1)
		}
		return out
	case gParams:
		if f.with == nil {
			return Params{}
		}
		return g.params(*f.with, depth+1)
	}
	// gAny: something printable or testable.
	return []any{"x", "", 0, 3, true, false, time.Time{}, 2.5, Params{}, []string{"a"}}[r.Intn(10)]
}

// TestRenderMatchesTextTemplate renders every prompt with random
// parameters, right and wrong, and compares with text/template: the same
// text, or an error from both.
func TestRenderMatchesTextTemplate(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	ref := newReference(t)
	iterations := 150
	if testing.Short() {
		iterations = 20
	}
	ok, bad := 0, 0
	defer func() { t.Logf("%d renders compared, %d of them errors", ok+bad, bad) }()
	for _, lang := range append(Languages, "de") {
		tmpl := ref[Languages[0]][0]
		if ts, ok := ref[lang]; ok {
			tmpl = ts[0]
		}
		g := &gen{r: rand.New(rand.NewSource(1)), loc: loc, schemas: map[string]schema{}}
		for _, d := range tmpl.Templates() {
			if d.Tree == nil {
				continue
			}
			s := schema{}
			infer(d.Tree.Root, s)
			g.schemas[d.Name()] = s
		}
		for _, name := range c.Names(Languages[0]) {
			for i := range iterations {
				p := g.params(g.schemas[name], 0)
				if i == 0 {
					p = nil
				}
				for form := range numForms {
					want, werr := ref.render(lang, form, name, p)
					got, gerr := c.RenderForm(lang, form, name, p)
					if werr == nil {
						ok++
					} else {
						bad++
					}
					if (werr != nil) != (gerr != nil) || got != want {
						t.Fatalf("%s/%s form=%d %v:\ntext/template: %q, %v\ncompiled:      %q, %v", lang, name, form, p, want, werr, got, gerr)
					}
				}
			}
		}
	}
}

func TestTidy(t *testing.T) {
	for _, s := range []string{"", " ", "a", "  a  b  ", "a .", "a , b .", "a\n\t.b", " .a", "x \u00a0 , y", "\u2003z\u3000", "a . ,",
		"é \xff .", "\xe2\x80", "a  .  .  ,", "\u0085a\u0085", "\xc3 .", "\xc3", "à .", "Ç\u00a0,", "\xc3\xc3\xa9 ,"} {
		if got, want := tidy(s), referenceTidy(s); got != want {
			t.Errorf("tidy(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzTidy(f *testing.F) {
	for _, s := range []string{"", "a .", " x , y \n", "\u00a0.\u2003,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tidy(s), referenceTidy(s); got != want {
			t.Fatalf("tidy(%q) = %q, want %q", s, got, want)
		}
	})
}

func BenchmarkRender(b *testing.B) {
	c, err := New()
	if err != nil {
		b.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	when := time.Date(2026, 11, 28, 14, 30, 0, 0, loc)
	p := Params{"Svc": "coupe homme", "When": when, "Staff": "Hugo", "Name": "Paul Martin"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Render("fr", false, "confirm_book", p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFormatterMatchesReference compares every formatting function with
// its reference over a grid of values, odd ones included.
func TestFormatterMatchesReference(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want string) {
		t.Helper()
		if got != want {
			t.Fatalf("%s: got %q, want %q", what, got, want)
		}
	}
	for n := -120; n <= 1100; n++ {
		check(fmt.Sprint("FrenchNumber ", n), FrenchNumber(n), refFrenchNumber(n))
	}
	var times []time.Time
	for d := 0; d < 400; d += 3 {
		times = append(times, time.Date(2026, 1, 1+d, d%24, (d*7)%60, 0, 0, loc))
	}
	times = append(times, time.Time{}, time.Date(2026, 3, 29, 2, 30, 0, 0, loc), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, lang := range []string{"fr", "en", "de"} {
		for form := range 2 * numForms {
			us := form >= numForms
			form %= numForms
			speech, tool := form == Speech, form == Tool
			f, rf := formatter{lang: lang, speech: speech, spokenHours: tool, us: us}, refFormatter{lang: lang, speech: speech, spokenHours: tool, us: us}
			w := fmt.Sprintf("%s/%d us=%v ", lang, form, us)
			for _, tm := range times {
				check(w+"day", f.day(tm), rf.day(tm))
				check(w+"when", f.when(tm), rf.when(tm))
				check(w+"clock", f.clock(tm), rf.clock(tm))
			}
			for n := -200; n <= 1600; n++ {
				check(w+"hm", f.hm(n), rf.hm(n))
				check(w+"num", f.number(n), rf.number(n))
				check(w+"month", f.month(n), rf.month(n))
				check(w+"dur", f.dur(time.Duration(n)*time.Minute), rf.dur(time.Duration(n)*time.Minute))
			}
			for _, p := range []float64{0, math.Copysign(0, -1), 1, 15, 26, 42.5, 42.05, 99.999, 999, 999.5, 1000, 1234.56, -5, -5.5, 1e21,
				math.NaN(), math.Inf(1), math.Inf(-1)} {
				check(w+fmt.Sprint("price ", p), f.price(p), rf.price(p))
			}
			for mask := 0; mask < 1<<7; mask++ {
				var ds []int
				for i := 1; i <= 7; i++ {
					if mask&(1<<(i-1)) != 0 {
						ds = append(ds, i%7)
					}
				}
				check(w+fmt.Sprint("days ", ds), f.days(ds), rf.days(ds))
			}
			long := []int{1, 1, 3, 3, 5, 5, 0, 0, 2, 2, 4, 4, 6, 6, 1}
			check(w+"days long", f.days(long), rf.days(long))
			for i := 0; i <= 4; i++ {
				items := []string{"a", "b b", "", "d"}[:i]
				check(w+"and", f.andList(items), rf.and(items))
				check(w+"or", f.orList(items), rf.or(items))
				check(w+"slots", f.slots(times[i*5:i*6]), rf.slots(times[i*5:i*6]))
				rs := []business.Range{{From: 540, To: 750}, {From: 810, To: 1140}, {From: 1200, To: 1320}, {From: -5, To: 30}}[:i]
				check(w+"ranges", f.ranges(rs), rf.ranges(rs))
			}
			same := []time.Time{time.Date(2026, 11, 28, 9, 0, 0, 0, loc), time.Date(2026, 11, 28, 10, 30, 0, 0, loc), time.Date(2026, 11, 28, 14, 0, 0, 0, loc)}
			check(w+"slots same day", f.slots(same), rf.slots(same))
			for _, s := range []string{"", "LUM-7K3F", "lum-a\xffb", "-", "é-ü"} {
				check(w+"ref", f.ref(s), rf.ref(s))
			}
			for _, s := range strs {
				check(w+"phone", f.phone(s), rf.phone(s))
				check(w+"de", f.de(s), refDe(s))
			}
		}
	}
	for _, s := range []string{"", "a", "abc", "élan", "Élan", "ßx", "ǆa", "ıi", "1a", " a", "\u00e9", "\xe2\x82\xac"} {
		b := upperInPlace([]byte("xy"+s), 2)
		check("upper "+s, string(b), "xy"+refUpper(s))
		check("upper "+s, upper(s), refUpper(s))
	}
}
