package validate

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"bonjour", "bonjour"},
		{"Bonjour !", "bonjour"},
		{"l'après-midi", "l apres midi"},
		{"L’Été À Noël", "l ete a noel"},
		{"Œuvre ÆSOP cœur", "oeuvre aesop coeur"},
		{"ça, c'est  ÇA", "ca c est ca"},
		{"  14h30 — demain  ", "14h30 demain"},
		{"straße", "strasse"},
		{"jean.dupont@exemple.fr", "jean dupont exemple fr"},
		{"Ünïcödé ñ", "unicode n"},
		{"Привет мир", "привет мир"},
		{"a\tb\nc", "a b c"},
		{"already folded", "already folded"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := Fold(tc.in); got != tc.want {
				t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	if got := Tokens("Je m'appelle Hélène"); !slices.Equal(got, []string{"je", "m", "appelle", "helene"}) {
		t.Errorf("Tokens = %q", got)
	}
	if got := Tokens(" ,;! "); got != nil {
		t.Errorf("Tokens of punctuation = %q, want nil", got)
	}
}

func TestLexOffsets(t *testing.T) {
	in := "Été: 14h30, 03/12!"
	toks := lex(in, nil)
	var got []string
	for _, tk := range toks {
		got = append(got, tk.s+"="+in[tk.start:tk.end])
	}
	want := []string{"ete=Été", ":=:", "14=14", "h=h", "30=30", "03=03", "/=/", "12=12"}
	if !slices.Equal(got, want) {
		t.Errorf("lex = %q, want %q", got, want)
	}
}

func TestCorrect(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"demin", "demain", true},
		{"demaim", "demain", true},
		{"vendedi", "vendredi", true},
		{"smaedi", "samedi", true},
		{"heurs", "heure", true},
		{"tommorow", "tomorrow", true},
		{"demain", "", false},
		{"marche", "", false},
		{"martin", "", false},
		{"mari", "", false},
		{"coupe", "", false},
	}
	for _, tc := range tests {
		got, ok := correct(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("correct(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
