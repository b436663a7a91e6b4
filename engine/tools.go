package engine

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/prompts"
	"github.com/accueil-pme/accueil/engine/validate"
)

// toolArgs are the arguments of every tool; each tool reads what it needs.
// French keys are accepted too.
type toolArgs struct {
	Service   string `json:"service"`
	Date      string `json:"date"`
	Time      string `json:"time"`
	Staff     string `json:"staff"`
	Name      string `json:"name"`
	Phone     string `json:"phone"`
	SlotID    string `json:"slot_id"`
	BookingID string `json:"booking_id"`
	Question  string `json:"question"`

	Prestation string `json:"prestation"`
	Jour       string `json:"jour"`
	Heure      string `json:"heure"`
	Nom        string `json:"nom"`
	Telephone  string `json:"telephone"`
	Reference  string `json:"reference"`
}

func (a *toolArgs) merge() {
	for _, f := range []struct{ dst, src *string }{{&a.Service, &a.Prestation}, {&a.Date, &a.Jour}, {&a.Time, &a.Heure},
		{&a.Name, &a.Nom}, {&a.Phone, &a.Telephone}, {&a.BookingID, &a.Reference}} {
		if *f.dst == "" {
			*f.dst = *f.src
		}
	}
}

// tool answers a voice model's tool call with one line of text.
func (t *turn) tool() {
	var a toolArgs
	if s := strings.TrimSpace(t.ev.ToolArgs); s != "" && s != "null" {
		if err := json.Unmarshal([]byte(s), &a); err != nil {
			t.toolError("tool_bad_args", nil)
			return
		}
	}
	a.merge()
	if a.Phone != "" {
		p, err := t.parsePhone(a.Phone)
		if err != nil {
			// A number said and not understood: said so, rather than the
			// caller's own bookings looked up instead.
			t.toolError("tool_bad_phone", P{"Phone": a.Phone})
			return
		}
		t.st.Phone = p
	}
	if a.Name != "" {
		if n, ok := validate.ParseName(a.Name); ok {
			t.st.Name = n
		} else {
			t.st.Name = strings.TrimSpace(a.Name)
		}
	}
	switch t.ev.ToolName {
	case ToolCheckAvailability:
		t.toolCheck(a, false)
	case ToolBook:
		t.toolBook(a)
	case ToolReschedule:
		t.toolMove(a)
	case ToolCancel:
		t.toolCancel(a)
	case ToolFindBookings:
		if t.st.Phone == "" {
			t.toolError("tool_need_phone", nil)
			return
		}
		if !t.phoneVerified() {
			// A number said, not the caller's line (or a call whose
			// request was not signed): anyone can say one. The booking's
			// reference proves that booking.
			if a.BookingID == "" {
				t.toolError("tool_need_ref", P{"Prefix": t.e.b.Config.ReferencePrefix})
				return
			}
			if t.refsBlocked() {
				t.toolError("tool_refs_blocked", P{"Phone": t.e.b.HandoffPhone(), "Today": t.phoneWrongRefs().Count >= maxPhoneWrongRefs})
				return
			}
			ref := t.toolRef(a.BookingID)
			b, ok := t.checkRef(ref, t.upcoming())
			if !ok {
				t.toolError("tool_unknown_booking", P{"Ref": ref})
				return
			}
			t.sayBookings([]Booking{b})
			break
		}
		t.sayBookings(t.upcoming())
	case ToolAnswer:
		m := t.understand(a.Question)
		if !isQuestion(&m) {
			t.say("no_answer", P{"Phone": t.e.b.HandoffPhone()})
		} else {
			t.answer(m)
		}
	case ToolTransfer:
		t.handoff("asked")
	default:
		t.toolError("tool_unknown", P{"Name": t.ev.ToolName})
		return
	}
	t.toolDone()
}

// toolDone moves what was said into the tool result.
func (t *turn) toolDone() {
	if t.out.ToolError == "" {
		t.out.ToolResult = strings.Join(t.parts, " ")
	}
	t.parts, t.speech, t.choices = nil, nil, nil
}

// toolError answers a tool call with an error the voice model reads and
// rephrases (in the Tool form, as results).
func (t *turn) toolError(name string, p P) {
	s, err := t.e.prompts.RenderForm(t.lang(), prompts.Tool, name, p)
	if err != nil {
		t.err = fmt.Errorf("engine: %w", err)
	}
	t.out.ToolError = s
	t.parts, t.speech, t.choices = nil, nil, nil
}

// toolWhen resolves the service, day and time of tool arguments into the
// draft. It returns false after setting a tool error.
func (t *turn) toolWhen(a toolArgs, needService bool) bool {
	if a.Service != "" {
		m := t.understand(a.Service)
		if m.svc < 0 {
			t.toolError("tool_unknown_service", P{"Service": a.Service, "Services": t.serviceNames()})
			return false
		}
		t.st.Svc = t.e.b.Config.Services[m.svc].ID
	} else if needService && t.st.Svc == "" {
		t.toolError("tool_missing", P{"What": "service"})
		return false
	}
	if a.Staff != "" {
		m := t.understand(a.Staff)
		if m.staff >= 0 {
			t.st.Staff = t.e.b.Config.Staff[m.staff].ID
		} else if !m.has(inAnyStaff) {
			t.toolError("tool_unknown_staff", P{"Staff": a.Staff, "Names": t.staffNames(allStaff(t.e.b))})
			return false
		}
	}
	if a.Date == "" && a.Time == "" {
		return true
	}
	t.st.clearWhen()
	if d, err := time.Parse(time.DateOnly, strings.TrimSpace(a.Date)); err == nil {
		t.st.Day = business.DateOf(d).String()
	} else if a.Date != "" {
		w := t.parseWhen(a.Date)
		if w.Date.IsZero() {
			t.toolError("tool_bad_date", P{"Date": a.Date})
			return false
		}
		t.st.Day = business.Date(w.Date).String()
		if w.HasTime {
			t.st.Min = w.Time.Minutes() + 1
		}
		if w.Part != validate.PartNone {
			t.st.Part = uint8(w.Part)
		}
	}
	if a.Time != "" {
		if min, ok := clockMinutes(a.Time); ok {
			t.st.Min = min + 1
		} else if w := t.parseWhen(a.Time); w.HasTime {
			t.st.Min = w.Time.Minutes() + 1
		} else if w.Part != validate.PartNone {
			t.st.Part = uint8(w.Part)
		} else {
			t.toolError("tool_bad_time", P{"Time": a.Time})
			return false
		}
	}
	if t.st.Day == "" {
		t.st.Day = business.DateOf(t.now).String()
	}
	return true
}

func allStaff(b *business.Business) []string {
	var out []string
	for _, s := range b.Config.Staff {
		out = append(out, s.ID)
	}
	return out
}

func (t *turn) serviceNames() []string {
	var out []string
	for i := range t.e.b.Config.Services {
		out = append(out, t.svcName(&t.e.b.Config.Services[i]))
	}
	return out
}

// clockMinutes reads "14:30", "14h30", "9h".
func clockMinutes(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	h, m, _ := strings.Cut(strings.ReplaceAll(s, "h", ":"), ":")
	hh, err := strconv.Atoi(h)
	if err != nil || hh < 0 || hh > 23 {
		return 0, false
	}
	mm := 0
	if m != "" {
		if mm, err = strconv.Atoi(m); err != nil || mm < 0 || mm > 59 {
			return 0, false
		}
	}
	return hh*60 + mm, true
}

// toolCheck checks a slot and holds it when free; otherwise it explains
// and offers the nearest ones (the chat flow's code).
func (t *turn) toolCheck(a toolArgs, booking bool) {
	if t.st.Flow != flowMove {
		t.releaseIfHeld()
		t.st.Flow = flowBook
	}
	if !t.toolWhen(a, true) {
		return
	}
	if t.st.Day == "" {
		t.toolError("tool_missing", P{"What": "date"})
		return
	}
	svc, _ := t.e.b.Service(t.st.Svc)
	if t.st.Staff != "" && !svc.Performs(t.st.Staff) {
		st, _ := t.e.b.StaffMember(t.st.Staff)
		t.say("staff_not_service", P{"Staff": st.Name, "Svc": t.svcName(svc), "Others": t.staffNames(svc.Staff)})
		t.st.Staff = ""
	}
	if t.st.Min <= 0 {
		t.advance() // offers the free slots of the day
		return
	}
	d, _ := business.ParseDate(t.st.Day)
	s := t.newSearch(svc, t.st.Staff, t.st.Prefer)
	sl, why := t.check(s, d, t.st.Min-1)
	if why != whyNone {
		t.explain(why, s, d, t.st.Min-1)
		t.offer(s, t.nearest(s, d, t.st.Min-1, 3))
		return
	}
	t.hold(svc, sl)
	t.st.Ask = askConfirm
	if !booking {
		t.say("tool_available", t.heldParams())
	}
}

// toolBook books directly (the voice assistant confirmed with the caller).
func (t *turn) toolBook(a toolArgs) {
	if a.SlotID != "" {
		id := strings.TrimPrefix(a.SlotID, "slot:")
		n, err := strconv.Atoi(id)
		if at, terr := time.ParseInLocation(slotIDLayout, id, t.loc); err != nil && terr == nil {
			for i, o := range t.st.Offers {
				if o.time(t.loc).Equal(at) {
					n, err = i+1, nil
				}
			}
		}
		if err != nil || n < 1 || n > len(t.st.Offers) {
			t.toolError("tool_bad_slot", P{"Slot": a.SlotID})
			return
		}
		o := t.st.Offers[n-1]
		start := o.time(t.loc)
		a.Service, a.Date, a.Time = "", business.DateOf(start).String(), start.Format("15:04")
		t.st.Svc = o.Svc
	}
	if t.st.Name == "" {
		t.toolError("tool_missing", P{"What": "name"})
		return
	}
	if t.st.Phone == "" {
		t.toolError("tool_missing", P{"What": "phone"})
		return
	}
	if a.Date != "" || a.Time != "" || a.Service != "" || t.st.Held == nil {
		if a.Date == "" && a.Time == "" && t.st.Held == nil {
			t.toolError("tool_missing", P{"What": "date"})
			return
		}
		if a.Date == "" && t.st.Day != "" {
			a.Date = t.st.Day
		}
		t.toolCheck(a, true)
		if t.out.ToolError != "" || t.st.Held == nil || t.st.Ask != askConfirm {
			return
		}
	}
	t.commit()
}

// toolMove moves a booking to a new date and time.
func (t *turn) toolMove(a toolArgs) {
	b, ok := t.toolBooking(a)
	if !ok {
		return
	}
	t.st.Flow, t.st.Target, t.st.Svc, t.st.Prefer = flowMove, b.ID, b.Service, b.Staff
	if t.st.Name == "" {
		t.st.Name = b.Customer.Name
	}
	if a.Date == "" && a.Time == "" {
		t.toolError("tool_missing", P{"What": "date"})
		return
	}
	if a.Date == "" {
		a.Date = business.DateOf(b.Start.In(t.loc)).String()
	}
	a.Service = ""
	t.toolCheck(a, true)
	if t.out.ToolError != "" || t.st.Held == nil || t.st.Ask != askConfirm {
		return
	}
	t.commit()
}

// toolCancel cancels a booking.
func (t *turn) toolCancel(a toolArgs) {
	b, ok := t.toolBooking(a)
	if !ok {
		return
	}
	t.out.Effects.Cancel = append(t.out.Effects.Cancel, b.ID)
	t.st.clearDraft()
	t.say("cancelled", t.cancelledParams(b))
}

// toolRef reads a booking reference as a voice assistant passes it:
// "LUM-CB9N", "L U M C B 9 N", "lumcb9n", "CB9N", "l u m tiret c b neuf n".
func (t *turn) toolRef(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r != ' ' && r != '-' && r != '.' && r != '_' {
			b.WriteRune(r)
		}
	}
	c, prefix := b.String(), strings.ToUpper(t.e.b.Config.ReferencePrefix)
	if rest, ok := strings.CutPrefix(c, prefix); ok && len(rest) == refLen && strings.Trim(rest, refAlphabet) == "" {
		return prefix + "-" + rest
	}
	if len(c) == refLen && strings.Trim(c, refAlphabet) == "" {
		return prefix + "-" + c
	}
	if ref := t.findRef(t.understand(s).words); ref != "" {
		return ref
	}
	return s
}

// toolBooking finds the booking a tool is about, checking the notice.
func (t *turn) toolBooking(a toolArgs) (Booking, bool) {
	if t.st.Phone == "" {
		t.toolError("tool_need_phone", nil)
		return Booking{}, false
	}
	bs := t.upcoming()
	ref := t.toolRef(a.BookingID)
	if !t.phoneVerified() {
		// A number said, not the caller's line: the booking's reference
		// proves it is theirs (checked and counted as in a conversation).
		if t.refsBlocked() {
			t.toolError("tool_refs_blocked", P{"Phone": t.e.b.HandoffPhone(), "Today": t.phoneWrongRefs().Count >= maxPhoneWrongRefs})
			return Booking{}, false
		}
		if a.BookingID == "" {
			t.toolError("tool_need_ref", P{"Prefix": t.e.b.Config.ReferencePrefix})
			return Booking{}, false
		}
		b, ok := t.checkRef(ref, bs)
		if !ok {
			t.toolError("tool_unknown_booking", P{"Ref": ref})
			return Booking{}, false
		}
		bs = []Booking{b}
	}
	var found []Booking
	for _, b := range bs {
		if a.BookingID == "" || strings.EqualFold(b.ID, ref) {
			found = append(found, b)
		}
	}
	switch {
	case len(found) == 0 && a.BookingID != "":
		t.toolError("tool_unknown_booking", P{"Ref": ref})
		return Booking{}, false
	case len(found) == 0:
		t.say("no_bookings", P{"Phone": t.st.Phone})
		return Booking{}, false
	case len(found) > 1:
		t.toolError("tool_which_booking", P{"Bookings": t.bookingParams(found)})
		return Booking{}, false
	}
	b := found[0]
	if b.Start.Sub(t.now.Truncate(time.Minute)) < t.e.b.Policy.CancellationNotice {
		p := t.bookingParam(b)
		p["Phone"] = t.e.b.HandoffPhone()
		p["Notice"] = t.e.b.Policy.CancellationNotice
		p["Flow"] = flowCancel
		if t.ev.ToolName == ToolReschedule {
			p["Flow"] = flowMove
		}
		if t.voice {
			// The caller is on the phone already: only the team can do it,
			// and the assistant offers to put them through.
			p["Voice"] = true
			t.say("too_late", p)
			t.say("tool_offer_transfer", nil)
			return Booking{}, false
		}
		t.say("too_late", p)
		return Booking{}, false
	}
	return b, true
}
