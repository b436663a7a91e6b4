package business

import (
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/examples"
)

func TestDemo(t *testing.T) {
	b := Demo()
	if b.ID() != "salon-lumiere" || b.Name() != "Salon Lumière" || b.DefaultLanguage() != "fr" {
		t.Fatalf("identity: %q %q %q", b.ID(), b.Name(), b.DefaultLanguage())
	}
	if b.Phone() != "+33199001234" {
		t.Fatalf("phone = %q", b.Phone())
	}
	if b.Location().String() != "Europe/Paris" {
		t.Fatalf("location = %v", b.Location())
	}
	if got := b.Greeting("en"); got != "Hello, Salon Lumière here, how can I help you?" {
		t.Fatalf("greeting en = %q", got)
	}
	if got := b.AllowedOrigins(); len(got) != 1 || got[0] != "http://localhost:8000" {
		t.Fatalf("origins = %v", got)
	}
	s, ok := b.Service("couleur")
	if !ok || s.Duration != 90*time.Minute || s.BufferAfter != 15*time.Minute || s.Price != 65 {
		t.Fatalf("couleur = %+v", s)
	}
	if b.Policy.Horizon != 60*24*time.Hour || b.Policy.MinNotice != 2*time.Hour {
		t.Fatalf("policy = %+v", b.Policy)
	}
}

func TestHours(t *testing.T) {
	b := Demo()
	cases := []struct {
		date string
		open int // number of ranges
		why  string
	}{
		{"2026-11-23", 0, "monday"},
		{"2026-11-24", 2, "tuesday"},
		{"2026-11-28", 1, "saturday"},
		{"2026-11-29", 0, "sunday"},
		{"2027-05-01", 0, "labour day (a saturday)"},
		{"2027-03-29", 0, "easter monday 2027"},
		{"2027-05-06", 0, "ascension 2027"},
		{"2027-05-17", 0, "whit monday 2027"},
		{"2027-08-03", 0, "annual holiday"},
		{"2027-08-24", 2, "after the annual holiday"},
		{"2026-11-11", 0, "armistice (a wednesday)"},
		{"2026-12-25", 0, "christmas"},
	}
	for _, c := range cases {
		t.Run(c.why, func(t *testing.T) {
			d, err := ParseDate(c.date)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(b.Hours(d)); got != c.open {
				t.Fatalf("%s: %d ranges, want %d", c.date, got, c.open)
			}
		})
	}
}

func TestEaster(t *testing.T) {
	for y, want := range map[int]string{2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28", 2038: "2038-04-25"} {
		if got := Easter(y).String(); got != want {
			t.Errorf("Easter(%d) = %s, want %s", y, got, want)
		}
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	data := `id: "bad id"
name: ""
timezone: Mars/Olympus
languages: [fr, de]
greeting: {fr: "Bonjour"}
address: {fr: "ici"}
phone: "hello"
hours:
  funday: ["09:00-12:00"]
  monday: ["12:00-09:00"]
services:
  - id: a
    name: {fr: A}
    duration: 10x
    staff: [nobody]
staff:
  - id: x
    name: X
    weekdays: [someday]
policy:
  slot_step: 0m
web:
  allowed_origins: [example.com]
`
	_, err := Parse([]byte(data))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"id:", "name:", "timezone:", "languages[1]", "phone:", "hours.funday", "hours.monday[0]", "services[0].duration", "services[0].staff[0]", "staff[0].weekdays[0]", "policy.slot_step", "web.allowed_origins[0]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	// "de" is said once: not again as a missing greeting.de.
	if strings.Contains(err.Error(), "greeting.de") {
		t.Errorf("a language refused is required again:\n%v", err)
	}
}

func TestUnknownKey(t *testing.T) {
	_, err := Parse([]byte("id: x\nname: X\ncolour: blue\n"))
	if err == nil || !strings.Contains(err.Error(), "colour") {
		t.Fatalf("err = %v", err)
	}
}

// Several unknown keys are all listed, in the file's order, every time,
// with the problems of the rest of the file.
func TestUnknownKeysAllListed(t *testing.T) {
	src := strings.Replace(strings.Replace(string(examples.SalonLumiere), "\ntimezone:", "\ntimzone:", 1), "\naddress:", "\nadress:", 1)
	var first string
	for range 5 {
		_, err := Parse([]byte(src))
		if err == nil {
			t.Fatal("accepted")
		}
		msg := err.Error()
		i, j := strings.Index(msg, `"timzone"`), strings.Index(msg, `"adress"`)
		if i < 0 || j < i || !strings.Contains(msg, `did you mean "timezone"`) || !strings.Contains(msg, "timezone: is required") {
			t.Fatalf("error does not list both keys in order with the rest:\n%s", msg)
		}
		if first == "" {
			first = msg
		} else if msg != first {
			t.Fatalf("the error changes from run to run:\n%s\n---\n%s", first, msg)
		}
	}
}

// Hours given for some of a staff member's days narrow those days only;
// the other days they work keep the opening hours.
func TestStaffHoursForSomeDays(t *testing.T) {
	b := Demo()
	var s Staff
	for _, st := range b.Config.Staff {
		if st.ID == "camille" {
			s = st
		}
	}
	s.Days = [7]bool{}
	s.Days[time.Tuesday], s.Days[time.Wednesday] = true, true
	s.Week, s.Own = [7][]Range{}, [7]bool{}
	s.Week[time.Tuesday], s.Own[time.Tuesday] = []Range{{From: 14 * 60, To: 18*60 + 30}}, true
	tue, _ := ParseDate("2026-11-24")
	wed, _ := ParseDate("2026-11-25")
	if got := s.WorksOn(b, tue); len(got) != 1 || got[0].From != 14*60 || got[0].To != 18*60+30 {
		t.Errorf("Tuesday, with hours of their own: %v", got)
	}
	if got, open := s.WorksOn(b, wed), b.Hours(wed); len(got) != len(open) || len(got) == 0 || got[0] != open[0] {
		t.Errorf("Wednesday, without: %v, want the opening hours %v", got, open)
	}
}
