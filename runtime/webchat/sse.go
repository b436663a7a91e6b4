package webchat

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"
)

// DefaultKeepAlive is the interval between keep-alive comments of [Stream]
// when none is given: short enough for proxies (which often cut idle
// connections after 30 to 60 s) and to notice a gone client.
const DefaultKeepAlive = 15 * time.Second

// RetryMillis is the reconnection delay [Stream] tells the browser.
const RetryMillis = 3000

// WriteSSE writes ev in the text/event-stream format: an "id:" line when
// ev.ID is set, an "event:" line when ev.Type is set, one "data:" line per
// line of ev.Data, and a blank line. Carriage returns and newlines in ID
// and Type are replaced by spaces so they cannot start a new field.
func WriteSSE(w io.Writer, ev Event) error {
	var b bytes.Buffer
	if ev.ID != "" {
		b.WriteString("id: ")
		b.WriteString(oneLine(ev.ID))
		b.WriteByte('\n')
	}
	if ev.Type != "" {
		b.WriteString("event: ")
		b.WriteString(oneLine(ev.Type))
		b.WriteByte('\n')
	}
	data := ev.Data
	for {
		i := bytes.IndexAny(data, "\r\n")
		b.WriteString("data: ")
		if i < 0 {
			b.Write(data)
			b.WriteByte('\n')
			break
		}
		b.Write(data[:i])
		b.WriteByte('\n')
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	b.WriteByte('\n')
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("webchat: write event: %w", err)
	}
	return nil
}

// WriteComment writes an SSE comment line (": text"), which browsers
// ignore; used as a keep-alive.
func WriteComment(w io.Writer, text string) error {
	if _, err := io.WriteString(w, ": "+oneLine(text)+"\n\n"); err != nil {
		return fmt.Errorf("webchat: write comment: %w", err)
	}
	return nil
}

func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

// Stream writes an SSE stream to w: first a "retry:" field and a comment,
// then every event received from events, and a keep-alive comment whenever
// keepAlive (0 means [DefaultKeepAlive]) passes without one. flush, when not
// nil, is called after each write so the bytes leave at once.
//
// Stream returns nil when ctx is done or events is closed (the hub dropped
// or closed the subscriber: the browser reconnects), and the error of a
// failed write or flush (the client went away).
func Stream(ctx context.Context, w io.Writer, flush func() error, events <-chan Event, keepAlive time.Duration) error {
	if keepAlive <= 0 {
		keepAlive = DefaultKeepAlive
	}
	send := func(write func() error) error {
		if err := write(); err != nil {
			return err
		}
		if flush != nil {
			if err := flush(); err != nil {
				return fmt.Errorf("webchat: flush stream: %w", err)
			}
		}
		return nil
	}
	err := send(func() error {
		if _, err := fmt.Fprintf(w, "retry: %d\n", RetryMillis); err != nil {
			return fmt.Errorf("webchat: write retry: %w", err)
		}
		return WriteComment(w, "connected")
	})
	if err != nil {
		return err
	}
	t := time.NewTicker(keepAlive)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			if err := send(func() error { return WriteSSE(w, ev) }); err != nil {
				return err
			}
			t.Reset(keepAlive)
		case <-t.C:
			if err := send(func() error { return WriteComment(w, "keep-alive") }); err != nil {
				return err
			}
		}
	}
}
