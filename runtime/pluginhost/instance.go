package pluginhost

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/accueil-pme/accueil/sdk/abi"
)

// Indexes of the cached export handles.
const (
	fnVersion = iota
	fnAlloc
	fnInit
	fnParse
	fnRender
	numFns
)

var fnNames = [numFns]string{abi.FuncABIVersion, abi.FuncAlloc, abi.FuncInit, abi.FuncParse, abi.FuncRender}

// States of a trusted instance's call, shared with its watchdog timer.
const (
	stateIdle int32 = iota
	stateRunning
	stateOverran
)

// instance is one guest module instance. It is used by one goroutine at a
// time: the one that checked it out of the pool.
type instance struct {
	p     *Plugin
	mod   api.Module
	mem   api.Memory
	fns   [numFns]api.Function
	stack []uint64
	inPtr uint32
	inCap int
	buf   []byte // encoding buffer for inputs
	// biz is the business of the last render the guest decoded, which it
	// keeps (sentBiz): later renders for the same business leave it out.
	biz     abi.Business
	sentBiz bool
	calls   int
	stdout  *lineWriter
	stderr  *lineWriter

	limit  time.Duration // deadline of one call
	broken bool          // must not be reused

	// Trusted plugins only: a timer that fires when a call outlives its
	// deadline, and the state of the call it watches.
	watchdog *time.Timer
	fn       int
	state    atomic.Int32
}

// newInstance instantiates the module, checks the ABI version, allocates
// the input buffer and runs accueil_init.
func (p *Plugin) newInstance(ctx context.Context) (*instance, error) {
	id := p.nextID.Add(1)
	log := p.log.With("instance", id)
	in := &instance{
		p:      p,
		limit:  max(p.timeout, startTimeout), // version, alloc and init: generous, still bounded
		stack:  make([]uint64, 2),
		stdout: &lineWriter{log: log.With("stream", "stdout"), level: slog.LevelInfo, startLines: &p.startLines},
		stderr: &lineWriter{log: log.With("stream", "stderr"), level: slog.LevelWarn, startLines: &p.startLines},
	}
	in.stdout.starting.Store(true)
	in.stderr.starting.Store(true)
	cfg := wazero.NewModuleConfig().
		WithName("").
		WithStartFunctions("_initialize").
		WithEnv("GOGC", "25").
		WithSysNanotime().
		WithSysWalltime().
		WithStdout(in.stdout).
		WithStderr(in.stderr).
		WithRandSource(rand.Reader)
	sctx := ctx
	if !p.man.Trusted {
		var cancel context.CancelFunc
		sctx, cancel = context.WithTimeout(ctx, startTimeout)
		defer cancel()
	}
	mod, err := p.rt.InstantiateModule(sctx, p.compiled, cfg)
	if err != nil {
		in.stdout.flush()
		in.stderr.flush()
		return nil, fmt.Errorf("pluginhost: plugin %q: start instance: %w", p.man.Name, err)
	}
	in.mod = mod
	in.mem = mod.ExportedMemory("memory")
	for i, name := range fnNames {
		in.fns[i] = mod.ExportedFunction(name)
	}
	if p.man.Trusted {
		in.watchdog = time.AfterFunc(time.Hour, in.overrun)
		in.watchdog.Stop()
	}
	fail := func(err error) (*instance, error) {
		in.close()
		return nil, err
	}

	if err := in.invoke(ctx, fnVersion); err != nil {
		return fail(err)
	}
	if v := int32(in.stack[0]); v != abi.Version {
		return fail(fmt.Errorf("pluginhost: plugin %q: ABI version %d, host speaks %d (rebuild the plugin with the sdk of this host's version)", p.man.Name, v, abi.Version))
	}
	if err := in.grow(ctx, initialInput); err != nil {
		return fail(err)
	}
	if out, err := in.call(ctx, fnInit, p.initCfg); err == nil && len(out) > 0 && id == 1 {
		p.log.Warn("accueil_init returned an output without the error flag: ignored (on success its output is empty)", "bytes", len(out))
	} else if err != nil {
		if len(p.man.Settings) > 0 && !strings.Contains(err.Error(), "no channel registered") {
			// Most often a setting missing or wrong: say where they come from.
			name := strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(p.man.Name))
			err = fmt.Errorf("%w (its settings, %s: plugins.%s in the configuration, or ACCUEIL_PLUGINS_%s_%s in the environment)",
				err, strings.Join(p.man.Settings, ", "), p.man.Name, name, strings.ToUpper(p.man.Settings[0]))
		}
		return fail(err)
	}
	in.calls = 0
	in.limit = p.timeout
	in.stdout.starting.Store(false)
	in.stderr.starting.Store(false)
	return in, nil
}

// grow makes the guest input buffer hold at least n bytes.
func (in *instance) grow(ctx context.Context, n int) error {
	in.stack[0] = uint64(n)
	if err := in.invoke(ctx, fnAlloc); err != nil {
		return err
	}
	in.inPtr = uint32(in.stack[0])
	in.inCap = n
	return nil
}

// call writes input into the guest, calls fns[f] and returns a view of the
// output in guest memory, valid until the next call on this instance.
func (in *instance) call(ctx context.Context, f int, input []byte) ([]byte, error) {
	if len(input) > MaxInput {
		return nil, fmt.Errorf("pluginhost: plugin %q: %s: %d-byte input, over %d: %w",
			in.p.man.Name, fnNames[f], len(input), MaxInput, ErrInputTooLarge)
	}
	if len(input) > in.inCap {
		if err := in.grow(ctx, len(input)); err != nil {
			return nil, err
		}
	}
	if !in.mem.Write(in.inPtr, input) {
		return nil, in.violation(fnAlloc, fmt.Errorf("input buffer [%d, +%d) is outside memory (%d bytes)", in.inPtr, len(input), in.mem.Size()))
	}
	in.stack[0], in.stack[1] = uint64(in.inPtr), uint64(len(input))
	in.calls++
	if err := in.invoke(ctx, f); err != nil {
		return nil, err
	}
	ptr, n, isErr := abi.UnpackResult(in.stack[0])
	if n > MaxOutput {
		return nil, in.violation(f, fmt.Errorf("%d-byte output, over %d", n, MaxOutput))
	}
	var out []byte
	if n > 0 {
		var ok bool
		if out, ok = in.mem.Read(ptr, n); !ok {
			return nil, in.violation(f, fmt.Errorf("output [%d, +%d) is outside memory (%d bytes)", ptr, n, in.mem.Size()))
		}
	}
	if isErr {
		in.p.guestErrs.Add(1)
		return nil, &GuestError{Plugin: in.p.man.Name, Func: fnNames[f], Msg: string(out)}
	}
	return out, nil
}

// violation marks the instance broken for an ABI violation.
func (in *instance) violation(f int, err error) error {
	in.broken = true
	in.p.traps.Add(1)
	return &FailureError{Plugin: in.p.man.Name, Func: fnNames[f], Err: fmt.Errorf("ABI violation: %w", err)}
}

// invoke calls fns[f] with in.stack under the manifest's deadline. Any error
// leaves the instance broken.
func (in *instance) invoke(ctx context.Context, f int) error {
	p := in.p
	if p.man.Trusted {
		return in.invokeTrusted(ctx, f)
	}
	in.stderr.oom.Store(false)
	cctx, cancel := context.WithTimeout(ctx, in.limit)
	err := in.fns[f].CallWithStack(cctx, in.stack)
	timedOut := err != nil && cctx.Err() != nil
	cancel()
	if err == nil {
		return nil
	}
	in.broken = true
	switch {
	case timedOut && ctx.Err() != nil:
		return fmt.Errorf("pluginhost: plugin %q: %s: %w", p.man.Name, fnNames[f], context.Cause(ctx))
	case timedOut:
		p.timeouts.Add(1)
		return &FailureError{Plugin: p.man.Name, Func: fnNames[f], Timeout: in.limit}
	default:
		return in.trapped(f, err)
	}
}

// invokeTrusted runs the call on the caller's goroutine, where it cannot be
// interrupted, under a watchdog timer. A call that outlives its deadline is
// counted as stuck while it runs (the plugin is disabled once Pool.Max calls
// are), and when it returns its result is dropped and the instance
// discarded: the caller gets ErrTimeout, late.
func (in *instance) invokeTrusted(ctx context.Context, f int) error {
	p := in.p
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("pluginhost: plugin %q: %s: %w", p.man.Name, fnNames[f], context.Cause(ctx))
	}
	in.fn = f
	in.stderr.oom.Store(false)
	in.state.Store(stateRunning)
	in.watchdog.Reset(in.limit)
	err := in.fns[f].CallWithStack(ctx, in.stack)
	in.watchdog.Stop()
	if !in.state.CompareAndSwap(stateRunning, stateIdle) {
		// The watchdog fired: the call is over, the instance is not trusted
		// with another.
		in.state.Store(stateIdle)
		p.stuck.Add(-1)
		in.broken = true
		p.timeouts.Add(1)
		return &FailureError{Plugin: p.man.Name, Func: fnNames[f], Timeout: in.limit}
	}
	if err != nil {
		in.broken = true
		return in.trapped(f, err)
	}
	return nil
}

// trapped counts a trap of fns[f] and returns its error. When the guest
// said on stderr that it ran out of memory, the error says so and names the
// setting, rather than only the trap ("unreachable") its runtime ends with.
func (in *instance) trapped(f int, err error) error {
	p := in.p
	p.traps.Add(1)
	crash, at, alloc := in.stderr.endCall()
	switch {
	case in.stderr.oom.Load():
		asked := ""
		if n, e := strconv.Atoi(strings.TrimSuffix(alloc, "-byte")); e == nil {
			asked = fmt.Sprintf("an allocation of %d bytes (%d pages) failed; ", n, (n+65535)/65536)
		}
		err = fmt.Errorf("out of memory: %sthe instance uses %d of its %d pages of 64 KiB; raise memory_pages in the plugin's manifest.json (its stderr is in the log): %w",
			asked, in.mem.Size()/65536, p.man.MemoryPages, err)
	case crash != "":
		// A Go panic: its message and the plugin's line, not only the
		// "unreachable" the runtime ends with.
		if at != "" {
			crash += " (at " + at + ")"
		}
		err = fmt.Errorf("%s: %w", crash, err)
	}
	return &FailureError{Plugin: p.man.Name, Func: fnNames[f], Err: err}
}

// overrun is the watchdog of a trusted call: it runs on the timer's
// goroutine when the call outlives its deadline.
func (in *instance) overrun() {
	// Count first: the caller, once it sees stateOverran, uncounts.
	in.p.stuck.Add(1)
	if !in.state.CompareAndSwap(stateRunning, stateOverran) {
		in.p.stuck.Add(-1) // the call ended just now
		return
	}
	in.p.log.Warn("trusted plugin call outlived its deadline; it cannot be interrupted and keeps running until it returns",
		"func", fnNames[in.fn], "timeout", in.limit)
}

// close releases an instance that is not running a call.
func (in *instance) close() {
	if in.watchdog != nil {
		in.watchdog.Stop()
	}
	if err := in.mod.Close(context.Background()); err != nil && !errors.Is(err, context.Canceled) {
		in.p.log.Debug("plugin instance close", "err", err)
	}
	in.stdout.flush()
	in.stderr.flush()
	in.stderr.endCall() // a crash report not followed by a trap
}
