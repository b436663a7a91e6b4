package engine

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/validate"
)

// slot is a bookable start with the staff member who would do it.
type slot struct {
	start time.Time
	staff string
}

func (s slot) ref(svc string) slotRef {
	return slotRef{Start: s.start.Unix(), Staff: s.staff, Svc: svc}
}

// interval is a busy span of one staff member.
type interval struct {
	from, to time.Time
}

// dayBusy is what the calendar says of one day: the busy spans of the
// staff.
type dayBusy struct {
	d       business.Date
	spans   []staffSpan
	cancels int // len(Effects.Cancel) when read
}

type staffSpan struct {
	staff string
	interval
}

// busyOn reads (once per turn) the bookings and the other sessions' live
// holds of day d.
func (t *turn) busyOn(d business.Date) *dayBusy {
	for i, db := range t.days {
		if db.d == d {
			if db.cancels == len(t.out.Effects.Cancel) {
				return db
			}
			t.days = slices.Delete(t.days, i, i+1) // a booking cancelled since: read again
			break
		}
	}
	db := &dayBusy{d: d, cancels: len(t.out.Effects.Cancel)}
	t.days = append(t.days, db)
	from := d.At(t.loc, 0)
	to := d.AddDays(1).At(t.loc, 0)
	bs, err := t.cal.Bookings(from, to)
	if err != nil {
		t.fail(fmt.Errorf("engine: read bookings: %w", err))
		return db
	}
	db.spans = make([]staffSpan, 0, len(bs)+1)
	for i := range bs {
		b := &bs[i]
		if b.ID == t.st.Target && t.st.Flow == flowMove || slices.Contains(t.out.Effects.Cancel, b.ID) {
			continue // the booking being moved (or cancelled this turn) frees its slot in the same commit
		}
		if b.Status == "" || b.Status == "confirmed" {
			end := b.BlockEnd
			if end.IsZero() {
				end = b.End
			}
			db.spans = append(db.spans, staffSpan{b.Staff, interval{b.Start, end}})
		}
	}
	hs, err := t.cal.Holds(from, to)
	if err != nil {
		t.fail(fmt.Errorf("engine: read holds: %w", err))
		return db
	}
	for i := range hs {
		h := &hs[i]
		if h.Session != t.ev.Session && h.Expires.After(t.now) {
			db.spans = append(db.spans, staffSpan{h.Staff, interval{h.Start, h.End}})
		}
	}
	return db
}

func (t *turn) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

func (db *dayBusy) free(staff string, from, to time.Time) bool {
	for i := range db.spans {
		sp := &db.spans[i]
		if sp.staff == staff && sp.from.Before(to) && from.Before(sp.to) {
			return false
		}
	}
	return true
}

// Reasons a requested slot cannot be booked.
const (
	whyNone       = ""
	whyPast       = "past"
	whyNotice     = "notice"
	whyHorizon    = "horizon"
	whyWeekday    = "closed_weekday"
	whyMine       = "mine" // the customer has a booking then
	whyHoliday    = "closed_holiday"
	whyClosure    = "closed_closure"
	whyStaffOff   = "staff_off"
	whyHours      = "hours"
	whyLunch      = "lunch"
	whyFit        = "fit"
	whyThen       = "then_fit" // the service booked right after would not fit
	whyGrid       = "grid"
	whyTaken      = "taken"
	whyStaffTaken = "staff_taken"
	whyFull       = "full"
	whyStaffFull  = "staff_full"
	whyNobody     = "nobody" // none of the staff who do the service works that day
)

// search is a request for slots.
type search struct {
	svc    *business.Service
	staff  string // asked for by name; "" = anyone
	prefer string // tried first when staff is ""
	avoid  string // space-separated ids never tried when staff is "" ("pas avec Camille")
	// mine are the customer's own bookings to come (but the one being
	// moved): a slot overlapping one is not offered.
	mine []Booking
	// then is the service booked right after this one ("une couleur et
	// une coupe"): a slot is offered only when it fits after it.
	then *business.Service
}

// newSearch is a search for svc that keeps clear of the customer's own
// bookings.
func (t *turn) newSearch(svc *business.Service, staff, prefer string) search {
	s := search{svc: svc, staff: staff, prefer: prefer, avoid: t.st.Avoid}
	if next, ok := t.e.b.Service(t.st.Next); ok && t.st.Next != "" && !t.st.Together && t.st.Flow == flowBook && t.st.Svc == svc.ID {
		s.then = next
	}
	if t.st.Phone == "" || t.st.Other {
		return s
	}
	if t.st.Target != "" {
		if b, ok := t.targetBooking(); ok && b.Customer.Name != "" && t.st.Name != "" && !sameName(b.Customer.Name, t.st.Name) {
			return s // moving a child's booking: the parent's own do not stand in the way
		}
	}
	for _, b := range t.ownBookings() {
		if b.ID != t.st.Target {
			s.mine = append(s.mine, b)
		}
	}
	return s
}

// mineDuring returns the customer's own booking overlapping [start, end).
func (s *search) mineDuring(start, end time.Time) (Booking, bool) {
	for _, b := range s.mine {
		if b.Start.Before(end) && start.Before(b.End) {
			return b, true
		}
	}
	return Booking{}, false
}

// dayClosed says why the business is closed on d, or "".
func (t *turn) dayClosed(d business.Date) string {
	if _, ok := t.e.b.Closure(d); ok {
		return whyClosure // the broader reason: 15 August inside the summer closure
	}
	if _, ok := t.e.b.Holiday(d); ok {
		return whyHoliday
	}
	if len(t.e.b.Config.Week[d.Weekday()]) == 0 {
		return whyWeekday
	}
	return whyNone
}

// earliest and latest bound the starts allowed by notice and horizon; the
// notice counts in whole minutes (at 9:00:40, two hours still allow 11:00).
func (t *turn) earliest() time.Time { return t.now.Add(t.e.b.Policy.MinNotice).Truncate(time.Minute) }
func (t *turn) latest() time.Time   { return t.now.Add(t.e.b.Policy.Horizon) }

// daySlots lists the free starts of d (one per start time, with the first
// free staff member in order), between minute from and to.
func (t *turn) daySlots(s search, d business.Date, from, to int) []slot {
	if t.dayClosed(d) != "" || s.avoid != "" && strings.Contains(s.avoid, "day:"+strconv.Itoa(int(d.Weekday()))) {
		return nil // closed, or a weekday the customer excluded
	}
	db := t.busyOn(d)
	step := int(t.e.b.Policy.SlotStep / time.Minute)
	dur := s.svc.Duration
	durMin := int(dur / time.Minute)
	earliest, latest := t.earliest(), t.latest()
	// The candidates and their hours of the day, worked out once.
	var staffBuf [8]staffDay
	staff := t.staffOn(s, d, staffBuf[:0])
	var out []slot
	ranges := t.e.b.Hours(d)
	for _, r := range ranges {
		for m := r.From; m+durMin <= r.To; m += step {
			if m < from || m >= to {
				continue
			}
			start := d.At(t.loc, m)
			if start.Before(earliest) || start.After(latest) {
				continue
			}
			end := start.Add(dur).Add(s.svc.BufferAfter)
			if _, mine := s.mineDuring(start, start.Add(dur)); mine {
				continue
			}
			for _, st := range staff {
				if within(st.hours, m, m+durMin) && db.free(st.id, start, end) {
					if s.then != nil && !t.fitsAfter(s, d, end, st.id) {
						break // the second service would not fit right after
					}
					if out == nil {
						out = make([]slot, 0, starts(ranges, durMin, step))
					}
					out = append(out, slot{start, st.id})
					break
				}
			}
		}
	}
	return out
}

// starts counts the starts of a service of dur minutes in the ranges.
func starts(ranges []business.Range, dur, step int) int {
	n := 0
	for _, r := range ranges {
		if r.To-dur >= r.From {
			n += (r.To-dur-r.From)/step + 1
		}
	}
	return n
}

// staffDay is a candidate for a search and their working hours on a day.
type staffDay struct {
	id    string
	hours []business.Range
}

// staffOn appends to buf the candidates of s who exist, with their hours
// on d, in the order they are tried.
func (t *turn) staffOn(s search, d business.Date, buf []staffDay) []staffDay {
	add := func(id string) {
		if s.staff == "" && s.avoid != "" && slices.Contains(strings.Fields(s.avoid), id) {
			return
		}
		if st, ok := t.e.b.StaffMember(id); ok {
			buf = append(buf, staffDay{id: id, hours: st.WorksOn(t.e.b, d)})
		}
	}
	switch {
	case s.staff != "":
		add(s.staff)
	case s.prefer == "" || !s.svc.Performs(s.prefer):
		for _, id := range s.svc.Staff {
			add(id)
		}
	default:
		add(s.prefer)
		for _, id := range s.svc.Staff {
			if id != s.prefer {
				add(id)
			}
		}
	}
	return buf
}

// freeStaff returns the first candidate working at minute m of d and free.
func (t *turn) freeStaff(s search, d business.Date, db *dayBusy, start time.Time, m int) (string, bool) {
	dur := s.svc.Duration
	end := start.Add(dur).Add(s.svc.BufferAfter)
	var staffBuf [8]staffDay
	for _, st := range t.staffOn(s, d, staffBuf[:0]) {
		if within(st.hours, m, m+int(dur/time.Minute)) && db.free(st.id, start, end) {
			return st.id, true
		}
	}
	return "", false
}

func within(rs []business.Range, from, to int) bool {
	for _, r := range rs {
		if from >= r.From && to <= r.To {
			return true
		}
	}
	return false
}

// overlapsAny reports whether [from, to) meets one of rs.
func overlapsAny(rs []business.Range, from, to int) bool {
	for _, r := range rs {
		if from < r.To && to > r.From {
			return true
		}
	}
	return false
}

// check tells whether the exact start is bookable, and why not.
func (t *turn) check(s search, d business.Date, min int) (slot, string) {
	start := d.At(t.loc, min)
	switch {
	case start.Before(t.now):
		return slot{}, whyPast
	case start.Before(t.earliest()):
		return slot{}, whyNotice
	case start.After(t.latest()):
		return slot{}, whyHorizon
	}
	if why := t.dayClosed(d); why != "" {
		return slot{}, why
	}
	if s.staff != "" {
		st, _ := t.e.b.StaffMember(s.staff)
		if len(st.WorksOn(t.e.b, d)) == 0 {
			return slot{}, whyStaffOff
		}
	}
	ranges := t.e.b.Hours(d)
	dur := int(s.svc.Duration / time.Minute)
	if !within(ranges, min, min+dur) {
		for i, r := range ranges {
			if min >= r.From && min < r.To {
				return slot{}, whyFit // starts open but ends after closing or the break
			}
			if i > 0 && min >= ranges[i-1].To && min < r.From {
				return slot{}, whyLunch
			}
		}
		return slot{}, whyHours
	}
	step := int(t.e.b.Policy.SlotStep / time.Minute)
	if (min-ranges[0].From)%step != 0 {
		return slot{}, whyGrid
	}
	if _, mine := s.mineDuring(start, start.Add(s.svc.Duration)); mine {
		return slot{}, whyMine
	}
	if st, ok := t.freeStaff(s, d, t.busyOn(d), start, min); ok {
		if s.then != nil && !t.fitsAfter(s, d, start.Add(s.svc.Duration).Add(s.svc.BufferAfter), st) {
			return slot{}, whyThen // "a colour and a cut at 3pm", closing at 5
		}
		return slot{start, st}, whyNone
	}
	if s.staff != "" {
		return slot{}, whyStaffTaken
	}
	return slot{}, whyTaken
}

// nearestOn returns up to n free slots of day d closest to minute min.
func (t *turn) nearestOn(s search, d business.Date, min, n int) []slot {
	all := t.daySlots(s, d, 0, 24*60)
	slices.SortStableFunc(all, func(a, b slot) int {
		return abs(minuteOf(a.start.In(t.loc))-min) - abs(minuteOf(b.start.In(t.loc))-min)
	})
	all = spread(all, n, 60)
	sortSlots(all)
	return all
}

// nearest returns up to n free slots closest to minute min of d: first on
// d itself, then on the following open days at about the same time.
func (t *turn) nearest(s search, d business.Date, min, n int) []slot {
	var out []slot
	day := t.daySlots(s, d, 0, 24*60)
	slices.SortStableFunc(day, func(a, b slot) int {
		return cmp.Compare(abs(minuteOf(a.start)-min), abs(minuteOf(b.start)-min))
	})
	out = append(out, spread(day, n, 30)...)
	for i := 1; len(out) < n && i <= 21; i++ {
		dd := d.AddDays(i)
		if dd.At(t.loc, 0).After(t.latest()) {
			break
		}
		ds := t.daySlots(s, dd, 0, 24*60)
		if len(ds) == 0 {
			continue
		}
		best := ds[0]
		for _, c := range ds {
			if abs(minuteOf(c.start)-min) < abs(minuteOf(best.start)-min) {
				best = c
			}
		}
		out = append(out, best)
	}
	sortSlots(out)
	return out
}

// firstFree returns up to n slots spread over the day from d on (the first
// day with free slots within [from, to) minutes, then later days).
func (t *turn) firstFree(s search, d, last business.Date, from, to, n int) []slot {
	var out []slot
	for i := 0; len(out) < n && i <= 62; i++ {
		dd := d.AddDays(i)
		if !last.IsZero() && last.Before(dd) || dd.At(t.loc, 0).After(t.latest()) {
			break
		}
		ds := t.daySlots(s, dd, from, to)
		picked := spread(ds, n-len(out), 90)
		if len(picked) == 1 && n-len(out) > 1 && len(ds) > 1 && (last.IsZero() || last == d) {
			// A narrow window ("après 17h"): closer starts rather than one.
			picked = spread(ds, n-len(out), 30)
		}
		out = append(out, picked...)
		if len(out) > 0 && last.IsZero() {
			break
		}
	}
	sortSlots(out)
	return out
}

// fitsAfter reports whether s.then can start right after a booking of
// s.svc ending at end (its buffer included) with staff, as bookNext will
// book it: with the same person when they do it (only with them when the
// customer asked for them: "une couleur puis un brushing avec Camille"),
// else with anyone.
func (t *turn) fitsAfter(s search, d business.Date, end time.Time, staff string) bool {
	next := search{svc: s.then, mine: s.mine, avoid: s.avoid}
	switch {
	case s.staff != "" && s.staff == staff && s.then.Performs(staff):
		next.staff = staff
	case s.then.Performs(staff):
		next.prefer = staff
	}
	e := end.In(t.loc)
	_, why := t.check(next, d, t.onGrid(e.Hour()*60+e.Minute()))
	return why == whyNone
}

// spread picks up to n slots at least gap minutes apart, in the order given.
func spread(ss []slot, n, gap int) []slot {
	var out []slot
	for _, s := range ss {
		if len(out) == n {
			break
		}
		ok := true
		for _, o := range out {
			if abs(int(s.start.Sub(o.start)/time.Minute)) < gap {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, s)
		}
	}
	return out
}

func sortSlots(ss []slot) {
	slices.SortStableFunc(ss, func(a, b slot) int { return a.start.Compare(b.start) })
}

func minuteOf(t time.Time) int { return t.Hour()*60 + t.Minute() }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// partRange returns the minutes covered by a part of the day.
func partRange(p validate.Part) (int, int) {
	a, b := p.Range()
	return a.Minutes(), b.Minutes()
}

// partOf returns the minutes a part of the day covers at the business on
// day d. The afternoon starts at noon, or, where a morning opening runs
// past noon until a lunch break, when that opening ends: with hours of
// 09:00-12:30 and 13:30-19:00, "l'après-midi" is 13:30 on, not 12:00.
func (t *turn) partOf(d business.Date, p validate.Part) (int, int) {
	from, to := partRange(p)
	if p == validate.PartAfternoon {
		for _, r := range t.e.b.Hours(d) {
			if r.From < from && r.To > from && r.To <= 14*60 {
				from = r.To
			}
		}
	}
	return from, to
}

// latestStart returns the latest minute of day d at which svc can start
// and end by closing time, or -1 when it fits nowhere that day.
func (t *turn) latestStart(d business.Date, svc *business.Service) int {
	dur := int(svc.Duration / time.Minute)
	last := -1
	for _, r := range t.e.b.Hours(d) {
		if r.To-dur >= r.From && r.To-dur > last {
			last = r.To - dur
		}
	}
	return last
}

// nextOpening returns the next instant the business opens after now, or
// the zero time within the horizon.
func (t *turn) nextOpening() time.Time {
	d := business.DateOf(t.now)
	for i := 0; i < 60; i++ {
		dd := d.AddDays(i)
		for _, r := range t.e.b.Hours(dd) {
			if at := dd.At(t.loc, r.From); at.After(t.now) {
				return at
			}
		}
	}
	return time.Time{}
}

// openNow reports whether the business is open at now.
func (t *turn) openNow() bool {
	m := minuteOf(t.now)
	for _, r := range t.e.b.Hours(business.DateOf(t.now)) {
		if m >= r.From && m < r.To {
			return true
		}
	}
	return false
}
