package runtime

import (
	"context"
	"encoding/json"
	"net/url"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/runtime/server"
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
