package webchat

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestWriteSSE(t *testing.T) {
	tests := []struct {
		name string
		ev   Event
		want string
	}{
		{"data only", Event{Data: []byte(`{"a":1}`)}, "data: {\"a\":1}\n\n"},
		{"id and type", Event{ID: "r.m1.0", Type: "message", Data: []byte("x")}, "id: r.m1.0\nevent: message\ndata: x\n\n"},
		{"multi line", Event{Data: []byte("a\nb\r\nc\rd")}, "data: a\ndata: b\ndata: c\ndata: d\n\n"},
		{"empty data", Event{Type: "ping"}, "event: ping\ndata: \n\n"},
		{"newline in id", Event{ID: "a\nevent: evil", Data: []byte("x")}, "id: a event: evil\ndata: x\n\n"},
		{"trailing newline", Event{Data: []byte("x\n")}, "data: x\ndata: \n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteSSE(&b, tt.ev); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got %q, want %q", b.String(), tt.want)
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestWriteSSEError(t *testing.T) {
	err := WriteSSE(failWriter{}, Event{Data: []byte("x")})
	if err == nil || !strings.Contains(err.Error(), "webchat: write event: broken pipe") {
		t.Errorf("err = %v", err)
	}
	if err := WriteComment(failWriter{}, "x"); err == nil {
		t.Error("WriteComment: no error")
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestStream(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		events := make(chan Event, 1)
		var out syncBuffer
		flushes := 0
		done := make(chan error)
		go func() { done <- Stream(ctx, &out, func() error { flushes++; return nil }, events, 10*time.Second) }()
		synctest.Wait()
		events <- Event{ID: "1", Type: "message", Data: []byte("hi")}
		synctest.Wait()
		time.Sleep(10 * time.Second) // one keep-alive
		synctest.Wait()
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Stream: %v", err)
		}
		want := "retry: 3000\n: connected\n\nid: 1\nevent: message\ndata: hi\n\n: keep-alive\n\n"
		if out.String() != want {
			t.Errorf("stream = %q, want %q", out.String(), want)
		}
		if flushes != 3 {
			t.Errorf("flushes = %d, want 3", flushes)
		}
	})
}

func TestStreamEndsWhenChannelCloses(t *testing.T) {
	events := make(chan Event)
	close(events)
	if err := Stream(t.Context(), &bytes.Buffer{}, nil, events, 0); err != nil {
		t.Errorf("Stream = %v, want nil", err)
	}
}

func TestStreamWriteError(t *testing.T) {
	err := Stream(t.Context(), failWriter{}, nil, make(chan Event), 0)
	if err == nil {
		t.Error("Stream on a broken writer returned nil")
	}
	flushErr := errors.New("gone")
	err = Stream(t.Context(), &bytes.Buffer{}, func() error { return flushErr }, make(chan Event), 0)
	if !errors.Is(err, flushErr) {
		t.Errorf("Stream = %v, want the flush error", err)
	}
}

// TestStreamKeepAliveDetectsGoneClient: a client that went away is noticed
// at the next keep-alive, so the subscriber does not linger.
func TestStreamKeepAliveDetectsGoneClient(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := NewHub(HubOptions{})
		w := &breakingWriter{after: 1}
		done := make(chan error)
		go func() {
			ch, cancel := h.Subscribe("s")
			defer cancel()
			done <- Stream(t.Context(), w, nil, ch, time.Second)
		}()
		time.Sleep(1500 * time.Millisecond)
		if err := <-done; err == nil {
			t.Error("Stream returned nil on a broken connection")
		}
		synctest.Wait()
		if h.Subscribers("s") != 0 {
			t.Error("subscriber left behind")
		}
	})
}

type breakingWriter struct{ after int }

func (b *breakingWriter) Write(p []byte) (int, error) {
	if b.after <= 0 {
		return 0, errors.New("connection reset")
	}
	b.after--
	return len(p), nil
}
