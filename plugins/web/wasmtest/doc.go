// Package wasmtest builds the web plugin for GOOS=wasip1, loads it with
// runtime/pluginhost exactly as the host does, and checks that the module
// answers as the golden files of the native tests say. It holds no code
// besides its tests and lives apart so that the plugin's own test
// dependencies stay within the sdk and the stdlib.
package wasmtest
