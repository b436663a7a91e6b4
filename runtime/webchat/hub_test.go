package webchat

import (
	"fmt"
	"sync"
	"testing"
)

func TestHubPublishSubscribe(t *testing.T) {
	h := NewHub(HubOptions{})
	a, cancelA := h.Subscribe("web:a")
	b, cancelB := h.Subscribe("web:a")
	other, cancelO := h.Subscribe("web:b")
	defer cancelO()

	if n := h.Publish("web:a", Event{ID: "1", Data: []byte("x")}); n != 2 {
		t.Fatalf("Publish delivered to %d, want 2", n)
	}
	for _, ch := range []<-chan Event{a, b} {
		if ev := <-ch; ev.ID != "1" || string(ev.Data) != "x" {
			t.Errorf("got %+v", ev)
		}
	}
	select {
	case ev := <-other:
		t.Fatalf("other session got %+v", ev)
	default:
	}
	cancelA()
	cancelA() // idempotent
	if _, ok := <-a; ok {
		t.Error("channel not closed after cancel")
	}
	if n := h.Publish("web:a", Event{ID: "2"}); n != 1 {
		t.Errorf("Publish after cancel delivered to %d, want 1", n)
	}
	cancelB()
	if h.Subscribers("web:a") != 0 || h.Sessions() != 1 {
		t.Errorf("subscribers=%d sessions=%d after cancel", h.Subscribers("web:a"), h.Sessions())
	}
	if n := h.Publish("web:nobody", Event{}); n != 0 {
		t.Errorf("Publish to nobody delivered to %d", n)
	}
}

func TestHubDropsSlowSubscriber(t *testing.T) {
	h := NewHub(HubOptions{Buffer: 2})
	slow, cancel := h.Subscribe("s")
	defer cancel()
	for i := range 3 {
		h.Publish("s", Event{ID: fmt.Sprint(i)})
	}
	var got []string
	for ev := range slow { // ends: the subscriber was dropped and closed
		got = append(got, ev.ID)
	}
	if fmt.Sprint(got) != "[0 1]" {
		t.Errorf("slow subscriber got %v, want [0 1] then close", got)
	}
	if h.Subscribers("s") != 0 {
		t.Error("dropped subscriber still registered")
	}
}

func TestHubMaxPerSession(t *testing.T) {
	h := NewHub(HubOptions{MaxPerSession: 2})
	first, c1 := h.Subscribe("s")
	_, c2 := h.Subscribe("s")
	_, c3 := h.Subscribe("s")
	defer c1()
	defer c2()
	defer c3()
	if _, ok := <-first; ok {
		t.Error("oldest subscriber not dropped")
	}
	if h.Subscribers("s") != 2 {
		t.Errorf("subscribers = %d, want 2", h.Subscribers("s"))
	}
}

func TestHubClose(t *testing.T) {
	h := NewHub(HubOptions{})
	ch, cancel := h.Subscribe("s")
	h.Close()
	if _, ok := <-ch; ok {
		t.Error("channel open after Close")
	}
	cancel()
	late, cancel2 := h.Subscribe("s")
	defer cancel2()
	if _, ok := <-late; ok {
		t.Error("Subscribe after Close returned an open channel")
	}
	if h.Publish("s", Event{}) != 0 {
		t.Error("Publish after Close delivered")
	}
}

func TestHubHammer(t *testing.T) {
	h := NewHub(HubOptions{Buffer: 4, MaxPerSession: 3})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range 200 {
				ch, cancel := h.Subscribe(fmt.Sprint("s", (g+i)%4))
				select {
				case <-ch:
				default:
				}
				cancel()
			}
		}()
		go func() {
			defer wg.Done()
			for i := range 200 {
				h.Publish(fmt.Sprint("s", i%4), Event{ID: fmt.Sprint(i)})
			}
		}()
	}
	wg.Wait()
	if n := h.Sessions(); n != 0 {
		t.Errorf("%d sessions left after every subscriber cancelled", n)
	}
}
