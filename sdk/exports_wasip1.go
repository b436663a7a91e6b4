//go:build wasip1

package sdk

import (
	"unsafe"

	"github.com/accueil-pme/accueil/sdk/abi"
)

// The input buffer the host writes into, and the last output, which stays
// alive (and so valid for the host to read) until the next call.
var (
	inBuf  []byte
	outBuf []byte
)

//go:wasmexport accueil_abi_version
func exportABIVersion() int32 { return abi.Version }

//go:wasmexport accueil_alloc
func exportAlloc(size int32) uint32 {
	if int(size) > cap(inBuf) {
		inBuf = make([]byte, size)
	}
	inBuf = inBuf[:cap(inBuf)]
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(inBuf))))
}

func input(ptr unsafe.Pointer, length uint32) []byte {
	return unsafe.Slice((*byte)(ptr), length)
}

func output(b []byte, isErr bool) uint64 {
	outBuf = b
	if len(b) == 0 {
		return abi.PackResult(0, 0, isErr)
	}
	return abi.PackResult(uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b)))), uint32(len(b)), isErr)
}

func failure(msg string) uint64 { return output(append(outBuf[:0], msg...), true) }

const errNotRegistered = "sdk: no channel registered (call sdk.Register from init)"

//go:wasmexport accueil_init
func exportInit(ptr unsafe.Pointer, length uint32) uint64 {
	if registered == nil {
		return failure(errNotRegistered)
	}
	cfg, err := abi.DecodeConfig(input(ptr, length))
	if err != nil {
		return failure(err.Error())
	}
	if err := registered.Init(cfg); err != nil {
		return failure(err.Error())
	}
	return output(nil, false)
}

//go:wasmexport accueil_parse
func exportParse(ptr unsafe.Pointer, length uint32) uint64 {
	if registered == nil {
		return failure(errNotRegistered)
	}
	req, err := abi.DecodeRequest(input(ptr, length))
	if err != nil {
		return failure(err.Error())
	}
	res, err := registered.Parse(&req)
	if err != nil {
		res = abi.ParseResult{Reject: &abi.Reject{Status: 400, Message: err.Error()}}
	}
	return output(abi.AppendParseResult(outBuf[:0], &res), false)
}

//go:wasmexport accueil_render
func exportRender(ptr unsafe.Pointer, length uint32) uint64 {
	if registered == nil {
		return failure(errNotRegistered)
	}
	in, err := abi.DecodeRenderInput(input(ptr, length))
	if err != nil {
		return failure(err.Error())
	}
	resp, err := registered.Render(&in)
	if err != nil {
		return failure(err.Error())
	}
	return output(abi.AppendResponse(outBuf[:0], &resp), false)
}
