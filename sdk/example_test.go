package sdk_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/accueil-pme/accueil/sdk"
	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/form"
)

// echo is a complete channel: a form field "text" in, plain text out.
type echo struct{ greeting string }

func (e *echo) Init(cfg abi.Config) error {
	e.greeting = cfg.Get("greeting")
	if e.greeting == "" {
		e.greeting = "Bonjour"
	}
	return nil
}

func (e *echo) Parse(req *abi.Request) (abi.ParseResult, error) {
	vals, err := form.Parse(nil, req.Body)
	if err != nil {
		return abi.ParseResult{}, err // becomes a 400 with this text
	}
	from := vals.Get("from")
	if from == "" {
		return abi.ParseResult{}, errors.New("echo: missing from")
	}
	ev := abi.Event{Kind: abi.KindMessage, ID: vals.Get("id"), Conversation: from, From: from, Text: vals.Get("text")}
	return abi.ParseResult{Events: []abi.Event{ev}}, nil
}

func (e *echo) Render(in *abi.RenderInput) (abi.Response, error) {
	var b strings.Builder
	for _, r := range in.Results {
		for _, rp := range r.Replies {
			b.WriteString(e.greeting + ", " + rp.Text + "\n")
		}
	}
	return abi.Response{Status: 200, ContentType: "text/plain; charset=utf-8", Body: []byte(b.String())}, nil
}

// A plugin registers its channel from init; the SDK's wasm exports then
// call Init once per instance and Parse and Render for every request. Tests
// call the methods natively, directly or through sdktest.
func Example() {
	sdk.Register(new(echo)) // in a plugin: func init() { sdk.Register(new(echo)) }
	ch := sdk.Registered()

	if err := ch.Init(abi.Config{Plugin: "echo"}); err != nil {
		panic(err)
	}
	req := abi.Request{Method: "POST", Body: []byte("id=1&from=%2B33639980012&text=vous+%C3%AAtes+ouverts+%3F")}
	res, err := ch.Parse(&req)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Events[0].From, res.Events[0].Text)

	in := abi.RenderInput{Events: res.Events, Results: []abi.Result{{Replies: []abi.Reply{{Text: "oui, jusqu'à 19h."}}}}}
	resp, err := ch.Render(&in)
	if err != nil {
		panic(err)
	}
	fmt.Print(resp.Status, " ", string(resp.Body))

	// An error from Parse becomes a 400 whose reason is the error text.
	_, err = ch.Parse(&abi.Request{Body: []byte("text=%zz")})
	fmt.Println(err)
	// Output:
	// +33639980012 vous êtes ouverts ?
	// 200 Bonjour, oui, jusqu'à 19h.
	// form: invalid percent escape "%zz" at byte 5
}

func ExampleLogf() {
	// Writes "whatsapp: ignoring setting \"colour\"" as one line to stderr,
	// which the host copies into its log.
	sdk.Logf("whatsapp: ignoring setting %q", "colour")
	// Output:
}
