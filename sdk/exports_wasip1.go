//go:build wasip1

package sdk

import (
	"unsafe"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/internal/guest"
)

var (
	// inBuf is the input buffer the host writes each call into. What a
	// channel receives aliases it: see "Lifetimes" in package abi.
	inBuf []byte
	// g decodes and encodes around the channel; its output stays valid
	// (and so readable by the host) until the next call.
	g guest.Guest
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

func result(out []byte, isErr bool) uint64 {
	if len(out) == 0 {
		return abi.PackResult(0, 0, isErr)
	}
	return abi.PackResult(uint32(uintptr(unsafe.Pointer(unsafe.SliceData(out)))), uint32(len(out)), isErr)
}

//go:wasmexport accueil_init
func exportInit(ptr unsafe.Pointer, length uint32) uint64 {
	return result(g.Init(registeredGuest, input(ptr, length)))
}

//go:wasmexport accueil_parse
func exportParse(ptr unsafe.Pointer, length uint32) uint64 {
	return result(g.Parse(registeredGuest, input(ptr, length)))
}

//go:wasmexport accueil_render
func exportRender(ptr unsafe.Pointer, length uint32) uint64 {
	return result(g.Render(registeredGuest, input(ptr, length)))
}
