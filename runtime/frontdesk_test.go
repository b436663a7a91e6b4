package runtime_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/runtime"
)

var frenchMonths = [...]string{"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// bookableDay returns a day at least four days ahead on which the salon is
// open at 10:00 and Hugo (the only one doing a Coupe homme) works.
func bookableDay(t *testing.T, now time.Time) time.Time {
	biz := business.Demo()
	loc := biz.Location()
	hugo, ok := biz.StaffMember("hugo")
	if !ok {
		t.Fatal("demo business has no staff member hugo")
	}
	d := now.In(loc).AddDate(0, 0, 4)
	for range 60 {
		day := business.DateOf(d)
		open := false
		for _, r := range hugo.WorksOn(biz, day) {
			if r.From <= 10*60 && r.To >= 10*60+30 {
				open = true
			}
		}
		if open {
			return time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, loc)
		}
		d = d.AddDate(0, 0, 1)
	}
	t.Fatal("no bookable day in 60 days")
	return time.Time{}
}

var profiles = map[string]string{"+33639980041": "Paul Martin", "+33639980042": "Marie"}

func (a *app) say(t *testing.T, sid *int, from, text string) string {
	t.Helper()
	*sid++
	code, body, _ := a.post(t, "/api/whatsapp/webhook", twilioFormNamed(fmt.Sprintf("SM%032d", *sid), from, profiles[from], text), nil)
	if code != 200 {
		t.Fatalf("%s: %q → %d %s", from, text, code, body)
	}
	reply := parseTwiML(t, body).text()
	t.Logf("%s> %s\n  salon> %s", from, text, reply)
	return reply
}

func (a *app) bookings(t *testing.T, token string) []runtime.BookingJSON {
	t.Helper()
	var bs []runtime.BookingJSON
	a.admin(t, "/admin/api/bookings", token, &bs)
	return bs
}

// admin GETs an admin API path with the token and decodes its JSON into v.
func (a *app) admin(t *testing.T, path, token string, v any) {
	t.Helper()
	code, body := a.get(t, path, map[string]string{"Authorization": "Bearer " + token})
	if code != 200 {
		t.Fatalf("GET %s = %d %s", path, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: JSON: %v\n%s", path, err, body)
	}
}

// TestWhatsAppFrontDesk: through the real server and the real clock, a
// customer books a Coupe homme, a second sender asking for the same time is
// told it is taken and offered others, the first cancels; the admin API
// shows each step.
func TestWhatsAppFrontDesk(t *testing.T) {
	const token = "admin-secret"
	a := startApp(t, appOptions{cfg: runtime.Config{Admin: runtime.AdminConfig{Token: token}}})
	slot := bookableDay(t, time.Now())
	when := fmt.Sprintf("le %d %s à 10h", slot.Day(), frenchMonths[slot.Month()])
	sid := 0
	paul, marie := "+33639980041", "+33639980042"

	if bs := a.bookings(t, token); len(bs) != 0 {
		t.Fatalf("bookings before any conversation: %+v", bs)
	}
	r := a.say(t, &sid, paul, "Bonjour, je voudrais une coupe homme "+when)
	if !strings.Contains(r, "10h00") || !strings.Contains(r, "Hugo") {
		t.Fatalf("the free slot was not offered: %q", r)
	}
	r = a.say(t, &sid, paul, "oui")
	if !strings.Contains(strings.ToLower(r), "réservé") || !strings.Contains(r, "LUM-") {
		t.Fatalf("no confirmation with a reference: %q", r)
	}
	bs := a.bookings(t, token)
	if len(bs) != 1 {
		t.Fatalf("after booking: %d bookings, want 1: %+v", len(bs), bs)
	}
	b := bs[0]
	start, err := time.Parse(time.RFC3339, b.Start)
	if err != nil || !start.Equal(slot) {
		t.Errorf("booking start %q, want %s", b.Start, slot.Format(time.RFC3339))
	}
	if b.Status != "confirmed" || b.Channel != "whatsapp" || b.Customer.Phone != paul || b.Customer.Name != "Paul Martin" || b.Staff == "" {
		t.Errorf("booking as listed: %+v", b)
	}
	if !strings.Contains(strings.ToLower(b.Service), "homme") && b.Service != "coupe-homme" {
		t.Errorf("service %q, want the men's cut", b.Service)
	}

	// A second sender asks for the same time: told it is taken, offered others.
	r = a.say(t, &sid, marie, "Bonjour, une coupe homme "+when+" s'il vous plaît")
	low := strings.ToLower(r)
	if !(strings.Contains(low, "pris") || strings.Contains(low, "plus disponible") || strings.Contains(low, "déjà") || strings.Contains(low, "occupé")) {
		t.Errorf("the second sender was not told the slot is taken: %q", r)
	}
	if strings.Count(r, "h") < 2 || !strings.Contains(r, "1.") {
		t.Errorf("the second sender was not offered other slots: %q", r)
	}
	if bs := a.bookings(t, token); len(bs) != 1 {
		t.Fatalf("the second sender's request changed the bookings: %+v", bs)
	}

	// The first sender cancels.
	r = a.say(t, &sid, paul, "Je voudrais annuler mon rendez-vous")
	if !strings.Contains(r, "annuler") {
		t.Fatalf("no cancellation question: %q", r)
	}
	r = a.say(t, &sid, paul, "oui")
	if !strings.Contains(strings.ToLower(r), "annulé") {
		t.Fatalf("no cancellation confirmation: %q", r)
	}
	bs = a.bookings(t, token)
	if len(bs) != 1 || bs[0].Status != "cancelled" || bs[0].ID != b.ID {
		t.Fatalf("after cancelling: %+v", bs)
	}
	// The day filter and the auth rules of the admin API.
	day := slot.Format("2006-01-02")
	code, body := a.get(t, "/admin/api/bookings?from="+day+"&to="+day, map[string]string{"Authorization": "Bearer " + token})
	if code != 200 || !strings.Contains(body, b.ID) {
		t.Errorf("filtered listing: %d %s", code, body)
	}
	code, body = a.get(t, "/admin/api/bookings?from="+slot.AddDate(0, 0, 1).Format("2006-01-02"), map[string]string{"Authorization": "Bearer " + token})
	if code != 200 || strings.Contains(body, b.ID) {
		t.Errorf("from after the booking still lists it: %d %s", code, body)
	}
	if code, _ := a.get(t, "/admin/api/bookings?from=demain", map[string]string{"Authorization": "Bearer " + token}); code != 400 {
		t.Errorf("bad date: %d, want 400", code)
	}
	if code, _ := a.get(t, "/admin/api/bookings", map[string]string{"Authorization": "Bearer wrong"}); code != 401 {
		t.Errorf("wrong token: %d, want 401", code)
	}
	if code, _ := a.get(t, "/admin/api/bookings", nil); code != 401 {
		t.Errorf("no token: %d, want 401", code)
	}
}

func TestAdminOffWithoutToken(t *testing.T) {
	a := startApp(t, appOptions{})
	if code, _ := a.get(t, "/admin/api/bookings", map[string]string{"Authorization": "Bearer x"}); code != 404 {
		t.Errorf("admin API without a configured token: %d, want 404", code)
	}
}

// TestHandoffTranscript: a customer who asks for a person is listed by
// GET /admin/api/handoffs with the end of the conversation, the message
// that asked for the person last, and only the last exchanges.
func TestHandoffTranscript(t *testing.T) {
	const token = "admin-secret"
	a := startApp(t, appOptions{cfg: runtime.Config{Admin: runtime.AdminConfig{Token: token}}})
	sid := 0
	paul := "+33639980041"
	questions := []string{"Bonjour", "Quels sont vos horaires ?", "Combien coûte une coupe homme ?",
		"Où êtes-vous ?", "Acceptez-vous la carte bleue ?", "Je veux parler à quelqu'un"}
	var answers []string
	for _, q := range questions {
		answers = append(answers, a.say(t, &sid, paul, q))
	}
	last := answers[len(answers)-1]
	var hs []runtime.HandoffJSON
	a.admin(t, "/admin/api/handoffs", token, &hs)
	if len(hs) != 1 {
		t.Fatalf("%d handoffs, want 1: %+v", len(hs), hs)
	}
	h := hs[0]
	if h.Session != "whatsapp:"+paul || h.Reason == "" || !h.Until.After(h.At) || h.Phone == "" || h.CustomerPhone != paul {
		t.Errorf("handoff %+v", h)
	}
	tr := h.Transcript
	if len(tr) != 4 {
		t.Fatalf("transcript of %d exchanges, want the last 4: %+v", len(tr), tr)
	}
	said := strings.TrimSuffix(tr[3].Assistant, "…") // each side is clipped
	if tr[0].Customer != questions[2] || tr[3].Customer != questions[5] || len(said) < 100 || !strings.HasPrefix(last, said) {
		t.Errorf("transcript %+v, want %q … %q answered %q", tr, questions[2], questions[5], last)
	}
	// The earlier answers are read back from the store, where each is kept
	// once, with its turn's reply.
	for i, x := range tr[:3] {
		said := strings.TrimSuffix(x.Assistant, "…")
		if said == "" || !strings.HasPrefix(answers[i+2], said) {
			t.Errorf("transcript[%d] answered %q, want the start of %q", i, x.Assistant, answers[i+2])
		}
	}
	if code, _ := a.get(t, "/admin/api/handoffs", map[string]string{"Authorization": "Bearer wrong"}); code != 401 {
		t.Errorf("wrong token: %d, want 401", code)
	}

	// Messages written while the team has the conversation join the same
	// handoff's transcript: the person taking over reads them too.
	a.say(t, &sid, paul, "Allô ?")
	a.say(t, &sid, paul, "C'est pour décaler ma couleur de jeudi")
	hs = nil
	a.admin(t, "/admin/api/handoffs", token, &hs)
	if len(hs) != 1 {
		t.Fatalf("after two more messages, %d handoffs, want the same one: %+v", len(hs), hs)
	}
	if hs[0].Reason != h.Reason || !hs[0].At.Equal(h.At) || !hs[0].Until.Equal(h.Until) {
		t.Errorf("handoff changed: %+v, was %+v", hs[0], h)
	}
	tr = hs[0].Transcript
	if n := len(tr); n < 2 || tr[n-1].Customer != "C'est pour décaler ma couleur de jeudi" || tr[n-2].Customer != "Allô ?" {
		t.Errorf("transcript %+v, want it to end with the two messages of the pause", tr)
	}
}

// TestAdminReplyRefusals: POST /admin/api/reply says what is wrong with a
// request, and that WhatsApp cannot be answered from Accueil (the web chat,
// which can, is tested in a real browser, with a conversation that does
// not exist: e2e/handoff.test.mjs).
func TestAdminReplyRefusals(t *testing.T) {
	const token = "admin-secret"
	a := startApp(t, appOptions{cfg: runtime.Config{Admin: runtime.AdminConfig{Token: token}}})
	auth := map[string]string{"Authorization": "Bearer " + token}
	for _, tc := range []struct {
		body string
		code int
		want string
	}{
		{`{"session": "whatsapp:+33639980041", "text": "Bonjour"}`, 409, "cannot send a message on whatsapp"},
		{`{"session": "fax:123", "text": "Bonjour"}`, 404, `no channel "fax"`},
		{`{"session": "whatsapp:+33639980041", "text": "  "}`, 400, `"text" are required`},
		{`{"text": "Bonjour"}`, 400, `"session"`},
		{`not json`, 400, "want a JSON object"},
	} {
		code, body, _ := a.send(t, "/admin/api/reply", "application/json", tc.body, auth)
		var e struct{ Error string }
		_ = json.Unmarshal([]byte(body), &e)
		if code != tc.code || !strings.Contains(e.Error, tc.want) {
			t.Errorf("%s: %d %s; want %d and %q", tc.body, code, body, tc.code, tc.want)
		}
	}
	if code, _ := a.get(t, "/admin/api/reply", auth); code != 405 {
		t.Errorf("GET: %d, want 405", code)
	}
}
