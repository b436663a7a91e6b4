package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/accueil-pme/accueil/engine"
	"github.com/accueil-pme/accueil/runtime"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// parseNow reads --now: RFC 3339, or "2006-01-02T15:04" / "2006-01-02 15:04"
// in the business's time zone.
func parseNow(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--now %q: want a time such as 2026-11-28T10:00 (business time zone) or RFC 3339", s)
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func runChat(ctx context.Context, args []string, stdout, stderr io.Writer, stdin io.Reader) error {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	bizFile := fs.String("business", "", "business YAML `file` (default: the demo business, Salon Lumière)")
	as := fs.String("as", "", "talk as the customer with this `phone` number (e.g. +33639980012), as a channel that knows the number would")
	nowFlag := fs.String("now", "", "pin the clock to this `time` (2026-11-28T10:00 in the business time zone, or RFC 3339)")
	data := fs.String("data", "", "keep bookings in this Badger `directory` (default: a temporary one, removed at exit)")
	lang := fs.String("lang", "", "the language the conversation starts in, as a web page's (fr or en); a message clearly in the other language switches it")
	if err := parseFlags(fs, "accueil chat [flags]", "Talk to the front desk in the terminal. When standard input is not a terminal,\neach line is one customer message, so a conversation can be scripted.\nType a number to pick an offered choice; Ctrl-D or \"/quit\" ends.", args, stderr); err != nil {
		return err
	}
	biz, err := loadBusiness(*bizFile, nil)
	if err != nil {
		return err
	}
	if *lang != "" && !biz.Supports(*lang) {
		return fmt.Errorf("--lang %q: the business speaks %s", *lang, strings.Join(biz.Config.Languages, " and "))
	}
	clock := time.Now
	if *nowFlag != "" {
		t, err := parseNow(*nowFlag, biz.Location())
		if err != nil {
			return err
		}
		start, began := t, time.Now()
		clock = func() time.Time { return start.Add(time.Since(began)) }
	}
	phone := ""
	if *as != "" {
		phone = normalizePhone(*as)
		if phone == "" {
			return fmt.Errorf("--as %q: want a phone number in international form, e.g. +33639980012", *as)
		}
	}
	dir := *data
	if dir == "" {
		tmp, err := os.MkdirTemp("", "accueil-chat-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badgerstore.Open(dir, badgerstore.Options{Logger: quiet})
	if err != nil {
		return fmt.Errorf("open store in %s: %w", dir, err)
	}
	defer st.Close()
	eng, err := engine.New(biz)
	if err != nil {
		return err
	}
	rt, err := runtime.New(runtime.Config{}, runtime.Deps{Store: st, Engine: eng, Business: runtimeBusiness(biz), Logger: quiet, Now: clock})
	if err != nil {
		return err
	}
	interactive := isTerminal(stdin)
	conv := "terminal"
	if phone != "" {
		conv = phone
	}
	name := biz.Name()
	var choices []abi.Choice
	seq := 0
	// The customer's prompt follows the conversation's language, which
	// the result carries when it is not the business's default.
	language := biz.DefaultLanguage()
	if *lang != "" {
		language = *lang
	}
	say := func(res abi.Result) {
		choices = nil
		language = biz.DefaultLanguage()
		for _, kv := range res.Attrs {
			if kv.Key == "language" && kv.Value != "" {
				language = kv.Value
			}
		}
		for _, r := range res.Replies {
			fmt.Fprintf(stdout, "%s> %s\n", name, r.Text)
			for i, c := range r.Choices {
				fmt.Fprintf(stdout, "    %d. %s\n", i+1, c.Label)
			}
			choices = append(choices, r.Choices...)
		}
		if res.Error != "" {
			fmt.Fprintf(stdout, "%s> (error: %s)\n", name, res.Error)
		}
	}
	turn := func(kind, text, payload string) {
		seq++
		ev := abi.Event{Kind: kind, ID: fmt.Sprintf("chat-%d-%d", clock().UnixNano(), seq), Conversation: conv,
			From: phone, Text: text, Payload: payload, Language: *lang}
		say(rt.Turn(ctx, "chat", &ev))
	}
	if interactive {
		intro := "Écrivez votre message (Ctrl-D pour quitter)."
		if language == "en" {
			intro = "Write your message (Ctrl-D to quit)."
		}
		fmt.Fprintf(stdout, "Accueil — %s. %s\n", name, intro)
	}
	turn(abi.KindSessionStart, "", "")
	sc := bufio.NewScanner(stdin)
	for {
		you := customerPrompt(language)
		if interactive {
			fmt.Fprint(stdout, you+"> ")
		}
		if !sc.Scan() {
			break
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if line == "/quit" || line == "/exit" {
			break
		}
		if !interactive {
			fmt.Fprintf(stdout, "%s> %s\n", you, line)
		}
		payload := ""
		if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(choices) {
			payload = choices[n-1].ID
			line = choices[n-1].Label
		}
		turn(abi.KindMessage, line, payload)
		if ctx.Err() != nil {
			break
		}
	}
	if interactive {
		fmt.Fprintln(stdout)
	}
	return sc.Err()
}

// customerPrompt is the name of the customer's turn in the transcript, in
// the conversation's language.
func customerPrompt(language string) string {
	if language == "en" {
		return "you"
	}
	return "vous"
}

// normalizePhone accepts +E.164 or a French national number.
func normalizePhone(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-':
		default:
			return ""
		}
	}
	p := b.String()
	switch {
	case strings.HasPrefix(p, "+") && len(p) >= 8:
		return p
	case strings.HasPrefix(p, "00") && len(p) >= 10:
		return "+" + p[2:]
	case strings.HasPrefix(p, "0") && len(p) == 10:
		return "+33" + p[1:]
	}
	return ""
}
