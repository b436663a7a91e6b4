// Package wasmtest builds the whatsapp plugin for GOOS=wasip1, runs it in
// wazero through the ABI exactly as the host does, and checks that the
// module answers like the native code. Its benchmarks measure the plugin
// inside the sandbox. It holds no code besides its tests and lives apart so
// that the plugin's own test dependencies stay within the sdk and the stdlib.
package wasmtest
