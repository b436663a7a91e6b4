package sdk

// HMACSHA1 returns the HMAC-SHA1 (RFC 2104) of msg under key, as Twilio
// signs its webhooks. Inside the host it is computed natively by the host
// function abi.HostHMAC (about 40x faster than SHA-1 compiled to
// WebAssembly); natively, with crypto/hmac. It allocates nothing once warm.
func HMACSHA1(key, msg []byte) [20]byte {
	var out [20]byte
	hmacInto(out[:], 1, key, msg)
	return out
}

// HMACSHA256 returns the HMAC-SHA256 of msg under key, as Meta signs its
// webhooks (X-Hub-Signature-256). See [HMACSHA1].
func HMACSHA256(key, msg []byte) [32]byte {
	var out [32]byte
	hmacInto(out[:], 2, key, msg)
	return out
}
