package pluginhost

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"

	"github.com/accueil-pme/accueil/sdk/abi"
)

// Plugin is a loaded plugin: one wazero runtime, one compiled module and a
// pool of warm instances. Its methods are safe for concurrent use; each call
// runs on an instance no other goroutine touches.
type Plugin struct {
	host      *Host
	man       Manifest
	log       *slog.Logger
	rt        wazero.Runtime
	compiled  wazero.CompiledModule
	initCfg   []byte
	timeout   time.Duration
	highWater uint32 // bytes of guest memory past which an instance is recycled

	idle     chan *instance // warm instances, capacity Pool.Max
	spawnErr chan error     // last asynchronous start failure, for a waiter
	closing  chan struct{}  // closed by Close
	drained  chan struct{}  // closed when closing and nothing is busy
	drainMu  sync.Once
	nextID   atomic.Uint64

	mu     sync.Mutex
	live   int // instances serving the pool: idle, busy or starting
	busy   int // goroutines using the runtime: calls and starts
	closed bool

	calls, guestErrs, traps, timeouts, recycled atomic.Uint64
	stuck                                       atomic.Int64

	// startLines are the lines instances wrote while starting (a setting
	// missing, a mode chosen): every instance writes the same, and it is
	// logged once, later instances' copies at DEBUG.
	startLines sync.Map
}

// Stats are a plugin's counters since Load.
type Stats struct {
	// Calls counts Parse and Render calls that reached an instance.
	Calls uint64 `json:"calls"`
	// GuestErrors counts errors the plugin reported ([GuestError]).
	GuestErrors uint64 `json:"guest_errors"`
	// Traps counts calls that trapped (unreachable, out of memory, Go panic)
	// or broke the ABI (output outside memory, undecodable output).
	Traps uint64 `json:"traps"`
	// Timeouts counts calls that outlived the manifest's timeout_ms.
	Timeouts uint64 `json:"timeouts"`
	// Recycled counts instances discarded and replaced: after a failure, after
	// RecycleCalls calls, or past 75% of the memory cap.
	Recycled uint64 `json:"recycled"`
	// Instances is the number of instances in the pool (idle, busy or starting).
	Instances int `json:"instances"`
	// Stuck counts trusted calls running past their deadline.
	Stuck int `json:"stuck"`
}

// Manifest returns the plugin's manifest, defaults applied.
func (p *Plugin) Manifest() Manifest {
	m := p.man
	m.Settings = append([]string(nil), m.Settings...)
	return m
}

// Stats returns the plugin's counters.
func (p *Plugin) Stats() Stats {
	p.mu.Lock()
	live := p.live
	p.mu.Unlock()
	return Stats{
		Calls:       p.calls.Load(),
		GuestErrors: p.guestErrs.Load(),
		Traps:       p.traps.Load(),
		Timeouts:    p.timeouts.Load(),
		Recycled:    p.recycled.Load(),
		Instances:   live,
		Stuck:       int(p.stuck.Load()),
	}
}

// Parse runs accueil_parse on req. The result owns its memory.
//
// # Errors
//
// A [*GuestError] when the plugin reported an error; an error matching
// [ErrPluginFailed] (and [ErrTimeout] for a timeout) when it broke; ctx's
// error when ctx ended first, while waiting for an instance or during the
// call; [ErrInputTooLarge]; [ErrClosed].
func (p *Plugin) Parse(ctx context.Context, req *abi.Request) (abi.ParseResult, error) {
	in, err := p.acquire(ctx)
	if err != nil {
		return abi.ParseResult{}, err
	}
	defer p.release(in)
	in.buf = abi.AppendRequest(in.buf[:0], req)
	out, err := in.call(ctx, fnParse, in.buf)
	if err != nil {
		return abi.ParseResult{}, err
	}
	res, err := abi.DecodeParseResult(out)
	if err != nil {
		return abi.ParseResult{}, in.violation(fnParse, err)
	}
	return res, nil
}

// Render runs accueil_render on in. The response owns its memory. Errors
// are as for [Plugin.Parse].
func (p *Plugin) Render(ctx context.Context, ri *abi.RenderInput) (abi.Response, error) {
	in, err := p.acquire(ctx)
	if err != nil {
		return abi.Response{}, err
	}
	defer p.release(in)
	// The guest keeps the business of its last render: send it on change only.
	if in.sentBiz && sameBusiness(&in.biz, &ri.Business) {
		in.buf = abi.AppendRenderInputSameBusiness(in.buf[:0], ri)
	} else {
		in.buf = abi.AppendRenderInput(in.buf[:0], ri)
		in.biz, in.sentBiz = ri.Business, true
		in.biz.Attrs = slices.Clone(ri.Business.Attrs)
	}
	out, err := in.call(ctx, fnRender, in.buf)
	if err != nil {
		in.sentBiz = false // whatever the guest kept, send it again
		return abi.Response{}, err
	}
	resp, err := abi.DecodeResponse(out)
	if err != nil {
		return abi.Response{}, in.violation(fnRender, err)
	}
	if resp.Status != 0 && (resp.Status < 200 || resp.Status > 599) {
		// Sent as is, a status of 42 or -1 breaks the HTTP answer (no
		// length, a client left waiting): the guest's bug, answered with
		// the fallback. The instance itself is fine. 0 (no status) is 200.
		p.guestErrs.Add(1)
		return abi.Response{}, &GuestError{Plugin: p.man.Name, Func: fnNames[fnRender],
			Msg: fmt.Sprintf("response status %d: a Response's status must be from 200 to 599 (or 0, read as 200)", resp.Status)}
	}
	resp.Body = bytes.Clone(resp.Body) // DecodeResponse aliases guest memory
	return resp, nil
}

// Close stops the plugin: new calls fail with [ErrClosed], calls in flight
// finish (Close waits for them under ctx), then the instances and the
// runtime are closed. A trusted plugin with a stuck call cannot be closed
// before that call returns; Close then gives up when ctx ends and leaves the
// runtime open.
func (p *Plugin) Close(ctx context.Context) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.closing)
	if p.busy == 0 {
		p.drainMu.Do(func() { close(p.drained) })
	}
	p.mu.Unlock()
	defer p.host.remove(p)
	select {
	case <-p.drained:
	default:
		select {
		case <-p.drained:
		case <-ctx.Done():
			p.mu.Lock()
			busy := p.busy
			p.mu.Unlock()
			return fmt.Errorf("pluginhost: plugin %q: close: %d calls or starts still running: %w", p.man.Name, busy, context.Cause(ctx))
		}
	}
	for len(p.idle) > 0 {
		(<-p.idle).close()
	}
	if err := p.rt.Close(ctx); err != nil {
		return fmt.Errorf("pluginhost: plugin %q: close runtime: %w", p.man.Name, err)
	}
	p.log.Info("plugin closed")
	return nil
}

// enter registers a goroutine that will use the runtime; false once closed.
func (p *Plugin) enter() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.busy++
	return true
}

func (p *Plugin) exit() {
	p.mu.Lock()
	p.busy--
	if p.closed && p.busy == 0 {
		p.drainMu.Do(func() { close(p.drained) })
	}
	p.mu.Unlock()
}

func (p *Plugin) closedErr() error {
	return fmt.Errorf("pluginhost: plugin %q: %w", p.man.Name, ErrClosed)
}

// acquire checks out an instance, growing the pool up to Pool.Max and
// waiting under ctx. Every successful acquire is paired with release.
func (p *Plugin) acquire(ctx context.Context) (*instance, error) {
	if !p.enter() {
		return nil, p.closedErr()
	}
	if n := p.stuck.Load(); n >= int64(p.man.Pool.Max) {
		p.exit()
		return nil, &FailureError{Plugin: p.man.Name, Func: "call",
			Err: fmt.Errorf("disabled: %d calls are still running past their deadline", n)}
	}
	select {
	case in := <-p.idle:
		p.calls.Add(1)
		return in, nil
	default:
	}
	p.grow()
	select {
	case in := <-p.idle:
		p.calls.Add(1)
		return in, nil
	case err := <-p.spawnErr:
		p.exit()
		return nil, &FailureError{Plugin: p.man.Name, Func: "instance start", Err: err}
	case <-ctx.Done():
		p.exit()
		return nil, fmt.Errorf("pluginhost: plugin %q: wait for an instance: %w", p.man.Name, context.Cause(ctx))
	case <-p.closing:
		p.exit()
		return nil, p.closedErr()
	}
}

// grow starts one more instance in the background if the pool may grow.
func (p *Plugin) grow() {
	p.mu.Lock()
	if p.closed || p.live >= p.man.Pool.Max {
		p.mu.Unlock()
		return
	}
	p.live++
	p.busy++
	p.mu.Unlock()
	go p.spawn()
}

// spawn starts an instance for a slot already counted in live.
func (p *Plugin) spawn() {
	defer p.exit()
	in, err := p.newInstance(context.Background())
	if err != nil {
		p.mu.Lock()
		p.live--
		p.mu.Unlock()
		p.log.Error("plugin instance failed to start", "err", err)
		select {
		case p.spawnErr <- err:
		default:
		}
		return
	}
	p.put(in)
}

// put returns a healthy instance to the pool, or closes it when closed.
func (p *Plugin) put(in *instance) {
	p.mu.Lock()
	if p.closed {
		p.live--
		p.mu.Unlock()
		in.close()
		return
	}
	p.idle <- in // never blocks: cap(idle) = Pool.Max >= live
	p.mu.Unlock()
}

// release ends a call: the instance goes back to the pool, or is retired
// and replaced when it failed or is due for recycling.
func (p *Plugin) release(in *instance) {
	defer p.exit()
	if cap(in.buf) > 1<<20 {
		in.buf = nil
	}
	switch {
	case in.broken:
		p.retire(in, "failed")
	case in.calls >= RecycleCalls:
		p.retire(in, "call count")
	case in.mem.Size() > p.highWater:
		p.retire(in, "memory high-water mark")
	default:
		p.put(in)
	}
}

// retire discards in and starts a replacement
// in the background, keeping the slot.
func (p *Plugin) retire(in *instance, reason string) {
	p.recycled.Add(1)
	p.mu.Lock()
	if p.closed {
		p.live--
		p.mu.Unlock()
		in.close()
		return
	}
	p.busy++
	p.mu.Unlock()
	if reason == "call count" {
		p.log.Debug("plugin instance recycled", "reason", reason)
	} else {
		p.log.Info("plugin instance recycled", "reason", reason) // after a failure, or a guest whose memory grew
	}
	go func() {
		in.close()
		p.spawn() // calls p.exit for the busy count taken above
	}()
}

func sameBusiness(a, b *abi.Business) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Language == b.Language && a.Greeting == b.Greeting &&
		a.Phone == b.Phone && a.TimeZone == b.TimeZone && slices.Equal(a.Attrs, b.Attrs)
}
