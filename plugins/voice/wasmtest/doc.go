// Package wasmtest builds the voice plugin for GOOS=wasip1, loads it with
// its manifest through runtime/pluginhost exactly as the host does, and
// checks that the module answers every golden case of ../testdata/golden
// like the native code. Its benchmarks measure the plugin inside the
// sandbox. It holds only tests and lives apart so that the plugin's own test
// dependencies stay within the sdk and the stdlib.
package wasmtest
