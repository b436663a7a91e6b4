//go:build wasip1

package sdk

import "unsafe"

// hostHMAC is the host's accueil.hmac. The host reads key and msg and
// writes out during the call and keeps none of them: without go:noescape
// the compiler moves out to the heap, one allocation per signature check,
// and a Go guest's collector then runs every few thousand messages (the
// signed WhatsApp parse and render went from 31.5 to 27.6 µs).
//
//go:wasmimport accueil hmac
//go:noescape
func hostHMAC(alg uint32, key unsafe.Pointer, keyLen uint32, msg unsafe.Pointer, msgLen uint32, out unsafe.Pointer) uint32

func hmacInto(out []byte, alg uint32, key, msg []byte) {
	n := hostHMAC(alg, unsafe.Pointer(unsafe.SliceData(key)), uint32(len(key)),
		unsafe.Pointer(unsafe.SliceData(msg)), uint32(len(msg)), unsafe.Pointer(unsafe.SliceData(out)))
	if int(n) != len(out) {
		panic("sdk: the host's hmac function failed") // only for a host that breaks the ABI
	}
}
