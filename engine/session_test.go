package engine_test

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
)

// TestOldJSONSessionContinues resumes a conversation from a session
// stored by a build that wrote JSON: the booking awaiting confirmation is
// committed exactly as from the same session in the current format.
func TestOldJSONSessionContinues(t *testing.T) {
	e := demoEngine(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, e.Business().Location())
	cal := benchCalendar(e, now).View(now)
	ev := func(i int, text string) engine.Event {
		return engine.Event{Kind: engine.KindMessage, ID: "b" + string(rune('0'+i)), Channel: "whatsapp", Session: "whatsapp:+33612345678",
			From: "+33612345678", Text: text}
	}
	// The same conversation in the current format, up to the confirmation.
	var sess []byte
	for i, bt := range benchScript[:6] {
		out, err := e.Step(sess, ev(i, bt.text), now, cal)
		if err != nil {
			t.Fatal(err)
		}
		sess = out.Session
	}
	old, err := os.ReadFile("testdata/sessions/v1-confirm.json")
	if err != nil {
		t.Fatal(err)
	}
	fromOld, err := e.Step(bytes.TrimSpace(old), ev(6, "oui"), now, cal)
	if err != nil {
		t.Fatal(err)
	}
	fromNew, err := e.Step(sess, ev(6, "oui"), now, cal)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromOld.Effects.Book) != 1 || fromOld.Effects.Book[0].Customer.Name != "Marie Dupont" {
		t.Fatalf("the old session's booking was not committed: %+v", fromOld)
	}
	if !bytes.Equal(fromOld.Session, fromNew.Session) {
		t.Errorf("sessions differ:\nold %q\nnew %q", fromOld.Session, fromNew.Session)
	}
	fromOld.Session, fromNew.Session = nil, nil
	if !reflect.DeepEqual(fromOld, fromNew) {
		t.Errorf("outputs differ:\nold %+v\nnew %+v", fromOld, fromNew)
	}
}

// TestStepConcurrent runs the benchmark conversation from several
// goroutines at once (the prompt renderers are pooled): every goroutine
// gets the outputs of a sequential run.
func TestStepConcurrent(t *testing.T) {
	e := demoEngine(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, e.Business().Location())
	cal := benchCalendar(e, now).View(now)
	run := func() ([]engine.Output, error) {
		var outs []engine.Output
		var sess []byte
		for i, bt := range benchScript {
			if i > 0 && bt.channel != benchScript[i-1].channel {
				sess = nil
			}
			out, err := e.Step(sess, engine.Event{Kind: bt.kind, ID: "c", Channel: bt.channel, Session: bt.channel + ":+33612345678",
				From: "+33612345678", Text: bt.text}, now, cal)
			if err != nil {
				return nil, err
			}
			outs = append(outs, out)
			sess = out.Session
		}
		return outs, nil
	}
	want, err := run()
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			for range 20 {
				got, err := run()
				if err == nil && !reflect.DeepEqual(got, want) {
					err = fmt.Errorf("concurrent run differs from the sequential one")
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
