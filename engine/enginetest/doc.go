// Package enginetest replays golden conversations against an engine: a
// transcript format (see [Replay]) and [Memory], an in-memory calendar that
// enforces the store's booking invariants, for tests and property tests.
package enginetest
