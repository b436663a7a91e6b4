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

// keyedMAC is an HMAC state for one key and algorithm, reused while they
// stay the same (a plugin signs with one token), so that a MAC allocates
// nothing once warm.
type keyedMAC struct {
	mu  sync.Mutex
	alg uint32
	key []byte
	mac hash.Hash
	sum []byte
}

// macs are the cached states; a call takes the first free one, or computes
// without a cache when all are busy.
var macs [8]keyedMAC

func hmacInto(out []byte, alg uint32, key, msg []byte) {
	for i := range macs {
		m := &macs[i]
		if !m.mu.TryLock() {
			continue
		}
		if m.mac == nil || m.alg != alg || !bytes.Equal(m.key, key) {
			m.alg, m.key, m.mac = alg, append(m.key[:0], key...), newHMAC(alg, key)
		} else {
			m.mac.Reset()
		}
		m.mac.Write(msg)
		m.sum = m.mac.Sum(m.sum[:0])
		copy(out, m.sum)
		m.mu.Unlock()
		return
	}
	h := newHMAC(alg, key)
	h.Write(msg)
	copy(out, h.Sum(nil))
}

func newHMAC(alg uint32, key []byte) hash.Hash {
	if alg == 2 {
		return hmac.New(sha256.New, key)
	}
	return hmac.New(sha1.New, key)
}
