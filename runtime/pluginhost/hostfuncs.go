package pluginhost

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/accueil-pme/accueil/sdk"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// InstantiateHostModule defines the host functions of abi.HostModule in
// rt. The host does it for every plugin it loads; call it yourself only to
// run a plugin on a wazero runtime of your own (with WASI, which Go guests
// need too). They are pure computations over guest memory: importing them
// grants a guest no authority, so every plugin may.
func InstantiateHostModule(ctx context.Context, rt wazero.Runtime) error {
	i32 := api.ValueTypeI32
	_, err := rt.NewHostModuleBuilder(abi.HostModule).
		NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(hostHMAC), []api.ValueType{i32, i32, i32, i32, i32, i32}, []api.ValueType{i32}).
		WithParameterNames("alg", "key_ptr", "key_len", "msg_ptr", "msg_len", "out_ptr").
		Export(abi.HostHMAC).
		Instantiate(ctx)
	if err != nil {
		return fmt.Errorf("instantiate host module %q: %w", abi.HostModule, err)
	}
	return nil
}

// hostHMAC implements abi.HostHMAC.
func hostHMAC(_ context.Context, mod api.Module, stack []uint64) {
	alg := uint32(stack[0])
	mem := mod.Memory()
	key, ok1 := mem.Read(uint32(stack[1]), uint32(stack[2]))
	msg, ok2 := mem.Read(uint32(stack[3]), uint32(stack[4]))
	stack[0] = 0
	if !ok1 || !ok2 {
		return
	}
	switch alg {
	case abi.HMACSHA1:
		if out, ok := mem.Read(uint32(stack[5]), sha1.Size); ok {
			mac := sdk.HMACSHA1(key, msg) // natively: crypto/hmac, its key state reused
			copy(out, mac[:])
			stack[0] = sha1.Size
		}
	case abi.HMACSHA256:
		if out, ok := mem.Read(uint32(stack[5]), sha256.Size); ok {
			mac := sdk.HMACSHA256(key, msg)
			copy(out, mac[:])
			stack[0] = sha256.Size
		}
	}
}
