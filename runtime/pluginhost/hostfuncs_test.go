package pluginhost

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/form"
)

// memoryOnly is a module that exports one page of memory and nothing else.
var memoryOnly = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
	0x05, 0x03, 0x01, 0x00, 0x01, // memory section: one memory, min 1 page
	0x07, 0x0a, 0x01, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, // export "memory"
}

// memoryModule returns memoryOnly instantiated beside the host module.
func memoryModule(t testing.TB) api.Module {
	t.Helper()
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	t.Cleanup(func() { rt.Close(ctx) })
	if err := InstantiateHostModule(ctx, rt); err != nil {
		t.Fatal(err)
	}
	mod, err := rt.Instantiate(ctx, memoryOnly)
	if err != nil {
		t.Fatal(err)
	}
	return mod
}

func TestHostHMAC(t *testing.T) {
	ctx := context.Background()
	mod := memoryModule(t)
	mem := mod.Memory()
	key, msg := []byte("7c2e9a41d8b35f06e1a4c7d92b58f3e0"), []byte("https://example.com/api/whatsapp/webhookBodyBonjour")
	mem.Write(0, key)
	mem.Write(100, msg)
	call := func(alg, keyPtr, keyLen, msgPtr, msgLen, outPtr uint64) uint64 {
		stack := []uint64{alg, keyPtr, keyLen, msgPtr, msgLen, outPtr}
		hostHMAC(ctx, mod, stack)
		return stack[0]
	}
	for _, tc := range []struct {
		alg  uint64
		want func() []byte
	}{
		{abi.HMACSHA1, func() []byte { m := hmac.New(sha1.New, key); m.Write(msg); return m.Sum(nil) }},
		{abi.HMACSHA256, func() []byte { m := hmac.New(sha256.New, key); m.Write(msg); return m.Sum(nil) }},
	} {
		want := tc.want()
		if n := call(tc.alg, 0, uint64(len(key)), 100, uint64(len(msg)), 1000); n != uint64(len(want)) {
			t.Fatalf("alg %d: returned %d, want %d", tc.alg, n, len(want))
		}
		if got, _ := mem.Read(1000, uint32(len(want))); string(got) != string(want) {
			t.Errorf("alg %d: MAC %x, want %x", tc.alg, got, want)
		}
	}
	const page = 65536
	for name, args := range map[string][6]uint64{
		"unknown alg":            {3, 0, 32, 100, 10, 1000},
		"key outside memory":     {abi.HMACSHA1, page - 4, 32, 100, 10, 1000},
		"message outside memory": {abi.HMACSHA1, 0, 32, page, 1, 1000},
		"output outside memory":  {abi.HMACSHA256, 0, 32, 100, 10, page - 31},
	} {
		if n := call(args[0], args[1], args[2], args[3], args[4], args[5]); n != 0 {
			t.Errorf("%s: returned %d, want 0", name, n)
		}
	}
}

func TestHostFormDecode(t *testing.T) {
	ctx := context.Background()
	mod := memoryModule(t)
	mem := mod.Memory()
	call := func(src string, dstCap uint32) int32 {
		mem.Write(0, []byte(src))
		stack := []uint64{0, uint64(len(src)), 4096, uint64(dstCap)}
		hostFormDecode(ctx, mod, stack)
		return api.DecodeI32(stack[0])
	}
	src := "To=whatsapp%3A%2B33&Body=Bonjour+%C3%A0+tous&Body=&Flag&A=2"
	n := call(src, 60000)
	if n <= 0 {
		t.Fatalf("returned %d", n)
	}
	out, _ := mem.Read(4096, uint32(n))
	u32 := func(i int) uint32 { return binary.LittleEndian.Uint32(out[4*i:]) }
	count := int(u32(0))
	text := string(out[4*(1+5*count):])
	var got []string
	for i := range count {
		got = append(got, text[u32(1+4*i):u32(2+4*i)]+"="+text[u32(3+4*i):u32(4+4*i)])
	}
	want := []string{"To=whatsapp:+33", "Body=Bonjour à tous", "Body=", "Flag=", "A=2"}
	if !slices.Equal(got, want) {
		t.Errorf("pairs %q, want %q", got, want)
	}
	var order []uint32
	for i := range count {
		order = append(order, u32(1+4*count+i))
	}
	if want := []uint32{4, 2, 1, 3, 0}; !slices.Equal(order, want) { // A, Body=, Body=Bonjour…, Flag, To
		t.Errorf("sorted order %v, want %v", order, want)
	}
	if r := call(src, 20); r != -n {
		t.Errorf("with a small buffer: returned %d, want -%d (the size needed)", r, n)
	}
	if r := call("Body=100%", 60000); r != -1 {
		t.Errorf("malformed escape: returned %d, want -1", r)
	}
	stack := []uint64{0, uint64(len(src)), 65536 - 16, 60000} // the output does not fit in memory
	hostFormDecode(ctx, mod, stack)
	if r := api.DecodeI32(stack[0]); r != -1 {
		t.Errorf("output outside memory: returned %d, want -1", r)
	}
	stack = []uint64{65530, 100, 0, 1000}
	hostFormDecode(ctx, mod, stack)
	if r := api.DecodeI32(stack[0]); r != -1 {
		t.Errorf("source outside memory: returned %d, want -1", r)
	}
}

// FuzzHostFormDecode checks form_decode against sdk/form natively: the same
// pairs in wire order, a sorted order that is a sorted permutation, and -1
// exactly when the form is malformed.
func FuzzHostFormDecode(f *testing.F) {
	for _, seed := range []string{"", "a=1&b=2", "Body=100%", "To=whatsapp%3A%2B33&Body=Bonjour+%C3%A0+tous&&x", "=&=&a", "k=v=w;x"} {
		f.Add(seed)
	}
	ctx := context.Background()
	mod := memoryModule(f)
	mem := mod.Memory()
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		mem.Write(0, []byte(src))
		stack := []uint64{0, uint64(len(src)), 8192, 65536 - 8192}
		hostFormDecode(ctx, mod, stack)
		r := api.DecodeI32(stack[0])
		want, err := form.ParseString(nil, src)
		if err != nil {
			if r != -1 {
				t.Fatalf("malformed %q: returned %d, want -1", src, r)
			}
			return
		}
		if r < 0 {
			t.Fatalf("%q: returned %d", src, r)
		}
		out, _ := mem.Read(8192, uint32(r))
		u32 := func(i int) int { return int(binary.LittleEndian.Uint32(out[4*i:])) }
		n := u32(0)
		if n != len(want) {
			t.Fatalf("%q: %d pairs, want %d", src, n, len(want))
		}
		text := string(out[4*(1+5*n):])
		got := make(form.Values, n)
		for i := range n {
			got[i] = form.Pair{Key: text[u32(1+4*i):u32(2+4*i)], Value: text[u32(3+4*i):u32(4+4*i)]}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: pairs %q, want %q", src, got, want)
		}
		seen := make([]bool, n)
		for i := range n {
			j := u32(1 + 4*n + i)
			if j >= n || seen[j] {
				t.Fatalf("%q: sorted order is not a permutation", src)
			}
			seen[j] = true
			if i > 0 {
				a, b := got[u32(1+4*n+i-1)], got[j]
				if a.Key > b.Key || (a.Key == b.Key && a.Value > b.Value) {
					t.Fatalf("%q: sorted order out of order at %d", src, i)
				}
			}
		}
	})
}
