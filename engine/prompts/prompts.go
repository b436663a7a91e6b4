package prompts

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"text/template"
)

//go:embed fr.tmpl en.tmpl
var files embed.FS

// Languages lists the catalogues, the default first.
var Languages = []string{"fr", "en"}

// Params are the named parameters of a prompt.
type Params map[string]any

// Catalogue holds the prompts of every language, parsed twice: for text
// and for speech (times and numbers in words), and compiled for rendering
// (render.go). It is immutable after New and safe for concurrent use.
type Catalogue struct {
	text, speech map[string]*template.Template
	// sets are the compiled catalogues, by language then speech.
	sets map[string]*[2]set
}

// New parses the embedded catalogues and checks that every language
// defines the same prompts.
func New() (*Catalogue, error) {
	c := &Catalogue{text: map[string]*template.Template{}, speech: map[string]*template.Template{}, sets: map[string]*[2]set{}}
	for _, lang := range Languages {
		src, err := files.ReadFile(lang + ".tmpl")
		if err != nil {
			return nil, fmt.Errorf("prompts: read %s: %w", lang, err)
		}
		for _, speech := range []bool{false, true} {
			f := formatter{lang: lang, speech: speech}
			var self *template.Template
			each := func(name string, items []Params) ([]string, error) {
				out := make([]string, len(items))
				for i, it := range items {
					var sb strings.Builder
					if err := self.ExecuteTemplate(&sb, name, it); err != nil {
						return nil, err
					}
					out[i] = tidy(sb.String())
				}
				return out, nil
			}
			t, err := template.New(lang).Funcs(template.FuncMap{
				"day": f.day, "when": f.when, "clock": f.clock, "hm": f.hm, "price": f.price,
				"dur": f.dur, "phone": f.phone, "and": f.and, "or": f.or, "num": f.number,
				"ranges": f.ranges, "weekday": f.weekday, "days": f.days, "slots": f.slots,
				"upper": upper, "each": each, "month": f.month, "ref": f.ref,
			}).Parse(string(src))
			self = t
			if err != nil {
				return nil, fmt.Errorf("prompts: parse %s: %w", lang, err)
			}
			if speech {
				c.speech[lang] = t
			} else {
				c.text[lang] = t
			}
			s := set{f: f, prompts: map[string][]op{}}
			for _, d := range t.Templates() {
				if d.Name() == lang || d.Tree == nil {
					continue
				}
				ops, err := compile(d.Tree.Root)
				if err != nil {
					return nil, fmt.Errorf("prompts: compile %s/%s: %w", lang, d.Name(), err)
				}
				s.prompts[d.Name()] = ops
			}
			if c.sets[lang] == nil {
				c.sets[lang] = new([2]set)
			}
			c.sets[lang][b2i(speech)] = s
		}
	}
	ref := c.Names(Languages[0])
	for _, lang := range Languages[1:] {
		if got := c.Names(lang); !slices.Equal(got, ref) {
			return nil, fmt.Errorf("prompts: %s and %s define different prompts", lang, Languages[0])
		}
	}
	return c, nil
}

// Names returns the prompt names of lang, sorted.
func (c *Catalogue) Names(lang string) []string {
	t, ok := c.text[lang]
	if !ok {
		return nil
	}
	var out []string
	for _, d := range t.Templates() {
		if d.Name() != lang {
			out = append(out, d.Name())
		}
	}
	slices.Sort(out)
	return out
}

// Render renders prompt name in lang (French when lang is unknown), for
// speech when speech is true. Line breaks and runs of spaces are collapsed.
func (c *Catalogue) Render(lang string, speech bool, name string, p Params) (string, error) {
	sets, ok := c.sets[lang]
	if !ok {
		lang = Languages[0]
		sets = c.sets[lang]
	}
	s := &sets[b2i(speech)]
	ops, ok := s.prompts[name]
	if !ok {
		return "", fmt.Errorf("prompts: render %s/%s: no such prompt", lang, name)
	}
	r := renderers.Get().(*renderer)
	r.set, r.buf = s, r.buf[:0]
	err := r.exec(ops, p)
	var out string
	if err == nil {
		out = string(r.buf[:tidyBytes(r.buf)])
	}
	if cap(r.buf) <= maxPooledBuffer {
		r.set = nil
		renderers.Put(r)
	}
	if err != nil {
		return "", fmt.Errorf("prompts: render %s/%s: %w", lang, name, err)
	}
	return out, nil
}

// renderers are reused across renders and goroutines.
var renderers = sync.Pool{New: func() any { return &renderer{buf: make([]byte, 0, 512)} }}

const maxPooledBuffer = 16 << 10

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// tidy collapses whitespace and the space left before punctuation by
// empty optional parts.
func tidy(s string) string {
	b := []byte(s)
	return string(b[:tidyBytes(b)])
}
