package validate

import (
	"fmt"
	"strings"
	"time"
)

// Date is a civil date (no time zone). The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in its own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as 2006-01-02, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// utc returns midnight UTC of d; civil arithmetic is done there, where every
// day is 24 hours long.
func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns d moved by n calendar days (n may be negative).
func (d Date) AddDays(n int) Date { return DateOf(d.utc().AddDate(0, 0, n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.utc().Before(e.utc()) }

// In returns the instant at clock c on day d in loc. A clock inside a
// daylight-saving gap is moved forward as time.Date does.
func (d Date) In(c Clock, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, loc)
}

// validDate reports whether y-m-d exists in the Gregorian calendar.
func validDate(y int, m time.Month, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	return d <= daysIn(y, m)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Clock is a time of day, hour 0–23 and minute 0–59.
type Clock struct {
	Hour, Minute int
}

// String formats c as 15:04.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

// Minutes returns the minutes since midnight.
func (c Clock) Minutes() int { return c.Hour*60 + c.Minute }

// Part is a part of the day named by the customer.
type Part uint8

// Parts of the day.
const (
	PartNone      Part = iota
	PartMorning        // matin, matinée, morning
	PartMidday         // midi, lunchtime
	PartAfternoon      // après-midi, afternoon
	PartEvening        // soir, soirée, evening, tonight
	// PartLateAfternoon: fin d'après-midi, late afternoon.
	PartLateAfternoon
	// PartLateMorning: fin de matinée, late morning.
	PartLateMorning
)

var partNames = [...]string{"", "morning", "midday", "afternoon", "evening", "late afternoon", "late morning"}

// String returns the English name of p ("" for PartNone).
func (p Part) String() string {
	if int(p) < len(partNames) {
		return partNames[p]
	}
	return fmt.Sprintf("Part(%d)", p)
}

// Range returns the clock range [from, to) conventionally covered by p:
// morning 08:00–12:00, midday 12:00–14:00, afternoon 12:00–18:00, late
// afternoon 16:00–19:00, evening 18:00–22:00. PartNone covers the whole day.
func (p Part) Range() (from, to Clock) {
	switch p {
	case PartMorning:
		return Clock{8, 0}, Clock{12, 0}
	case PartMidday:
		return Clock{12, 0}, Clock{14, 0}
	case PartAfternoon:
		return Clock{12, 0}, Clock{18, 0}
	case PartEvening:
		return Clock{18, 0}, Clock{22, 0}
	case PartLateAfternoon:
		return Clock{16, 0}, Clock{19, 0}
	case PartLateMorning:
		return Clock{11, 0}, Clock{12, 30}
	}
	return Clock{0, 0}, Clock{24, 0}
}

// ProblemKind says why a date or time said cannot be taken as is.
type ProblemKind uint8

// Problem kinds.
const (
	ProblemNone ProblemKind = iota
	// ProblemWeekdayMismatch: a weekday and a day of the month that do not
	// agree ("jeudi 18" when the 18th is a Wednesday). When.Date is left
	// zero; Problem.Date is the dated day, Problem.Weekday the day said and
	// Problem.Alternative the closest day with that weekday.
	ProblemWeekdayMismatch
	// ProblemImpossibleDate: a day that does not exist ("31 février",
	// "31/04"). Problem.Day, Month (and Year when said) hold what was said.
	ProblemImpossibleDate
	// ProblemPast: the date, or the date and time, is before now. When.Date
	// (and Time) hold it as understood; Problem.Date too.
	ProblemPast
	// ProblemInvalidTime: a time of day that does not exist ("25h",
	// "14h75"). Problem.Hour and Minute hold what was said.
	ProblemInvalidTime
)

var problemNames = [...]string{"", "weekday mismatch", "impossible date", "in the past", "invalid time"}

// String returns a short English description of k.
func (k ProblemKind) String() string {
	if int(k) < len(problemNames) {
		return problemNames[k]
	}
	return fmt.Sprintf("ProblemKind(%d)", k)
}

// Problem describes a date or time that the engine must question back
// instead of guessing. The zero Problem means no problem.
type Problem struct {
	Kind        ProblemKind
	Date        Date
	Weekday     time.Weekday
	Alternative Date
	Day         int
	Month       time.Month
	Year        int
	Hour        int
	Minute      int
}

// String describes p in English, for logs.
func (p Problem) String() string {
	switch p.Kind {
	case ProblemNone:
		return ""
	case ProblemWeekdayMismatch:
		return fmt.Sprintf("weekday mismatch: %s is a %s, not a %s (closest %s: %s)",
			p.Date, p.Date.Weekday(), p.Weekday, p.Weekday, p.Alternative)
	case ProblemImpossibleDate:
		if p.Year != 0 {
			return fmt.Sprintf("impossible date: day %d of %s %d", p.Day, p.Month, p.Year)
		}
		return fmt.Sprintf("impossible date: day %d of %s", p.Day, p.Month)
	case ProblemPast:
		return fmt.Sprintf("in the past: %s", p.Date)
	case ProblemInvalidTime:
		return fmt.Sprintf("invalid time: %dh%02d", p.Hour, p.Minute)
	}
	return p.Kind.String()
}

// Span is a byte range [Start, End) of the text given to ParseWhen.
type Span struct {
	Start, End int
}

// When is what ParseWhen understood of a date and time phrase. Every field
// is optional; the zero When means nothing was found.
type When struct {
	// Date is the day meant, zero when none was said (or when a Problem
	// prevents resolving it). For a span of days ("la semaine prochaine",
	// "next week", "ce week-end") it is the first day and EndDate the last.
	Date    Date
	EndDate Date
	// Time is the time of day when HasTime. EndTime closes a window
	// ("entre 14h et 16h") when HasEndTime.
	Time       Clock
	HasTime    bool
	EndTime    Clock
	HasEndTime bool
	// Part is the part of the day when one was named ("jeudi matin",
	// "5h de l'après-midi", "ce soir"); it may come with a Time.
	Part Part
	// Approx is set for "vers 15h", "around 3", "environ".
	Approx bool
	// Nearest is set for "le plus tôt possible", "dès que possible",
	// "au plus vite", "asap", "first available".
	Nearest bool
	// After and Before qualify Time: "après 17h", "avant midi",
	// "after 5pm", "before noon".
	After, Before bool
	// AssumedPM is set when an hour from 1 to 7 said without "du matin",
	// "am" or a part of day was read as afternoon ("à 3h" → 15:00).
	AssumedPM bool
	// Problem is set when the phrase cannot be taken as is.
	Problem Problem
	// Spans are the byte ranges of the text that held date and time
	// expressions (with their leading "à", "le", "pour", "at", "on" …), in
	// order and not overlapping.
	Spans []Span
}

// Found reports whether anything about a date or a time was understood.
func (w When) Found() bool { return len(w.Spans) > 0 }

// Remove returns text with the spans of w cut out and spaces collapsed, so
// that the rest can go to intent matching. text must be the string given to
// ParseWhen.
func (w When) Remove(text string) string {
	if len(w.Spans) == 0 {
		return strings.TrimSpace(text)
	}
	var sb strings.Builder
	sb.Grow(len(text))
	last := 0
	for _, s := range w.Spans {
		if s.Start < last || s.End > len(text) || s.Start > s.End {
			continue
		}
		sb.WriteString(text[last:s.Start])
		sb.WriteByte(' ')
		last = s.End
	}
	sb.WriteString(text[last:])
	return strings.Join(strings.Fields(sb.String()), " ")
}

// Start returns the instant of the date and time in loc; ok is false unless
// both a date and a time are known.
func (w When) Start(loc *time.Location) (t time.Time, ok bool) {
	if w.Date.IsZero() || !w.HasTime {
		return time.Time{}, false
	}
	return w.Date.In(w.Time, loc), true
}
