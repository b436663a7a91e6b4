package server

import (
	"fmt"
	"net"
	"testing"

	"github.com/valyala/fasthttp"
)

// fakeAddr is a listener's address that is neither TCP nor a unix socket.
type fakeAddr struct{}

func (fakeAddr) Network() string { return "pipe" }
func (fakeAddr) String() string  { return "pipe-1" }

func TestRemoteStrings(t *testing.T) {
	for _, a := range []net.Addr{
		&net.TCPAddr{IP: net.IPv4(203, 0, 113, 7), Port: 51234},
		&net.TCPAddr{IP: net.IP{203, 0, 113, 7}, Port: 80},
		&net.TCPAddr{IP: net.ParseIP("2001:db8::1"), Port: 443},
		&net.TCPAddr{IP: net.ParseIP("::1"), Port: 8000},
		&net.TCPAddr{IP: net.ParseIP("::ffff:192.0.2.1"), Port: 1},
		&net.TCPAddr{IP: net.ParseIP("fe80::1"), Port: 9, Zone: "eth0"},
		&net.TCPAddr{IP: net.ParseIP("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), Port: 65535},
		&net.TCPAddr{Port: 5},
		&net.UnixAddr{Name: "/run/accueil.sock", Net: "unix"},
		&net.UnixAddr{Name: "@", Net: "unix"},
		fakeAddr{},
	} {
		wantIP := net.IPv4zero.String() // fasthttp's RemoteIP of an address other than TCP's
		if ta, ok := a.(*net.TCPAddr); ok {
			wantIP = ta.IP.String()
		}
		var c copier
		addr, ip := remoteStrings(&c, a)
		if addr != a.String() || ip != wantIP {
			t.Errorf("remoteStrings(%#v) = %q, %q; want %q, %q", a, addr, ip, a.String(), wantIP)
		}
	}
}

func TestCopyRequest(t *testing.T) {
	var r fasthttp.Request
	r.Header.SetMethod("POST")
	r.SetRequestURI("//api/whatsapp/webhook?a=1&b=2")
	r.Header.SetHost("example.org")
	r.Header.SetContentType("application/x-www-form-urlencoded")
	r.Header.Set("X-Twilio-Signature", "c2lnbmF0dXJl")
	r.Header.Set("X-Custom-Thing", "value")
	r.SetBodyString("Body=Bonjour")
	var ctx fasthttp.RequestCtx
	ctx.Init(&r, &net.TCPAddr{IP: net.ParseIP("2001:db8::7"), Port: 4711}, nil)

	s := &Server{}
	req := s.copyRequest(&ctx)
	// fasthttp reuses its buffers: the copy must not see it.
	ctx.Request.Reset()
	ctx.Request.SetRequestURI("/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz?zzzzzzz")
	ctx.Request.Header.Set("X-Twilio-Signature", "zzzzzzzzzzzz")
	ctx.Request.SetBodyString("zzzzzzzzzzzz")

	if req.Method != "POST" || req.Path != "/api/whatsapp/webhook" || req.RawPath != "//api/whatsapp/webhook" ||
		req.Query != "a=1&b=2" || req.Host != "example.org" || req.Scheme != "http" || string(req.Body) != "Body=Bonjour" {
		t.Errorf("copied %+v", req)
	}
	if req.RemoteAddr != "[2001:db8::7]:4711" || req.RemoteIP != "2001:db8::7" {
		t.Errorf("remote %q %q", req.RemoteAddr, req.RemoteIP)
	}
	for name, want := range map[string]string{
		"host": "example.org", "content-type": "application/x-www-form-urlencoded",
		"x-twilio-signature": "c2lnbmF0dXJl", "x-custom-thing": "value",
	} {
		if got := req.Header(name); got != want {
			t.Errorf("header %s = %q, want %q", name, got, want)
		}
	}
	if req.Received.IsZero() {
		t.Error("no reception time")
	}
}

func TestCopyRequestSamePath(t *testing.T) {
	var r fasthttp.Request
	r.Header.SetMethod("GET")
	r.SetRequestURI("/api/web/events")
	var ctx fasthttp.RequestCtx
	ctx.Init(&r, &net.UnixAddr{Name: "/run/accueil.sock", Net: "unix"}, nil)
	req := (&Server{}).copyRequest(&ctx)
	if req.Path != "/api/web/events" || req.RawPath != req.Path || req.Query != "" || req.Method != "GET" {
		t.Errorf("copied %+v", req)
	}
	if req.RemoteAddr != "/run/accueil.sock" || req.RemoteIP != "0.0.0.0" {
		t.Errorf("remote %q %q", req.RemoteAddr, req.RemoteIP)
	}
}

func TestCopyRequestManyHeaders(t *testing.T) {
	var r fasthttp.Request
	r.SetRequestURI("/api/whatsapp/webhook")
	const n = 40 // more than a requestAlloc has room for
	for i := range n {
		r.Header.Set(fmt.Sprintf("X-H%02d", i), fmt.Sprintf("v%02d", i))
	}
	var ctx fasthttp.RequestCtx
	ctx.Init(&r, &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 1}, nil)
	req := (&Server{}).copyRequest(&ctx)
	for i := range n {
		if got, want := req.Header(fmt.Sprintf("x-h%02d", i)), fmt.Sprintf("v%02d", i); got != want {
			t.Errorf("header %d = %q, want %q", i, got, want)
		}
	}
	if req.RemoteAddr != "192.0.2.1:1" || req.RemoteIP != "192.0.2.1" {
		t.Errorf("remote %q %q", req.RemoteAddr, req.RemoteIP)
	}
}
