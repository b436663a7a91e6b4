// Command echo is the Go test guest of runtime/pluginhost: a channel that
// echoes what it receives, and misbehaves on request.
//
// Parse answers one message event whose text is the request body, and:
//   - body "panic": panics (the host must discard the instance);
//   - body "print": writes a line to stdout and one to stderr;
//   - body "reject": returns an error, which the SDK turns into a 400 reject;
//   - body "clock": the event's text is the guest's clock, Unix nanoseconds,
//     then the nanoseconds a 1 ms sleep took by the monotonic clock.
//
// Render answers the replies' texts, one per line, and returns an error when
// there is no result. Init fails with the "fail_init" setting as message
// when it is set.
//
// Build (plugintest.Build does it at test time):
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -o echo.wasm .
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/accueil-pme/accueil/sdk"
	"github.com/accueil-pme/accueil/sdk/abi"
)

type echo struct{ cfg abi.Config }

// hoard keeps what "hog" allocates reachable.
var hoard [][]byte

func (e *echo) Init(cfg abi.Config) error {
	if msg := cfg.Get("fail_init"); msg != "" {
		return errors.New(msg)
	}
	e.cfg = cfg
	return nil
}

func (e *echo) Parse(req *abi.Request) (abi.ParseResult, error) {
	body := string(req.Body)
	switch body {
	case "panic":
		panic("echo: boom")
	case "print":
		fmt.Println("hello from stdout")
		fmt.Fprintln(os.Stderr, "hello from stderr")
	case "hog":
		// Keeps allocating until the memory cap stops it.
		for {
			hoard = append(hoard, make([]byte, 1<<20))
		}
	case "reject":
		return abi.ParseResult{}, errors.New("echo: rejected")
	case "clock":
		start := time.Now()
		time.Sleep(time.Millisecond)
		body = strconv.FormatInt(start.UnixNano(), 10) + " " + strconv.FormatInt(int64(time.Since(start)), 10)
	}
	from := req.Header("x-from")
	return abi.ParseResult{
		Verified: e.cfg.Get("secret") != "" && req.Header("x-signature") == e.cfg.Get("secret"),
		Events: []abi.Event{{
			Kind:         abi.KindMessage,
			ID:           req.Header("x-id"),
			Conversation: from,
			From:         from,
			Text:         body,
			Attrs: []abi.KV{
				{Key: "plugin", Value: e.cfg.Plugin},
				{Key: "greeting", Value: e.cfg.Get("greeting")},
				{Key: "path", Value: req.Path},
			},
		}},
	}, nil
}

func (e *echo) Render(in *abi.RenderInput) (abi.Response, error) {
	if len(in.Results) == 0 {
		return abi.Response{}, errors.New("echo: nothing to render")
	}
	var b strings.Builder
	for _, r := range in.Results {
		for _, rep := range r.Replies {
			b.WriteString(rep.Text)
			b.WriteByte('\n')
		}
	}
	return abi.Response{
		Status:      200,
		ContentType: "text/plain; charset=utf-8",
		Headers: []abi.KV{
			{Key: "x-echo-events", Value: strconv.Itoa(len(in.Events))},
			{Key: "x-echo-business", Value: businessLine(&in.Business)},
		},
		Body: []byte(b.String()),
	}, nil
}

func init() { sdk.Register(&echo{}) }

func main() {}

// businessLine shows the business the render was for: id, name and attributes.
func businessLine(b *abi.Business) string {
	s := b.ID + "/" + b.Name
	for _, kv := range b.Attrs {
		s += "/" + kv.Key + "=" + kv.Value
	}
	return s
}
