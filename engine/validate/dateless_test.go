package validate

import (
	"bufio"
	"math/rand"
	"os"
	"reflect"
	"strings"
	"testing"
)

// datelessText reports whether text is one ParseWhen must find nothing in
// by Dateless's rule: no ':', '/' or '@', and only dateless words.
func datelessText(text string) bool {
	if strings.ContainsAny(text, ":/@") {
		return false
	}
	for _, w := range strings.Fields(Fold(text)) {
		if !Dateless(w) {
			return false
		}
	}
	return true
}

// checkDateless fails t when text is dateless by Dateless's rule and
// ParseWhen still finds something in it, with the start filter on and off.
func checkDateless(t *testing.T, text string) {
	t.Helper()
	if !datelessText(text) {
		return
	}
	for _, filter := range []bool{true, false} {
		useStartFilter = filter
		w := ParseWhen(text, wed, paris)
		useStartFilter = true
		if !reflect.DeepEqual(w, When{}) {
			t.Fatalf("ParseWhen(%q) (start filter %v) = %+v, but its words are all dateless", text, filter, w)
		}
	}
}

// TestDatelessWords pins a few words either way: ordinary words are
// dateless; words of the grammar, their typos, abbreviated weekdays,
// "midday" and anything with a digit are not.
func TestDatelessWords(t *testing.T) {
	for _, w := range []string{"bonjour", "quels", "sont", "vos", "horaires", "hello", "opening", "hours", "coupe", "prix", "merci"} {
		if !Dateless(w) {
			t.Errorf("Dateless(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"", "demain", "deman", "mardii", "tommorow", "sam", "mon", "midday", "middays", "deux", "premier",
		"a", "le", "vers", "matin", "heure", "14h", "Bonjour"} {
		if Dateless(w) {
			t.Errorf("Dateless(%q) = true, want false", w)
		}
	}
}

// TestDatelessTexts runs ParseWhen over the golden file's lines, the fuzz
// seeds and texts made of random words of the grammar's vocabulary, their
// typos and everyday words: whenever all their words are dateless,
// nothing is found.
func TestDatelessTexts(t *testing.T) {
	f, err := os.Open("testdata/when.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		checkDateless(t, sc.Text())
	}
	for _, s := range whenSeeds {
		checkDateless(t, s)
	}

	// The vocabulary: every word the grammar knows, one edit of each word
	// typos are corrected into, and everyday words.
	vocab := map[string]bool{}
	for w := range lexicon {
		vocab[w] = true
	}
	for w, fixed := range misspellings {
		vocab[w], vocab[fixed] = true, true
	}
	for _, m := range []map[string]bool{abbrevFollowers, connectors, fillers} {
		for w := range m {
			vocab[w] = true
		}
	}
	for w := range weekdayAbbrevs {
		vocab[w] = true
	}
	for _, w := range fuzzyVocab {
		for _, e := range oneEdits(w) {
			vocab[e] = true
		}
	}
	for _, w := range strings.Fields(`bonjour bonsoir hello hi quels quelles sont vos horaires opening hours coupe femme homme
		barbe brushing couleur prix combien merci oui non ok je voudrais un une rendez vous rdv annuler deplacer
		is it open closed do you have what are your when quand ouvert ferme fermez ouvrez midday middays mid day
		ish noon midi Samedi Sam Mardii mardii demin deman l y il est c qu jusqu d aujourd hui apres avant`) {
		vocab[w] = true
	}
	var dateless []string
	for w := range vocab {
		if Dateless(w) {
			dateless = append(dateless, w)
		}
	}
	if len(dateless) < 100 {
		t.Fatalf("only %d dateless words in the vocabulary", len(dateless))
	}
	seps := []string{" ", " ", " ", ", ", "'", "-", ". ", "! ", " ? ", "\n", " … ", "(", ") ", "  "}
	rng := rand.New(rand.NewSource(1))
	for range 20000 {
		var sb strings.Builder
		for k := range 1 + rng.Intn(8) {
			if k > 0 {
				sb.WriteString(seps[rng.Intn(len(seps))])
			}
			w := dateless[rng.Intn(len(dateless))]
			switch rng.Intn(4) {
			case 0:
				w = strings.ToUpper(w[:1]) + w[1:]
			case 1:
				w = strings.ToUpper(w)
			}
			sb.WriteString(w)
		}
		checkDateless(t, sb.String())
	}
}

// oneEdits returns the words one letter away from w: one deleted, one
// changed or added (a to z), or two neighbours swapped.
func oneEdits(w string) []string {
	var out []string
	for i := 0; i <= len(w); i++ {
		if i < len(w) {
			out = append(out, w[:i]+w[i+1:])
		}
		if i+1 < len(w) {
			out = append(out, w[:i]+w[i+1:i+2]+w[i:i+1]+w[i+2:])
		}
		for c := byte('a'); c <= 'z'; c++ {
			if i < len(w) {
				out = append(out, w[:i]+string(c)+w[i+1:])
			}
			out = append(out, w[:i]+string(c)+w[i:])
		}
	}
	return out
}
