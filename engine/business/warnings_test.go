package business

import (
	"strings"
	"testing"

	"github.com/accueil-pme/accueil/examples"
)

func TestWarnings(t *testing.T) {
	if w := Demo().Warnings(); len(w) != 0 {
		t.Errorf("the demo business has warnings: %q", w)
	}
	demo := string(examples.SalonLumiere)
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"staff on a closed day", "weekdays: [wednesday, thursday, friday, saturday]",
			"weekdays: [monday, wednesday, thursday, friday, saturday]", "staff[2].weekdays: hugo works on monday, when the business is closed"},
		{"a service longer than any opening", "    duration: 120m", "    duration: 9h", "services[5]: balayage can never be booked"},
		{"staff hours too short for the service", "    name: Hugo\n    weekdays: [wednesday, thursday, friday, saturday]",
			"    name: Hugo\n    weekdays: [wednesday, thursday, friday, saturday]\n    hours: {wednesday: [\"09:00-09:10\"], thursday: [\"09:00-09:10\"], friday: [\"09:00-09:10\"], saturday: [\"09:00-09:10\"]}",
			"services[1]: coupe-homme can never be booked"},
		{"staff hours beyond the opening hours", "    name: Hugo\n    weekdays: [wednesday, thursday, friday, saturday]",
			"    name: Hugo\n    weekdays: [wednesday, thursday, friday, saturday]\n    hours: {saturday: [\"08:00-13:00\"]}",
			"staff[2].hours.saturday: hugo's hours go beyond the opening hours"},
		{"staff hours on a day off", "    name: Hugo\n    weekdays: [wednesday, thursday, friday, saturday]",
			"    name: Hugo\n    weekdays: [wednesday, thursday, friday, saturday]\n    hours: {tuesday: [\"09:00-12:00\"], saturday: [\"09:00-12:00\"]}",
			"staff[2].hours.tuesday: hugo has hours on tuesday but does not work that day"},
		{"a horizon in minutes", "  horizon: 60d", "  horizon: 1m", "policy.horizon: 1m lets customers book only that far ahead"},
		{"no handoff hours", "  hours:\n    fr: \"du mardi au vendredi de 9h à 12h30 et de 13h30 à 19h et le samedi de 9h à 17h\"\n    en: \"Tuesday to Friday 9 am to 12:30 pm and 1:30 to 7 pm, and Saturday 9 am to 5 pm\"\n",
			"", "handoff.hours: not given"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(demo, tc.from) {
				t.Fatalf("the demo file no longer has %q", tc.from)
			}
			src := strings.Replace(demo, tc.from, tc.to, 1)
			b, err := Parse([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(b.Warnings(), "\n")
			if !strings.Contains(got, tc.want) {
				t.Errorf("warnings:\n%s\nwant one with %q", got, tc.want)
			}
		})
	}
}
