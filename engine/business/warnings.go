package business

import (
	"fmt"
	"strings"
	"time"
)

// Warnings lists what the file allows but its owner most likely did not
// mean, each with its YAML path as in Validate's errors: staff working on
// days the business is closed, services that can never be booked, a
// handoff without hours. `accueil check` prints them and the server logs
// them at start-up.
func (b *Business) Warnings() []string {
	c := &b.Config
	var out []string
	for i := range c.Staff {
		s := &c.Staff[i]
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			if s.Days[wd] && len(c.Week[wd]) == 0 {
				out = append(out, fmt.Sprintf("staff[%d].weekdays: %s works on %s, when the business is closed (see hours)",
					i, s.ID, weekdayNames[wd]))
				continue
			}
			if s.Own[wd] && !s.Days[wd] && len(s.Week[wd]) > 0 {
				out = append(out, fmt.Sprintf("staff[%d].hours.%s: %s has hours on %s but does not work that day (weekdays); they are ignored",
					i, weekdayNames[wd], s.ID, weekdayNames[wd]))
			}
			if s.Own[wd] && s.Days[wd] && !inside(s.Week[wd], c.Week[wd]) {
				out = append(out, fmt.Sprintf("staff[%d].hours.%s: %s's hours go beyond the opening hours; only the part within them is bookable",
					i, weekdayNames[wd], s.ID))
			}
		}
	}
	for i := range c.Services {
		sv := &c.Services[i]
		if !b.bookable(sv) {
			out = append(out, fmt.Sprintf("services[%d]: %s can never be booked: none of its staff works, on an open day, a stretch of %s",
				i, sv.ID, shortDuration(sv.Duration)))
		}
	}
	if p := &c.Policy; p.Horizon > 0 && p.Horizon < 24*time.Hour {
		out = append(out, fmt.Sprintf("policy.horizon: %s lets customers book only that far ahead (in minutes m, hours h, days d: two months is 60d)", p.HorizonRaw))
	}
	if c.Handoff.Hours.In(b.DefaultLanguage(), b.DefaultLanguage()) == "" {
		out = append(out, "handoff.hours: not given: a customer asking for a person gets the number without when someone answers it")
	}
	return out
}

// bookable reports whether some staff member of sv works, on some weekday,
// a stretch at least as long as sv.
func (b *Business) bookable(sv *Service) bool {
	need := int(sv.Duration / time.Minute)
	for _, id := range sv.Staff {
		st, ok := b.StaffMember(id)
		if !ok {
			continue
		}
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			if !st.Days[wd] {
				continue
			}
			for _, r := range st.within(wd, b.Config.Week[wd]) {
				if r.To-r.From >= need {
					return true
				}
			}
		}
	}
	return false
}

// inside reports whether every range of rs lies within one of open.
func inside(rs, open []Range) bool {
	for _, r := range rs {
		ok := false
		for _, o := range open {
			if r.From >= o.From && r.To <= o.To {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// shortDuration writes d as in the business file: "45m", "2h", "1h30m".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
