package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/sdktest"
)

// BenchmarkTurn is the plugin's share of one WhatsApp turn, natively: parse
// and verify inbound-text.txt, then render a one-line reply.
func BenchmarkTurn(b *testing.B) {
	ch := newChannel(b, abi.KV{Key: "auth_token", Value: "7c2e9a41d8b35f06e1a4c7d92b58f3e0"})
	req := sdktest.FormRequest("POST", testURL, sdktest.ReadFile(b, "testdata/inbound-text.txt"),
		abi.KV{Key: "x-twilio-signature", Value: "gVP/ENC2C20NHoorkXRF706HSKU="})
	results := []abi.Result{{Replies: []abi.Reply{{Text: "Bonjour Camille ! J'ai un créneau demain à 14h00 avec Léa. Je vous le réserve ?"}}}}
	b.ReportAllocs()
	for b.Loop() {
		res, err := ch.Parse(req)
		if err != nil || !res.Verified {
			b.Fatal(err, res.Reject)
		}
		in := abi.RenderInput{Request: *req, Events: res.Events, Results: results}
		if _, err := ch.Render(&in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	for _, tc := range []struct {
		name  string
		token string
	}{{"unsigned", ""}, {"signed", "7c2e9a41d8b35f06e1a4c7d92b58f3e0"}} {
		b.Run(tc.name, func(b *testing.B) {
			ch := quietChannel(b, abi.KV{Key: "auth_token", Value: tc.token})
			req := sdktest.FormRequest("POST", testURL, sdktest.ReadFile(b, "testdata/inbound-text.txt"),
				abi.KV{Key: "x-twilio-signature", Value: "gVP/ENC2C20NHoorkXRF706HSKU="})
			b.ReportAllocs()
			for b.Loop() {
				if res, _ := ch.Parse(req); len(res.Events) != 1 {
					b.Fatal(res.Reject)
				}
			}
		})
	}
}

func BenchmarkRender(b *testing.B) {
	ch := quietChannel(b)
	in := abi.RenderInput{Results: []abi.Result{{Replies: []abi.Reply{{Text: `Tarifs & horaires : coupe < 40 € > brushing, offre "été" jusqu'au 30/06`}}}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ch.Render(&in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEscape compares the hand-written escaper with encoding/xml's
// EscapeText (which also needs a bytes.Buffer and writes newlines as &#xA;).
func BenchmarkEscape(b *testing.B) {
	text := clean(`Tarifs & horaires : coupe < 40 € > brushing, offre "été" jusqu'au 30/06.` + "\n\nÀ bientôt !")
	b.Run("appendEscaped", func(b *testing.B) {
		buf := make([]byte, 0, 256)
		b.ReportAllocs()
		for b.Loop() {
			buf = appendEscaped(buf[:0], text)
		}
	})
	b.Run("xml.EscapeText", func(b *testing.B) {
		var buf bytes.Buffer
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			_ = xml.EscapeText(&buf, []byte(text))
		}
	})
}

// quietChannel is newChannel without the start-up warning about a missing
// auth_token, which would land in the middle of the benchmark's result
// lines (the testing package prints a line's name before running it).
func quietChannel(b *testing.B, settings ...abi.KV) *channel {
	b.Helper()
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devnull.Close()
	stderr := os.Stderr
	os.Stderr = devnull
	defer func() { os.Stderr = stderr }()
	return newChannel(b, settings...)
}
