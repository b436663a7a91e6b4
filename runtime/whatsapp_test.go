package runtime_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime"
	"github.com/accueil-pme/accueil/runtime/store"
)

// twiml is the shape of a TwiML answer.
type twiml struct {
	XMLName  xml.Name `xml:"Response"`
	Messages []struct {
		Text string `xml:",chardata"`
		Body string `xml:"Body"`
	} `xml:"Message"`
}

func parseTwiML(t *testing.T, body string) twiml {
	t.Helper()
	var r twiml
	if err := xml.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("answer is not well-formed TwiML: %v\n%s", err, body)
	}
	if !strings.HasPrefix(body, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Fatalf("TwiML without the XML declaration:\n%s", body)
	}
	return r
}

func (r twiml) text() string {
	var b []string
	for _, m := range r.Messages {
		b = append(b, strings.TrimSpace(m.Text+m.Body))
	}
	return strings.Join(b, "\n")
}

func TestHealth(t *testing.T) {
	a := startApp(t, appOptions{})
	for _, path := range []string{"/health", "/api/whatsapp/health"} {
		code, body := a.get(t, path, nil)
		var h struct{ Status string }
		if code != 200 || json.Unmarshal([]byte(body), &h) != nil || h.Status != "ok" {
			t.Errorf("GET %s = %d %s, want 200 with status ok", path, code, body)
		}
	}
	// The plugin's health names its counters the way the rest of the JSON
	// does (snake case).
	_, body := a.get(t, "/api/whatsapp/health", nil)
	var ph struct {
		Plugin string
		Stats  map[string]any
	}
	if err := json.Unmarshal([]byte(body), &ph); err != nil || ph.Plugin != "whatsapp" {
		t.Fatalf("plugin health %s: %v", body, err)
	}
	for _, k := range []string{"calls", "guest_errors", "traps", "timeouts", "recycled", "instances", "stuck"} {
		if _, ok := ph.Stats[k]; !ok {
			t.Errorf("plugin health stats lack %q: %s", k, body)
		}
	}
	if code, body := a.get(t, "/api/nosuch/health", nil); code != 404 || !strings.Contains(body, "no plugin") {
		t.Errorf("GET unknown mount health = %d %s, want 404 naming the problem", code, body)
	}
}

func TestInboundTextAnsweredInFrench(t *testing.T) {
	a := startApp(t, appOptions{})
	code, body, h := a.post(t, "/api/whatsapp/webhook", readFixture(t, "twilio/inbound-text.txt"), nil)
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		t.Errorf("Content-Type = %q, want text/xml", ct)
	}
	r := parseTwiML(t, body)
	if len(r.Messages) == 0 || r.text() == "" {
		t.Fatalf("no <Message> in the answer:\n%s", body)
	}
	if !looksFrench(r.text()) {
		t.Errorf("answer does not look French: %q", r.text())
	}
}

// looksFrench is a loose check that a reply is in French.
func looksFrench(s string) bool {
	s = strings.ToLower(s)
	for _, w := range []string{"vous", "bonjour", "quel", "rendez-vous", "coupe", "souhaitez", "merci", "à "} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

type sigVector struct {
	Name              string     `json:"name"`
	AuthToken         string     `json:"auth_token"`
	URL               string     `json:"url"`
	Params            [][]string `json:"params"`
	ExpectedSignature string     `json:"expected_signature"`
	Valid             bool       `json:"valid"`
	RawBodyFile       string     `json:"raw_body_file"`
}

// TestSignatureVectorsThroughServer posts every vector that has a raw body
// to the real server configured with the vector's URL and token.
func TestSignatureVectorsThroughServer(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "providers", "twilio", "signatures.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Vectors []sigVector }
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	byURL := map[string][]sigVector{}
	for _, v := range file.Vectors {
		if v.RawBodyFile != "" {
			byURL[v.URL] = append(byURL[v.URL], v)
		}
	}
	if len(byURL) == 0 {
		t.Fatal("no vector with a raw body")
	}
	for u, vs := range byURL {
		a := startApp(t, appOptions{settings: map[string]map[string]string{
			"whatsapp": {"auth_token": twilioToken, "webhook_url": u}}})
		for _, v := range vs {
			t.Run(v.Name, func(t *testing.T) {
				body := readFixture(t, "twilio/"+v.RawBodyFile)
				code, resp, _ := a.post(t, "/api/whatsapp/webhook", body, map[string]string{"X-Twilio-Signature": v.ExpectedSignature})
				if v.Valid && code != 200 {
					t.Errorf("valid signature refused: %d %s", code, resp)
				}
				if !v.Valid && code != 403 {
					t.Errorf("invalid signature answered %d, want 403: %s", code, resp)
				}
			})
		}
	}
}

// twilioSignature is X-Twilio-Signature for a form posted to url: the
// HMAC-SHA1 of the URL followed by every key and value, sorted by key.
func twilioSignature(token, u string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	mac := hmac.New(sha1.New, []byte(token))
	mac.Write([]byte(u))
	for _, k := range keys {
		for _, v := range form[k] {
			mac.Write([]byte(k + v))
		}
	}
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// TestSignatureOverThePathAsSent: Twilio signs the URL it called, and a
// base URL ending in "/" in its console makes it call "//api/…": the
// signature is checked over that path, not over the cleaned-up one that
// routes the request. A proxy's "HTTPS" is the https scheme.
func TestSignatureOverThePathAsSent(t *testing.T) {
	cfg := runtime.Config{PublicURL: "https://reception.example.com"}
	a := startApp(t, appOptions{cfg: cfg, settings: map[string]map[string]string{"whatsapp": {"auth_token": twilioToken}}})
	form := url.Values{"MessageSid": {"SM00000000000000000000000000000091"}, "From": {"whatsapp:+33639980091"}, "To": {"whatsapp:+33639980000"}, "Body": {"Bonjour"}}
	for _, path := range []string{"//api/whatsapp/webhook", "/api/whatsapp/webhook", "/api/whatsapp/web%68ook"} {
		form.Set("MessageSid", "SM000000000000000000000000000000"+strconv.Itoa(len(path)))
		sig := twilioSignature(twilioToken, "https://reception.example.com"+path, form)
		code, resp, _ := a.post(t, path, form.Encode(), map[string]string{"X-Twilio-Signature": sig})
		if code != 200 {
			t.Errorf("%s: %d %s, want 200", path, code, resp)
		}
	}
	code, _, _ := a.post(t, "//api/whatsapp/webhook", form.Encode(), map[string]string{"X-Twilio-Signature": twilioSignature(twilioToken, "https://reception.example.com/api/whatsapp/webhook", form)})
	if code != 403 {
		t.Errorf("signed over another path than the one called: %d, want 403", code)
	}

	proxied := startApp(t, appOptions{cfg: runtime.Config{TrustProxy: true}, settings: map[string]map[string]string{"whatsapp": {"auth_token": twilioToken}}})
	form.Set("MessageSid", "SM00000000000000000000000000000099")
	sig := twilioSignature(twilioToken, "https://reception.example.com/api/whatsapp/webhook", form)
	code, resp, _ := proxied.post(t, "/api/whatsapp/webhook", form.Encode(), map[string]string{"X-Twilio-Signature": sig,
		"X-Forwarded-Proto": "HTTPS", "X-Forwarded-Host": "reception.example.com"})
	if code != 200 {
		t.Errorf("X-Forwarded-Proto: HTTPS: %d %s, want 200", code, resp)
	}
}

func TestBadSignatureRunsNoTurn(t *testing.T) {
	a := startApp(t, appOptions{settings: map[string]map[string]string{
		"whatsapp": {"auth_token": twilioToken, "webhook_url": "https://reception.example.com/v1/channels/twilio/whatsapp"}}})
	body := readFixture(t, "twilio/inbound-text.txt")
	for name, sig := range map[string]string{"missing": "", "wrong": "yaHrsHOszf54c7SJ5wiuKlqry5E="} {
		hdr := map[string]string{}
		if sig != "" {
			hdr["X-Twilio-Signature"] = sig
		}
		code, resp, _ := a.post(t, "/api/whatsapp/webhook", body, hdr)
		if code != 403 || !strings.Contains(strings.ToLower(resp), "signature") {
			t.Errorf("%s signature: got %d %s, want 403 naming the signature", name, code, resp)
		}
	}
	_, err := a.rt.Store().Session(t.Context(), a.rt.Business().ID, "whatsapp:+33639980012")
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused request created a session (err=%v)", err)
	}
}

func TestMalformedFormIs400(t *testing.T) {
	a := startApp(t, appOptions{})
	for name, body := range map[string]string{
		"bad escape":    "Body=%zz&From=whatsapp%3A%2B33639980012&MessageSid=SM1",
		"no sender":     "Body=bonjour&MessageSid=SM1",
		"no message id": "Body=bonjour&From=whatsapp%3A%2B33639980012",
	} {
		code, resp, _ := a.post(t, "/api/whatsapp/webhook", body, nil)
		if code != 400 || strings.Count(strings.TrimSpace(resp), "\n") > 0 {
			t.Errorf("%s: got %d %q, want 400 with a one-line reason", name, code, resp)
		}
	}
}

// TestFloodedFormIsRefusedQuickly: a body past the manifest's cap is 413
// before the plugin sees it, and a form of many empty fields under the cap
// is a 400, not a plugin busy for half a second (nor a trap or a timeout).
func TestFloodedFormIsRefusedQuickly(t *testing.T) {
	a := startApp(t, appOptions{})
	big := strings.Repeat("a=&", 40000) // 120 KB: past whatsapp's 64 KiB
	code, resp, _ := a.post(t, "/api/whatsapp/webhook", big, nil)
	if code != 413 || !strings.Contains(resp, "65536") {
		t.Errorf("120 KB form: %d %q, want 413 naming the cap", code, resp)
	}
	many := strings.Repeat("a=&", 20000) // 60 KB, 20,000 fields
	code, resp, _ = a.post(t, "/api/whatsapp/webhook", many, nil)
	if code != 400 || !strings.Contains(resp, "more than 1000 fields") {
		t.Errorf("20,000 fields: %d %q, want 400 (too many fields)", code, resp)
	}
	// A real message still gets its answer.
	code, resp, _ = a.post(t, "/api/whatsapp/webhook", twilioForm("SM00000000000000000000000000000077", "+33639980077", "Bonjour"), nil)
	if code != 200 || !strings.Contains(resp, "<Message>") {
		t.Errorf("a real message after the floods: %d %q", code, resp)
	}
}

func TestWrongMethodIs405(t *testing.T) {
	a := startApp(t, appOptions{plugins: []string{"whatsapp", "voice"}})
	for _, tc := range []struct{ method, path, allow string }{
		{"DELETE", "/api/whatsapp/webhook", "GET, HEAD, POST"},
		{"PUT", "/api/whatsapp/webhook", "GET, HEAD, POST"},
		{"GET", "/api/vapi/webhook", "POST"},
		{"POST", "/", "GET, HEAD"},
	} {
		req, _ := http.NewRequest(tc.method, a.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != tc.allow || !strings.Contains(string(body), tc.method+" not allowed") {
			t.Errorf("%s %s: %d, Allow %q, %s; want 405, Allow %q and a reason", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Allow"), body, tc.allow)
		}
	}
}

func TestProviderRetryAnsweredOnce(t *testing.T) {
	a := startApp(t, appOptions{})
	form := twilioForm("SM00000000000000000000000000000001", "+33639980021", "Bonjour, je voudrais une coupe homme")
	_, first, _ := a.post(t, "/api/whatsapp/webhook", form, nil)
	sess1, err := a.rt.Store().Session(t.Context(), a.rt.Business().ID, "whatsapp:+33639980021")
	if err != nil {
		t.Fatal(err)
	}
	_, again, _ := a.post(t, "/api/whatsapp/webhook", form, nil)
	if again != first {
		t.Errorf("retry got another answer:\nfirst: %s\nretry: %s", first, again)
	}
	sess2, err := a.rt.Store().Session(t.Context(), a.rt.Business().ID, "whatsapp:+33639980021")
	if err != nil {
		t.Fatal(err)
	}
	if string(sess1) != string(sess2) {
		t.Error("the retry changed the session")
	}
	_, metrics := a.get(t, "/metrics", nil)
	if !strings.Contains(metrics, "accueil_turn_duplicates_total 1") {
		t.Errorf("duplicate not counted:\n%s", metrics)
	}
	// One turn committed: the retry wrote nothing.
	if n := a.metric(t, "accueil_store_committed_total"); n != 1 {
		t.Errorf("accueil_store_committed_total = %d, want 1", n)
	}
	if n := a.metric(t, "accueil_store_commits_total"); n != 1 {
		t.Errorf("accueil_store_commits_total = %d, want 1", n)
	}
}

// A MessageSid reused by another sender is not a retry: answering it with the
// stored reply would hand one customer's conversation to whoever sends the id
// (a webhook without a signature check accepts anyone's requests).
func TestMessageSidOfAnotherSenderIsNotARetry(t *testing.T) {
	a := startApp(t, appOptions{})
	const sid = "SM00000000000000000000000000000042"
	_, first, _ := a.post(t, "/api/whatsapp/webhook", twilioForm(sid, "+33639980031", "Bonjour, je voudrais une coupe homme"), nil)
	_, other, _ := a.post(t, "/api/whatsapp/webhook", twilioForm(sid, "+33639980032", "Où êtes-vous ?"), nil)
	if other == first {
		t.Fatalf("another sender got the first sender's reply: %s", other)
	}
	if n := a.metric(t, "accueil_turn_duplicates_total"); n != 0 {
		t.Errorf("accueil_turn_duplicates_total = %d, want 0", n)
	}
	sess, err := a.rt.Store().Session(t.Context(), a.rt.Business().ID, "whatsapp:+33639980032")
	if err != nil || len(sess) == 0 {
		t.Errorf("the second sender's turn left no session (%v)", err)
	}
	// Each sender's own retry is still answered from the store.
	_, again, _ := a.post(t, "/api/whatsapp/webhook", twilioForm(sid, "+33639980031", "Bonjour, je voudrais une coupe homme"), nil)
	if again != first {
		t.Errorf("retry got another answer:\nfirst: %s\nretry: %s", first, again)
	}
}

func TestStatusCallbackIsNotAMessage(t *testing.T) {
	a := startApp(t, appOptions{})
	for _, f := range []string{"status-sent.txt", "status-delivered.txt", "status-read.txt", "status-failed.txt"} {
		code, body, _ := a.post(t, "/api/whatsapp/webhook", readFixture(t, "twilio/"+f), nil)
		if code != 200 {
			t.Fatalf("%s: %d %s", f, code, body)
		}
		if r := parseTwiML(t, body); len(r.Messages) != 0 {
			t.Errorf("%s: a status callback got a reply: %s", f, body)
		}
	}
	rec, err := a.rt.Store().Record(t.Context(), a.rt.Business().ID, "delivery", "whatsapp:SM0f3a6d9c2e5b8f1a4d7c0e3b6a9d2f5c")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rec.Data), `"read"`) {
		t.Errorf("delivery record should keep the most advanced status (read), got %s", rec.Data)
	}
	// The failed one is a warning the operator sees, with the provider's code.
	logs := a.log.String()
	if !strings.Contains(logs, "level=WARN") || !strings.Contains(logs, "a reply was not delivered") || !strings.Contains(logs, "error_code=63016") {
		t.Errorf("no warning with the error code for the failed delivery in the log:\n%s", logs)
	}
	// The callback carries no ErrorMessage: no empty error="", the code's
	// meaning instead.
	if strings.Contains(logs, `error=""`) || !strings.Contains(logs, "24-hour customer service window") {
		t.Errorf("the failed delivery's warning has an empty error, or not the code's meaning:\n%s", logs)
	}
	if strings.Count(logs, "a reply was not delivered") != 1 {
		t.Errorf("want one warning, for the failed status only:\n%s", logs)
	}
	if _, err := a.rt.Store().Session(t.Context(), a.rt.Business().ID, "whatsapp:+33639980012"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("status callbacks created a session (err=%v)", err)
	}
}

// TestConcurrentStatusesKeepTheMostAdvanced: "read" and "delivered" of one
// message often arrive at once; whatever the order the store sees them in,
// the record says read.
func TestConcurrentStatusesKeepTheMostAdvanced(t *testing.T) {
	a := startApp(t, appOptions{})
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		sid := fmt.Sprintf("SM%032d", 500+i)
		for _, status := range []string{"read", "delivered"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				form := "MessageSid=" + sid + "&MessageStatus=" + status + "&From=whatsapp%3A%2B33639980000&To=whatsapp%3A%2B33639980049&AccountSid=AC5e2b7d90c41f836a2d0e9b71c53f8a46"
				if code, body, _ := a.post(t, "/api/whatsapp/webhook", form, nil); code != 200 {
					t.Errorf("%s %s: %d %s", sid, status, code, body)
				}
			}()
		}
	}
	wg.Wait()
	for i := range n {
		sid := fmt.Sprintf("SM%032d", 500+i)
		rec, err := a.rt.Store().Record(t.Context(), a.rt.Business().ID, "delivery", "whatsapp:"+sid)
		if err != nil {
			t.Fatalf("%s: %v", sid, err)
		}
		if !strings.Contains(string(rec.Data), `"status":"read"`) {
			t.Errorf("%s: %s, want read", sid, rec.Data)
		}
	}
}

func TestConversationSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	a := startApp(t, appOptions{dataDir: dir})
	a.post(t, "/api/whatsapp/webhook", twilioForm("SM00000000000000000000000000000101", "+33639980031", "Bonjour, je suis Paul Martin"), nil)
	a.post(t, "/api/whatsapp/webhook", twilioForm("SM00000000000000000000000000000102", "+33639980031", "Je voudrais une coupe homme"), nil)
	before, err := a.rt.Store().Session(t.Context(), a.rt.Business().ID, "whatsapp:+33639980031")
	if err != nil {
		t.Fatal(err)
	}
	a.stop()
	b := startApp(t, appOptions{dataDir: dir})
	after, err := b.rt.Store().Session(t.Context(), b.rt.Business().ID, "whatsapp:+33639980031")
	if err != nil {
		t.Fatalf("session lost after restart: %v", err)
	}
	if string(before) != string(after) {
		t.Errorf("session changed across restart")
	}
	// The retry of an acknowledged message after the restart is still deduped.
	_, _, _ = b.post(t, "/api/whatsapp/webhook", twilioForm("SM00000000000000000000000000000102", "+33639980031", "Je voudrais une coupe homme"), nil)
	again, _ := b.rt.Store().Session(t.Context(), b.rt.Business().ID, "whatsapp:+33639980031")
	if string(again) != string(after) {
		t.Errorf("a retry after restart advanced the session")
	}
}

// stalledStore is a store whose turns wait until the request's time is up,
// as a database that stopped answering.
type stalledStore struct{ store.Store }

func (s stalledStore) Turn(ctx context.Context, _ store.TurnKey, _ store.TurnFunc) (store.TurnResult, error) {
	<-ctx.Done()
	return store.TurnResult{}, ctx.Err()
}

// TestTurnTimeoutApology: a turn that uses up the request's time is still
// answered with the apology and status 200 (Twilio drops the body of any
// other status), not the plugin's fallback 500.
func TestTurnTimeoutApology(t *testing.T) {
	a := startApp(t, appOptions{turnTimeout: 300 * time.Millisecond,
		wrapStore: func(s store.Store) store.Store { return stalledStore{s} }})
	code, resp, _ := a.post(t, "/api/whatsapp/webhook", twilioForm("SM00000000000000000000000000000301", "+33639980041", "Bonjour"), nil)
	if code != 200 || !strings.Contains(parseTwiML(t, resp).text(), "Désolé") {
		t.Fatalf("%d %s, want 200 with the apology", code, resp)
	}
}

// sickStore is a store that says it cannot take turns.
type sickStore struct{ store.Store }

func (sickStore) Health() error { return errors.New("wal: append: no space left on device") }

// TestHealthReportsStore: GET /health answers 503 with the store's reason
// while the store cannot take turns, so that a supervisor or load balancer
// takes the host out.
func TestHealthReportsStore(t *testing.T) {
	a := startApp(t, appOptions{wrapStore: func(s store.Store) store.Store { return sickStore{s} }})
	code, body := a.get(t, "/health", nil)
	if code != 503 || !strings.Contains(body, `"status":"unavailable"`) || !strings.Contains(body, "no space left") {
		t.Errorf("GET /health = %d %s, want 503 with the store's reason", code, body)
	}
}

// TestMediaWithText: a photo with a caption gets the caption answered and
// says the photo was not seen.
func TestMediaWithText(t *testing.T) {
	a := startApp(t, appOptions{})
	code, resp, _ := a.post(t, "/api/whatsapp/webhook", readFixture(t, "twilio/inbound-image.txt"), nil)
	if code != 200 {
		t.Fatalf("%d %s", code, resp)
	}
	got := parseTwiML(t, resp).text()
	t.Logf("reply: %s", got)
	for _, want := range []string{"pièces jointes", "coupe"} {
		if !strings.Contains(got, want) {
			t.Errorf("reply %q, want it to mention %q", got, want)
		}
	}
}

// TestMediaWithoutText: a voice note, a photo or a shared location alone is
// answered as such, and never counted as a misunderstanding.
func TestMediaWithoutText(t *testing.T) {
	a := startApp(t, appOptions{})
	for i, c := range []struct{ fixture, want string }{
		{"twilio/inbound-voice-note.txt", "messages vocaux"},
		{"twilio/inbound-location.txt", "12 rue des Lilas"},
		{"twilio/inbound-voice-note.txt", "messages vocaux"},
	} {
		body := readFixture(t, c.fixture)
		// A fresh MessageSid each time: the third is a new voice note, not a retry.
		body = strings.Replace(body, "MessageSid=", fmt.Sprintf("MessageSid=X%d", i), 1)
		code, resp, _ := a.post(t, "/api/whatsapp/webhook", body, nil)
		if code != 200 {
			t.Fatalf("%s: %d %s", c.fixture, code, resp)
		}
		if got := parseTwiML(t, resp).text(); !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want it to mention %q", c.fixture, got, c.want)
		}
	}
}
