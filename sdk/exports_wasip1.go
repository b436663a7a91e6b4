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

// The decoded inputs, reused from call to call: decoding into them reuses
// their slices, so a call allocates little more than the string copy of its
// input. A Channel must not keep them (or their slices) past the call.
var (
	request     abi.Request
	renderInput abi.RenderInput
	arena       abi.Arena // the decoded strings: copies, carved from big blocks
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
	if err := abi.DecodeRequestTo(input(ptr, length), &request, &arena); err != nil {
		return failure(err.Error())
	}
	res, err := registered.Parse(&request)
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
	if err := abi.DecodeRenderInputTo(input(ptr, length), &renderInput, &arena); err != nil {
		return failure(err.Error())
	}
	resp, err := registered.Render(&renderInput)
	if err != nil {
		return failure(err.Error())
	}
	return output(abi.AppendResponse(outBuf[:0], &resp), false)
}
