package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// namePrefixes introduce a name; they are matched on folded words, longest
// first.
var namePrefixes = [][]string{
	{"c", "est", "de", "la", "part", "de"},
	{"mon", "nom", "c", "est"}, {"mon", "prenom", "c", "est"}, {"mon", "nom", "est"}, {"mon", "prenom", "est"},
	{"mon", "nom", "de", "famille", "est"}, {"mon", "nom", "de", "famille", "c", "est"},
	{"je", "m", "appelle"}, {"je", "me", "nomme"}, {"je", "me", "presente"}, {"moi", "c", "est"},
	{"de", "la", "part", "de"}, {"au", "nom", "de"}, {"a", "mon", "nom"}, {"je", "suis"}, {"c", "est"}, {"ici"},
	{"my", "name", "is"}, {"my", "name", "s"}, {"the", "name", "is"}, {"name", "is"}, {"i", "am"}, {"i", "m"},
	{"this", "is"}, {"it", "is"}, {"it", "s"}, {"call", "me"}, {"under", "the", "name"}, {"under", "the", "name", "of"},
	{"nom"}, {"name"}, {"prenom"},
}

// leadWords may come before a name or its prefix and are dropped.
var leadWords = map[string]bool{
	"bonjour": true, "bonsoir": true, "salut": true, "hello": true, "hi": true, "hey": true, "oui": true,
	"alors": true, "donc": true, "euh": true, "heu": true, "bah": true, "ben": true, "ok": true, "okay": true,
	"yes": true, "well": true, "so": true, "um": true, "uh": true, "hum": true, "madame": true, "monsieur": true,
	"bien": true, "sur": true, "voila": true, "d": true, "accord": true, "sure": true, "yeah": true,
}

// titles are dropped right before a name.
var titles = map[string]bool{
	"monsieur": true, "madame": true, "mademoiselle": true, "m": true, "mme": true, "mlle": true, "mr": true,
	"mrs": true, "ms": true, "miss": true, "dr": true, "docteur": true, "doctor": true, "maitre": true,
}

// tailWords end the name when they follow it ("Paul Martin merci").
var tailWords = map[string]bool{
	"merci": true, "svp": true, "stp": true, "please": true, "thanks": true, "thank": true, "s": true,
	"et": true, "and": true, "voila": true, "bonjour": true, "au": true, "pour": true, "for": true,
	"je": true, "i": true, "j": true, "mais": true, "but": true, "from": true, "de": false,
}

// greetingLead are the lead words that are never a first name, even
// capitalised ("Bonjour Martin").
var greetingLead = map[string]bool{"bonjour": true, "bonsoir": true, "salut": true, "hello": true, "hi": true, "hey": true, "oui": true,
	"yes": true, "ok": true, "okay": true, "alors": true, "donc": true, "euh": true, "heu": true, "bah": true, "well": true, "so": true,
	"um": true, "uh": true, "hum": true, "madame": true, "monsieur": true, "bien": true, "sur": true, "voila": true, "d": true,
	"accord": true, "sure": true, "yeah": true}

// clauseFillers end a name when a comma comes before them: "Paul, bon je
// sais pas" (and "Paul, ben voilà") is Paul, while "Julie Bon" keeps her
// surname.
var clauseFillers = map[string]bool{"bon": true, "ben": true, "bah": true, "euh": true, "heu": true, "enfin": true,
	"alors": true, "well": true, "um": true, "uh": true}

// afterComma reports whether word comes right after a comma in text.
func afterComma(text, word string) bool {
	for i := strings.Index(text, word); i >= 0; {
		if strings.HasSuffix(strings.TrimRight(text[:i], " "), ",") {
			return true
		}
		j := strings.Index(text[i+len(word):], word)
		if j < 0 {
			break
		}
		i += len(word) + j
	}
	return false
}

// particles stay lower case inside a name ("Charles de Gaulle").
var particles = map[string]bool{
	"de": true, "du": true, "des": true, "la": true, "le": true, "van": true, "von": true, "der": true,
	"den": true, "di": true, "da": true, "del": true, "della": true, "dos": true, "das": true, "d": true,
	"ben": true, "bin": true, "el": true, "al": true,
}

// notNames are words that are never part of a person's name.
var notNames = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`oui non ouais nan si ok okay daccord accord bonjour bonsoir salut merci
	au revoir aurevoir allo allô yes no yeah nope hello hi hey thanks thank please bye goodbye sorry
	je tu il elle on nous vous ils elles me te se moi toi lui leur eux mon ma mes ton ta tes son sa ses notre votre
	i you he she we they my your his her our their me us them it this that
	suis es est sommes etes sont ai as avons avez ont vais va veux voudrais voudrait aimerais souhaite souhaiterais
	peux pourrais pouvez besoin cherche appelle appeler rappeler rappelle reserver reservation annuler deplacer
	am is are was be have has want would like need book cancel change call
	rendez vous rdv coupe couleur balayage brushing barbe shampooing coiffeur coiffeuse salon cheveux femme homme enfant
	appointment haircut cut colour color beard hair
	disponible disponibles libre libres interesse interessee desole desolee retard presse pressee client cliente
	nouveau nouvelle nouveaux deja encore pas plus tres bien mal content contente
	available free interested late new already not very good fine
	demain aujourd hui aujourdhui hier matin soir midi apres semaine prochain prochaine heure heures
	today tomorrow morning evening afternoon noon week next hour
	quoi comment pourquoi quand combien qui ou what how why when who where which
	un une deux trois le la les des du au aux en dans avec sans sur sous pour par chez
	a an the of in on at with without for by to from and or but
	ca cela ceci ce cet cette voila voici rien tout tous toutes personne quelqu quelque chose
	numero telephone email mail adresse prix tarif horaires ouvert ferme
	number phone address price open closed`) {
		notNames[w] = true
	}
	for w := range weekdays {
		notNames[w] = true
	}
	for w := range months {
		notNames[w] = true
	}
	for w := range numWords {
		notNames[w] = true
	}
}

// nameWord is one word of the original text with its folded form.
type nameWord struct {
	orig string
	fold []string // Fold(orig) split in words ("m'appelle" → m, appelle)
}

const maxNameText = 200

// ParseName reads a person's name from what a customer said: "je suis
// Paul Martin", "je m'appelle Paul", "c'est Marie Dupont", "Paul Martin"
// alone, "my name is John Smith", "moi c'est Jean-Pierre de la Fontaine".
// The name comes back capitalised ("paul martin" → "Paul Martin",
// "jean-pierre" → "Jean-Pierre"; particles stay lower case; a word already
// in mixed case, "McDonald", is kept), accents kept. ok is false for what is
// obviously not a name: numbers, greetings, yes/no, questions, sentences
// ("je suis disponible demain"), or more than five words.
func ParseName(text string) (string, bool) {
	if len(text) > maxNameText || strings.ContainsAny(text, "@?0123456789") {
		return "", false
	}
	words := splitNameWords(text)
	// Drop greetings and hesitations before the prefix.
	for len(words) > 0 && allIn(words[0].fold, leadWords) && len(words) > 1 {
		if len(words) == 2 && startsUpper(words[0].orig) && startsUpper(words[1].orig) && !greetingLead[strings.Join(words[0].fold, "")] {
			break // "Ben Stiller", not "Ben" the hesitation
		}
		words = words[1:]
	}
	prefixed := false
	if n := matchNamePrefix(words); n > 0 {
		words, prefixed = words[n:], true
	} else if n := matchNamePrefixSplit(words); n > 0 {
		words, prefixed = words[n:], true
	}
	for len(words) > 0 && allIn(words[0].fold, titles) {
		words = words[1:]
	}
	// Cut the tail ("merci", "s'il vous plaît", "pour un rendez-vous").
	for k, w := range words {
		if k > 0 && len(w.fold) > 0 && (tailWords[w.fold[0]] || clauseFillers[w.fold[0]] && afterComma(text, w.orig)) {
			words = words[:k]
			break
		}
	}
	if len(words) == 0 || len(words) > 5 {
		return "", false
	}
	mixed := hasUpper(text) && hasLower(text)
	var out []string
	for k, w := range words {
		if len(w.fold) != 1 && !isApostropheName(w) {
			return "", false
		}
		f := strings.Join(w.fold, "")
		if !validNameWord(w.orig) {
			return "", false
		}
		isParticle := particles[f] && k > 0 && k < len(words)-1
		if !isParticle && (notNames[f] || len(w.fold) == 1 && notNames[w.fold[0]]) {
			return "", false
		}
		if prefixed && mixed && k == 0 && !startsUpper(w.orig) {
			// "je suis disponible" in a capitalised message: not a name.
			return "", false
		}
		if isParticle {
			out = append(out, strings.ToLower(w.orig))
			continue
		}
		out = append(out, capitalise(w.orig))
	}
	// A particle cannot end the name; one letter alone is not a name.
	if len(out) == 1 && utf8.RuneCountInString(out[0]) < 2 {
		return "", false
	}
	return strings.Join(out, " "), true
}

func splitNameWords(text string) []nameWord {
	f := strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\'' || r == '’' || unicode.IsMark(r))
	})
	out := make([]nameWord, 0, len(f))
	for _, w := range f {
		w = strings.Trim(w, "-'’")
		if w == "" {
			continue
		}
		out = append(out, nameWord{orig: w, fold: strings.Fields(Fold(w))})
	}
	return out
}

// isApostropheName reports whether w is a name with an apostrophe or a
// hyphen ("O'Connor", "Jean-Pierre"), not a contraction ("m'appelle").
func isApostropheName(w nameWord) bool {
	if len(w.fold) < 2 {
		return false
	}
	switch w.fold[0] {
	case "c", "j", "m", "l", "qu", "n", "s", "t":
		if len(w.fold) == 2 && (strings.ContainsRune(w.orig, '\'') || strings.ContainsRune(w.orig, '’')) {
			return false
		}
	}
	for _, p := range w.fold {
		if notNames[p] && !particles[p] {
			return false
		}
	}
	return true
}

func allIn(fold []string, set map[string]bool) bool {
	if len(fold) == 0 {
		return false
	}
	for _, f := range fold {
		if !set[f] {
			return false
		}
	}
	return true
}

// matchNamePrefix matches a prefix against the folded words; it returns
// the number of original words it covers (0 when none).
func matchNamePrefix(words []nameWord) int {
	var flat []string
	var owner []int
	for k, w := range words {
		if k > 7 {
			break
		}
		for _, f := range w.fold {
			flat = append(flat, f)
			owner = append(owner, k)
		}
	}
	best := 0
	for _, p := range namePrefixes {
		if len(p) > len(flat) {
			continue
		}
		match := true
		for k := range p {
			if flat[k] != p[k] {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		// The prefix must end at a word boundary.
		if len(p) < len(flat) && owner[len(p)] == owner[len(p)-1] {
			continue
		}
		if n := owner[len(p)-1] + 1; n > best {
			best = n
		}
	}
	return best
}

// matchNamePrefixSplit finds a prefix after a short lead ("oui bonjour alors
// je suis …" is handled by leadWords; this handles "bonjour madame je suis").
func matchNamePrefixSplit(words []nameWord) int {
	for k := 1; k < len(words) && k <= 3; k++ {
		if !allIn(words[k-1].fold, leadWords) && !allIn(words[k-1].fold, titles) {
			return 0
		}
		if n := matchNamePrefix(words[k:]); n > 0 {
			return k + n
		}
	}
	return 0
}

func validNameWord(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == '-' || r == '\'' || r == '’' || unicode.IsMark(r):
		default:
			return false
		}
	}
	return letters > 0 && letters <= 30
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// capitalise title-cases w at word starts (after a hyphen or an apostrophe), unless w
// is already in mixed case.
func capitalise(w string) string {
	if hasUpper(w) && hasLower(w) {
		// Mixed case: keep as typed, but fix a lower-case first letter.
		r, size := utf8.DecodeRuneInString(w)
		return string(unicode.ToUpper(r)) + w[size:]
	}
	var sb strings.Builder
	sb.Grow(len(w))
	start := true
	for _, r := range w {
		if start {
			sb.WriteRune(unicode.ToUpper(r))
		} else {
			sb.WriteRune(unicode.ToLower(r))
		}
		start = r == '-' || r == '\'' || r == '’'
	}
	return sb.String()
}
