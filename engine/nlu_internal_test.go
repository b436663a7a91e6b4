package engine

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/validate"
)

// TestPlausibleCode: a reference's code is told from a date or a time
// written with the same characters.
func TestPlausibleCode(t *testing.T) {
	for code, want := range map[string]bool{"2F7H": true, "9GS2": true, "AB23": true, "23RD": false, "22ND": false, "10AM": false,
		"9H45": false, "14H": false, "ABCD": false, "2345": false} {
		if got := plausibleCode(code); got != want {
			t.Errorf("plausibleCode(%q) = %v, want %v", code, got, want)
		}
	}
}

// TestMaskRefsKeepsDates: a business whose reference prefix is a word
// ("THE", from the id "the-hair-lab") still reads "the 23rd" as a date.
func TestMaskRefsKeepsDates(t *testing.T) {
	b := business.Demo()
	b.Config.ReferencePrefix = "THE"
	e, err := New(b)
	if err != nil {
		t.Fatal(err)
	}
	tr := &turn{e: e, loc: e.loc, now: time.Date(2026, 12, 8, 10, 0, 0, 0, e.loc)}
	for text, want := range map[string]string{
		"I'd like a blow dry on the 23rd": "2026-12-23", "a blow dry on the 22nd at 10": "2026-12-22", "move THE-2F7H to the 23rd": "2026-12-23",
	} {
		if got := tr.understand(text).when.Date.String(); got != want {
			t.Errorf("understand(%q).when.Date = %s, want %s", text, got, want)
		}
	}
	if got := tr.maskRefs("the 2f7h please"); got != "         please" {
		t.Errorf("maskRefs kept a reference: %q", got)
	}
}

// TestRealWordsNotCorrected: common words one letter away from a keyword
// keep their meaning, and real typos are still corrected.
func TestRealWordsNotCorrected(t *testing.T) {
	e, err := New(business.Demo())
	if err != nil {
		t.Fatal(err)
	}
	tr := &turn{e: e, loc: e.loc, now: time.Date(2026, 12, 8, 10, 0, 0, 0, e.loc)}
	for _, tc := range []struct {
		text string
		not  intent
	}{
		{"vous pouvez regarder ?", inLate},
		{"hold on", inForeign},
		{"il parait que c'est bien", inYes},
		{"par chance vous avez de la place samedi ?", inMove},
		{"is there an annual fee?", inCancel},
		{"au bout de la rue", inMove},
		{"I'm waiting", inWant},
		{"Lisa", inList},
	} {
		if m := tr.understand(tc.text); m.has(tc.not) {
			t.Errorf("understand(%q) has intent %d", tc.text, tc.not)
		}
	}
	if m := tr.understand("Marc Petit"); m.faq >= 0 {
		t.Errorf(`understand("Marc Petit") answers the FAQ entry %d ("Marc" read as "marche")`, m.faq)
	}
	for text, want := range map[string]intent{"je voudrais anuler": inCancel, "je serai en retrad": inLate, "je voudrais decaller mon rdv": inMove} {
		if m := tr.understand(text); !m.has(want) {
			t.Errorf("understand(%q) lacks intent %d (a typo no longer corrected)", text, want)
		}
	}
}

// TestProfileName: a channel profile's name without its decorations.
func TestProfileName(t *testing.T) {
	for in, want := range map[string]string{
		"Camille Martin": "Camille Martin", "Camille 😊": "Camille", "🌸 Léa Martin 🌸": "Léa Martin", "~ Camille ~": "Camille",
		"Dr. Martin": "Martin", "Jean-Pierre O'Neil": "Jean-Pierre O'Neil", "李小龙": "李小龙", "😊": "", "Camille 2": "", "": "",
		"A": "", "Zoé Lefèvre": "Zoé Lefèvre", "-": "",
	} {
		if got := profileName(in); got != want {
			t.Errorf("profileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDatelessMessages: a message splitWords finds dateless holds no date
// or time for the date parser either, nor a digit. Every customer line of the
// transcripts is tried, as is, in capitals and with a typo'd weekday
// appended.
func TestDatelessMessages(t *testing.T) {
	e, err := New(business.Demo())
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/*/*.txt")
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, e.loc)
	lines, dateless := 0, 0
	for _, name := range append(files, more...) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			text, ok := strings.CutPrefix(line, "> ")
			if !ok {
				continue
			}
			for _, s := range []string{text, strings.ToUpper(text), text + " mardii", text + " midday"} {
				lines++
				if _, ok := e.splitWords(s); ok {
					dateless++
					if strings.ContainsAny(s, "0123456789") {
						t.Errorf("%s: %q is dateless, with a digit", name, s)
					}
					if w := validate.ParseWhenWith(s, now, e.loc, e.when); !reflect.DeepEqual(w, validate.When{}) {
						t.Errorf("%s: %q is dateless, yet ParseWhen finds %+v", name, s, w)
					}
				}
			}
		}
	}
	if dateless < lines/10 {
		t.Errorf("only %d dateless messages of %d", dateless, lines)
	}
	t.Logf("%d dateless messages of %d", dateless, lines)
}

// FuzzDateless: whatever the text, when splitWords finds it dateless the
// date parser finds nothing in it, and it has no digit.
func FuzzDateless(f *testing.F) {
	for _, s := range []string{"Bonjour, quels sont vos horaires ?", "mardii", "deman matin", "sam 10h", "midday", "LUM-ABCD",
		"vous êtes ouverts le dimanche ?", "Hello, what are your opening hours?", "c'est bon merci", "mon email: a@b.fr"} {
		f.Add(s)
	}
	e, err := New(business.Demo())
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, e.loc)
	f.Fuzz(func(t *testing.T, text string) {
		if _, dateless := e.splitWords(text); dateless {
			if w := validate.ParseWhenWith(text, now, e.loc, e.when); !reflect.DeepEqual(w, validate.When{}) {
				t.Fatalf("%q is dateless, yet ParseWhen finds %+v", text, w)
			}
			if strings.ContainsAny(text, "0123456789") {
				t.Fatalf("%q is dateless, with a digit", text)
			}
		}
	})
}

// TestFixHyphensShortcut: fixHyphens, which skips the work for ASCII
// names none of whose parts are joined in the text, gives what the
// whole work (joinHyphens) gives.
func TestFixHyphensShortcut(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	words := []string{"Jean", "jean", "Pierre", "PIERRE", "o", "Neill", "c", "est", "pour", "Ann", "ann", "", "Lee", "li", "Zoé", "zoé"}
	seps := []string{" ", "-", "'", "’", " - ", "--", ""}
	for range 200000 {
		var text, name strings.Builder
		for range 1 + r.Intn(5) {
			text.WriteString(words[r.Intn(len(words))])
			text.WriteString(seps[r.Intn(len(seps))])
		}
		for k := range 1 + r.Intn(3) {
			if k > 0 {
				name.WriteString(" ")
			}
			name.WriteString(words[r.Intn(len(words))])
		}
		if got, want := fixHyphens(text.String(), name.String()), joinHyphens(text.String(), name.String()); got != want {
			t.Fatalf("fixHyphens(%q, %q) = %q, want %q", text.String(), name.String(), got, want)
		}
	}
}

// TestTitleASCII: title's ASCII path gives what its general one does.
func TestTitleASCII(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	const chars = "abzAZ-' .0"
	for range 100000 {
		b := make([]byte, r.Intn(8))
		for i := range b {
			b[i] = chars[r.Intn(len(chars))]
		}
		if got, want := title(string(b)), runeTitle(string(b)); got != want {
			t.Fatalf("title(%q) = %q, want %q", b, got, want)
		}
	}
	for _, s := range []string{"", "paul", "Paul", "PAUL", "jean-paul", "o'neill", "Zoé", "ÉLODIE"} {
		if got, want := title(s), runeTitle(s); got != want {
			t.Errorf("title(%q) = %q, want %q", s, got, want)
		}
	}
}
