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
		spans := buf[4 : 4+16*n]
		order := buf[4+16*n : 4+20*n]
		text := unsafe.String(unsafe.SliceData(buf), len(buf))[4+20*n:]
		pairs := d.pairs[:0]
		for i := 0; i < n; i++ {
			sp := spans[16*i : 16*i+16]
			k0, k1 := binary.LittleEndian.Uint32(sp), binary.LittleEndian.Uint32(sp[4:])
			v0, v1 := binary.LittleEndian.Uint32(sp[8:]), binary.LittleEndian.Uint32(sp[12:])
			pairs = append(pairs, Pair{Key: text[k0:k1], Value: text[v0:v1]})
		}
		d.pairs = pairs
		d.order = d.order[:0]
		for i := 0; i < n; i++ {
			d.order = append(d.order, int32(binary.LittleEndian.Uint32(order[4*i:])))
		}
		d.sorted = true
		return pairs, true
	}
	return nil, false
}
