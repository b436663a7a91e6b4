//go:build wasip1

package form

import (
	"encoding/binary"
	"unsafe"
)

//go:wasmimport accueil form_decode
//go:noescape
func hostFormDecode(src unsafe.Pointer, srcLen uint32, dst unsafe.Pointer, dstCap uint32) int32

// parseByHost decodes p with the host's form_decode function (see
// docs/abi.md): the host writes the pair count, the pairs' spans, their
// sorted order and the decoded text into d.buf. It reports false for a
// malformed input, which the guest's own decoder then reports precisely.
func (d *Decoder) parseByHost(p []byte) (Values, bool) {
	want := 4*(1+5*(len(p)/8+4)) + len(p)
	for range 2 {
		if cap(d.buf) < want {
			d.buf = make([]byte, want)
		}
		buf := d.buf[:cap(d.buf)]
		r := hostFormDecode(unsafe.Pointer(unsafe.SliceData(p)), uint32(len(p)), unsafe.Pointer(unsafe.SliceData(buf)), uint32(len(buf)))
		switch {
		case r == -1:
			return nil, false
		case r < -1:
			want = int(-r)
			continue
		}
		buf = buf[:r]
		n := int(binary.LittleEndian.Uint32(buf))
		// The spans and the order are little-endian u32s, 4-aligned in
		// buf: read them as such (WebAssembly is little-endian) rather
		// than with binary.LittleEndian, which inside WebAssembly is four
		// byte loads and shifts per number.
		head := unsafe.Pointer(unsafe.SliceData(buf[4 : 4+20*n]))
		spans := unsafe.Slice((*[4]uint32)(head), n)
		order := unsafe.Slice((*int32)(unsafe.Add(head, 16*n)), n)
		text := unsafe.String(unsafe.SliceData(buf), len(buf))[4+20*n:]
		pairs := d.pairs[:0]
		for i := range spans {
			sp := &spans[i]
			pairs = append(pairs, Pair{Key: text[sp[0]:sp[1]], Value: text[sp[2]:sp[3]]})
		}
		d.pairs = pairs
		d.order = append(d.order[:0], order...)
		d.sorted = true
		return pairs, true
	}
	return nil, false
}
