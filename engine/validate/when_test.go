package validate

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var paris = mustLoad("Europe/Paris")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// wed is the default test clock: Wednesday 11 March 2026, 10:00 in Paris.
var wed = time.Date(2026, 3, 11, 10, 0, 0, 0, paris)

// summary renders a When compactly: "date[..end] time [flags…]".
func summary(w When) string {
	var parts []string
	d := "-"
	if !w.Date.IsZero() {
		d = w.Date.String()
		if !w.EndDate.IsZero() {
			d += ".." + w.EndDate.String()
		}
	}
	parts = append(parts, d)
	if w.HasTime {
		parts = append(parts, w.Time.String())
	} else {
		parts = append(parts, "-")
	}
	if w.HasEndTime {
		parts = append(parts, "until="+w.EndTime.String())
	}
	if w.Part != PartNone {
		parts = append(parts, "part="+w.Part.String())
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{w.Approx, "approx"}, {w.Nearest, "nearest"}, {w.After, "after"}, {w.Before, "before"}, {w.AssumedPM, "pm?"}} {
		if f.on {
			parts = append(parts, f.name)
		}
	}
	switch w.Problem.Kind {
	case ProblemNone:
	case ProblemWeekdayMismatch:
		parts = append(parts, fmt.Sprintf("mismatch(%s is %s, said %s, alt %s)", w.Problem.Date, w.Problem.Date.Weekday(), w.Problem.Weekday, w.Problem.Alternative))
	case ProblemImpossibleDate:
		parts = append(parts, fmt.Sprintf("impossible(%d/%d/%d)", w.Problem.Day, w.Problem.Month, w.Problem.Year))
	case ProblemPast:
		parts = append(parts, "past")
	case ProblemInvalidTime:
		parts = append(parts, fmt.Sprintf("invalid(%d:%d)", w.Problem.Hour, w.Problem.Minute))
	}
	return strings.Join(parts, " ")
}

func TestParseWhen(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		// The brief's French list.
		{"demain à 14h", "2026-03-12 14:00"},
		{"demain 14h", "2026-03-12 14:00"},
		{"aujourd'hui", "2026-03-11 -"},
		{"après-demain midi", "2026-03-13 12:00 part=midday"},
		{"mardi prochain 10h30", "2026-03-17 10:30"},
		{"mardi", "2026-03-17 -"},
		{"ce samedi", "2026-03-14 -"},
		{"samedi 28", "2026-03-28 -"},
		{"jeudi matin", "2026-03-12 - part=morning"},
		{"le 3 décembre", "2026-12-03 -"},
		{"3/12", "2026-12-03 -"},
		{"03/12/2026", "2026-12-03 -"},
		{"le 1er mai", "2026-05-01 -"},
		{"dans deux semaines", "2026-03-25 -"},
		{"dans 3 jours", "2026-03-14 -"},
		{"la semaine prochaine", "2026-03-16..2026-03-22 -"},
		{"14h30", "- 14:30"},
		{"14h", "- 14:00"},
		{"14 h 30", "- 14:30"},
		{"14:30", "- 14:30"},
		{"2 heures et demie de l'après-midi", "- 14:30 part=afternoon"},
		{"quatorze heures", "- 14:00"},
		{"quatorze heures trente", "- 14:30"},
		{"vers 15 heures", "- 15:00 approx"},
		{"midi", "- 12:00 part=midday"},
		{"midi et demi", "- 12:30"},
		{"midi et demie", "- 12:30"},
		{"10h du matin", "- 10:00 part=morning"},
		{"5h de l'après-midi", "- 17:00 part=afternoon"},
		{"demin", "2026-03-12 -"},
		{"euh mardi euh 10 heures", "2026-03-17 10:00"},
		// The brief's English list.
		{"tomorrow at 2pm", "2026-03-12 14:00"},
		{"next Tuesday 10:30", "2026-03-17 10:30"},
		{"Thursday morning", "2026-03-12 - part=morning"},
		{"on December 3rd", "2026-12-03 -"},
		{"3 December", "2026-12-03 -"},
		{"in two weeks", "2026-03-25 -"},
		{"at noon", "- 12:00 part=midday"},
		{"2:30 pm", "- 14:30"},
		{"half past ten", "- 10:30"},
		// Relative days and parts.
		{"Aujourd’hui", "2026-03-11 -"},
		{"aujourdhui", "2026-03-11 -"},
		{"après demain", "2026-03-13 -"},
		{"the day after tomorrow", "2026-03-13 -"},
		{"hier", "2026-03-10 - past"},
		{"ce soir", "2026-03-11 - part=evening"},
		{"ce soir à 7h", "2026-03-11 19:00 part=evening"},
		{"tonight at 8", "2026-03-11 20:00 part=evening"},
		{"cet après-midi", "2026-03-11 - part=afternoon"},
		{"this afternoon", "2026-03-11 - part=afternoon"},
		{"demain dans l'après-midi", "2026-03-12 - part=afternoon"},
		{"demain après-midi à 3h", "2026-03-12 15:00 part=afternoon"},
		{"vendredi en fin de matinée", "2026-03-13 - part=late morning"},
		{"in the evening", "- - part=evening"},
		{"entre midi et deux", "- 12:00 until=14:00 part=midday"},
		{"à l'heure du déjeuner", "- - part=midday"},
		// Weekdays.
		{"samedi prochain", "2026-03-14 -"},
		{"mardi en huit", "2026-03-24 -"},
		{"mardi qui vient", "2026-03-17 -"},
		{"next Saturday", "2026-03-14 -"},
		{"on Friday", "2026-03-13 -"},
		{"sammedi", "2026-03-14 -"},
		{"mecredi prochain", "2026-03-18 -"},
		{"vendredi 13 à 16h", "2026-03-13 16:00"},
		{"jeudi prochain vers 17h", "2026-03-12 17:00 approx"},
		{"lundi 16 mars à 10h", "2026-03-16 10:00"},
		{"Thursday the 19th", "2026-03-19 -"},
		{"samedi le 14", "2026-03-14 -"},
		{"demain jeudi", "2026-03-12 -"},
		// Same weekday as today (Wednesday, 10:00).
		{"mercredi", "2026-03-18 -"},
		{"ce mercredi", "2026-03-11 -"},
		{"mercredi à 15h", "2026-03-11 15:00"},
		{"mercredi à 9h", "2026-03-18 09:00"},
		{"mercredi après-midi", "2026-03-11 - part=afternoon"},
		{"mercredi prochain", "2026-03-18 -"},
		// Day and month.
		{"le vingt et un mars", "2026-03-21 -"},
		{"le trois décembre deux mille vingt-sept", "2027-12-03 -"},
		{"le 3 décembre 2027 à 15h30", "2027-12-03 15:30"},
		{"le premier avril", "2026-04-01 -"},
		{"the 3rd of December", "2026-12-03 -"},
		{"December the third", "2026-12-03 -"},
		{"May 1st 2027", "2027-05-01 -"},
		{"le 10 mars", "2026-03-10 - past"},
		{"le 15 février", "2026-02-15 - past"},
		{"le 3 janvier", "2027-01-03 -"},
		{"15h-16h", "- 15:00 until=16:00"},
		{"de 15h à 16h", "- 15:00 until=16:00"},
		{"2pm to 4pm", "- 14:00 until=16:00"},
		{"à 14h, non plutôt 15h", "- 15:00"},
		{"Tuesday 17th March", "2026-03-17 -"},
		{"samedi 14 mars à 11h", "2026-03-14 11:00"},
		{"le 11 mars", "2026-03-11 -"},
		{"le 5", "2026-04-05 -"},
		{"le 31", "2026-03-31 -"},
		{"29 février", "2028-02-29 -"},
		{"le 15 sept", "2026-09-15 -"},
		{"2026-03-20", "2026-03-20 -"},
		{"20-03-2026", "2026-03-20 -"},
		{"20.03.2026", "2026-03-20 -"},
		{"20/03/26", "2026-03-20 -"},
		{"RDV le 12/03 à 9h30", "2026-03-12 09:30"},
		// Forms a model's tool call may pass.
		{"2026-03-14T10:00", "2026-03-14 10:00"},
		{"2026-03-14 10:00:00", "2026-03-14 10:00"},
		{"14/03/2026 10:00", "2026-03-14 10:00"},
		{"10:00", "- 10:00"},
		{"samedi 14 mars 2026", "2026-03-14 -"},
		// Spans of days.
		{"ce week-end", "2026-03-14..2026-03-15 -"},
		{"this weekend", "2026-03-14..2026-03-15 -"},
		{"cette semaine", "2026-03-11..2026-03-15 -"},
		{"next week", "2026-03-16..2026-03-22 -"},
		{"le mois prochain", "2026-04-01..2026-04-30 -"},
		// Counting.
		{"dans huit jours", "2026-03-18 -"},
		{"dans quinze jours", "2026-03-25 -"},
		{"dans une semaine", "2026-03-18 -"},
		{"dans 1 mois", "2026-04-11 -"},
		{"in 3 days", "2026-03-14 -"},
		{"in a fortnight", "2026-03-25 -"},
		{"dans une heure", "2026-03-11 11:00"},
		{"dans 2 heures et demie", "2026-03-11 12:30"},
		{"in 45 minutes", "2026-03-11 10:45"},
		// Times.
		{"à 3h", "- 15:00 pm?"},
		{"à 07h", "- 07:00"},
		{"8h", "- 08:00"},
		{"à 14 30", "- 14:30"},
		{"à quatorze trente", "- 14:30"},
		{"14.30", "- 14:30"},
		{"onze heures moins le quart", "- 10:45"},
		{"dix heures et quart", "- 10:15"},
		{"10h moins dix", "- 09:50"},
		{"midi moins le quart", "- 11:45"},
		{"à midi pile", "- 12:00"},
		{"minuit", "- 00:00"},
		{"10h du soir", "- 22:00 part=evening"},
		{"neuf heures du matin", "- 09:00 part=morning"},
		{"quarter to three", "- 14:45 pm?"},
		{"quarter past nine", "- 09:15"},
		{"ten past two", "- 14:10 pm?"},
		{"10 a.m.", "- 10:00"},
		{"10 pm", "- 22:00"},
		{"five pm", "- 17:00"},
		{"12am", "- 00:00"},
		{"12pm", "- 12:00"},
		{"at 2", "- 14:00 pm?"},
		{"at ten thirty", "- 10:30"},
		{"3 o'clock", "- 15:00 pm?"},
		{"7:45 in the morning", "- 07:45 part=morning"},
		{"Tuesday at half past two", "2026-03-17 14:30 pm?"},
		// Qualifiers and windows.
		{"entre 14h et 16h", "- 14:00 until=16:00"},
		{"between 2 and 4pm", "- 14:00 until=16:00"},
		{"from 2 to 4pm", "- 14:00 until=16:00"},
		{"après 17h", "- 17:00 after"},
		{"after 5pm", "- 17:00 after"},
		{"avant midi", "- 12:00 part=midday before"},
		{"pas avant 10h", "- 10:00 after"},
		{"à partir de 15h", "- 15:00 after"},
		{"aux alentours de 16h", "- 16:00 approx"},
		{"around 3", "- 15:00 approx pm?"},
		{"le plus tôt possible", "- -  nearest"},
		{"dès que possible", "- - nearest"},
		{"asap", "- - nearest"},
		{"as soon as possible tomorrow", "2026-03-12 - nearest"},
		{"au plus vite demain matin", "2026-03-12 - part=morning nearest"},
		// Problems: never a guess.
		{"jeudi 18", "- - mismatch(2026-03-18 is Wednesday, said Thursday, alt 2026-03-19)"},
		{"mardi 18 mars", "- - mismatch(2026-03-18 is Wednesday, said Tuesday, alt 2026-03-17)"},
		{"demain vendredi", "- - mismatch(2026-03-12 is Thursday, said Friday, alt 2026-03-13)"},
		{"31 février", "- - impossible(31/2/0)"},
		{"30/02", "- - impossible(30/2/0)"},
		{"31/04/2026", "- - impossible(31/4/2026)"},
		{"03/12/2025", "2025-12-03 - past"},
		{"aujourd'hui à 9h", "2026-03-11 09:00 past"},
		{"aujourd'hui à 11h", "2026-03-11 11:00"},
		{"25h", "- - invalid(25:0)"},
		{"14h75", "- - invalid(14:75)"},
		// Nothing to find.
		{"", "- -"},
		{"bonjour", "- -"},
		{"pour 3 personnes", "- -"},
		{"j'ai 2 enfants", "- -"},
		{"Paul Dumain", "- -"},
		{"je voudrais une coupe", "- -"},
		{"ça marche", "- -"},
		{"une coupe pendant 2 heures", "- -"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := summary(ParseWhen(tc.in, wed, paris))
			want := strings.Join(strings.Fields(tc.want), " ")
			if got != want {
				t.Errorf("ParseWhen(%q)\n got  %s\n want %s", tc.in, got, want)
			}
		})
	}
}

func TestParseWhenRemove(t *testing.T) {
	tests := []struct {
		in, rest string
	}{
		{"je voudrais une coupe demain vers 15h svp", "je voudrais une coupe svp"},
		{"euh mardi euh 10 heures pour une couleur", "euh pour une couleur"},
		{"Je peux venir jeudi matin ?", "Je peux venir ?"},
		{"RDV le 12/03 à 9h30 avec Camille", "RDV avec Camille"},
		{"book a men's cut tomorrow at 2pm please", "book a men's cut please"},
		{"annuler mon rendez-vous", "annuler mon rendez-vous"},
		{"  ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			w := ParseWhen(tc.in, wed, paris)
			if got := w.Remove(tc.in); got != tc.rest {
				t.Errorf("Remove = %q, want %q (spans %v)", got, tc.rest, w.Spans)
			}
			last := 0
			for _, s := range w.Spans {
				if s.Start < last || s.End <= s.Start || s.End > len(tc.in) {
					t.Fatalf("bad spans %v for %q", w.Spans, tc.in)
				}
				last = s.End
			}
		})
	}
}

func TestParseWhenSpans(t *testing.T) {
	in := "une coupe demain à 14h merci"
	w := ParseWhen(in, wed, paris)
	if len(w.Spans) != 1 {
		t.Fatalf("spans = %v, want one", w.Spans)
	}
	if got := in[w.Spans[0].Start:w.Spans[0].End]; got != "demain à 14h" {
		t.Errorf("span text = %q, want %q", got, "demain à 14h")
	}
	if !w.Found() {
		t.Error("Found() = false")
	}
	if ParseWhen("merci", wed, paris).Found() {
		t.Error("Found() = true for merci")
	}
}

// TestParseWhenDST runs around the daylight-saving changes in Paris:
// Sunday 29 March 2026 (02:00 → 03:00) and Sunday 25 October 2026
// (03:00 → 02:00).
func TestParseWhenDST(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		in   string
		want string
		// wantUTC, when set, is w.Start(paris) in UTC.
		wantUTC string
	}{
		{"tomorrow is the short day", time.Date(2026, 3, 28, 23, 30, 0, 0, paris), "demain à 10h", "2026-03-29 10:00", "2026-03-29T08:00:00Z"},
		{"day before the change", time.Date(2026, 3, 28, 9, 0, 0, 0, paris), "demain 10h", "2026-03-29 10:00", "2026-03-29T08:00:00Z"},
		{"three days across spring change", time.Date(2026, 3, 28, 10, 0, 0, 0, paris), "dans 3 jours", "2026-03-31 -", ""},
		{"one hour across the gap", time.Date(2026, 3, 29, 1, 30, 0, 0, paris), "dans une heure", "2026-03-29 03:30", "2026-03-29T01:30:00Z"},
		{"clock in the gap moves forward", time.Date(2026, 3, 28, 12, 0, 0, 0, paris), "demain à 02h30", "2026-03-29 02:30", "2026-03-29T01:30:00Z"},
		{"monday after spring change", time.Date(2026, 3, 29, 12, 0, 0, 0, paris), "lundi", "2026-03-30 -", ""},
		{"next week across spring change", time.Date(2026, 3, 27, 12, 0, 0, 0, paris), "la semaine prochaine", "2026-03-30..2026-04-05 -", ""},
		{"tomorrow is the long day", time.Date(2026, 10, 24, 12, 0, 0, 0, paris), "demain 10h", "2026-10-25 10:00", "2026-10-25T09:00:00Z"},
		{"one hour across the repeated hour", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "dans une heure", "2026-10-25 02:30", "2026-10-25T01:30:00Z"},
		{"sunday of autumn change", time.Date(2026, 10, 22, 12, 0, 0, 0, paris), "dimanche 25", "2026-10-25 -", ""},
		{"a week across autumn change", time.Date(2026, 10, 21, 12, 0, 0, 0, paris), "mercredi prochain à 15h", "2026-10-28 15:00", "2026-10-28T14:00:00Z"},
		{"now given in UTC", time.Date(2026, 3, 11, 23, 30, 0, 0, time.UTC), "demain", "2026-03-13 -", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := ParseWhen(tc.in, tc.now, paris)
			if got := summary(w); got != tc.want {
				t.Errorf("ParseWhen(%q) = %s, want %s", tc.in, got, tc.want)
			}
			if tc.wantUTC != "" {
				start, ok := w.Start(paris)
				if !ok {
					t.Fatalf("Start not ok")
				}
				if got := start.UTC().Format(time.RFC3339); got != tc.wantUTC {
					t.Errorf("Start = %s, want %s", got, tc.wantUTC)
				}
			}
		})
	}
}

func TestParseWhenNilLocation(t *testing.T) {
	now := time.Date(2026, 3, 11, 10, 0, 0, 0, time.UTC)
	if got := summary(ParseWhen("demain à 14h", now, nil)); got != "2026-03-12 14:00" {
		t.Errorf("got %s", got)
	}
}

func TestDate(t *testing.T) {
	d := Date{2026, 2, 28}
	if got := d.AddDays(1).String(); got != "2026-03-01" {
		t.Errorf("AddDays = %s", got)
	}
	if got := d.AddDays(-59).String(); got != "2025-12-31" {
		t.Errorf("AddDays(-59) = %s", got)
	}
	if d.Weekday() != time.Saturday {
		t.Errorf("Weekday = %s", d.Weekday())
	}
	if (Date{}).String() != "" || !(Date{}).IsZero() {
		t.Error("zero Date")
	}
	if !d.Before(Date{2026, 3, 1}) || d.Before(d) {
		t.Error("Before")
	}
	if from, to := PartAfternoon.Range(); from.String() != "12:00" || to.String() != "18:00" {
		t.Errorf("Range = %s %s", from, to)
	}
	if PartNone.String() != "" || PartEvening.String() != "evening" {
		t.Error("Part.String")
	}
	for _, p := range []Problem{
		{Kind: ProblemWeekdayMismatch, Date: Date{2026, 3, 18}, Weekday: time.Thursday, Alternative: Date{2026, 3, 19}},
		{Kind: ProblemImpossibleDate, Day: 31, Month: 2},
		{Kind: ProblemImpossibleDate, Day: 31, Month: 4, Year: 2026},
		{Kind: ProblemPast, Date: Date{2025, 1, 1}},
		{Kind: ProblemInvalidTime, Hour: 25},
	} {
		if p.String() == "" || p.Kind.String() == "" {
			t.Errorf("empty String for %#v", p)
		}
	}
	if (Problem{}).String() != "" {
		t.Error("zero Problem String")
	}
}

// TestStartFilter checks that skipping words no matcher starts on changes
// no result of the ParseWhen table.
func TestStartFilter(t *testing.T) {
	useStartFilter = false
	defer func() { useStartFilter = true }()
	TestParseWhen(t)
	TestParseWhenRemove(t)
}

// TestParseWhenSameWeekday pins the rule for a weekday said on that very
// day (here Saturday 14 March 2026 at 15:00).
func TestParseWhenSameWeekday(t *testing.T) {
	sat := time.Date(2026, 3, 14, 15, 0, 0, 0, paris)
	tests := []struct{ in, want string }{
		{"samedi", "2026-03-21 -"},
		{"samedi 16h", "2026-03-14 16:00"},
		{"samedi à 10h", "2026-03-21 10:00"},
		{"samedi matin", "2026-03-21 - part=morning"},
		{"samedi soir", "2026-03-14 - part=evening"},
		{"ce samedi", "2026-03-14 -"},
		{"ce samedi à 10h", "2026-03-14 10:00 past"},
		{"samedi prochain", "2026-03-21 -"},
		{"next Saturday", "2026-03-21 -"},
		{"this Saturday", "2026-03-14 -"},
		{"samedi en huit", "2026-03-28 -"},
		{"ce week-end", "2026-03-14..2026-03-15 -"},
		{"le week-end prochain", "2026-03-21..2026-03-22 -"},
		{"le 14", "2026-03-14 -"},
		{"le 13", "2026-04-13 -"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := summary(ParseWhen(tc.in, sat, paris)); got != tc.want {
				t.Errorf("ParseWhen(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

// TestParseWhenMonthFirst: numeric dates read month first in the United
// States, day first elsewhere; a first number over 12 is a day either way.
func TestParseWhenMonthFirst(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, loc)
	for _, tc := range []struct {
		text       string
		monthFirst bool
		want       string
	}{
		{"12/11", true, "2026-12-11"},
		{"12/11", false, "2026-11-12"}, // 12 November, just past
		{"1/5/2027", true, "2027-01-05"},
		{"1/5/2027", false, "2027-05-01"},
		{"18/12", true, "2026-12-18"},
		{"12/18", false, "2026-12-18"},
		{"12/18", true, "2026-12-18"},
	} {
		w := ParseWhenWith(tc.text, now, loc, WhenOptions{MonthFirst: tc.monthFirst})
		if got := w.Date.String(); got != tc.want {
			t.Errorf("ParseWhenWith(%q, MonthFirst %v) = %s, want %s", tc.text, tc.monthFirst, got, tc.want)
		}
	}
}

// TestParseWhenWeekdayAfterDate: a weekday said after a whole date it is
// led from ("de mercredi 2 à jeudi") is the first such day after it, not a
// day of that month that would not agree.
func TestParseWhenWeekdayAfterDate(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, loc)
	for _, tc := range []struct{ text, want string }{
		{"décaler mon rendez-vous de mercredi 2 à jeudi même heure", "2026-12-03"},
		{"move it from Wednesday the 2nd to Friday", "2026-12-04"},
		{"du samedi 28 au mardi", "2026-12-01"},
		{"le 3 décembre, c'est un jeudi", "2026-12-03"},
		{"je me marie samedi 28, un brushing vendredi ?", ""}, // Friday 27 or a question: not Friday 4
		{"j'ai rendez-vous chez le médecin jeudi 26, donc un brushing mercredi", ""},
		{"samedi 28 à 10h", "2026-11-28"},
	} {
		w := ParseWhen(tc.text, now, loc)
		if tc.want == "" {
			if w.Date.String() == "2026-12-04" || w.Date.String() == "2026-12-02" {
				t.Errorf("ParseWhen(%q) = %s: a weekday after an unrelated date taken as the one after it", tc.text, w.Date)
			}
			continue
		}
		if got := w.Date.String(); got != tc.want || w.Problem.Kind != ProblemNone {
			t.Errorf("ParseWhen(%q) = %s (problem %v), want %s", tc.text, got, w.Problem.Kind, tc.want)
		}
	}
}

// TestParseWhenAmPmAfterWeekday: "fri pm", "sat am" are halves of the day;
// "Friday? Am I able…", "Saturday, am free all day" are not.
func TestParseWhenAmPmAfterWeekday(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, loc)
	for text, want := range map[string]Part{
		"womens cut fri pm": PartAfternoon, "sat am": PartMorning, "sat morn": PartMorning,
		"Can I get a women's cut Friday? Am I able to pay by card?": PartNone, "women's cut Saturday, am free all day": PartNone,
		"women's cut Saturday am free all day": PartNone,
	} {
		if w := ParseWhen(text, now, loc); w.Part != want {
			t.Errorf("ParseWhen(%q).Part = %v, want %v", text, w.Part, want)
		}
	}
}

// TestParseWhenGreetingsAreNoParts: "Good afternoon", "Morning!", "bonne
// soirée" greet; they set no part of the day.
func TestParseWhenGreetingsAreNoParts(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, loc)
	for text, want := range map[string]string{
		"Good afternoon, manicure tomorrow at 10?":                          "10:00",
		"Morning! haircut thursday at 3":                                    "15:00",
		"Morning! Could I book a haircut for Thursday at half five please?": "17:30",
		"Good evening, can I book a mani for friday":                        "",
	} {
		w := ParseWhen(text, now, loc)
		got := ""
		if w.HasTime {
			got = w.Time.String()
		}
		if got != want || w.Part != PartNone {
			t.Errorf("ParseWhen(%q) = time %q part %v, want time %q and no part", text, got, w.Part, want)
		}
	}
}

// TestParseWhenAWeekFrom: "a week from Friday" is the Friday after next.
func TestParseWhenAWeekFrom(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, loc) // a Tuesday
	for text, want := range map[string]string{"mani a week from friday at 2": "2026-12-18", "a week on Friday": "2026-12-18", "friday": "2026-12-11"} {
		if got := ParseWhen(text, now, loc).Date.String(); got != want {
			t.Errorf("ParseWhen(%q) = %s, want %s", text, got, want)
		}
	}
}

// TestParseWhenMidday: "midday", "12 noon" and "12 midday" are 12:00.
func TestParseWhenMidday(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, loc)
	for _, text := range []string{"haircut friday at midday", "trim tomorrow at midday", "haircut friday 12 noon", "friday 12 midday please"} {
		w := ParseWhen(text, now, loc)
		if !w.HasTime || w.Time.Hour != 12 || w.Time.Minute != 0 || w.Problem.Kind != ProblemNone {
			t.Errorf("ParseWhen(%q) = time %v (has %v), problem %v; want 12:00", text, w.Time, w.HasTime, w.Problem.Kind)
		}
		for _, sp := range w.Spans {
			if sp.Start < 0 || sp.End > len(text) {
				t.Errorf("ParseWhen(%q): span %v outside the text", text, sp)
			}
		}
	}
}

// TestParseWhenWeekdayAbbrevAtEnd: "mani sat" is Saturday; "I sat" is not.
func TestParseWhenWeekdayAbbrevAtEnd(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, loc)
	for text, want := range map[string]string{"mani sat": "2026-12-12", "book me in for a mani sat pls": "2026-12-12", "a cut on fri, 10am?": "2026-12-11",
		"I sat in the waiting room": "", "we sat": ""} {
		if got := ParseWhen(text, now, loc).Date.String(); got != want {
			t.Errorf("ParseWhen(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestParseWhenHourWithPart: "3 in the afternoon", "9 du matin" are hours.
func TestParseWhenHourWithPart(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, loc)
	for text, want := range map[string]int{"no I meant 3 in the afternoon": 15, "9 du matin": 9, "7 in the evening": 19} {
		if w := ParseWhen(text, now, loc); !w.HasTime || w.Time.Hour != want {
			t.Errorf("ParseWhen(%q) = %v (has %v), want %d:00", text, w.Time, w.HasTime, want)
		}
	}
	if w := ParseWhen("3 days in the morning", now, loc); w.HasTime {
		t.Errorf("3 days: read as an hour %v", w.Time)
	}
}

// TestParseWhenAuDay: "déplacer mon rdv au 19" is the 19th; "au 12 rue des
// Lilas" is an address.
func TestParseWhenAuDay(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, loc)
	for text, want := range map[string]string{"je voudrais deplacer mon rdv au 19": "2026-12-19", "decalez mon brushing au 19": "2026-12-19",
		"vous êtes au 12 rue des Lilas ?": "", "du 18 au 20": ""} {
		if got := ParseWhen(text, now, loc).Date.String(); got != want {
			t.Errorf("ParseWhen(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestParseWhenNoFalseWeekdays: a trailing "Sam" (a barber), "sun", "wed",
// "mer", "jeu" is no weekday, nor a "sam" when another day is said.
func TestParseWhenNoFalseWeekdays(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, loc)
	for text, want := range map[string]string{
		"haircut next tuesday 10am with Sam": "2026-12-15", "beard trim tomorrow 11am please Sam": "2026-12-09", "haircut with sam": "",
		"pedicure thursday 2pm before my trip to the sun": "2026-12-10", "mani friday 11am, my daughter's getting wed": "2026-12-11",
		"une couleur jeudi 10h avant mes vacances à la mer": "2026-12-10", "un brushing vendredi 10h, c'est pour un jeu": "2026-12-11",
		"décaler au 2 ou au 3 ?": "", "déplacer mon rdv au 10 ou 11 heures le même jour": "", "u open sun?": "2026-12-13", "a mani on wed": "2026-12-09",
	} {
		if got := ParseWhen(text, now, loc).Date.String(); got != want {
			t.Errorf("ParseWhen(%q) = %q, want %q", text, got, want)
		}
	}
}
