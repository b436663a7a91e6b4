package prompts

import (
	"embed"
	"errors"
	"fmt"
	"slices"
	"sync"
	"text/template"
	"text/template/parse"
)

//go:embed fr.tmpl en.tmpl
var files embed.FS

// Languages lists the catalogues, the default first.
var Languages = []string{"fr", "en"}

// Params are the named parameters of a prompt.
type Params map[string]any

// Catalogue holds the prompts of every language, parsed by text/template
// and compiled (render.go), rendered in one of the [Form]s. It is immutable
// after New and safe for concurrent use.
type Catalogue struct {
	names map[string][]string
	// sets are the compiled catalogues, by language then form.
	sets map[string]*[numForms]set
}

// Form is how a prompt is rendered.
type Form uint8

const (
	// Text is for reading: "samedi 28 novembre à 10h00", "1 h 30".
	Text Form = iota
	// Speech is for a voice: times, durations, prices and numbers in words,
	// booking references spelled out.
	Speech
	// Tool is for a voice assistant's model, which reads it and speaks its
	// own words: Text, with opening hours and durations in words ("de neuf
	// heures à dix-neuf heures", "une heure trente"); dates, slot times and
	// booking references stay as written, for the model to pass back to
	// a tool.
	Tool
	numForms
)

// parseFuncs declares the functions of the catalogues to the parser. The
// parsed templates are compiled, never executed.
var parseFuncs = func() template.FuncMap {
	var f formatter
	return template.FuncMap{
		"day": f.day, "when": f.when, "clock": f.clock, "hm": f.hm, "price": f.price,
		"dur": f.dur, "phone": f.phone, "and": f.andList, "or": f.orList, "num": f.number,
		"ranges": f.ranges, "weekday": f.weekday, "days": f.days, "slots": f.slots,
		"upper": upper, "month": f.month, "ref": f.ref, "de": f.de, "a": article,
		"each": func(string, []Params) ([]string, error) { return nil, errors.New("prompts: not executable") },
	}
}()

// New parses the embedded catalogues and checks that every language
// defines the same prompts.
func New() (*Catalogue, error) {
	c := &Catalogue{names: map[string][]string{}, sets: map[string]*[numForms]set{}}
	for _, lang := range Languages {
		src, err := files.ReadFile(lang + ".tmpl")
		if err != nil {
			return nil, fmt.Errorf("prompts: read %s: %w", lang, err)
		}
		t, err := template.New(lang).Funcs(parseFuncs).Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("prompts: parse %s: %w", lang, err)
		}
		prompts := map[string][]op{}
		var names []string
		comp := compilerOf(t)
		for _, d := range t.Templates() {
			if d.Name() == lang || d.Tree == nil {
				continue
			}
			ops, err := comp.compile(d.Tree.Root)
			if err != nil {
				return nil, fmt.Errorf("prompts: compile %s/%s: %w", lang, d.Name(), err)
			}
			prompts[d.Name()] = ops
			names = append(names, d.Name())
		}
		slices.Sort(names)
		c.names[lang] = names
		c.sets[lang] = &[numForms]set{
			Text:   {f: formatter{lang: lang}, prompts: prompts},
			Speech: {f: formatter{lang: lang, speech: true}, prompts: prompts},
			Tool:   {f: formatter{lang: lang, spokenHours: true}, prompts: prompts},
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

// SetCurrency makes the catalogue quote prices in the currency of ISO
// code (a key of [Currencies]); the default is the euro.
func (c *Catalogue) SetCurrency(code string) error {
	cur, ok := Currencies[code]
	if !ok {
		return fmt.Errorf("prompts: unknown currency %q", code)
	}
	for _, sets := range c.sets {
		for i := range sets {
			sets[i].f.cur = cur
		}
	}
	return nil
}

// SetUSStyle makes the catalogue write English the American way (a
// business in the United States or Canada): "Friday, November 27 at 2:00
// PM" rather than "Friday 27 November at 14:00". French is unaffected.
func (c *Catalogue) SetUSStyle(us bool) {
	for _, sets := range c.sets {
		for i := range sets {
			sets[i].f.us = us
		}
	}
}

// WrittenPhone is an E.164 number as the assistant writes it in lang for
// a business of region (ISO 3166, "FR", "GB"): "01 99 00 12 34", "0113 496
// 0000"; for a page that shows the business's number beside the chat.
func WrittenPhone(e164, lang, region string) string {
	return formatter{lang: lang, home: region, us: region == "US" || region == "CA"}.phone(e164)
}

// SetHomeRegion makes the catalogue write the numbers of the business's
// country (ISO 3166 code, "US", "GB") in that country's national form;
// other countries' in their international one.
func (c *Catalogue) SetHomeRegion(region string) {
	for _, sets := range c.sets {
		for i := range sets {
			sets[i].f.home = region
		}
	}
}

// compilerOf returns a compiler whose {{template}} calls find the prompts
// defined in t (not t itself, the file).
func compilerOf(t *template.Template) compiler {
	return compiler{lookup: func(name string) (*parse.ListNode, bool) {
		if d := t.Lookup(name); d != nil && d.Tree != nil && name != t.Name() {
			return d.Tree.Root, true
		}
		return nil, false
	}}
}

// Names returns the prompt names of lang, sorted.
func (c *Catalogue) Names(lang string) []string {
	return slices.Clone(c.names[lang])
}

// Render renders prompt name in lang (French when lang is unknown), for
// speech when speech is true. Line breaks and runs of spaces are collapsed.
func (c *Catalogue) Render(lang string, speech bool, name string, p Params) (string, error) {
	return c.RenderForm(lang, Form(b2i(speech)), name, p)
}

// RenderForm is Render in any [Form].
func (c *Catalogue) RenderForm(lang string, form Form, name string, p Params) (string, error) {
	sets, ok := c.sets[lang]
	if !ok {
		lang = Languages[0]
		sets = c.sets[lang]
	}
	if form >= numForms {
		return "", fmt.Errorf("prompts: render %s/%s: unknown form %d", lang, name, form)
	}
	s := &sets[form]
	ops, ok := s.prompts[name]
	if !ok {
		return "", fmt.Errorf("prompts: render %s/%s: no such prompt", lang, name)
	}
	r := renderers.Get().(*renderer)
	r.set, r.buf = s, r.buf[:0]
	out, err := r.render(ops, p)
	if cap(r.buf) <= maxPooledBuffer {
		r.set = nil
		renderers.Put(r)
	}
	if err != nil {
		return "", fmt.Errorf("prompts: render %s/%s: %w", lang, name, err)
	}
	return out, nil
}

// render renders ops into a tidy string. A formatting function that
// panics fails the render, as text/template recovers such panics.
func (r *renderer) render(ops []op, p Params) (out string, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("formatting function panicked: %v", x)
		}
	}()
	if err := r.exec(ops, p); err != nil {
		return "", err
	}
	return string(r.buf[:tidyBytes(r.buf)]), nil
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
