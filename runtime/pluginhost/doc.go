// Package pluginhost runs channel plugins: WebAssembly modules that speak
// the ABI of sdk/abi, on wazero. A plugin parses a provider's webhook into
// events ([Plugin.Parse]) and renders the host's answer in the provider's
// format ([Plugin.Render]).
//
// # Lifecycle
//
// [New] creates a [Host] with one compilation cache ([Config.CacheDir]: on
// disk, so a restart skips compiling; or in memory). [Host.Load] then, for
// one plugin:
//
//  1. reads manifest.json strictly (unknown keys are errors) and validates
//     it, listing every problem ([DecodeManifest], [Manifest.Validate]);
//  2. checks the settings against the manifest's "settings" keys;
//  3. reads the module, refusing it over [MaxModuleSize] or when its sha256
//     differs from the manifest's pin;
//  4. creates a wazero runtime for this plugin alone (compiler engine, the
//     shared cache, WithMemoryLimitPages(memory_pages), and
//     WithCloseOnContextDone unless the plugin is trusted), instantiates
//     WASI in it, and compiles the module once, with parallel compilation
//     workers;
//  5. checks the exports and their signatures (all problems joined);
//  6. starts pool.min instances. Each instance is instantiated with
//     _initialize as start function, GOGC=25 in its environment, the host's
//     wall and monotonic clocks (not wazero's fake ones), crypto/rand
//     as random source, no file system, and stdout/stderr sent to the
//     host's logger one line per record (Info and Warn, tagged plugin,
//     instance and stream). Then the host checks accueil_abi_version,
//     allocates the input buffer through accueil_alloc, and calls
//     accueil_init with the encoded abi.Config (plugin name and settings).
//     A wrong version or an init error fails Load with the plugin's message.
//     These start-up calls get max(timeout_ms, 10 s) as deadline; every
//     later call gets timeout_ms.
//
// [Host.LoadDir] loads every <dir>/*/manifest.json the same way.
// [Plugin.Close] waits for calls in flight and closes the runtime;
// [Host.Close] closes every plugin and the cache.
//
// # Calls and the pool
//
// Each plugin owns a bounded pool of warm instances (a channel, not a
// sync.Pool, so the collector never drops a 2 ms, 6-9 MiB Go instance). A
// call takes an idle instance, or starts one in the background if the pool
// is below pool.max, and waits under ctx otherwise. An instance is used by
// one goroutine at a time. A call encodes its input into a buffer reused
// per instance, writes it into the guest's input buffer (calling
// accueil_alloc only when the input outgrows it), calls the export through
// a cached api.Function with a reused stack, decodes the output straight
// from guest memory and copies what it keeps.
//
// # Reuse rules
//
// An instance goes back to the pool after a successful call or a
// guest-reported error ([GuestError]: the guest returned an error text with
// the error flag; the plugin works and said no). It is discarded, never
// reused, after:
//
//   - a trap: unreachable, out-of-bounds access, a Go panic, memory.grow
//     past memory_pages (a Go guest traps when its heap cannot grow);
//   - an ABI violation: an output outside memory or over [MaxOutput], or
//     one that does not decode;
//   - a timeout, or the caller's context ending during the call;
//   - [RecycleCalls] calls, or guest memory above 75% of memory_pages.
//
// The Go runtime inside a guest is in an undefined state after a trap, even
// though wazero leaves the module open, so the decision is made on the
// error class. A discarded instance is closed and replaced in the
// background, off the request path; there is no in-place reset.
//
// Failures (trap, timeout, ABI violation) are [*FailureError] values that
// match [ErrPluginFailed] (and [ErrTimeout] for timeouts): the caller then
// answers with the manifest's fallback. Guest-reported errors match
// [ErrGuest] and never ErrPluginFailed. [Plugin.Stats] counts calls, guest
// errors, traps, timeouts, recycled instances, live and stuck instances.
//
// # The trusted switch
//
// Every call has the manifest's timeout_ms as deadline. How it is enforced
// depends on "trusted":
//
//   - Untrusted (the default, for anything not shipped with the host): the
//     runtime is built WithCloseOnContextDone(true). wazero then checks for
//     termination at every loop back-edge and on every call starts a
//     goroutine that watches the context. A runaway loop is stopped at the
//     deadline (tested: an infinite loop returns [ErrTimeout] after
//     timeout_ms while the rest of the pool keeps serving), and the
//     instance is replaced. The checks leave native code for Go each time:
//     a Go guest runs several times slower (docs/benchmarks.md, "Plugin
//     parse + render": 34.2 against 7.7 µs per WhatsApp message, 1.36
//     against 0.20 µs for a no-op call through the pool).
//   - Trusted (first-party plugins, built and reviewed with the host): no
//     checks, full speed. Such a call cannot be interrupted: it runs on the
//     caller's goroutine under a watchdog timer. A call that outlives its
//     deadline is counted as stuck while it runs ([Stats].Stuck) and logged;
//     once Pool.Max calls are stuck the plugin is disabled, so calls fail at
//     once with ErrPluginFailed instead of queueing behind them. When the
//     call returns, its result is dropped, the caller gets [ErrTimeout]
//     (late), and the instance is replaced.
//
// The trade-off: a trusted guest stuck in a loop keeps a CPU busy and, worse,
// cannot be preempted, so the next stop-the-world GC of the whole process
// waits for it (a 488 ms GC pause behind a 0.47 s loop, docs/benchmarks.md).
// Handing the call to a worker goroutine so that the caller could answer at
// the deadline would not help against that, and the hand-off cost 15-20 µs
// per message on a 2-core machine (waking an idle thread twice per call).
// Trusted is for code we review, not a sandbox: plugins dropped in from
// outside are interruptible unless their operator says otherwise. Re-measure
// when wazero ships cheap termination checks (wazero PR #2533); they would
// make this switch unnecessary.
//
// # Host functions
//
// Every plugin's runtime also has the module of abi.HostModule: pure
// computations a guest may import instead of running them compiled to
// WebAssembly, ten to forty times slower. Today: abi.HostHMAC (HMAC-SHA1 and
// HMAC-SHA256, for webhook signatures), which the SDK wraps as
// sdk.HMACSHA1 and sdk.HMACSHA256, and abi.HostFormDecode (form data,
// decoded and sorted), which sdk/form's Decoder uses.
//
// Measure both modes with
//
//	go test ./runtime/pluginhost -run '^$' -bench . -benchtime 2s
//
// docs/benchmarks.md has the figures. Where a Go guest's time goes: Go
// compiles to WebAssembly code that wazero runs ten to fifteen times slower
// than native (a non-inlined call costs about 18 ns, a byte loop about 4 ns
// per byte on the project's 2-core machine), and a guest that allocates on
// every call soon spends most of its time in a garbage collector that cannot
// run between calls. A guest is fast when it allocates nothing per call and
// does little: the SDK decodes in place into reused values
// (abi.DecodeRequestTo), and forms and signatures are handled by the host.
//
// BenchmarkWhatsApp is the per-message figure the project reports (Parse
// then Render of a Twilio WhatsApp webhook through plugins/whatsapp).
//
// # Tests
//
// Test guests that misbehave on purpose are tiny WAT modules under
// testdata/wat, committed with their .wasm and built with wat2wasm (see the
// first lines of each .wat). The Go guest under testdata/echo and the real
// plugins are built at test time by plugintest.Build (runtime/pluginhost/plugintest), which other
// packages' tests use too.
package pluginhost
