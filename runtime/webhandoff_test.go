package runtime_test

import (
	"encoding/json"
	"testing"
	"time"
)

// TestWebHandoffUntil: while the team has a web conversation, every answer
// of the web plugin says until when ("handoff_until"), the silent ones
// too, so that the widget can tell the customer where their message went;
// the turn that hands over also gives the number to call, and a message
// that takes the request back ends it.
func TestWebHandoffUntil(t *testing.T) {
	a := startApp(t, appOptions{plugins: []string{"web"}})
	const conv = "3f2b6c1e-8d4a-4b7e-9c1f-2a3b4c5d6e7f"
	type answer struct {
		Replies []struct {
			Text string `json:"text"`
		} `json:"replies"`
		Handoff      string `json:"handoff"`
		HandoffUntil string `json:"handoff_until"`
	}
	say := func(id, text string) answer {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"conversation": conv, "id": id, "text": text, "language": "fr"})
		code, resp, _ := a.send(t, "/api/web/messages", "application/json", string(body), nil)
		var an answer
		if err := json.Unmarshal([]byte(resp), &an); code != 200 || err != nil {
			t.Fatalf("%q: %d %s", text, code, resp)
		}
		t.Logf("%q → %s", text, resp)
		return an
	}
	first := say("m1", "Je voudrais parler à quelqu'un")
	until, err := time.Parse(time.RFC3339, first.HandoffUntil)
	if first.Handoff != "+33199001234" || err != nil || !until.After(time.Now()) || len(first.Replies) == 0 {
		t.Fatalf("handoff answer %+v", first)
	}
	say("m2", "vous êtes là ?") // told once that the team has it
	silent := say("m3", "allô ?")
	if len(silent.Replies) != 0 || silent.Handoff != "" || silent.HandoffUntil != first.HandoffUntil {
		t.Errorf("a message during the handoff: %+v, want no reply and handoff_until %s", silent, first.HandoffUntil)
	}
	back := say("m4", "Bon laissez tomber, je veux juste un brushing samedi")
	if back.HandoffUntil != "" || len(back.Replies) == 0 {
		t.Errorf("the request taken back: %+v, want a reply and no handoff_until", back)
	}
}
