// Package sdk is what a channel plugin author imports. A plugin implements
// [Channel] with plain Go functions, registers it from init with
// [Register], and builds with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -ldflags=-s -o plugin.wasm .
//
// The SDK provides the WebAssembly exports of the ABI (see sdk/abi and
// docs/abi.md): the author never sees a pointer. docs/plugin-authoring.md is
// a step-by-step tutorial.
//
// # Packages
//
//   - sdk/abi: the envelopes ([abi.Request], [abi.ParseResult], [abi.RenderInput],
//     [abi.Response], …) and their codec, shared with the host.
//   - sdk/form: a form-urlencoded parser that keeps every pair in wire order,
//     as provider signatures need.
//   - sdk/jsonlite: reads fields of a JSON body without reflection or
//     encoding/json (Parse validates once, Get looks up a path of keys,
//     TextView returns text without copying), and writes JSON into a byte
//     slice (Writer).
//   - sdk/sdktest: runs a Channel natively against fixture files, with golden
//     files and an -update flag.
//
// # Calls
//
// The host calls [Channel.Init] once per instance, then [Channel.Parse] and
// [Channel.Render] for each request, one call at a time per instance. An
// instance serves many customers and may be replaced at any time: keep
// settings and scratch buffers, never request data. The request and render
// input a method receives are decoded in place, without copies, into values
// the SDK reuses: they and every string in them are valid until the method
// returns (copy a string to keep it, with strings.Clone). What a method
// returns is encoded before the next call, so it may point into the
// channel's own scratch buffers or into its input. sdktest overwrites the
// input after each call, so a channel that keeps a string too long fails
// its tests.
//
// # Logging
//
// [Logf] writes one line to standard error. The host turns each line of a
// plugin's stderr into a log record at level WARN, and each line of its
// stdout into one at INFO, tagged with the plugin name, the instance and
// the stream. Logf is for what an operator should see; write routine
// information to stdout. The host already logs refused requests and failed
// calls.
//
// # Dependencies
//
// The SDK imports only the standard library, so a plugin inherits nothing
// else. Inside the guest, prefer allocation-free code without reflection
// on the request path: Go runs ten times slower or more in the sandbox, an
// allocation costs about a microsecond, and every branch taken is an
// indirect jump (Go's WebAssembly code dispatches basic blocks through a
// jump table; with interruption checks, each is also an exit to the host).
// Scan eight bytes at a time where you can (sdk/form does), reuse buffers
// across calls, and unroll hot fixed-count loops.
package sdk
