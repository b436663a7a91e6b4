// Package prompts holds what the engine says: one catalogue per language
// (fr.tmpl first, en.tmpl), each prompt a text/template define rendered by
// name with named parameters. Formatting functions (day, when, clock,
// price, dur, phone…) phrase values in one of three [Form]s: Text, Speech
// for a voice channel ("quatorze heures trente", "d'une heure trente"),
// and Tool for a voice assistant's model (Text with opening hours and
// durations in words). "de" puts the French preposition before a value, elided
// before a vowel. Both catalogues must define the same prompts; [New]
// checks it.
//
// The catalogues are parsed by text/template once, in [New], and compiled
// into small programs that render into a pooled buffer without reflection
// (render.go). The compiled subset is what the catalogues use (text, if,
// else, with, template calls, inlined, parameters, constants, the
// formatting functions, eq and printf) and renders exactly as text/template would, which the tests
// check; a catalogue that uses anything else fails New.
package prompts
