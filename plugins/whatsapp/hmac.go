package main

import (
	"crypto/sha1"
	"encoding/binary"
	"hash"
)

// hmacSHA1 computes HMAC-SHA1 (RFC 2104) with a fixed key, the MAC of
// X-Twilio-Signature. The states after the inner and outer padded key
// blocks are computed once, in newHMACSHA1, so a MAC costs only the blocks
// of its message plus one outer block, and no allocation once msg has grown.
//
// crypto/hmac would do, but inside the guest its generic SHA-1 loop costs
// several times more than the unrolled sha1Blocks; hmac_test.go checks the
// two against each other.
//
// It also implements hash.Hash (Write buffers the message), for tests.
type hmacSHA1 struct {
	inner, outer [5]uint32
	msg          []byte // scratch: the padded inner message
	written      []byte // what Write received since Reset
}

var _ hash.Hash = (*hmacSHA1)(nil)

func (m *hmacSHA1) Write(p []byte) (int, error) {
	m.written = append(m.written, p...)
	return len(p), nil
}

// Sum appends the MAC of what was written since Reset to b.
func (m *hmacSHA1) Sum(b []byte) []byte {
	mac := m.sum("", m.written)
	return append(b, mac[:]...)
}

func (m *hmacSHA1) Reset()         { m.written = m.written[:0] }
func (m *hmacSHA1) Size() int      { return sha1.Size }
func (m *hmacSHA1) BlockSize() int { return sha1.BlockSize }

var sha1Init = [5]uint32{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0}

func newHMACSHA1(key []byte) *hmacSHA1 {
	if len(key) > 64 {
		sum := sha1.Sum(key)
		key = sum[:]
	}
	var ipad, opad [64]byte
	copy(ipad[:], key)
	copy(opad[:], key)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	m := &hmacSHA1{inner: sha1Init, outer: sha1Init}
	sha1Blocks(&m.inner, ipad[:])
	sha1Blocks(&m.outer, opad[:])
	return m
}

// sum returns the MAC of the concatenation of parts a and b.
func (m *hmacSHA1) sum(a string, b []byte) [20]byte {
	n := len(a) + len(b)
	msg := append(m.msg[:0], a...)
	msg = append(msg, b...)
	msg = sha1Pad(msg, 64+n)
	m.msg = msg[:0]

	h := m.inner
	sha1Blocks(&h, msg)
	var block [64]byte
	for i, v := range h {
		binary.BigEndian.PutUint32(block[4*i:], v)
	}
	block[20] = 0x80
	binary.BigEndian.PutUint64(block[56:], (64+20)*8)
	h = m.outer
	sha1Blocks(&h, block[:])
	var out [20]byte
	for i, v := range h {
		binary.BigEndian.PutUint32(out[4*i:], v)
	}
	return out
}

// sha1Pad appends SHA-1's padding to msg, the tail of a message of total
// bytes, so that it ends on a block boundary.
func sha1Pad(msg []byte, total int) []byte {
	msg = append(msg, 0x80)
	zeros := (56 - len(msg)%64 + 64) % 64
	msg = append(msg, make([]byte, zeros+8)...)
	binary.BigEndian.PutUint64(msg[len(msg)-8:], uint64(total)*8)
	return msg
}
