//go:build !wasip1

package sdk

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"sync"
)

// keyedMAC is an HMAC state for one key, reused while the key stays the same.
type keyedMAC struct {
	key []byte
	mac hash.Hash
	sum []byte
}

var macs [3]sync.Pool // by algorithm

func hmacInto(out []byte, alg uint32, key, msg []byte) {
	m, _ := macs[alg].Get().(*keyedMAC)
	if m == nil || !bytes.Equal(m.key, key) {
		newHash := sha1.New
		if alg == 2 {
			newHash = sha256.New
		}
		m = &keyedMAC{key: bytes.Clone(key), mac: hmac.New(newHash, key)}
	} else {
		m.mac.Reset()
	}
	m.mac.Write(msg)
	m.sum = m.mac.Sum(m.sum[:0])
	copy(out, m.sum)
	macs[alg].Put(m)
}
