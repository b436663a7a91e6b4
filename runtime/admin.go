package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/runtime/server"
	"github.com/accueil-pme/accueil/runtime/store"
)

// BookingJSON is a booking as the admin API shows it.
type BookingJSON struct {
	ID       string       `json:"id"`
	Service  string       `json:"service"`
	Staff    string       `json:"staff"`
	Start    string       `json:"start"`
	End      string       `json:"end"`
	Status   string       `json:"status"`
	Channel  string       `json:"channel"`
	Customer CustomerJSON `json:"customer"`
}

// CustomerJSON is a customer as the admin API shows it.
type CustomerJSON struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// adminBookings answers GET /admin/api/bookings?from=YYYY-MM-DD&to=YYYY-MM-DD
// (both optional, dates in the business's time zone, "to" inclusive).
func (rt *Runtime) adminBookings(ctx context.Context, req *server.Request) server.Response {
	q, err := url.ParseQuery(req.Query)
	if err != nil {
		return jsonError(400, "malformed query string")
	}
	loc := rt.biz.Location
	from := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	if s := q.Get("from"); s != "" {
		d, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return jsonError(400, "from="+s+": want a date as YYYY-MM-DD")
		}
		from = d
	}
	if s := q.Get("to"); s != "" {
		d, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return jsonError(400, "to="+s+": want a date as YYYY-MM-DD")
		}
		to = d.AddDate(0, 0, 1)
	}
	if !to.After(from) {
		return jsonError(400, "to is before from")
	}
	bs, err := rt.store.Bookings(ctx, rt.biz.ID, from, to)
	if err != nil {
		rt.log.Error("admin: list bookings", "err", err)
		return jsonError(500, "could not read the bookings; the error is in the server log")
	}
	out := make([]BookingJSON, 0, len(bs))
	for _, b := range bs {
		out = append(out, BookingJSON{
			ID: b.ID, Service: b.Service, Staff: b.Staff,
			Start: b.Start.In(loc).Format(time.RFC3339), End: b.End.In(loc).Format(time.RFC3339),
			Status: b.Status, Channel: b.Channel,
			Customer: CustomerJSON{Name: b.Customer.Name, Phone: b.Customer.Phone},
		})
	}
	body, _ := json.Marshal(out)
	return server.Response{Status: 200, ContentType: "application/json", Body: body}
}

// HandoffJSON is a handoff as GET /admin/api/handoffs lists it: who
// asked, why, until when the assistant stays silent in that conversation,
// and the end of the conversation for the person taking over.
type HandoffJSON struct {
	Session string    `json:"session"`
	At      time.Time `json:"at"`
	Phone   string    `json:"phone"` // the number the customer was given or transferred to
	Reason  string    `json:"reason"`
	// CustomerPhone is the customer's number (E.164) when the channel gave
	// it or the customer did, for the team to call back.
	CustomerPhone string            `json:"customer_phone,omitempty"`
	Until         time.Time         `json:"until"`
	Transcript    []engine.Exchange `json:"transcript"`
}

// adminReply answers POST /admin/api/reply {"session": "web:…", "text":
// "…"}: a message of the team delivered into a conversation whose channel
// can take one (the web chat). The session is the one a handoff names.
func (rt *Runtime) adminReply(ctx context.Context, req *server.Request) server.Response {
	var in struct {
		Session string `json:"session"`
		Text    string `json:"text"`
	}
	if err := json.Unmarshal(req.Body, &in); err != nil {
		return jsonError(400, `want a JSON object {"session": "web:…", "text": "…"}: `+err.Error())
	}
	in.Text = strings.TrimSpace(in.Text)
	channel, conversation, ok := strings.Cut(in.Session, ":")
	if !ok || conversation == "" || in.Text == "" {
		return jsonError(400, `"session" (as GET /admin/api/handoffs gives it, e.g. "web:…") and "text" are required`)
	}
	if len(in.Text) > 2000 {
		return jsonError(400, "text is longer than 2000 bytes")
	}
	p, ok := rt.byName[channel]
	if !ok {
		return jsonError(404, "no channel "+strconv.Quote(channel))
	}
	r, ok := rt.ext[p.Manifest().Mount].(Replier)
	if !ok {
		return jsonError(409, "Accueil cannot send a message on "+channel+" by itself (the provider answers only requests): call the customer back, or answer from the provider's console")
	}
	switch _, err := rt.store.Session(ctx, rt.biz.ID, in.Session); {
	case errors.Is(err, store.ErrNotFound):
		return jsonError(404, "no conversation "+strconv.Quote(in.Session)+" (GET /admin/api/handoffs gives the sessions to answer)")
	case err != nil:
		rt.log.Error("admin: reply: read the session", "session", in.Session, "err", err)
		return jsonError(500, "could not read the conversation; the error is in the server log")
	}
	if err := r.Reply(ctx, conversation, in.Text); err != nil {
		rt.log.Error("admin: reply", "session", in.Session, "err", err)
		return jsonError(500, "could not deliver the reply; the error is in the server log")
	}
	rt.log.Info("admin: team reply delivered", "session", in.Session)
	return server.Response{Status: 200, ContentType: "application/json", Body: []byte(`{"delivered":true}`)}
}

func (rt *Runtime) adminRecords(ctx context.Context, kind string) server.Response {
	rs, err := rt.store.Records(ctx, rt.biz.ID, kind)
	if err != nil {
		rt.log.Error("admin: list records", "kind", kind, "err", err)
		return jsonError(500, "could not read the records; the error is in the server log")
	}
	out := make([]json.RawMessage, 0, len(rs))
	for _, r := range rs {
		if json.Valid(r.Data) {
			out = append(out, r.Data)
		}
	}
	body, _ := json.Marshal(out)
	return server.Response{Status: 200, ContentType: "application/json", Body: body}
}
