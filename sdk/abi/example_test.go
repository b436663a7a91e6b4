package abi_test

import (
	"fmt"

	"github.com/accueil-pme/accueil/sdk/abi"
)

// The host encodes a request, the guest decodes it; the guest encodes its
// result and the host decodes it.
func Example() {
	req := abi.Request{Method: "POST", Path: "/api/whatsapp/webhook", Body: []byte("Body=Bonjour")}
	wire := abi.AppendRequest(nil, &req)

	got, err := abi.DecodeRequest(wire)
	if err != nil {
		panic(err)
	}
	fmt.Println(got.Method, got.Path, string(got.Body))

	res := abi.ParseResult{Events: []abi.Event{{Kind: abi.KindMessage, ID: "SM1", From: "+33639980012", Text: "Bonjour"}}}
	back, err := abi.DecodeParseResult(abi.AppendParseResult(nil, &res))
	if err != nil {
		panic(err)
	}
	fmt.Println(back.Events[0].Kind, back.Events[0].From, back.Events[0].Text)
	// Output:
	// POST /api/whatsapp/webhook Body=Bonjour
	// message +33639980012 Bonjour
}

func ExamplePackResult() {
	v := abi.PackResult(0x10000, 42, false)
	ptr, n, isErr := abi.UnpackResult(v)
	fmt.Printf("%#x → ptr=%#x len=%d error=%v\n", v, ptr, n, isErr)

	ptr, n, isErr = abi.UnpackResult(abi.PackResult(0x20000, 17, true))
	fmt.Printf("ptr=%#x len=%d error=%v\n", ptr, n, isErr)
	// Output:
	// 0x100000000002a → ptr=0x10000 len=42 error=false
	// ptr=0x20000 len=17 error=true
}

func ExampleAppendConfig() {
	cfg := abi.Config{Plugin: "w", Settings: []abi.KV{{Key: "a", Value: "b"}}}
	fmt.Printf("% x\n", abi.AppendConfig(nil, &cfg))
	// Output:
	// 0a 01 77 12 06 0a 01 61 12 01 62
}

func ExampleConfig_Get() {
	cfg := abi.Config{Plugin: "whatsapp", Settings: []abi.KV{{Key: "auth_token", Value: "s3cret"}}}
	fmt.Printf("%q %q\n", cfg.Get("auth_token"), cfg.Get("webhook_url"))
	// Output:
	// "s3cret" ""
}

func ExampleRequest_Header() {
	req := abi.Request{Headers: []abi.KV{{Key: "x-twilio-signature", Value: "gVP/ENC2C20NHoorkXRF706HSKU="}}}
	fmt.Println(req.Header("x-twilio-signature"))
	// Output:
	// gVP/ENC2C20NHoorkXRF706HSKU=
}

// A guest decodes request after request into the same value, from the same
// input buffer: once warm, decoding allocates nothing, and what it decoded
// is valid until the buffer is written again.
func ExampleDecodeRequestTo() {
	var (
		req abi.Request
		buf []byte // the guest's input buffer
	)
	for _, path := range []string{"/api/whatsapp/webhook", "/api/whatsapp/health"} {
		buf = abi.AppendRequest(buf[:0], &abi.Request{Method: "POST", Path: path})
		if err := abi.DecodeRequestTo(buf, &req); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(req.Method, req.Path)
	}
	// Output:
	// POST /api/whatsapp/webhook
	// POST /api/whatsapp/health
}
