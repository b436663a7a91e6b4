package runtime_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/valyala/fasthttp"
)

// BenchmarkWhatsAppTurn posts Twilio forms with fresh MessageSids to the
// whole host on loopback (plugin in wazero, engine, durable Badger turn).
func BenchmarkWhatsAppTurn(b *testing.B) {
	a := startApp(b, appOptions{})
	addr := a.URL[len("http://"):]
	client := &fasthttp.HostClient{Addr: addr, MaxConns: 256}
	var n atomic.Int64
	b.SetParallelism(64)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
		defer fasthttp.ReleaseRequest(req)
		defer fasthttp.ReleaseResponse(resp)
		for pb.Next() {
			i := n.Add(1)
			req.Reset()
			req.SetRequestURI(a.URL + "/api/whatsapp/webhook")
			req.Header.SetMethod("POST")
			req.Header.SetContentType("application/x-www-form-urlencoded")
			req.SetBodyString(twilioForm(fmt.Sprintf("SM%032d", i), fmt.Sprintf("+336399%05d", i%5000), "Bonjour, quels sont vos horaires ?"))
			if err := client.Do(req, resp); err != nil || resp.StatusCode() != 200 {
				b.Fatalf("%v %d %s", err, resp.StatusCode(), resp.Body())
			}
		}
	})
}
