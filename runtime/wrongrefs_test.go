package runtime_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestWrongReferencesCountAcrossConversations: on the web chat, wrong
// booking references typed with one phone are counted in the store across
// conversations (a new conversation does not start the count again), and
// past the limit the phone's references are no longer looked up.
func TestWrongReferencesCountAcrossConversations(t *testing.T) {
	a := startApp(t, appOptions{plugins: []string{"web"}})
	n := 0
	say := func(conv, text string) string {
		t.Helper()
		n++
		body := fmt.Sprintf(`{"conversation":%q,"id":"m%d","text":%q}`, conv, n, text)
		req, _ := http.NewRequest("POST", a.URL+"/api/web/messages", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%q: %d %s", text, resp.StatusCode, b)
		}
		return string(b)
	}
	for c := range 4 {
		conv := fmt.Sprintf("3f2b6c1e-8d4a-4b7e-9c1f-2a3b4c5d6e%02d", c)
		say(conv, "je veux annuler mon rendez-vous")
		say(conv, "06 12 34 56 78")
		for g := range 3 {
			say(conv, fmt.Sprintf("LUM-%c%c%c%d", 'A'+c, 'B', 'C', g+2))
		}
	}
	rec, err := a.rt.Store().Record(t.Context(), a.rt.Business().ID, "wrongrefs", "+33612345678")
	if err != nil {
		t.Fatalf("no count of wrong references kept: %v", err)
	}
	var w struct{ Count int }
	if err := json.Unmarshal(rec.Data, &w); err != nil || w.Count < 10 {
		t.Fatalf("count %s (%v), want at least 10", rec.Data, err)
	}
	conv := "3f2b6c1e-8d4a-4b7e-9c1f-2a3b4c5d6eff"
	say(conv, "je veux annuler mon rendez-vous")
	say(conv, "06 12 34 56 78")
	if got := say(conv, "LUM-ZZZ2"); !strings.Contains(got, "appelez-nous") {
		t.Errorf("a fifth conversation may still guess: %s", got)
	}
}
