package business

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/accueil-pme/accueil/examples"
	"github.com/accueil-pme/accueil/internal/yamlhint"
)

// Text is a customer-facing text per language code ("fr", "en").
type Text map[string]string

// In returns the text in lang, else in fallback, else any text.
func (t Text) In(lang, fallback string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	if s, ok := t[fallback]; ok && s != "" {
		return s
	}
	for _, l := range []string{"fr", "en"} {
		if s := t[l]; s != "" {
			return s
		}
	}
	for _, s := range t {
		return s
	}
	return ""
}

// Range is an interval of the day in minutes since midnight, [From, To).
type Range struct {
	From, To int
}

// Currencies are the ISO 4217 codes a business may quote prices in.
var Currencies = []string{"EUR", "GBP", "USD", "CAD", "CHF"}

// Config is the business file as written in YAML. Durations are Go
// durations or whole days ("60d"); hour ranges are "09:00-12:30"; dates are
// "YYYY-MM-DD". [Parse] resolves them into the fields tagged yaml:"-".
type Config struct {
	ID              string `yaml:"id"`
	Name            string `yaml:"name"`
	ReferencePrefix string `yaml:"reference_prefix"`
	// Currency is the ISO 4217 code prices are in (see Currencies); EUR
	// when not given.
	Currency  string   `yaml:"currency"`
	Timezone  string   `yaml:"timezone"`
	Languages []string `yaml:"languages"`
	Greeting  Text     `yaml:"greeting"`
	Address   Text     `yaml:"address"`
	Access    Text     `yaml:"access"`
	Phone     string   `yaml:"phone"`
	Email     string   `yaml:"email"`
	// Hours maps a weekday in English ("monday") to its opening ranges; a
	// missing or empty day is closed.
	Hours    map[string][]string `yaml:"hours"`
	Holidays []Holiday           `yaml:"holidays"`
	Closures []Closure           `yaml:"closures"`
	Services []Service           `yaml:"services"`
	Staff    []Staff             `yaml:"staff"`
	Policy   Policy              `yaml:"policy"`
	FAQ      []FAQ               `yaml:"faq"`
	Handoff  Handoff             `yaml:"handoff"`
	Web      Web                 `yaml:"web"`

	// Week is Hours resolved, indexed by time.Weekday.
	Week [7][]Range `yaml:"-"`
}

// Holiday is a public holiday: a fixed day of the year ("05-01") or a day
// computed from Easter Sunday (EasterOffset days after it).
type Holiday struct {
	Date         string `yaml:"date"`
	EasterOffset *int   `yaml:"easter_offset"`
	Name         Text   `yaml:"name"`

	month time.Month
	day   int
}

// Closure is a dated closing, both ends inclusive.
type Closure struct {
	FromRaw string `yaml:"from"`
	ToRaw   string `yaml:"to"`
	Reason  Text   `yaml:"reason"`

	From Date `yaml:"-"`
	To   Date `yaml:"-"`
}

// Service is something a customer books.
type Service struct {
	ID          string              `yaml:"id"`
	Name        Text                `yaml:"name"`
	Description Text                `yaml:"description"`
	Synonyms    map[string][]string `yaml:"synonyms"`
	DurationRaw string              `yaml:"duration"`
	Price       float64             `yaml:"price"`
	Staff       []string            `yaml:"staff"`
	BufferRaw   string              `yaml:"buffer_after"`
	// UnderAge, when set, is the age from which a customer is too old for
	// the service (12 for a children's cut); 0 means any age.
	UnderAge int `yaml:"under_age"`

	Duration    time.Duration `yaml:"-"`
	BufferAfter time.Duration `yaml:"-"`
}

// Staff is a person who performs services.
type Staff struct {
	ID       string   `yaml:"id"`
	Name     string   `yaml:"name"`
	Weekdays []string `yaml:"weekdays"`
	// Hours, when set, restricts the staff member's hours per weekday
	// (within the opening hours).
	Hours map[string][]string `yaml:"hours"`

	Days [7]bool    `yaml:"-"`
	Week [7][]Range `yaml:"-"`
	Own  [7]bool    `yaml:"-"` // Hours given for that weekday; the others keep the opening hours
}

// Policy is the booking policy.
type Policy struct {
	SlotStepRaw           string `yaml:"slot_step"`
	MinNoticeRaw          string `yaml:"min_notice"`
	HorizonRaw            string `yaml:"horizon"`
	CancellationNoticeRaw string `yaml:"cancellation_notice"`
	HoldTTLRaw            string `yaml:"hold_ttl"`
	SessionTTLRaw         string `yaml:"session_ttl"`

	// Zero values in the file mean: 15m, 2h, 60d, 24h, 10m, 2h.
	SlotStep           time.Duration `yaml:"-"`
	MinNotice          time.Duration `yaml:"-"`
	Horizon            time.Duration `yaml:"-"`
	CancellationNotice time.Duration `yaml:"-"`
	HoldTTL            time.Duration `yaml:"-"`
	SessionTTL         time.Duration `yaml:"-"`
}

// FAQ is a question the business answers, matched by keywords.
type FAQ struct {
	ID       string              `yaml:"id"`
	Keywords map[string][]string `yaml:"keywords"`
	Answer   Text                `yaml:"answer"`
}

// Handoff says how a person takes over.
type Handoff struct {
	Phone    string `yaml:"phone"`
	Hours    Text   `yaml:"hours"`
	PauseRaw string `yaml:"pause"`

	// Pause is how long the bot stays silent after a handoff (0 in the file
	// means 30m).
	Pause time.Duration `yaml:"-"`
}

// Web configures the chat widget.
type Web struct {
	// AllowedOrigins lists the origins allowed to embed the widget (empty
	// in the file means http://localhost:8000).
	AllowedOrigins []string `yaml:"allowed_origins"`
}

// Business is a validated business file. It is immutable and safe for
// concurrent use.
type Business struct {
	Config
	loc   *time.Location
	phone string // E.164
	// src is the file the business was parsed from, to say where in it a
	// problem is; nil when built otherwise.
	src []byte
}

// Load reads and parses a business file.
func Load(path string) (*Business, error) {
	b, _, err := CheckFile(path)
	return b, err
}

// CheckFile reads and parses a business file as Load does, and also
// returns its warnings, as Check does.
func CheckFile(path string) (*Business, []string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("business: read %s: %w", path, err)
	}
	b, warnings, err := Check(data)
	if err != nil {
		if strings.Contains(err.Error(), "\n") {
			return nil, warnings, fmt.Errorf("business: %s:\n%w", path, err) // one problem a line, under the file's name
		}
		return nil, warnings, fmt.Errorf("business: %s: %w", path, err)
	}
	return b, warnings, nil
}

// Parse decodes a business file strictly (unknown keys are errors) and
// validates it. The error lists every problem found, each with its YAML
// path and, when it is in the file, its "[line:col]", in the file's order.
func Parse(data []byte) (*Business, error) {
	b, _, err := Check(data)
	return b, err
}

// Check parses data as Parse does, and also returns the file's warnings
// (see [Business.Warnings]), each with its "[line:col]" when the item it is
// about is in the file. A file with errors still has its warnings, except
// those about an item an error is about (or that depends on one: whether a
// service can be booked depends on the hours and the staff), which fixing
// the error may change; a file that does not decode has none.
func Check(data []byte) (*Business, []string, error) {
	var c Config
	var errs []error
	opts := []yaml.DecodeOption{yaml.DisallowUnknownField()}
	if unknown := yamlhint.UnknownKeys(data, &c); len(unknown) > 0 {
		// Every unknown key (a strict decoder stops at the first), and
		// what the rest of the file gets wrong.
		errs = yamlhint.UnknownErrors(data, unknown, "docs/business.md")
		opts = nil
	}
	if err := yaml.UnmarshalWithOptions(data, &c, opts...); err != nil {
		errs = append(errs, errors.New(yamlhint.Format(data, err, c, "docs/business.md")))
		return nil, nil, yamlhint.Sort(errs...)
	}
	b := &Business{Config: c, src: data}
	verr := b.Validate()
	var errPaths []string
	if verr != nil {
		for _, e := range verr.(interface{ Unwrap() []error }).Unwrap() {
			path, _, _ := strings.Cut(e.Error(), ": ")
			errPaths = append(errPaths, path)
		}
	}
	warnings := b.warnings(errPaths)
	if verr != nil || len(errs) > 0 {
		return nil, warnings, yamlhint.Sort(append(errs, yamlhint.Locate(data, verr))...)
	}
	return b, warnings, nil
}

// Demo returns the demo business, Salon Lumière (examples/salon-lumiere.yaml).
// It panics if the embedded file is invalid, which tests rule out.
func Demo() *Business {
	b, err := Parse(examples.SalonLumiere)
	if err != nil {
		panic("business: demo business: " + err.Error())
	}
	return b
}

// Weekday names as written in the file, indexed by time.Weekday.
var weekdayNames = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func weekdayIndex(s string) (time.Weekday, bool) {
	i := slices.Index(weekdayNames[:], strings.ToLower(strings.TrimSpace(s)))
	return time.Weekday(i), i >= 0
}

// frenchWeekdays are the French names of the weekdays, indexed by
// time.Weekday, to say which English one a French name stands for.
var frenchWeekdays = [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// unknownWeekday words the problem of s, which is not a weekday.
func unknownWeekday(s string) string {
	msg := fmt.Sprintf("unknown weekday %q: weekdays are written in English (monday, tuesday, wednesday, thursday, friday, saturday, sunday)", s)
	if i := slices.Index(frenchWeekdays[:], strings.ToLower(strings.TrimSpace(s))); i >= 0 {
		msg += fmt.Sprintf("; %s is %s", s, weekdayNames[i])
	}
	return msg
}

// usedTwice words the problem of an id already given to the item at path
// first, saying on which line of the file when known.
func (b *Business) usedTwice(id, first string) string {
	msg := fmt.Sprintf("%q is used twice: it is already the id of %s", id, first)
	if line, _, ok := yamlhint.Line(b.src, first+".id"); ok {
		msg += fmt.Sprintf(" (line %d)", line)
	}
	return msg
}

// nameTwice words the problem of a name already given to the item at
// path first, saying on which line of the file when known, and why it
// matters.
func (b *Business) nameTwice(name, first, why string) string {
	msg := fmt.Sprintf("%q is also the name of %s", name, first)
	if line, _, ok := yamlhint.Line(b.src, first); ok {
		msg += fmt.Sprintf(" (line %d)", line)
	}
	return msg + ": " + why
}

// Validate resolves the raw fields and checks the whole file. It returns
// every problem joined with errors.Join, each prefixed with its YAML path.
func (b *Business) Validate() error {
	var errs []error
	bad := func(path, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...)))
	}
	c := &b.Config
	if c.ID == "" {
		bad("id", "is required (a short name like salon-lumiere)")
	} else if strings.ContainsAny(c.ID, " /:") {
		bad("id", "%q must not contain spaces, slashes or colons", c.ID)
	}
	if c.Name == "" {
		bad("name", "is required")
	}
	if c.ReferencePrefix == "" {
		c.ReferencePrefix = strings.ToUpper(firstLetters(c.ID, 3))
	}
	if c.Currency == "" {
		c.Currency = "EUR"
	}
	if c.Currency = strings.ToUpper(c.Currency); !slices.Contains(Currencies, c.Currency) {
		bad("currency", "%q is not supported (one of %s)", c.Currency, strings.Join(Currencies, ", "))
	}
	if c.Timezone == "" {
		bad("timezone", "is required (an IANA zone like Europe/Paris)")
	} else if loc, err := time.LoadLocation(c.Timezone); err != nil {
		bad("timezone", "unknown time zone %q (an IANA name such as Europe/Paris, Europe/London or America/Montreal)", c.Timezone)
	} else {
		b.loc = loc
	}
	if len(c.Languages) == 0 {
		c.Languages = []string{"fr"}
	}
	// langs are the supported languages listed: a text is required in
	// each; one not supported is said once, not again for every text.
	var langs []string
	for i, l := range c.Languages {
		if l != "fr" && l != "en" {
			bad(fmt.Sprintf("languages[%d]", i), "%q is not supported (fr or en)", l)
			continue
		}
		langs = append(langs, l)
	}
	for _, l := range langs {
		if c.Greeting[l] == "" {
			bad("greeting."+l, "is required for every language")
		}
	}
	if c.Address.In("fr", "en") == "" {
		bad("address", "is required")
	}
	if c.Phone == "" {
		bad("phone", "is required (the number customers are told to call)")
	} else if p, ok := e164(c.Phone); !ok {
		bad("phone", "%q is not a phone number in international form (+33 1 99 00 12 34)", c.Phone)
	} else {
		b.phone = p
	}
	if c.Email != "" && !strings.Contains(c.Email, "@") {
		bad("email", "%q is not an e-mail address", c.Email)
	}
	open := false
	for day, rs := range c.Hours {
		wd, ok := weekdayIndex(day)
		if !ok {
			bad("hours."+day, "%s", unknownWeekday(day))
			continue
		}
		c.Week[wd] = parseRanges("hours."+day, rs, bad)
		if len(c.Week[wd]) > 0 {
			open = true
		}
	}
	if !open {
		bad("hours", "the business is never open: give at least one day with hours")
	}
	for i := range c.Holidays {
		h := &c.Holidays[i]
		p := fmt.Sprintf("holidays[%d]", i)
		switch {
		case h.Date != "" && h.EasterOffset != nil:
			bad(p, "give either date or easter_offset, not both")
		case h.Date != "":
			t, err := time.Parse("01-02", h.Date)
			if err != nil {
				bad(p+".date", "%q is not MM-DD", h.Date)
			}
			h.month, h.day = t.Month(), t.Day()
		case h.EasterOffset == nil:
			bad(p, "give a date (MM-DD) or an easter_offset (days after Easter Sunday)")
		}
	}
	for i := range c.Closures {
		cl := &c.Closures[i]
		p := fmt.Sprintf("closures[%d]", i)
		var err1, err2 error
		cl.From, err1 = ParseDate(cl.FromRaw)
		if err1 != nil {
			bad(p+".from", "%q is not YYYY-MM-DD", cl.FromRaw)
		}
		cl.To, err2 = ParseDate(cl.ToRaw)
		if err2 != nil {
			bad(p+".to", "%q is not YYYY-MM-DD", cl.ToRaw)
		}
		if err1 == nil && err2 == nil && cl.To.Before(cl.From) {
			bad(p, "ends (%s) before it starts (%s)", cl.To, cl.From)
		}
	}
	staffIDs := map[string]int{} // the index of the first with that id
	staffNames := map[string]int{}
	for i := range c.Staff {
		s := &c.Staff[i]
		p := fmt.Sprintf("staff[%d]", i)
		if s.ID == "" {
			bad(p+".id", "is required")
		} else if first, ok := staffIDs[s.ID]; ok {
			bad(p+".id", "%s", b.usedTwice(s.ID, fmt.Sprintf("staff[%d]", first)))
		} else {
			staffIDs[s.ID] = i
		}
		if s.Name == "" {
			bad(p+".name", "is required")
		} else if first, ok := staffNames[strings.ToLower(strings.TrimSpace(s.Name))]; ok {
			bad(p+".name", "%s", b.nameTwice(s.Name, fmt.Sprintf("staff[%d]", first), "customers ask for a staff member by name: give each a name of their own (an initial will do)"))
		} else {
			staffNames[strings.ToLower(strings.TrimSpace(s.Name))] = i
		}
		if len(s.Weekdays) == 0 {
			bad(p+".weekdays", "is required (the days this person works)")
		}
		for j, d := range s.Weekdays {
			wd, ok := weekdayIndex(d)
			if !ok {
				bad(fmt.Sprintf("%s.weekdays[%d]", p, j), "%s", unknownWeekday(d))
				continue
			}
			s.Days[wd] = true
		}
		for day, rs := range s.Hours {
			wd, ok := weekdayIndex(day)
			if !ok {
				bad(p+".hours."+day, "%s", unknownWeekday(day))
				continue
			}
			s.Week[wd] = parseRanges(p+".hours."+day, rs, bad)
			s.Own[wd] = true
		}
	}
	svcIDs := map[string]int{}
	svcNames := map[string]int{} // "lang:name" → the index of the first
	if len(c.Services) == 0 {
		bad("services", "list at least one service")
	}
	for i := range c.Services {
		s := &c.Services[i]
		p := fmt.Sprintf("services[%d]", i)
		if s.ID == "" {
			bad(p+".id", "is required")
		} else if first, ok := svcIDs[s.ID]; ok {
			bad(p+".id", "%s", b.usedTwice(s.ID, fmt.Sprintf("services[%d]", first)))
		} else {
			svcIDs[s.ID] = i
		}
		for _, l := range langs {
			if s.Name[l] == "" {
				bad(p+".name."+l, "is required for every language")
			} else if first, ok := svcNames[l+":"+strings.ToLower(strings.TrimSpace(s.Name[l]))]; ok {
				bad(p+".name."+l, "%s", b.nameTwice(s.Name[l], fmt.Sprintf("services[%d]", first), "a customer who names it gets the first one: give each service a name of its own"))
			} else {
				svcNames[l+":"+strings.ToLower(strings.TrimSpace(s.Name[l]))] = i
			}
		}
		d, err := parseDuration(s.DurationRaw)
		switch {
		case s.DurationRaw == "":
			bad(p+".duration", "is required (e.g. 45m)")
		case err != nil || d <= 0:
			bad(p+".duration", "%q is not a positive duration (e.g. 45m)", s.DurationRaw)
		}
		s.Duration = d
		if s.BufferRaw != "" {
			bd, err := parseDuration(s.BufferRaw)
			if err != nil || bd < 0 {
				bad(p+".buffer_after", "%q is not a duration (e.g. 15m)", s.BufferRaw)
			}
			s.BufferAfter = bd
		}
		if s.Price < 0 {
			bad(p+".price", "must not be negative")
		}
		if s.UnderAge < 0 || s.UnderAge > 120 {
			bad(p+".under_age", "is an age in years (12 for a children's cut), or 0 for any age")
		}
		if len(s.Staff) == 0 {
			bad(p+".staff", "list who performs this service")
		}
		for j, st := range s.Staff {
			if _, ok := staffIDs[st]; !ok {
				bad(fmt.Sprintf("%s.staff[%d]", p, j), "unknown staff %q (see staff[].id)", st)
			}
		}
	}
	pol := &c.Policy
	for _, f := range []struct {
		path string
		raw  string
		dst  *time.Duration
		def  time.Duration
	}{
		{"policy.slot_step", pol.SlotStepRaw, &pol.SlotStep, 15 * time.Minute},
		{"policy.min_notice", pol.MinNoticeRaw, &pol.MinNotice, 2 * time.Hour},
		{"policy.horizon", pol.HorizonRaw, &pol.Horizon, 60 * 24 * time.Hour},
		{"policy.cancellation_notice", pol.CancellationNoticeRaw, &pol.CancellationNotice, 24 * time.Hour},
		{"policy.hold_ttl", pol.HoldTTLRaw, &pol.HoldTTL, 10 * time.Minute},
		{"policy.session_ttl", pol.SessionTTLRaw, &pol.SessionTTL, 2 * time.Hour},
		{"handoff.pause", c.Handoff.PauseRaw, &c.Handoff.Pause, 30 * time.Minute},
	} {
		if f.raw == "" {
			*f.dst = f.def
			continue
		}
		d, err := parseDuration(f.raw)
		if err != nil || d < 0 {
			bad(f.path, "%q is not a duration (e.g. 15m, 2h, 60d)", f.raw)
			continue
		}
		*f.dst = d
	}
	if pol.SlotStep < time.Minute || pol.SlotStep%time.Minute != 0 {
		bad("policy.slot_step", "must be a whole number of minutes, at least 1m")
	}
	if pol.HoldTTL <= 0 {
		bad("policy.hold_ttl", "must be positive")
	}
	if pol.SessionTTL <= 0 {
		bad("policy.session_ttl", "must be positive")
	}
	if pol.Horizon <= 0 {
		bad("policy.horizon", "must be positive")
	}
	faqIDs := map[string]int{}
	for i, f := range c.FAQ {
		p := fmt.Sprintf("faq[%d]", i)
		if f.ID == "" {
			bad(p+".id", "is required")
		} else if first, ok := faqIDs[f.ID]; ok {
			bad(p+".id", "%s", b.usedTwice(f.ID, fmt.Sprintf("faq[%d]", first)))
		} else {
			faqIDs[f.ID] = i
		}
		keywords := 0
		for _, ks := range f.Keywords {
			keywords += len(ks)
		}
		if keywords == 0 {
			bad(p+".keywords", "list the words that ask this question")
		}
		for l := range f.Keywords {
			if l != "fr" && l != "en" {
				bad(p+".keywords."+l, "unknown language (fr or en)")
			}
		}
		if f.Answer.In("fr", "en") == "" {
			bad(p+".answer", "is required")
		}
	}
	if c.Handoff.Phone == "" {
		c.Handoff.Phone = c.Phone
	} else if _, ok := e164(c.Handoff.Phone); !ok {
		bad("handoff.phone", "%q is not a phone number in international form", c.Handoff.Phone)
	}
	if len(c.Web.AllowedOrigins) == 0 {
		c.Web.AllowedOrigins = []string{"http://localhost:8000"}
	}
	for i, o := range c.Web.AllowedOrigins {
		if o != "*" && !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") {
			bad(fmt.Sprintf("web.allowed_origins[%d]", i), "%q is not an origin (https://example.com)", o)
		} else if strings.Count(o, "/") > 2 {
			bad(fmt.Sprintf("web.allowed_origins[%d]", i), "%q must have no path", o)
		}
	}
	return errors.Join(errs...)
}

func firstLetters(s string, n int) string {
	var out []byte
	for i := 0; i < len(s) && len(out) < n; i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return "REF"
	}
	return string(out)
}

func parseRanges(path string, raw []string, bad func(path, format string, args ...any)) []Range {
	var out []Range
	for i, r := range raw {
		p := fmt.Sprintf("%s[%d]", path, i)
		from, to, ok := strings.Cut(r, "-")
		a, ok1 := parseClock(from)
		z, ok2 := parseClock(to)
		switch {
		case !ok:
			bad(p, "%q is not a range like 09:00-12:30", r)
			continue
		case !ok1 || !ok2:
			wrong := from
			if ok1 {
				wrong = to
			}
			bad(p, "%q: %q is not a time of day (HH:MM, from 00:00 to 24:00)", r, strings.TrimSpace(wrong))
			continue
		}
		if z <= a {
			bad(p, "%q ends before it starts", r)
			continue
		}
		if len(out) > 0 && a < out[len(out)-1].To {
			bad(p, "%q overlaps or precedes the previous range", r)
			continue
		}
		out = append(out, Range{a, z})
	}
	return out
}

func parseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh == 24 && mm != 0 {
		return 0, false
	}
	return hh*60 + mm, true
}

// parseDuration accepts Go durations and whole days ("60d").
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil {
			return 0, err
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

// e164 normalises a phone written in international form.
func e164(s string) (string, bool) {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			out = append(out, c)
		case c == '+' && len(out) == 0:
			out = append(out, c)
		case c == ' ' || c == '.' || c == '-' || c == '(' || c == ')':
		default:
			return "", false
		}
	}
	if len(out) < 8 || len(out) > 16 || out[0] != '+' {
		return "", false
	}
	return string(out), true
}
