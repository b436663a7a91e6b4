package business

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/accueil-pme/accueil/internal/yamlhint"
)

// Warnings lists what the file allows but its owner most likely did not
// mean, each with its YAML path as in Validate's errors, and before it its
// "[line:col]" in the file when known, in the file's order: staff working
// on days the business is closed, services that can never be booked, a
// handoff without hours. `accueil check` prints them and the server logs
// them at start-up.
func (b *Business) Warnings() []string { return b.warnings(nil) }

// warning is one of Warnings, about the items at the paths of about.
type warning struct {
	path, text string
	about      []string
}

// warnings returns the warnings located in b.src, leaving out those about
// an item one of errPaths (the paths of the file's errors) is about.
func (b *Business) warnings(errPaths []string) []string {
	var out []string
	for _, w := range b.warningList() {
		if !slices.ContainsFunc(w.about, func(p string) bool {
			return slices.ContainsFunc(errPaths, func(e string) bool { return within(e, p) })
		}) {
			out = append(out, w.path+": "+w.text)
		}
	}
	return yamlhint.LocateMessages(b.src, out)
}

// within reports whether the YAML path p is item or inside it.
func within(p, item string) bool {
	rest, ok := strings.CutPrefix(p, item)
	return ok && (rest == "" || rest[0] == '.' || rest[0] == '[')
}

func (b *Business) warningList() []warning {
	c := &b.Config
	var out []warning
	for i := range c.Staff {
		s := &c.Staff[i]
		item := fmt.Sprintf("staff[%d]", i)
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			about := []string{item, "hours." + weekdayNames[wd]}
			if s.Days[wd] && len(c.Week[wd]) == 0 {
				out = append(out, warning{item + ".weekdays", fmt.Sprintf("%s works on %s, when the business is closed (see hours)",
					s.ID, weekdayNames[wd]), about})
				continue
			}
			if s.Own[wd] && !s.Days[wd] && len(s.Week[wd]) > 0 {
				out = append(out, warning{item + ".hours." + weekdayNames[wd], fmt.Sprintf("%s has hours on %s but does not work that day (weekdays); they are ignored",
					s.ID, weekdayNames[wd]), about})
			}
			if s.Own[wd] && s.Days[wd] && !inside(s.Week[wd], c.Week[wd]) {
				out = append(out, warning{item + ".hours." + weekdayNames[wd], fmt.Sprintf("%s's hours go beyond the opening hours; only the part within them is bookable",
					s.ID), about})
			}
		}
	}
	for i := range c.Services {
		sv := &c.Services[i]
		item := fmt.Sprintf("services[%d]", i)
		if !b.bookable(sv) {
			out = append(out, warning{item, fmt.Sprintf("%s can never be booked: none of its staff works, on an open day, a stretch of %s",
				sv.ID, shortDuration(sv.Duration)), []string{item, "staff", "hours"}})
		}
	}
	if p := &c.Policy; p.Horizon > 0 && p.Horizon < 24*time.Hour {
		out = append(out, warning{"policy.horizon", fmt.Sprintf("%s lets customers book only that far ahead (in minutes m, hours h, days d: two months is 60d)", p.HorizonRaw),
			[]string{"policy.horizon"}})
	}
	if c.Handoff.Hours.In(b.DefaultLanguage(), b.DefaultLanguage()) == "" {
		out = append(out, warning{"handoff.hours", "not given: a customer asking for a person gets the number without when someone answers it",
			[]string{"handoff.hours", "languages"}})
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
