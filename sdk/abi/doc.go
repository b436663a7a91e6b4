// Package abi is the contract between the Accueil host and its channel plugins.
//
// It is imported by both sides: the host (runtime/pluginhost, runtime) and the
// guest SDK (sdk). It holds the names of the exports a plugin must provide, the
// ABI version, the envelopes that cross the boundary, and their encoding.
//
// # Encoding
//
// Envelopes are encoded with a subset of the Protocol Buffers wire format:
// each field is a key (field number << 3 | wire type) as an unsigned varint,
// followed by a varint (wire type 0) or a length-delimited byte string (wire
// type 2). Nested messages and repeated fields are length-delimited fields,
// repeated in order. Unknown fields are skipped, so a newer host can talk to an
// older guest. The codec is hand-written and uses no reflection, so it stays
// fast and small inside a WebAssembly guest. The field numbers are listed in
// docs/abi.md, which is the specification this package implements.
//
// # Ownership
//
// [DecodeRequest], [DecodeRenderInput] and the other Decode functions copy:
// a decode converts the whole input to one string once, and every decoded
// string is a substring of it (so a kept string keeps that copy alive,
// never the input buffer). Decoded []byte fields alias the input buffer
// unless stated otherwise. Encoders append to the buffer they are given.
//
// # Lifetimes
//
// [DecodeRequestTo] and [DecodeRenderInputTo] do not copy: every string and
// byte slice of the result points into the input buffer, and they decode
// into a value the caller reuses, keeping the capacity of its slices at
// every depth. That is how the guest SDK decodes every call, from the input
// buffer the host writes the next call into: what a channel receives is
// valid until its method returns, the rule fasthttp has for its requests.
// A channel that keeps a string past the call must copy it
// ([strings.Clone]).
//
// The reason is the cost of memory inside WebAssembly. A Go guest that
// allocates on every call soon spends most of its time in its garbage
// collector, which cannot run in the background between calls: measured on
// the WhatsApp plugin, decoding with copies made a message 2x slower than
// decoding in place.
package abi
