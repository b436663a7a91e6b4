package pluginhost

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors. Match them with [errors.Is].
var (
	// ErrPluginFailed matches every error where the plugin itself broke: a
	// trap (unreachable, out-of-bounds access, a Go panic, running out of
	// memory), a timeout, or an output that violates the ABI. The host answers
	// such a request with the manifest's fallback. The instance involved has
	// been discarded.
	ErrPluginFailed = errors.New("pluginhost: plugin failed")
	// ErrTimeout matches a [FailureError] caused by a call outliving the
	// manifest's timeout_ms. It also matches [ErrPluginFailed].
	ErrTimeout = errors.New("pluginhost: plugin call timed out")
	// ErrGuest matches a [GuestError]: the plugin ran fine and reported an error.
	ErrGuest = errors.New("pluginhost: plugin reported an error")
	// ErrClosed is returned by calls on a closed [Plugin] or [Host].
	ErrClosed = errors.New("pluginhost: closed")
	// ErrInputTooLarge is returned when an encoded input exceeds [MaxInput].
	ErrInputTooLarge = errors.New("pluginhost: input too large")
)

// GuestError is an error text returned by the guest with the error flag set
// (see sdk/abi.ErrorFlag). The guest instance stays healthy and is reused.
// It matches [ErrGuest], never [ErrPluginFailed].
type GuestError struct {
	Plugin string // plugin name
	Func   string // export that failed, e.g. "accueil_render"
	Msg    string // the guest's text
}

func (e *GuestError) Error() string {
	return fmt.Sprintf("pluginhost: plugin %q: %s: %s", e.Plugin, e.Func, e.Msg)
}

// Is reports whether target is [ErrGuest].
func (e *GuestError) Is(target error) bool { return target == ErrGuest }

// FailureError describes a plugin failure: a trap, a timeout or an ABI
// violation. It matches [ErrPluginFailed], and [ErrTimeout] when Timeout is
// set. Unwrap returns the underlying wazero or decoding error, if any.
type FailureError struct {
	Plugin  string        // plugin name
	Func    string        // export that failed
	Timeout time.Duration // non-zero when the call timed out after this long
	Err     error         // cause; nil for a timeout
}

func (e *FailureError) Error() string {
	if e.Timeout > 0 {
		return fmt.Sprintf("pluginhost: plugin %q: %s timed out after %s", e.Plugin, e.Func, e.Timeout)
	}
	// A cause from this package already names the plugin: say it once.
	msg := strings.TrimPrefix(fmt.Sprint(e.Err), fmt.Sprintf("pluginhost: plugin %q: ", e.Plugin))
	return fmt.Sprintf("pluginhost: plugin %q: %s failed: %s", e.Plugin, e.Func, msg)
}

// Is reports whether target is [ErrPluginFailed], or [ErrTimeout] for a timeout.
func (e *FailureError) Is(target error) bool {
	return target == ErrPluginFailed || (target == ErrTimeout && e.Timeout > 0)
}

// Unwrap returns the cause.
func (e *FailureError) Unwrap() error { return e.Err }
