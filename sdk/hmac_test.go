package sdk_test

import (
	"encoding/hex"
	"testing"

	"github.com/accueil-pme/accueil/sdk"
)

func TestHMAC(t *testing.T) {
	// RFC 2202 test case 2 and RFC 4231 test case 2, then another key: the
	// key state a call reuses must follow the key.
	jefe, msg := []byte("Jefe"), []byte("what do ya want for nothing?")
	for range 2 {
		if got := sdk.HMACSHA1(jefe, msg); hex.EncodeToString(got[:]) != "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" {
			t.Errorf("HMAC-SHA1 = %x", got)
		}
		if got := sdk.HMACSHA256(jefe, msg); hex.EncodeToString(got[:]) != "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" {
			t.Errorf("HMAC-SHA256 = %x", got)
		}
		// RFC 2202 test case 1: key 0x0b x 20, "Hi There".
		key := []byte{0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b}
		if got := sdk.HMACSHA1(key, []byte("Hi There")); hex.EncodeToString(got[:]) != "b617318655057264e28bc0b6fb378c8ef146be00" {
			t.Errorf("HMAC-SHA1 with another key = %x", got)
		}
	}
	if n := testing.AllocsPerRun(100, func() { sdk.HMACSHA1(jefe, msg) }); n != 0 {
		t.Errorf("HMACSHA1 allocates %v times once warm", n)
	}
}
