package pluginhost

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/accueil-pme/accueil/sdk"
	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/form"
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
		NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(hostFormDecode), []api.ValueType{i32, i32, i32, i32}, []api.ValueType{i32}).
		WithParameterNames("src_ptr", "src_len", "dst_ptr", "dst_cap").
		Export(abi.HostFormDecode).
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

// formScratch is what one form_decode call needs natively, pooled so that a
// call allocates nothing once warm.
type formScratch struct {
	dec   form.Decoder
	order []int32
}

var formScratches = sync.Pool{New: func() any { return new(formScratch) }}

// hostFormDecode implements abi.HostFormDecode.
func hostFormDecode(_ context.Context, mod api.Module, stack []uint64) {
	mem := mod.Memory()
	src, ok := mem.Read(uint32(stack[0]), uint32(stack[1]))
	if !ok {
		stack[0] = api.EncodeI32(-1)
		return
	}
	dstPtr, dstCap := uint32(stack[2]), uint32(stack[3])
	sc := formScratches.Get().(*formScratch)
	defer formScratches.Put(sc)
	pairs, err := sc.dec.Parse(src)
	if err != nil {
		stack[0] = api.EncodeI32(-1)
		return
	}
	sc.order = form.SortedIndex(sc.order[:0], pairs)
	n := len(pairs)
	head := 4 * (1 + 5*n)
	size := head
	for _, p := range pairs {
		size += len(p.Key) + len(p.Value)
	}
	if size > math.MaxInt32 {
		stack[0] = api.EncodeI32(-1)
		return
	}
	if uint32(size) > dstCap {
		stack[0] = api.EncodeI32(-int32(size))
		return
	}
	dst, ok := mem.Read(dstPtr, uint32(size))
	if !ok {
		stack[0] = api.EncodeI32(-1)
		return
	}
	binary.LittleEndian.PutUint32(dst, uint32(n))
	text := dst[head:]
	w := 0
	for i, p := range pairs {
		sp := dst[4+16*i:]
		binary.LittleEndian.PutUint32(sp, uint32(w))
		w += copy(text[w:], p.Key)
		binary.LittleEndian.PutUint32(sp[4:], uint32(w))
		binary.LittleEndian.PutUint32(sp[8:], uint32(w))
		w += copy(text[w:], p.Value)
		binary.LittleEndian.PutUint32(sp[12:], uint32(w))
	}
	for i, idx := range sc.order {
		binary.LittleEndian.PutUint32(dst[4+16*n+4*i:], uint32(idx))
	}
	stack[0] = api.EncodeI32(int32(size))
}
