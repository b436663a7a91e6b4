package engine_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/engine/enginetest"
)

// BenchmarkStepHoursQuestion is the load generator's turn: a returning
// WhatsApp sender asks for the opening hours.
func BenchmarkStepHoursQuestion(b *testing.B) {
	step := hoursQuestion(b)
	b.ReportAllocs()
	for b.Loop() {
		step()
	}
}

// hoursQuestion returns one step of the load generator's turn, run a few
// times first so that the session is a returning sender's.
func hoursQuestion(tb testing.TB) func() {
	e := demoEngine(tb)
	loc := e.Business().Location()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, loc)
	cal := benchCalendar(e, now).View(now)
	ev := engine.Event{Kind: engine.KindMessage, ID: "m", Channel: "whatsapp", Session: "whatsapp:+33612345678",
		From: "+33612345678", Text: "Bonjour, quels sont vos horaires ?"}
	var sess []byte
	for range 6 {
		out, err := e.Step(sess, ev, now, cal)
		if err != nil {
			tb.Fatal(err)
		}
		sess = out.Session
	}
	return func() {
		if _, err := e.Step(sess, ev, now, cal); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestStepHoursQuestionAllocations keeps the load generator's turn lean:
// understanding a message runs on every turn, and two changes that looked
// harmless (a token array moved to the heap, phrases split per call) each
// tripled its allocations before this test; a third (the session decoded
// through an interface) moved Step's turn, 1.4 kB, to the heap.
func TestStepHoursQuestionAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under -race")
	}
	if allocs := testing.AllocsPerRun(50, hoursQuestion(t)); allocs > 5 {
		t.Errorf("Step on an hours question: %.0f allocations, want at most 5", allocs)
	}
}

// TestHoursAnswerFollowsTheDay: the hours answer is kept for the day, so
// one engine asked on several days (and languages) must answer each as a
// fresh engine does: the closure of August is announced only within two
// weeks of it.
func TestHoursAnswerFollowsTheDay(t *testing.T) {
	shared := demoEngine(t)
	loc := shared.Business().Location()
	far := time.Date(2027, 7, 1, 10, 0, 0, 0, loc)   // closure 2027-08-02: a month away
	near := time.Date(2027, 7, 26, 10, 0, 0, 0, loc) // a week away
	ask := func(e *engine.Engine, now time.Time, text string) string {
		t.Helper()
		ev := engine.Event{Kind: engine.KindMessage, ID: "m", Channel: "whatsapp", Session: "whatsapp:+33612345678",
			From: "+33612345678", Text: text}
		out, err := e.Step(nil, ev, now, enginetest.NewMemory().View(now))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range out.Replies {
			b.WriteString(r.Text)
		}
		return b.String()
	}
	for _, c := range []struct {
		now         time.Time
		text        string
		wantClosure bool
	}{
		{far, "Quels sont vos horaires ?", false},
		{near, "Quels sont vos horaires ?", true},
		{far, "Quels sont vos horaires ?", false},
		{near, "What are your opening hours?", true},
		{near, "Quels sont vos horaires ?", true},
	} {
		got := ask(shared, c.now, c.text)
		if want := ask(demoEngine(t), c.now, c.text); got != want {
			t.Errorf("%s %q: %q, a fresh engine says %q", c.now.Format("2006-01-02"), c.text, got, want)
		}
		if has := strings.Contains(got, "congés") || strings.Contains(got, "holiday"); has != c.wantClosure {
			t.Errorf("%s %q: closure mentioned = %v, want %v: %q", c.now.Format("2006-01-02"), c.text, has, c.wantClosure, got)
		}
	}
}

// BenchmarkStepHoursQuestionCold is BenchmarkStepHoursQuestion with the
// caches emptied before each turn, as under load, where the server's
// other work evicts the engine's data between two turns: it writes an
// 8 MiB buffer between turns and reports the median time of the turns
// alone (ns/op counts the buffer too).
func BenchmarkStepHoursQuestionCold(b *testing.B) {
	step := hoursQuestion(b)
	buf := make([]byte, 8<<20)
	durs := make([]time.Duration, 0, 1<<16)
	b.ReportAllocs()
	for b.Loop() {
		for i := 0; i < len(buf); i += 64 {
			buf[i]++
		}
		t0 := time.Now()
		step()
		if d := time.Since(t0); len(durs) < cap(durs) {
			durs = append(durs, d)
		}
	}
	slices.Sort(durs)
	if n := len(durs); n > 0 {
		b.ReportMetric(float64(durs[n/2].Nanoseconds()), "median-ns/turn")
	}
}
