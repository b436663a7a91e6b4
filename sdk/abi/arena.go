package abi

import "unsafe"

// arenaBlock is the size of an [Arena]'s blocks: about a hundred typical
// webhooks per allocation.
const arenaBlock = 64 << 10

// An Arena hands out the string copies a decode makes, carved from large
// blocks, so that decoding input after input costs one allocation per block
// instead of one per input. Strings taken from an arena are ordinary
// immutable strings: their bytes are never written again, and a kept
// string keeps its block alive. The zero value is ready to use; an Arena is
// not safe for concurrent use.
//
// The guest SDK decodes every request through one; the host, which decodes
// on many goroutines, does not need it.
type Arena struct {
	block []byte // len is the part handed out
}

// String returns a string holding a copy of p.
func (a *Arena) String(p []byte) string {
	if len(p) == 0 {
		return ""
	}
	if len(p) > cap(a.block)-len(a.block) {
		if len(p) > arenaBlock/4 {
			return string(p) // large: a block of its own
		}
		a.block = make([]byte, 0, arenaBlock)
	}
	start := len(a.block)
	a.block = append(a.block, p...)
	return unsafe.String(&a.block[start], len(p))
}
