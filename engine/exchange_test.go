package engine_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/enginetest"
)

// TestHandoffTranscriptFromLog: a handoff's transcript is read from the
// session's exchange log, holds the last exchanges of the conversation in
// progress only, oldest first, and ends with the message that asked for a
// person.
func TestHandoffTranscriptFromLog(t *testing.T) {
	e := demoEngine(t)
	mem := enginetest.NewMemory()
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, e.Business().Location())
	const session = "whatsapp:+33639980041"
	n := 0
	say := func(text string) engine.Output {
		t.Helper()
		n++
		out, err := mem.Turn(e, engine.Event{Kind: engine.KindMessage, ID: "m" + string(rune('a'+n)), Channel: "whatsapp",
			Session: session, From: "+33639980041", Text: text}, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Exchange) == 0 {
			t.Fatalf("turn %q logged no exchange", text)
		}
		now = now.Add(time.Minute)
		return out
	}
	customers := func(tr []engine.Exchange) []string {
		var out []string
		for _, x := range tr {
			out = append(out, x.Customer)
		}
		return out
	}

	// The first message of a conversation asks for a person: the
	// transcript is that exchange alone.
	out := say("Je veux parler à quelqu'un")
	h := out.Effects.Handoff
	if h == nil {
		t.Fatal("no handoff")
	}
	if got := customers(h.Transcript); len(got) != 1 || got[0] != "Je veux parler à quelqu'un" ||
		!strings.HasPrefix(out.Replies[len(out.Replies)-1].Text, strings.TrimSuffix(h.Transcript[0].Assistant, "…")) {
		t.Fatalf("transcript %+v", h.Transcript)
	}

	// A later conversation (past the session's lifetime): earlier
	// conversations stay out of its transcript.
	now = now.Add(e.Business().Policy.SessionTTL + time.Minute)
	questions := []string{"Bonjour", "Quels sont vos horaires ?", "Combien coûte une coupe homme ?",
		"Où êtes-vous ?", "Je veux parler à quelqu'un"}
	for _, q := range questions {
		out = say(q)
	}
	h = out.Effects.Handoff
	if h == nil {
		t.Fatal("no handoff in the second conversation")
	}
	want := questions[1:]
	if got := customers(h.Transcript); len(got) != len(want) || got[0] != want[0] || got[3] != want[3] {
		t.Fatalf("transcript %q, want %q", got, want)
	}
	for _, x := range h.Transcript[:3] {
		if x.Assistant == "" {
			t.Errorf("exchange %+v has no answer", x)
		}
	}

	// A new conversation of two messages: its transcript has two.
	now = now.Add(e.Business().Policy.SessionTTL + time.Minute)
	say("Bonjour")
	out = say("Je veux parler à quelqu'un")
	if h = out.Effects.Handoff; h == nil || len(h.Transcript) != 2 || h.Transcript[0].Customer != "Bonjour" {
		t.Fatalf("handoff %+v", h)
	}
}

// TestHandoffPaused: a handoff the customer asked for, and the messages
// written after it, say the assistant stays silent (Paused); a handoff
// after three misses does not, as the assistant keeps answering.
func TestHandoffPaused(t *testing.T) {
	e := demoEngine(t)
	mem := enginetest.NewMemory()
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, e.Business().Location())
	n := 0
	say := func(session, text string) engine.Output {
		t.Helper()
		n++
		out, err := mem.Turn(e, engine.Event{Kind: engine.KindMessage, ID: "m" + string(rune('a'+n)), Channel: "web",
			Session: session, Text: text}, now)
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Minute)
		return out
	}
	for _, tc := range []struct {
		text             string
		followUp, paused bool
		wantReplies      bool
	}{
		{"Je veux parler à quelqu'un", false, true, true},
		{"vous êtes là ?", true, true, true},             // told once that the team has it
		{"allô ?", true, true, false},                    // then silent
		{"vous êtes ouverts samedi ?", true, true, true}, // a fact is still answered
	} {
		out := say("web:paused", tc.text)
		h := out.Effects.Handoff
		if h == nil || h.FollowUp != tc.followUp || h.Paused != tc.paused || (len(out.Replies) > 0) != tc.wantReplies {
			t.Errorf("%q: handoff %+v, %d replies", tc.text, h, len(out.Replies))
		}
	}
	var out engine.Output
	for _, text := range []string{"xqzv wplk", "brrm zzkt", "qwxv plmk"} {
		out = say("web:misses", text)
	}
	if h := out.Effects.Handoff; h == nil || h.Reason != "not_understood" || h.Paused {
		t.Errorf("after three misses: handoff %+v, want one not paused", h)
	}
}
