package webchat

import "sync"

// Event is one server-sent event.
type Event struct {
	// ID is the SSE id; empty for none. For messages it is the message id.
	ID string
	// Type is the SSE event name; empty means the default, "message".
	Type string
	// Data is the payload, usually one JSON document. It may hold newlines.
	Data []byte
}

// HubOptions bound a [Hub]. The zero value is usable.
type HubOptions struct {
	// Buffer is the number of events buffered per subscriber; 0 means 16.
	// A subscriber whose buffer is full is dropped (its channel closed):
	// the widget reconnects and reloads the history, so nothing is lost.
	Buffer int
	// MaxPerSession caps the subscribers of one session (open tabs);
	// 0 means 8. A further Subscribe drops the oldest subscriber.
	MaxPerSession int
}

// Hub delivers events published for a session to every current subscriber
// of that session. It starts no goroutines and never blocks a publisher.
// The zero Hub is not usable; call [NewHub]. A Hub is safe for concurrent use.
type Hub struct {
	buffer, maxPer int

	mu     sync.Mutex
	subs   map[string][]*subscriber
	closed bool
}

type subscriber struct {
	ch   chan Event
	done bool // channel closed; guarded by Hub.mu
}

// NewHub returns an empty hub.
func NewHub(opts HubOptions) *Hub {
	h := &Hub{buffer: opts.Buffer, maxPer: opts.MaxPerSession, subs: make(map[string][]*subscriber)}
	if h.buffer <= 0 {
		h.buffer = 16
	}
	if h.maxPer <= 0 {
		h.maxPer = 8
	}
	return h
}

// Subscribe registers a subscriber for session. The channel receives the
// events published for session until cancel is called, the subscriber is
// dropped for being slow or in excess, or the hub is closed; the channel is
// then closed. cancel is idempotent and must be called when the subscriber
// goes away. After [Hub.Close], Subscribe returns a closed channel.
func (h *Hub) Subscribe(session string) (<-chan Event, func()) {
	s := &subscriber{ch: make(chan Event, h.buffer)}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		s.done = true
		close(s.ch)
		return s.ch, func() {}
	}
	list := h.subs[session]
	if len(list) >= h.maxPer {
		h.drop(list[0])
		list = list[1:]
	}
	h.subs[session] = append(list, s)
	return s.ch, func() { h.remove(session, s) }
}

// drop closes a subscriber's channel; the caller holds h.mu.
func (h *Hub) drop(s *subscriber) {
	if !s.done {
		s.done = true
		close(s.ch)
	}
}

func (h *Hub) remove(session string, s *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.drop(s)
	list := h.subs[session]
	for i, x := range list {
		if x == s {
			list = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(h.subs, session)
	} else {
		h.subs[session] = list
	}
}

// Publish sends ev to every subscriber of session without blocking and
// returns how many received it. A subscriber whose buffer is full is dropped.
func (h *Hub) Publish(session string, ev Event) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	list := h.subs[session]
	n := 0
	kept := list[:0]
	for _, s := range list {
		select {
		case s.ch <- ev:
			n++
			kept = append(kept, s)
		default:
			h.drop(s)
		}
	}
	clear(list[len(kept):])
	if len(kept) == 0 {
		delete(h.subs, session)
	} else {
		h.subs[session] = kept
	}
	return n
}

// Subscribers returns the number of subscribers of session.
func (h *Hub) Subscribers(session string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs[session])
}

// Sessions returns the number of sessions with at least one subscriber.
func (h *Hub) Sessions() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Close closes every subscriber's channel, so open streams end (call it at
// shutdown). Later Subscribe calls get a closed channel and Publish reaches
// nobody.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for k, list := range h.subs {
		for _, s := range list {
			h.drop(s)
		}
		delete(h.subs, k)
	}
}
