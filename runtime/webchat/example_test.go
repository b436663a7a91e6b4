package webchat_test

import (
	"fmt"
	"os"
	"time"

	"github.com/accueil-pme/accueil/runtime/webchat"
)

func ExampleHub() {
	hub := webchat.NewHub(webchat.HubOptions{})
	events, cancel := hub.Subscribe("web:3f2b6c1e8d4a4b7e")
	defer cancel()

	hub.Publish("web:3f2b6c1e8d4a4b7e", webchat.Event{ID: "p.1", Type: "message", Data: []byte(`{"text":"Bonjour"}`)})
	ev := <-events
	webchat.WriteSSE(os.Stdout, ev)
	// Output:
	// id: p.1
	// event: message
	// data: {"text":"Bonjour"}
}

func ExampleLimiter() {
	perConversation := webchat.NewLimiter(webchat.LimiterOptions{Rate: 1.0 / 3, Burst: 2})
	now := time.Date(2027, 3, 5, 10, 0, 0, 0, time.UTC)
	for range 3 {
		fmt.Println(perConversation.Allow("3f2b6c1e8d4a4b7e", now))
	}
	fmt.Println(perConversation.Allow("3f2b6c1e8d4a4b7e", now.Add(3*time.Second)))
	// Output:
	// true
	// true
	// false
	// true
}
