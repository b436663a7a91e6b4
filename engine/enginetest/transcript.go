package enginetest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine"
)

// A transcript is a golden conversation. Header lines (before the first
// turn) set the scene:
//
//	now: 2026-11-25T10:00:00+01:00      the clock (required)
//	channel: whatsapp                    the channel (default "chat")
//	from: +33612345678                   the customer's phone, if the channel knows it
//	session: whatsapp:+33612345678       the session key (default channel:from)
//	language: fr                         the language the channel gives (a web page's)
//	booking: LUM-AAAA coupe-homme hugo 2026-11-28T10:00 +33612345678 Paul Martin
//	                                     a booking already in the calendar
//
// Then, in order:
//
//	> text                   a customer message
//	> {payload} text         a message carrying a quick-reply payload
//	> [image] text           a message with an attachment (image, audio, …)
//	@ start                  a session start event
//	@ tool name {json}       a tool call (voice)
//	@ wait 15m               the clock moves on
//	@ session key [from]     the next turns belong to another session
//
// and what the engine did, which the runner writes and compares exactly:
//
//	< reply text
//	< choices: label | label
//	~ speech (voice channel)
//	= effect (hold, book, cancel, customer, handoff)
//
// Lines starting with # are comments.

// Replay runs the transcript src against e on a fresh Memory and returns
// the transcript with the engine's lines written in.
func Replay(e *engine.Engine, src []byte) ([]byte, error) {
	mem := NewMemory()
	var out bytes.Buffer
	loc := e.Business().Location()
	var now time.Time
	channel, from, session, name, lang := "chat", "", "", "", ""
	n := 0
	header := true
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	lineNo := 0
	for sc.Scan() {
		line := sc.Text()
		lineNo++
		if strings.HasPrefix(line, "<") || strings.HasPrefix(line, "~") || strings.HasPrefix(line, "=") {
			continue // written by the runner
		}
		out.WriteString(line)
		out.WriteByte('\n')
		trim := strings.TrimSpace(line)
		if trim == "" || strings.HasPrefix(trim, "#") {
			continue
		}
		if header {
			if key, val, ok := strings.Cut(trim, ":"); ok && !strings.HasPrefix(trim, ">") && !strings.HasPrefix(trim, "@") {
				val = strings.TrimSpace(val)
				switch key {
				case "now":
					t, err := time.Parse(time.RFC3339, val)
					if err != nil {
						return nil, fmt.Errorf("line %d: now: %w", lineNo, err)
					}
					now = t.In(loc)
				case "channel":
					channel = val
				case "from":
					from = val
				case "session":
					session = val
				case "name":
					name = val
				case "language":
					lang = val
				case "booking":
					b, err := parseBooking(val, loc, now)
					if err != nil {
						return nil, fmt.Errorf("line %d: %w", lineNo, err)
					}
					svc, ok := e.Business().Service(b.Service)
					if !ok {
						return nil, fmt.Errorf("line %d: booking: unknown service %q", lineNo, b.Service)
					}
					b.End = b.Start.Add(svc.Duration)
					b.BlockEnd = b.End.Add(svc.BufferAfter)
					mem.AddBooking(b)
				default:
					return nil, fmt.Errorf("line %d: unknown header %q", lineNo, key)
				}
				continue
			}
			header = false
			if now.IsZero() {
				return nil, fmt.Errorf("line %d: no now: header", lineNo)
			}
			if session == "" {
				session = channel + ":" + from
				if from == "" {
					session = channel + ":test"
				}
			}
		}
		ev := engine.Event{Kind: engine.KindMessage, Channel: channel, Session: session, From: from, Name: name, Language: lang}
		switch {
		case strings.HasPrefix(trim, ">"):
			text := strings.TrimSpace(trim[1:])
			if strings.HasPrefix(text, "{") {
				if end := strings.Index(text, "}"); end > 0 {
					ev.Payload = text[1:end]
					text = strings.TrimSpace(text[end+1:])
				}
			}
			if strings.HasPrefix(text, "[") {
				if end := strings.Index(text, "]"); end > 0 {
					ev.Attachment = text[1:end]
					text = strings.TrimSpace(text[end+1:])
				}
			}
			ev.Text = text
		case trim == "@ start":
			ev.Kind = engine.KindSessionStart
		case strings.HasPrefix(trim, "@ tool "):
			rest := strings.TrimSpace(strings.TrimPrefix(trim, "@ tool "))
			tool, args, _ := strings.Cut(rest, " ")
			ev.Kind, ev.ToolName, ev.ToolArgs = engine.KindToolCall, tool, strings.TrimSpace(args)
		case strings.HasPrefix(trim, "@ wait "):
			d, err := time.ParseDuration(strings.TrimSpace(strings.TrimPrefix(trim, "@ wait ")))
			if err != nil {
				return nil, fmt.Errorf("line %d: wait: %w", lineNo, err)
			}
			now = now.Add(d)
			continue
		case strings.HasPrefix(trim, "@ session "):
			f := strings.Fields(strings.TrimPrefix(trim, "@ session "))
			session, from = f[0], ""
			if len(f) > 1 {
				from = f[1]
			}
			continue
		default:
			return nil, fmt.Errorf("line %d: cannot read %q", lineNo, trim)
		}
		n++
		ev.ID = fmt.Sprintf("e%d", n)
		var res engine.Output
		for try := 0; ; try++ {
			o, err := e.Step(mem.Session(session), ev, now, mem.SessionView(session, now))
			if err != nil {
				return nil, fmt.Errorf("line %d: step: %w", lineNo, err)
			}
			err = mem.Commit(session, now, o)
			if err == nil {
				res = o
				break
			}
			if !errors.Is(err, ErrSlotTaken) || try == 3 {
				return nil, fmt.Errorf("line %d: commit: %w", lineNo, err)
			}
			fmt.Fprintf(&out, "= conflict (%v): the turn runs again\n", err)
		}
		writeOutput(&out, res, loc)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func writeOutput(w *bytes.Buffer, o engine.Output, loc *time.Location) {
	if len(o.Replies) == 0 && o.ToolResult == "" && o.ToolError == "" {
		w.WriteString("< (no reply)\n")
	}
	for _, r := range o.Replies {
		fmt.Fprintf(w, "< %s\n", r.Text)
		if len(r.Choices) > 0 {
			labels := make([]string, len(r.Choices))
			for i, c := range r.Choices {
				labels[i] = c.Label
			}
			fmt.Fprintf(w, "< choices: %s\n", strings.Join(labels, " | "))
		}
		if r.Speech != "" {
			fmt.Fprintf(w, "~ %s\n", r.Speech)
		}
	}
	if o.ToolResult != "" {
		fmt.Fprintf(w, "< result: %s\n", o.ToolResult)
	}
	if o.ToolError != "" {
		fmt.Fprintf(w, "< error: %s\n", o.ToolError)
	}
	ef := o.Effects
	if ef.SetHolds && len(ef.Holds) == 0 {
		w.WriteString("= release holds\n")
	}
	for _, h := range ef.Holds {
		fmt.Fprintf(w, "= hold %s %s until %s\n", h.Staff, span(h.Start, h.End, loc), h.Expires.In(loc).Format("15:04"))
	}
	for _, id := range ef.Cancel {
		fmt.Fprintf(w, "= cancel %s\n", id)
	}
	for _, b := range ef.Book {
		fmt.Fprintf(w, "= book %s %s %s %s %q %s\n", b.ID, b.Service, b.Staff, span(b.Start, b.End, loc), b.Customer.Name, b.Customer.Phone)
	}
	if c := ef.Customer; c != nil {
		fmt.Fprintf(w, "= customer %s %q %s\n", c.Phone, c.Name, c.Language)
	}
	if r := ef.WrongRefs; r != nil {
		fmt.Fprintf(w, "= wrong references %s %d\n", r.Phone, r.Count)
	}
	if h := ef.Handoff; h != nil {
		if h.FollowUp {
			fmt.Fprintf(w, "= handoff follow-up until %s\n", h.Until.In(loc).Format("2006-01-02 15:04"))
		} else {
			fmt.Fprintf(w, "= handoff %s %s until %s\n", h.Phone, h.Reason, h.Until.In(loc).Format("2006-01-02 15:04"))
		}
	}
}

func span(a, b time.Time, loc *time.Location) string {
	return a.In(loc).Format("2006-01-02 15:04") + "-" + b.In(loc).Format("15:04")
}

// parseBooking reads "ID service staff 2026-11-28T10:00 phone Name…".
func parseBooking(s string, loc *time.Location, now time.Time) (engine.Booking, error) {
	f := strings.Fields(s)
	if len(f) < 5 {
		return engine.Booking{}, fmt.Errorf("booking: want ID service staff start phone [name], got %q", s)
	}
	start, err := time.ParseInLocation("2006-01-02T15:04", f[3], loc)
	if err != nil {
		return engine.Booking{}, fmt.Errorf("booking: %w", err)
	}
	return engine.Booking{ID: f[0], Service: f[1], Staff: f[2], Start: start, Status: "confirmed",
		Customer: engine.Customer{Phone: f[4], Name: strings.Join(f[5:], " ")}, CreatedAt: now}, nil
}

// Run replays every transcript matching pattern (e.g. "testdata/*.txt")
// and compares it with the file; with update it rewrites the files.
func Run(t *testing.T, e *engine.Engine, pattern string, update bool) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no transcript matches %s", pattern)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Replay(e, src)
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			if update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got, src) {
				t.Errorf("%s differs (go test -update to accept):\n%s", file, diff(string(src), string(got)))
			}
		})
	}
}

// diff shows the first differing lines.
func diff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	var sb strings.Builder
	shown := 0
	for i := 0; i < max(len(a), len(b)) && shown < 8; i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			fmt.Fprintf(&sb, "line %d:\n  want: %s\n  got:  %s\n", i+1, x, y)
			shown++
		}
	}
	return sb.String()
}
