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
// Decoded strings are copies of the input: a decode converts the whole input
// to one string once, and every decoded string is a substring of it (so a
// kept string keeps that copy alive, never the input buffer). Decoded []byte
// fields alias the input buffer unless stated otherwise. Encoders append to
// the buffer they are given.
//
// # Decoding without allocating
//
// [DecodeRequestTo] and [DecodeRenderInputTo] decode into a value the caller
// reuses, keeping the capacity of its slices at every depth, and take their
// string copy from an [Arena], which carves copies out of 64 KiB blocks. The
// guest SDK decodes every call this way: inside WebAssembly an allocation
// costs about a microsecond, as much as decoding the rest of a request.
// Strings stay immutable copies; only the slices are reused.
package abi
