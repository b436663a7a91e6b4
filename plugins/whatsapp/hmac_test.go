package main

import (
	"crypto/hmac"
	"crypto/sha1"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestHMACSHA1 checks the unrolled HMAC-SHA1 against crypto/hmac for keys
// and messages around every block boundary (both parts of the message).
func TestHMACSHA1(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	bytes := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	for _, keyLen := range []int{0, 1, 20, 32, 63, 64, 65, 100, 200} {
		key := bytes(keyLen)
		m := newHMACSHA1(key)
		for n := 0; n <= 200; n++ {
			msg := bytes(n)
			split := rng.IntN(n + 1)
			want := hmac.New(sha1.New, key)
			want.Write(msg)
			got := m.sum(string(msg[:split]), msg[split:])
			if string(got[:]) != string(want.Sum(nil)) {
				t.Fatalf("key %d bytes, message %d bytes: MAC %x, want %x", keyLen, n, got, want.Sum(nil))
			}
		}
	}
	// RFC 2202 test case 2.
	got := newHMACSHA1([]byte("Jefe")).sum("what do ya want ", []byte("for nothing?"))
	if want := "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"; strings.TrimSpace(hexString(got[:])) != want {
		t.Fatalf("RFC 2202 case 2: %x, want %s", got, want)
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	s := make([]byte, 0, 2*len(b))
	for _, c := range b {
		s = append(s, digits[c>>4], digits[c&15])
	}
	return string(s)
}

func TestHMACSHA1Allocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under -race; checked by the plain test run and the benchmarks")
	}
	m := newHMACSHA1([]byte("token"))
	body := []byte(strings.Repeat("x", 500))
	m.sum("https://example.com/hook", body)
	if n := testing.AllocsPerRun(100, func() { m.sum("https://example.com/hook", body) }); n != 0 {
		t.Errorf("sum allocates %v times, want 0", n)
	}
}

func BenchmarkHMACSHA1(b *testing.B) {
	body := []byte(strings.Repeat("x", 470))
	b.Run("unrolled", func(b *testing.B) {
		m := newHMACSHA1([]byte("7c2e9a41d8b35f06e1a4c7d92b58f3e0"))
		for b.Loop() {
			m.sum("https://reception.example.com/v1/channels/twilio/whatsapp", body)
		}
	})
	b.Run("crypto/hmac", func(b *testing.B) {
		m := hmac.New(sha1.New, []byte("7c2e9a41d8b35f06e1a4c7d92b58f3e0"))
		var sum [20]byte
		for b.Loop() {
			m.Reset()
			m.Write([]byte("https://reception.example.com/v1/channels/twilio/whatsapp"))
			m.Write(body)
			m.Sum(sum[:0])
		}
	})
}
