package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

func textResult(texts ...string) abi.Result {
	var r abi.Result
	for _, s := range texts {
		r.Replies = append(r.Replies, abi.Reply{Text: s})
	}
	return r
}

var longText = strings.Repeat("Le salon est ouvert du mardi au samedi, de 9h à 19h, sans interruption. ", 15) + "\n\n" +
	strings.Repeat("Nous proposons coupes, couleurs, mèches et soins pour femmes, hommes et enfants ; les tarifs sont affichés en vitrine. ", 12)

var renderCases = []struct {
	name string
	in   abi.RenderInput
	// twilio names the fixture of testdata/providers/twilio the output must be equivalent to.
	twilio string
}{
	{"text", abi.RenderInput{Results: []abi.Result{textResult("Bonjour Camille ! J'ai un créneau demain à 14h00 avec Léa. Je vous le réserve ?")}}, "reply-text.xml"},
	{"two-messages", abi.RenderInput{Results: []abi.Result{textResult(
		"Votre rendez-vous est confirmé : vendredi 13 mars, 14h00, coupe femme avec Léa.",
		"Pour annuler ou déplacer, répondez simplement à ce message.")}}, "reply-two-messages.xml"},
	{"escaped", abi.RenderInput{Results: []abi.Result{textResult(`Tarifs & horaires : coupe < 40 € > brushing, offre "été" jusqu'au 30/06`)}}, "reply-escaped.xml"},
	{"media", abi.RenderInput{Results: []abi.Result{{Replies: []abi.Reply{{Text: "Voici le plan d'accès au salon.",
		Media: []string{"https://reception.example.com/static/plan-acces.jpg"}}}}}}, "reply-media.xml"},
	{"empty", abi.RenderInput{Events: []abi.Event{{Kind: abi.KindStatus}}, Results: []abi.Result{{}}}, "reply-empty.xml"},
	{"no-results", abi.RenderInput{}, "reply-empty.xml"},
	{"choices", abi.RenderInput{Results: []abi.Result{{Replies: []abi.Reply{{Text: "Quel créneau vous convient ?",
		Choices: []abi.Choice{{ID: "s1", Label: "samedi 28 novembre à 10h00"}, {ID: "s2", Label: "samedi 28 novembre à 14h30"}, {ID: "other"}}}}}}}, ""},
	{"media-only", abi.RenderInput{Results: []abi.Result{{Replies: []abi.Reply{{Media: []string{"https://reception.example.com/a.jpg?x=1&y=2", " "}}}}}}, ""},
	{"illegal-characters", abi.RenderInput{Results: []abi.Result{textResult("A\x00B\x0bC\uFFFED\x1fE\xffF\tG\r\nH ]]> fin")}}, ""},
	{"long", abi.RenderInput{Results: []abi.Result{textResult(longText)}}, ""},
	{"several-results", abi.RenderInput{Results: []abi.Result{textResult("Un."), {}, textResult("Deux.")}}, ""},
	{"error-fr", abi.RenderInput{Events: []abi.Event{{Kind: abi.KindMessage}}, Results: []abi.Result{{Error: "engine: timeout"}}}, ""},
	{"error-en", abi.RenderInput{Events: []abi.Event{{Kind: abi.KindMessage, Language: "en"}}, Results: []abi.Result{{Error: "store: conflict"}}}, ""},
	{"error-business-en", abi.RenderInput{Business: abi.Business{Language: "en"}, Results: []abi.Result{{Error: "x"}}}, ""},
}

func TestRenderGolden(t *testing.T) {
	ch := newChannel(t)
	for _, tt := range renderCases {
		t.Run(tt.name, func(t *testing.T) {
			resp := sdktest.RenderGolden(t, ch, &tt.in, filepath.Join("testdata", "render", tt.name+".golden"))
			// A failed turn's apology is a 200 too: Twilio drops the body
			// of any other status, and the customer would get nothing.
			if resp.Status != 200 || resp.ContentType != "text/xml; charset=utf-8" {
				t.Fatalf("status %d, content type %q", resp.Status, resp.ContentType)
			}
			got := twimlMessages(t, resp.Body)
			if tt.twilio != "" {
				want := twimlMessages(t, sdktest.ReadFile(t, filepath.Join(providerFixtures, tt.twilio)))
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("not equivalent to %s:\n got %q\nwant %q", tt.twilio, got, want)
				}
			}
			for _, m := range got {
				if n := twilioLen(m.Body); n > maxUnits {
					t.Errorf("message of %d UTF-16 units", n)
				}
			}
		})
	}
}

func TestRenderLongSplit(t *testing.T) {
	ch := newChannel(t)
	in := abi.RenderInput{Results: []abi.Result{{Replies: []abi.Reply{{Text: longText, Media: []string{"https://x.example/m.jpg"}}}}}}
	got := twimlMessages(t, sdktest.Render(t, ch, &in).Body)
	if len(got) < 2 {
		t.Fatalf("%d messages", len(got))
	}
	var joined []string
	for i, m := range got {
		if n := twilioLen(m.Body); n > partUnits {
			t.Errorf("part %d has %d UTF-16 units", i, n)
		}
		if i < len(got)-1 && len(m.Media) > 0 {
			t.Errorf("media on part %d", i)
		}
		joined = append(joined, m.Body)
	}
	if len(got[len(got)-1].Media) != 1 {
		t.Error("media not on the last part")
	}
	// Nothing lost but the whitespace at the cuts.
	if strings.Join(strings.Fields(strings.Join(joined, " ")), " ") != strings.Join(strings.Fields(longText), " ") {
		t.Fatal("text changed by splitting")
	}
	if !strings.HasSuffix(got[0].Body, ".") {
		t.Errorf("first part does not end on a sentence: %q", got[0].Body[len(got[0].Body)-20:])
	}
}

func TestSplit(t *testing.T) {
	emoji := "👩🏽‍💻" // woman, skin tone, ZWJ, laptop
	tests := []struct {
		name string
		text string
	}{
		{"short", "Bonjour"},
		{"exactly the limit", strings.Repeat("é", maxUnits)},
		{"no spaces", strings.Repeat("é", 4000)},
		{"emoji sequences", strings.Repeat(emoji, 1000)},
		{"paragraphs", strings.Repeat(strings.Repeat("mot ", 300)+"\n\n", 5)},
		{"flags", strings.Repeat("🇫🇷", 1200)},
		{"run of smileys", strings.Repeat("😀", 2000)},
		{"smiley words", strings.Repeat("😀😀😀 ", 600)},
		{"smileys under the rune limit", strings.Repeat("😀", 1000)},
		{"smileys at the limit", strings.Repeat("😀", maxUnits/2)},
		{"text and emoji", strings.Repeat("Merci 🙏 à bientôt 💇‍♀️ ! ", 120)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := split(tt.text)
			total := 0
			if twilioLen(tt.text) > maxUnits && len(parts) < 2 {
				t.Fatalf("%d UTF-16 units in %d part", twilioLen(tt.text), len(parts))
			}
			for _, p := range parts {
				n := twilioLen(p)
				if !utf8.ValidString(p) || n == 0 || (len(parts) > 1 && n > partUnits) || n > maxUnits {
					t.Fatalf("bad part of %d UTF-16 units (valid %v)", n, utf8.ValidString(p))
				}
				total += len(p)
				if strings.HasPrefix(tt.name, "emoji") && !strings.HasPrefix(p, "👩") {
					t.Fatalf("part starts inside an emoji sequence: %q", p[:8])
				}
				if tt.name == "flags" && utf8.RuneCountInString(p)%2 != 0 {
					t.Fatal("flag pair split")
				}
			}
			if total > len(tt.text) || (!strings.ContainsAny(tt.text, " \n") && total != len(tt.text)) {
				t.Fatalf("lost or gained text: %d of %d bytes", total, len(tt.text))
			}
		})
	}
}

// TestSplitList: a long list is cut between its items, not inside one
// ("(réf." then "LUM-AZ2P)").
func TestSplitList(t *testing.T) {
	var items []string
	for i := range 30 {
		items = append(items, fmt.Sprintf("coupe femme, samedi %d décembre à 10h00 avec Camille (réf. LUM-%04d)", i+1, i))
	}
	text := "Vous avez 30 rendez-vous : " + strings.Join(items, ", ") + "."
	parts := split(text)
	if len(parts) < 2 {
		t.Fatalf("%d part(s)", len(parts))
	}
	for _, p := range parts[:len(parts)-1] {
		if !strings.HasSuffix(p, ")") && !strings.HasSuffix(p, "),") {
			t.Errorf("part ends inside an item: …%q", p[max(0, len(p)-30):])
		}
	}
}

// twilioLen is the length of s as Twilio counts it, in UTF-16 code units
// (computed apart from the code under test).
func twilioLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// TestRenderEmojiSplit: Twilio counts a body in UTF-16 code units, two for
// an emoji, so a long run of emoji is split into parts within its limit.
func TestRenderEmojiSplit(t *testing.T) {
	ch := newChannel(t)
	for _, tc := range []struct {
		name  string
		text  string
		parts int
	}{
		{"short", strings.Repeat("😀", 10), 1},
		{"at the limit", strings.Repeat("😀", maxUnits/2), 1},
		{"one over the limit", strings.Repeat("😀", maxUnits/2) + "!", 2},
		{"run", strings.Repeat("😀", 3000), 4},
		{"sequences", strings.Repeat("👩🏽‍💻", 700), 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := abi.RenderInput{Results: []abi.Result{textResult(tc.text)}}
			got := twimlMessages(t, sdktest.Render(t, ch, &in).Body)
			if len(got) != tc.parts {
				t.Errorf("%d messages, want %d", len(got), tc.parts)
			}
			var joined strings.Builder
			for i, m := range got {
				if n := twilioLen(m.Body); n > maxUnits || (len(got) > 1 && n > partUnits) {
					t.Errorf("part %d has %d UTF-16 units", i, n)
				}
				joined.WriteString(m.Body)
			}
			if joined.String() != tc.text {
				t.Error("text changed by splitting")
			}
		})
	}
}

// message is what Twilio sends for one <Message>.
type message struct {
	Body  string
	Media []string
}

// twimlMessages decodes a TwiML document the way Twilio reads it. It fails
// the test when the document is not well-formed or its root is not <Response>.
func twimlMessages(t *testing.T, doc []byte) []message {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	var out []message
	var path []string
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("TwiML is not well-formed: %v\n%s", err, doc)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			if len(path) == 0 && tk.Name.Local != "Response" {
				t.Fatalf("root is <%s>", tk.Name.Local)
			}
			path = append(path, tk.Name.Local)
			if tk.Name.Local == "Message" {
				out = append(out, message{})
			}
			text.Reset()
		case xml.CharData:
			text.Write(tk)
		case xml.EndElement:
			cur := &out
			switch tk.Name.Local {
			case "Message":
				if m := &(*cur)[len(*cur)-1]; m.Body == "" && path[len(path)-2] == "Response" && text.Len() > 0 {
					m.Body = strings.TrimSpace(text.String())
				}
			case "Body":
				(*cur)[len(*cur)-1].Body = text.String()
			case "Media":
				m := &(*cur)[len(*cur)-1]
				m.Media = append(m.Media, text.String())
			}
			text.Reset()
			path = path[:len(path)-1]
		}
	}
	if out == nil {
		out = []message{}
	}
	return out
}

func FuzzRender(f *testing.F) {
	f.Add("Bonjour & <bienvenue>", "https://x/a.jpg?a=1&b=2", "samedi")
	f.Add("\x00\xff\uFFFE]]>", "", "")
	f.Add(strings.Repeat("é ", 1000), "", "")
	ch := new(channel)
	f.Fuzz(func(t *testing.T, text, media, choice string) {
		rp := abi.Reply{Text: text}
		if media != "" {
			rp.Media = []string{media}
		}
		if choice != "" {
			rp.Choices = []abi.Choice{{ID: "c", Label: choice}}
		}
		resp, err := ch.Render(&abi.RenderInput{Results: []abi.Result{{Replies: []abi.Reply{rp}}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range twimlMessages(t, resp.Body) {
			if n := twilioLen(m.Body); n > maxUnits {
				t.Fatalf("message of %d UTF-16 units", n)
			}
		}
	})
}

// TestEscapeAgreesWithEncodingXML checks that what appendEscaped writes reads
// back, through encoding/xml, as the cleaned text.
func TestEscapeAgreesWithEncodingXML(t *testing.T) {
	for _, s := range []string{`a & b < c > d "e" 'f'`, "]]>", "ligne 1\nligne 2\r\nfin\r", "\t<&>\t", "😀 👩🏽‍💻 🇫🇷", "\x00\x01\uFFFE\xc3"} {
		doc := append([]byte("<Message>"), appendEscaped(nil, clean(s))...)
		doc = append(doc, "</Message>"...)
		var got struct {
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal(doc, &got); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if got.Text != clean(s) {
			t.Fatalf("%q: read back %q, want %q", s, got.Text, clean(s))
		}
	}
}
