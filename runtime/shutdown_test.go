package runtime_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestGracefulShutdownFinishesInFlight: a request being served when the
// server is asked to stop still gets its whole answer; new requests are
// refused.
func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	srv, addr := startTCK(t, map[string]any{"name": "slow", "abi_version": 2, "mount": "slow", "module": "tck.wasm",
		// Trusted: the spin runs at full speed (no interruption checks).
		"trusted": true, "memory_pages": 16, "timeout_ms": 10000})
	url := "http://" + addr + "/api/slow/webhook"

	type answer struct {
		code int
		err  error
	}
	// The spin is trusted WebAssembly, which the Go scheduler cannot
	// preempt: a garbage collection starting during it would stop the world,
	// this goroutine included, until it ends, and the test would never see
	// the request in flight.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	inflight := make(chan answer, 1)
	// A client of its own: a connection pooled by an earlier test for a
	// server now closed (on a port reused since) would fail the request.
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	go func() {
		// "SPIN": the guest spins for about half a second before answering.
		req, _ := http.NewRequest("SPIN", url, strings.NewReader("x"))
		resp, err := client.Do(req)
		if err != nil {
			inflight <- answer{err: err}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		inflight <- answer{code: resp.StatusCode}
	}()
	reached := time.After(10 * time.Second)
	for srv.InFlight() == 0 {
		select {
		case a := <-inflight:
			t.Fatalf("the slow request ended before the server saw it in flight: %d %v", a.code, a.err)
		case <-reached:
			t.Fatal("the slow request did not reach the server within 10 s")
		case <-time.After(5 * time.Millisecond):
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	a := <-inflight
	if a.err != nil || a.code != 200 {
		t.Fatalf("the in-flight request was not finished: %d %v", a.code, a.err)
	}
	if _, err := http.Get("http://" + addr + "/health"); err == nil {
		t.Error("a new request was served after shutdown")
	}
}

func TestBodyLimit(t *testing.T) {
	a := startApp(t, appOptions{})
	// Announce a 2 MiB body: the server answers 413 from the headers alone,
	// without reading (or waiting for) the body.
	conn, err := net.Dial("tcp", strings.TrimPrefix(a.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "POST /api/whatsapp/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\nBody=", 2<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 413 || !strings.Contains(string(body), "larger than") {
		t.Errorf("2 MiB body: %d %.200s, want 413 naming the limit", resp.StatusCode, body)
	}
}
