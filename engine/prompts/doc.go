// Package prompts holds what the engine says: one catalogue per language
// (fr.tmpl first, en.tmpl), each prompt a text/template define rendered by
// name with named parameters. Formatting functions (day, when, clock,
// price, dur, phone…) phrase values for text or, for a voice channel, for
// speech ("quatorze heures trente"). Both catalogues must define the same
// prompts; [New] checks it.
package prompts
