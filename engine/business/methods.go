package business

import (
	"time"
)

// ID returns the business id, the prefix of every stored key.
func (b *Business) ID() string { return b.Config.ID }

// Name returns the business name as shown to customers.
func (b *Business) Name() string { return b.Config.Name }

// DefaultLanguage returns the first language of the file.
func (b *Business) DefaultLanguage() string { return b.Config.Languages[0] }

// Supports reports whether the business speaks lang.
func (b *Business) Supports(lang string) bool {
	for _, l := range b.Config.Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Greeting returns the greeting in lang (or the default language).
func (b *Business) Greeting(lang string) string {
	return b.Config.Greeting.In(lang, b.DefaultLanguage())
}

// Phone returns the business phone in E.164.
func (b *Business) Phone() string { return b.phone }

// HandoffPhone returns the number customers are told to call, in E.164.
func (b *Business) HandoffPhone() string {
	p, _ := e164(b.Config.Handoff.Phone)
	return p
}

// Location returns the business time zone.
func (b *Business) Location() *time.Location { return b.loc }

// AllowedOrigins returns the origins allowed to embed the chat widget.
func (b *Business) AllowedOrigins() []string { return b.Config.Web.AllowedOrigins }

// Service returns the service with the given id.
func (b *Business) Service(id string) (*Service, bool) {
	for i := range b.Config.Services {
		if b.Config.Services[i].ID == id {
			return &b.Config.Services[i], true
		}
	}
	return nil, false
}

// StaffMember returns the staff member with the given id.
func (b *Business) StaffMember(id string) (*Staff, bool) {
	for i := range b.Config.Staff {
		if b.Config.Staff[i].ID == id {
			return &b.Config.Staff[i], true
		}
	}
	return nil, false
}

// Holiday returns the public holiday falling on d, if any.
func (b *Business) Holiday(d Date) (*Holiday, bool) {
	easter, computed := 0, false // Easter Sunday of d's year, in days
	for i := range b.Config.Holidays {
		h := &b.Config.Holidays[i]
		if h.EasterOffset == nil {
			if h.month == d.Month && h.day == d.Day {
				return h, true
			}
			continue
		}
		if !computed {
			easter, computed = Easter(d.Year).days(), true
		}
		if civil(easter+*h.EasterOffset) == d {
			return h, true
		}
	}
	return nil, false
}

// Closure returns the dated closure covering d, if any.
func (b *Business) Closure(d Date) (*Closure, bool) {
	for i := range b.Config.Closures {
		c := &b.Config.Closures[i]
		if !d.Before(c.From) && !c.To.Before(d) {
			return c, true
		}
	}
	return nil, false
}

// Hours returns the opening ranges of d: none on a weekly closed day, a
// public holiday or a dated closure.
func (b *Business) Hours(d Date) []Range {
	if _, ok := b.Holiday(d); ok {
		return nil
	}
	if _, ok := b.Closure(d); ok {
		return nil
	}
	return b.Config.Week[d.Weekday()]
}

// WorksOn reports whether s works on d's weekday, and their ranges that day
// (the opening ranges unless the staff member has own hours).
func (s *Staff) WorksOn(b *Business, d Date) []Range {
	wd := d.Weekday()
	if !s.Days[wd] {
		return nil
	}
	return s.within(wd, b.Hours(d))
}

// within returns the parts of open, the business's hours on a weekday wd,
// when s works.
func (s *Staff) within(wd time.Weekday, open []Range) []Range {
	if !s.Own[wd] {
		return open // no hours of their own that day: the opening hours
	}
	var out []Range
	for _, o := range open {
		for _, r := range s.Week[wd] {
			lo, hi := max(o.From, r.From), min(o.To, r.To)
			if lo < hi {
				out = append(out, Range{lo, hi})
			}
		}
	}
	return out
}

// Performs reports whether staff id performs s.
func (s *Service) Performs(id string) bool {
	for _, st := range s.Staff {
		if st == id {
			return true
		}
	}
	return false
}
