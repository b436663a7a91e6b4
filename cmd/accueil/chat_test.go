package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestChatBooksAsANewUser scripts `accueil chat` the way a new user types:
// French, no phone known, picking an offered slot by its number.
func TestChatBooksAsANewUser(t *testing.T) {
	in := strings.NewReader(strings.Join([]string{
		"bonjour",
		"je voudrais une coupe femme samedi vers 10h",
		"1",
		"Léa Dubois",
		"06 39 98 00 55",
		"oui",
		"merci",
	}, "\n"))
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"chat", "--now", "2026-11-25T10:00"}, &out, &errOut, in)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut.String(), out.String())
	}
	got := out.String()
	t.Log(got)
	for _, want := range []string{"Salon Lumière> Bonjour", "samedi 28 novembre", "Votre référence : LUM-"} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q", want)
		}
	}
}

func TestChatKnownCustomerAndBadFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(t.Context(), []string{"chat", "--now", "demain"}, &out, &errOut, strings.NewReader("")); code == 0 || !strings.Contains(errOut.String(), "--now") {
		t.Errorf("bad --now: exit %d, stderr %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run(t.Context(), []string{"chat", "--as", "not-a-phone"}, &out, &errOut, strings.NewReader("")); code == 0 || !strings.Contains(errOut.String(), "--as") {
		t.Errorf("bad --as: exit %d, stderr %q", code, errOut.String())
	}
	out.Reset()
	data := t.TempDir()
	in := strings.NewReader("une coupe homme jeudi 3 décembre à 11h\nPaul Martin\noui\n")
	if code := run(t.Context(), []string{"chat", "--as", "+33639980077", "--now", "2026-11-25T10:00", "--data", data}, &out, &errOut, in); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "LUM-") {
		t.Fatalf("a customer known by phone could not book without giving the phone:\n%s", out.String())
	}
	// The next day, the same phone is recognised and the booking listed.
	out.Reset()
	in = strings.NewReader("quels sont mes rendez-vous ?\n")
	if code := run(t.Context(), []string{"chat", "--as", "06 39 98 00 77", "--now", "2026-11-26T10:00", "--data", data}, &out, &errOut, in); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "jeudi 3 décembre à 11h00") {
		t.Errorf("the booking is not listed for the known customer:\n%s", out.String())
	}
}

func TestHelpAndUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(t.Context(), []string{"help"}, &out, &errOut, nil); code != 0 || !strings.Contains(out.String(), "serve") || !strings.Contains(out.String(), "chat") {
		t.Errorf("help: %d %q", code, out.String())
	}
	if code := run(t.Context(), []string{"serv"}, &out, &errOut, nil); code != 2 || !strings.Contains(errOut.String(), "unknown command") {
		t.Errorf("unknown command: %d %q", code, errOut.String())
	}
}

// TestChatPromptFollowsTheLanguage: the customer's prompt is "you>" while
// the conversation is in English, "vous>" in French.
func TestChatPromptFollowsTheLanguage(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		lines []string
		want  []string
	}{
		{"French", nil, []string{"bonjour", "quels sont vos horaires ?"},
			[]string{"vous> bonjour", "vous> quels sont vos horaires ?"}},
		{"English in a French business", nil, []string{"hello, what are your opening hours?", "thanks"},
			[]string{"you> thanks"}},
		{"--lang en", []string{"--lang", "en"}, []string{"hello", "thanks"},
			[]string{"you> hello", "you> thanks"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			args := append([]string{"chat", "--now", "2026-11-25T10:00"}, tc.args...)
			if code := run(t.Context(), args, &out, &errOut, strings.NewReader(strings.Join(tc.lines, "\n"))); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("transcript lacks %q:\n%s", w, out.String())
				}
			}
			if tc.name != "French" && strings.Contains(out.String(), "vous> thanks") {
				t.Errorf("French prompt in an English conversation:\n%s", out.String())
			}
		})
	}
}
