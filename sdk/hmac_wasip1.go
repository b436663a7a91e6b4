//go:build wasip1

package sdk

import "unsafe"

//go:wasmimport accueil hmac
func hostHMAC(alg uint32, key unsafe.Pointer, keyLen uint32, msg unsafe.Pointer, msgLen uint32, out unsafe.Pointer) uint32

func hmacInto(out []byte, alg uint32, key, msg []byte) {
	n := hostHMAC(alg, unsafe.Pointer(unsafe.SliceData(key)), uint32(len(key)),
		unsafe.Pointer(unsafe.SliceData(msg)), uint32(len(msg)), unsafe.Pointer(unsafe.SliceData(out)))
	if int(n) != len(out) {
		panic("sdk: the host's hmac function failed") // only for a host that breaks the ABI
	}
}
