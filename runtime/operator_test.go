package runtime_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestOperatorSeesWhatHappened: what a turn changes is in the server's log
// (bookings made and cancelled, conversations handed over), /metrics counts
// turns without the provider's retries and has each plugin's counters, and
// a webhook URL mistyped outside /api/ is a 404 that says where webhooks are.
func TestOperatorSeesWhatHappened(t *testing.T) {
	a := startApp(t, appOptions{now: func() time.Time { return time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC) }})
	from := "+33639980071"
	for i, text := range []string{"un brushing mardi à 10h", "Julie Petit", "oui", "je veux parler à quelqu'un"} {
		sid := "SM" + strings.Repeat("0", 30) + string(rune('a'+i)) + "1"
		code, body, _ := a.post(t, "/api/whatsapp/webhook", twilioForm(sid, from, text), nil)
		if code != 200 {
			t.Fatalf("%q: %d %s", text, code, body)
		}
		if i == 2 { // the provider's retry of the confirmation
			if code, _, _ := a.post(t, "/api/whatsapp/webhook", twilioForm(sid, from, text), nil); code != 200 {
				t.Fatalf("retry: %d", code)
			}
		}
	}
	logs := a.log.String()
	// Both warm instances say the token is missing while starting: once at
	// WARN, the other's copy at DEBUG.
	if n := strings.Count(logs, `level=WARN msg="whatsapp: no auth_token configured`); n != 1 {
		t.Errorf("the missing token was warned about %d times, want once", n)
	}
	for _, want := range []string{`msg="booking made" ref=LUM-`, "service=brushing", `msg="conversation handed over to the team"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %q:\n%s", want, logs)
		}
	}
	_, metrics := a.get(t, "/metrics", nil)
	if m := regexp.MustCompile(`(?m)^accueil_turns_total (\d+)$`).FindStringSubmatch(metrics); m == nil || m[1] != "4" {
		t.Errorf("accueil_turns_total %v; want 4 (the retry runs no turn):\n%s", m, metrics)
	}
	if m := regexp.MustCompile(`(?m)^accueil_turn_duplicates_total (\d+)$`).FindStringSubmatch(metrics); m == nil || m[1] != "1" {
		t.Errorf("accueil_turn_duplicates_total %v; want 1", m)
	}
	if !regexp.MustCompile(`(?m)^accueil_plugin_calls_total\{plugin="whatsapp"\} [1-9]\d*$`).MatchString(metrics) ||
		!strings.Contains(metrics, `accueil_plugin_recycled_total{plugin="whatsapp"} 0`) {
		t.Errorf("per-plugin counters missing:\n%s", metrics)
	}
	code, body, _ := a.post(t, "/whatsapp/webhook", twilioForm("SM9", from, "Bonjour"), nil)
	if code != 404 || !strings.Contains(body, "/api/whatsapp/webhook") {
		t.Errorf("POST to a mistyped webhook path: %d %s; want a 404 naming /api/whatsapp/webhook", code, body)
	}
}

// TestCompressedBodyRefused: a compressed webhook body is a 415 that says
// so, not a malformed form.
func TestCompressedBodyRefused(t *testing.T) {
	a := startApp(t, appOptions{})
	code, body, _ := a.post(t, "/api/whatsapp/webhook", "\x1f\x8b\x08\x00", map[string]string{"Content-Encoding": "gzip"})
	if code != 415 || !strings.Contains(body, "Content-Encoding gzip is not supported") {
		t.Errorf("%d %s; want 415 naming the encoding", code, body)
	}
}
