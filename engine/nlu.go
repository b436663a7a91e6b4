package engine

import (
	"bytes"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/engine/validate"
)

// Kinds of phrases in the matcher.
const (
	tagIntent = iota
	tagService
	tagStaff
	tagFAQ
)

type phrase struct {
	toks []string // canonical stems
	tag  uint8
	id   int // intent bit index, service, staff or FAQ index
	lang string
}

// matcher finds known phrases in a message. It is built once per Engine
// and read-only afterwards.
type matcher struct {
	vocab map[string]bool // every canonical stem of every phrase, and stopwords
	// vocabStr maps each stem of vocab to itself: one string for each
	// (see intern).
	vocabStr map[string]string
	exact    map[string]bool   // every folded word of every phrase, as written
	byFirst  map[byte][]string // vocab stems of 4+ letters by first letter, for typos
	first    map[string][]int  // first stem → phrases
	// cands are the phrases as understand tries them (see phraseCand),
	// those of one first stem together; candsAt gives the index of the
	// first of them by that stem, and words carry it (see startingWith).
	cands   []phraseCand
	candsAt map[string]int32
	// candToks are the stems of cands after their first, those of one
	// first stem together.
	candToks []string
	phrases  []phrase
	en, fr   map[string]bool
	stop     map[string]bool
	real     map[string]bool // realWords: never typo-corrected
	// staffNames holds the staff's names and ids, folded.
	staffNames map[string]bool
	// social holds the stems of the greetings, thanks, yes, no and
	// goodbyes.
	social map[string]bool
	// haircut[i] tells whether service i is a cut ("coupe…"); distinct[i]
	// lists the stems of its names that tell it from the other cuts.
	haircut  []bool
	distinct [][]string
	// refPrefix is the booking reference prefix in lower case.
	refPrefix string
	// known holds, for the words messages use most, what respell, canon
	// and wordSets give them, worked out once (see lookup).
	known map[string]knownWord
}

// knownWord is what the matcher makes of a folded word: respell's and
// canon's results, its stem, the word sets it belongs to, whether it
// is a filler word and whether it is dateless (validate.Dateless). In
// m.known, fold is the word itself.
type knownWord struct {
	fold, respell, can, stem string
	sets                     wordSet
	filler                   bool
	dateless                 bool
	// first stands for the phrases starting with can, as word.first.
	first int16
}

// phraseCand is a phrase of matcher.phrases as understand tries it at a
// word whose canonical form is the phrase's first stem: what the loop
// reads, packed, so that the phrases of a word sit on a cache line or two
// rather than behind three pointers each.
type phraseCand struct {
	// toks is where the phrase's stems after the first start in
	// matcher.candToks; n is the number of its stems.
	toks uint32
	n    uint32
	id   int32
	// left is the number of candidates from this one to the last of its
	// first stem.
	left int32
	tag  uint8
}

// rest returns the stems of c after its first.
func (m *matcher) rest(c *phraseCand) []string {
	return m.candToks[c.toks : c.toks+c.n-1]
}

// index fills m.cands, m.candsAt and m.candToks from m.first. Every stem
// is the one string of its value that m.vocab holds, so that comparing a
// word's canonical form, interned the same way (see learn), with a stem
// of a phrase takes one pointer comparison when they are equal.
func (m *matcher) index() {
	m.candsAt = make(map[string]int32, len(m.first))
	for _, c := range slices.Sorted(maps.Keys(m.first)) {
		list := m.first[c]
		m.candsAt[c] = int32(len(m.cands))
		for j, pi := range list {
			p := &m.phrases[pi]
			m.cands = append(m.cands, phraseCand{toks: uint32(len(m.candToks)), n: uint32(len(p.toks)), id: int32(p.id),
				left: int32(len(list) - j), tag: p.tag})
			for _, tk := range p.toks[1:] {
				m.candToks = append(m.candToks, m.intern(tk))
			}
		}
	}
}

// intern returns the string of m.vocab equal to s, or s.
func (m *matcher) intern(s string) string {
	if v, ok := m.vocabStr[s]; ok {
		return v
	}
	return s
}

// learn fills m.known with the words of the phrases, the stop words, the
// language words, the words of the word sets and a few more: all the
// words lookup answers without working them out again.
func (m *matcher) learn() {
	m.known = map[string]knownWord{}
	add := func(w string) {
		if _, ok := m.known[w]; ok || w == "" {
			return
		}
		k := m.work(w)
		k.fold, k.dateless = w, validate.Dateless(w)
		k.can = m.intern(k.can)
		if at, ok := m.candsAt[k.can]; !ok {
			k.first = -1
		} else if at < math.MaxInt16 {
			k.first = int16(at + 1)
		} // else 0: looked up
		m.known[w] = k
	}
	for _, words := range [][]string{stopwords, englishWords, frenchWords, realWords, plainWords} {
		for _, w := range words {
			add(w)
		}
	}
	for _, set := range []map[string]bool{m.exact, m.staffNames, fillerWords} {
		for w := range set {
			add(w)
		}
	}
	for w := range wordSets {
		add(w)
	}
	for w := range respellings {
		add(w)
	}
}

// work works out what the matcher makes of the folded word w.
func (m *matcher) work(w string) knownWord {
	return knownWord{respell: m.respell(w), can: m.canon(w), stem: stem(w), sets: wordSets[w], filler: fillerWords[w]}
}

// startingWith returns the phrases whose first stem is w's canonical
// form: from the index w carries when it has one, else looked up.
func (m *matcher) startingWith(w *word) []phraseCand {
	at := int32(w.first) - 1
	switch {
	case w.first < 0:
		return nil
	case w.first == 0:
		var ok bool
		if at, ok = m.candsAt[w.can]; !ok {
			return nil
		}
	}
	return m.cands[at : at+m.cands[at].left]
}

// lookup returns what the matcher makes of the folded word w: from m.known
// for a known word, else worked out.
func (m *matcher) lookup(w string) knownWord {
	if k, ok := m.known[w]; ok {
		return k
	}
	return m.work(w)
}

func newMatcher(b *business.Business) *matcher {
	m := &matcher{vocab: map[string]bool{}, exact: map[string]bool{}, byFirst: map[byte][]string{}, first: map[string][]int{},
		en: set(englishWords), fr: set(frenchWords), stop: set(stopwords), real: set(realWords)}
	add := func(text string, tag uint8, id int, lang string) {
		words := validate.Tokens(text)
		if len(words) == 0 {
			return
		}
		toks := make([]string, len(words))
		for i, w := range words {
			toks[i] = stem(w)
			m.vocab[toks[i]] = true
			m.exact[w] = true
		}
		m.first[toks[0]] = append(m.first[toks[0]], len(m.phrases))
		m.phrases = append(m.phrases, phrase{toks: toks, tag: tag, id: id, lang: lang})
	}
	m.social = map[string]bool{}
	for bit := 0; bit < numIntents; bit++ {
		for _, p := range phrases[intent(1)<<bit] {
			add(p, tagIntent, bit, "")
			if intent(1)<<bit&(inGreet|inThanks|inYes|inNo|inBye) != 0 {
				for _, w := range validate.Tokens(p) {
					m.social[stem(w)] = true
				}
			}
		}
	}
	for _, w := range plainWords {
		m.vocab[stem(w)] = true // known as is: never "corrected" into a keyword
	}
	for i, s := range b.Config.Services {
		for lang, n := range s.Name {
			add(n, tagService, i, lang)
		}
		for lang, syns := range s.Synonyms {
			for _, n := range syns {
				add(n, tagService, i, lang)
			}
		}
	}
	m.staffNames = map[string]bool{}
	for i, s := range b.Config.Staff {
		names := append([]string{s.Name, s.ID}, nameParts(s.Name)...)
		for _, n := range names {
			add(n, tagStaff, i, "")
			n = validate.Fold(n)
			m.staffNames[n], m.staffNames[stem(n)] = true, true // folded, and as canon gives them
		}
	}
	for i, f := range b.Config.FAQ {
		for lang, kws := range f.Keywords {
			for _, k := range kws {
				add(k, tagFAQ, i, lang)
			}
		}
	}
	for _, w := range stopwords {
		m.vocab[stem(w)] = true
	}
	for _, w := range slices.Sorted(maps.Keys(m.vocab)) { // in order: a typo near two stems corrects the same way every run
		if len(w) >= 4 {
			m.byFirst[w[0]] = append(m.byFirst[w[0]], w)
		}
	}
	m.vocabStr = make(map[string]string, len(m.vocab))
	for w := range m.vocab {
		m.vocabStr[w] = w
	}
	m.index()
	m.refPrefix = strings.ToLower(b.Config.ReferencePrefix)
	cut := map[string]bool{}
	for _, p := range phrases[inHaircut] {
		cut[stem(p)] = true
	}
	m.haircut = make([]bool, len(b.Config.Services))
	m.distinct = make([][]string, len(b.Config.Services))
	for i, s := range b.Config.Services {
		for _, n := range s.Name {
			for _, w := range validate.Tokens(n) {
				c := stem(w)
				if cut[c] {
					m.haircut[i] = true
				} else if !m.stop[w] && len(w) > 1 { // not the "s" of "men's"
					m.distinct[i] = append(m.distinct[i], c)
				}
			}
		}
	}
	m.learn()
	return m
}

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// stem reduces a folded word to a crude French/English stem: plural and
// common verb and noun endings are cut, so "réserver", "réservez" and
// "réservation" meet.
func stem(w string) string {
	if len(w) > 4 {
		switch c := w[len(w)-1]; {
		case c == 's' && w[len(w)-2] != 's', c == 'x':
			w = w[:len(w)-1]
		}
	}
	for _, suf := range [...]string{"ation", "ement", "ing", "ent", "ee", "er", "ez", "e"} {
		if len(w)-len(suf) >= 3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// ownPossessive reports whether words name something of the customer's
// ("ma coupe", "mon rdv"), not a person ("mon mari", "ma fille").
func ownPossessive(words []word) bool {
	for i, w := range words {
		if slices.Contains(possessiveWords, w.fold) && (i+1 == len(words) || !personWords[words[i+1].fold] && !selfWords[words[i+1].fold]) {
			return true
		}
	}
	return false
}

// selfWords follow a possessive that names no booking: "my name is…", "mon
// numéro".
var selfWords = map[string]bool{"name": true, "nom": true, "prenom": true, "number": true, "numero": true, "phone": true,
	"tel": true, "email": true, "mail": true, "mobile": true, "portable": true}

// respellings are words customers type short, or without their
// apostrophe, in a form the general rule of elided cannot tell: the words
// they stand for.
var respellings = map[string]string{
	"cest": "c est", "jai": "j ai", "jsuis": "je suis", "jpeux": "je peux", "jveux": "je veux",
	"jvoudrais": "je voudrais", "jaimerais": "j aimerais", "quil": "qu il", "sil": "s il",
	"pr": "pour", "ds": "dans", "avc": "avec", "qd": "quand", "pq": "pourquoi", "pk": "pourquoi",
	"tt": "tout", "bcp": "beaucoup", "dsl": "desole", "mrc": "merci", "mrci": "merci", "jpx": "je peux",
	// English SMS ("r u" only as phrases: "u" and "r" are also letters
	// spelt aloud).
	"pls": "please", "plz": "please", "thx": "thanks",
}

// respell returns the words a short or apostrophe-less word stands for
// ("ladresse": "l adresse", "pr": "pour"), or "".
func (m *matcher) respell(w string) string {
	if r, ok := respellings[w]; ok {
		return r
	}
	// The common elisions only (l', d', j'): "couverts" is no "c ouverts",
	// "mother" no "m other"; and no split into a stylist's name ("lines").
	if len(w) < 5 || !strings.ContainsRune("djl", rune(w[0])) || !strings.ContainsRune("aeiouyh", rune(w[1])) {
		return ""
	}
	if m.vocab[stem(w)] || m.stop[w] || m.en[w] || !m.vocab[stem(w[1:])] || m.staffNames[w[1:]] {
		return ""
	}
	return w[:1] + " " + w[1:] // "ladresse", "dannulation", "lheure", "jannule"
}

// canon maps a folded word to a known stem, correcting one typo in words
// of four letters or more.
func (m *matcher) canon(w string) string {
	s := stem(w)
	if m.real[w] && s != w && m.vocab[s] && !m.vocab[w] {
		return w // "parker" is no "park"
	}
	if m.vocab[s] || len(s) < 4 || w[0] >= '0' && w[0] <= '9' || m.real[w] {
		return s
	}
	for _, v := range m.byFirst[s[0]] {
		if oneEdit(s, v) {
			return v
		}
	}
	return s
}

// oneEdit reports whether a and b differ by exactly one insertion,
// deletion, substitution or swap of adjacent letters.
func oneEdit(a, b string) bool {
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 || a == b {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] {
			return true
		}
		return a[i+1:] == b[i+1:]
	case la > lb:
		return a[i+1:] == b[i:]
	}
	return a[i:] == b[i+1:]
}

// word is one word of a message: as written, folded and canonical. A
// punctuation mark that ends a clause is a word with empty fold.
type word struct {
	raw, fold, can string
	// sets tells which of the word sets of wordSetMembers fold belongs
	// to, looked up once when the word is made (newWord).
	sets wordSet
	// key is foldKey(fold).
	key uint8
	// first tells the phrases starting with can, when splitWords took can
	// from the matcher's known words: -1 for none, i > 0 for those from
	// matcher.cands[i-1]; 0 when not known (see startingWith).
	first int16
}

// newWord returns the word written raw, folded fold and canonical can,
// with the word sets fold belongs to.
func newWord(raw, fold, can string) word {
	w := word{raw: raw, fold: fold, can: can, key: foldKey(fold)}
	if fold != "" {
		w.sets = wordSets[fold]
	}
	if can == "" {
		w.first = -1 // no phrase starts with an empty stem (validate.Tokens has none)
	}
	return w
}

// is reports whether the word's fold is in the word set s.
func (w word) is(s wordSet) bool { return w.sets&s != 0 }

// wordSet is a bit standing for one of the word sets that messages are
// checked against word by word, so that a check is a bit test on each
// word rather than a map lookup.
type wordSet uint32

// The word sets of wordSetMembers.
const (
	setMonths wordSet = 1 << iota
	setOrdinals
	setOrdinalNames
	setWeekdays
	setDayNames
	setRelativeDays
	setShiftStarts
	setNamedDayStarts
	setExceptStarts
	setDeposit
	setBetween
	setLastTimeStarts
	setHealth
	setEnglish
	setFrench
	setConfirmed
	setNameIntroStarts
	setClosed
	setGift
	setEmail
	setStaffCount
	setWalkInStarts
)

// wordSetMembers gives the words of each word set: the package's sets,
// read once at init.
func wordSetMembers() map[wordSet][]string {
	return map[wordSet][]string{
		setMonths:          slices.Collect(maps.Keys(monthNames)),
		setOrdinals:        slices.Collect(maps.Keys(ordinalWords)),
		setOrdinalNames:    slices.Collect(maps.Keys(ordinals)),
		setWeekdays:        slices.Collect(maps.Keys(weekdayWords)),
		setDayNames:        slices.Collect(maps.Keys(dayIndex)),
		setRelativeDays:    slices.Collect(maps.Keys(relativeDayWords)),
		setShiftStarts:     slices.Collect(maps.Keys(shiftStarts)),
		setNamedDayStarts:  slices.Collect(maps.Keys(namedDayStarts)),
		setExceptStarts:    slices.Collect(maps.Keys(exceptStarts)),
		setDeposit:         slices.Collect(maps.Keys(depositWords)),
		setBetween:         slices.Collect(maps.Keys(betweenWords)),
		setLastTimeStarts:  slices.Collect(maps.Keys(lastTimeStarts)),
		setHealth:          slices.Collect(maps.Keys(healthWords)),
		setEnglish:         englishWords,
		setFrench:          frenchWords,
		setConfirmed:       confirmedWords,
		setNameIntroStarts: slices.Collect(maps.Keys(nameIntroByFirst)),
		setClosed:          closedWords,
		setGift:            giftWords,
		setEmail:           emailWords,
		setStaffCount:      staffCountWords,
		setWalkInStarts:    firstWords(walkInPhrases),
	}
}

// firstWords returns the first words of phrases: a message none of whose
// words is one of them has none of the phrases (see foldsAt).
func firstWords(phrases []string) []string {
	out := make([]string, len(phrases))
	for i, p := range phrases {
		out[i], _, _ = strings.Cut(p, " ")
	}
	return out
}

// wordSets maps each folded word to the word sets it belongs to.
var wordSets = func() map[string]wordSet {
	out := map[string]wordSet{}
	for s, words := range wordSetMembers() {
		for _, w := range words {
			out[w] |= s
		}
	}
	return out
}()

// msg is what the engine understood of a message.
type msg struct {
	text  string
	words []word
	// idx sums up words for the word checks (see index).
	idx  wordIndex
	in   intent
	lang string // "fr", "en" or "" when undecided
	// langMargin is how many more words of lang than of the other
	// language the message has.
	langMargin int

	svc    int // service index or -1
	svcLen int
	svcAt  int // index in words of the service's first word
	// svcOfPerson: svc is the cut of the person the message names ("une
	// coupe pour mon mari"), not a service it names.
	svcOfPerson bool
	// svc2 is a second service named after the first, or -1.
	svc2, svc2Len, svc2At int
	// included: the message asks whether service svc includes another one
	// ("is the blow dry included in the women's cut?"), which its
	// description names.
	included bool
	// svcMore has bit i set for service i named after the second (ids
	// 0-63): "a men's cut, a beard trim and a kids cut".
	svcMore uint64
	// avoidDays has bit d set for each weekday d the customer excludes
	// ("any day except saturday", "n'importe quel jour sauf le lundi").
	avoidDays uint8
	staff     int    // staff index or -1
	faq       int    // best FAQ index or -1
	faq2      int    // another FAQ entry the message asks about, or -1
	faqMore   uint64 // bit i: FAQ entry i is asked about too, in yet another clause (entries 0-63)
	faqAt     int    // index in words of the first word matching faq
	when      validate.When
	phone     string
	phoneBad  bool // digits that look like a phone number but are not one
	// asksConfirmed: "est-ce que c'est confirmé ?", a question (see
	// asksIfConfirmed), read as asking for the customer's bookings.
	asksConfirmed bool
	// age is an age the message states ("ma fille de 13 ans", "my 15 year
	// old"), 0 for none.
	age int
	// unknownStaff is a first name asked for that is no staff member's
	// ("avec Sarah"), or "".
	unknownStaff string
	// avoid has bit i set for each staff member i the customer does not
	// want ("pas avec Camille", "anyone but Hugo", "ni Inès").
	avoid  uint64
	name   string
	choice int // 1-based choice, -1 for the last, 0 for none
	ref    string
	// swap is the service a booking the customer has is to become ("un
	// balayage au lieu de la couleur"): the message then names that
	// booking's service in svc, if it names it.
	swap string
}

func (m msg) has(i intent) bool { return m.in&i != 0 }

// mentionsPhrase reports whether the message's folded words contain one of
// phrases (folded words separated by single spaces) as consecutive words.
func (m *msg) mentionsPhrase(phrases []string) bool {
	if len(m.words) == 0 {
		return false
	}
	keys := m.index().keys
	for _, p := range phrases {
		if p != "" && !keys.has(p) {
			continue // its first word is none of the message's: the usual case
		}
		for i := range m.words {
			if foldsAt(m.words, i, p) {
				return true
			}
		}
	}
	return false
}

// foldKeys is a set of keys of folded words: a word's key is made of its
// first two letters, so that the key of a phrase is that of its first
// word. A key missing from the set proves that no word has it; a key
// present may belong to another word.
type foldKeys [4]uint64

// wordIndex sums up words for the checks run many times on each message:
// the keys of their folds and the word sets they belong to.
type wordIndex struct {
	of   []word // the words summed up
	keys foldKeys
	sets wordSet
}

// indexOf returns the index of words.
func indexOf(words []word) wordIndex {
	x := wordIndex{of: words}
	for _, w := range words {
		x.keys[w.key>>6] |= 1 << (w.key & 63)
		x.sets |= w.sets
	}
	return x
}

// index returns the index of the message's words: the one understand
// made while the words are still those (the same slice: words appended
// or a part taken make another), else a new one.
func (m *msg) index() wordIndex {
	if x := &m.idx; len(x.of) == len(m.words) && (len(m.words) == 0 || &x.of[0] == &m.words[0]) {
		return *x
	}
	return indexOf(m.words)
}

// add adds the key of the folded word s to k.
func (k *foldKeys) add(s string) {
	x := foldKey(s)
	k[x>>6] |= 1 << (x & 63)
}

// meets reports whether k and o have a key in common.
func (k *foldKeys) meets(o *foldKeys) bool {
	return k[0]&o[0] != 0 || k[1]&o[1] != 0 || k[2]&o[2] != 0 || k[3]&o[3] != 0
}

// has reports whether the key of s (of its first word, for a phrase) may be
// in k.
func (k *foldKeys) has(s string) bool {
	x := foldKey(s)
	return k[x>>6]&(1<<(x&63)) != 0
}

// foldKey is the key of the folded word s, or of the first word of the
// phrase s: its first two bytes, a space standing for a missing one.
func foldKey(s string) uint8 {
	a, b := byte(' '), byte(' ')
	if len(s) > 0 {
		a = s[0]
	}
	if len(s) > 1 {
		b = s[1]
	}
	return uint8(uint(a)*31 + uint(b))
}

// foldsAt reports whether the folded words from i on read phrase (words
// separated by single spaces). It allocates nothing: it runs on every
// message.
func foldsAt(words []word, i int, phrase string) bool {
	if phrase == "" {
		return true
	}
	for ; i < len(words); i++ {
		// The word must be the phrase's next token: a prefix of it, followed
		// by a space or the phrase's end (no strings.Cut: this runs for
		// every phrase at every word).
		f := words[i].fold
		if len(phrase) < len(f) || phrase[:len(f)] != f {
			return false
		}
		if len(phrase) == len(f) {
			return f != ""
		}
		if f == "" || phrase[len(f)] != ' ' {
			return false
		}
		phrase = phrase[len(f)+1:]
	}
	return false
}

// clauses reports whether words[a] and words[b] are in different clauses:
// a punctuation mark or "et", "and", "also" between them.
func clauses(words []word, a, b int) bool {
	if a > b {
		a, b = b, a
	}
	if a == b {
		return false
	}
	for _, w := range words[a+1 : b] {
		switch {
		case w.fold == "" && w.raw != "", w.fold == "et", w.fold == "and", w.fold == "also", w.fold == "aussi":
			return true
		}
	}
	return false
}

// mentionsShift reports whether the message moves something by a little
// ("une heure plus tard").
func (m *msg) mentionsShift() bool {
	if !m.mentionsAny(setShiftStarts) {
		return false // the usual case, checked word by word
	}
	for _, s := range shifts {
		if m.mentionsPhrase(s.phrases) {
			return true
		}
	}
	return false
}

// negated reports whether the word at i is denied by the words before it:
// "not the beard", "pas de barbe", "instead of Camille", "plutôt que
// Camille", "au lieu de Camille", "à la place de Camille", "je garde juste
// la couleur".
// refused reports whether the thing named at words[i] is said not to be
// wanted, a few words before it in the same clause: "I don't need a cut",
// "not a men's cut", "pas besoin de coupe", "skip the cut".
func refused(words []word, i int) bool {
	if negated(words, i) {
		return true
	}
	return refusedBefore(words, i)
}

// refusedBefore is refused without negated's other readings ("je garde
// la coupe" is a cut kept, not refused).
func refusedBefore(words []word, i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		w := words[j].fold
		switch w {
		case "not", "dont", "don", "didn", "doesn", "pas", "sans", "without", "except", "sauf":
			return true
		case "no":
			return j >= i-2 // "no cut", not "no, I want a cut"
		}
		if !articles[w] && !refusalFiller[w] {
			return false // "pas trop cher, une coupe": not the cut refused
		}
	}
	return false
}

// refusalFiller are the words between a negation and the thing refused:
// "I don't need a cut", "pas besoin de coupe", "je ne veux pas de barbe".
var refusalFiller = set([]string{"t", "need", "want", "wanna", "besoin", "veux", "voulais", "any", "really", "vraiment", "de", "d", "of", "plus", "get", "have",
	"mens", "men", "womens", "women", "kids", "kid", "childrens", "children", "ladies", "gents", "hair"})

// checkVerb reports whether the word at i is "check" used as a verb
// ("can u check", "check if", "let me check with my husband"), not the
// American cheque.
func checkVerb(words []word, i int) bool {
	if words[i].fold != "check" {
		return false
	}
	if i > 0 {
		switch words[i-1].fold {
		case "can", "could", "u", "you", "to", "me", "pls", "please", "plz", "just", "ll", "will", "i", "lemme", "quickly", "double":
			return true
		}
	}
	if i+1 < len(words) {
		switch words[i+1].fold {
		case "if", "whether", "my", "with", "in", "out", "availability", "again", "it", "that", "this", "when", "what", "whats", "for", "on", "the":
			return true
		}
	}
	return false
}

func negated(words []word, i int) bool {
	if i >= 2 && words[i-1].fold == "de" && words[i-2].fold == "lieu" {
		return true
	}
	if i >= 2 && words[i-1].fold == "de" && words[i-2].fold == "place" {
		return true // "à la place de Camille"
	}
	j := i - 1
	for j >= 0 && (articles[words[j].fold] || words[j].fold == "juste" || words[j].fold == "just" || words[j].fold == "only" || words[j].fold == "seulement" ||
		words[j].fold == "avec" || words[j].fold == "with" || words[j].fold == "chez") {
		j--
	}
	if j < 0 {
		return false
	}
	switch w := words[j].fold; {
	case w == "not" || w == "pas" || w == "sans" || w == "without" || w == "than" || w == "sauf" || w == "except" || w == "hormis":
		return true
	case w == "garde" || w == "garder" || w == "keep" || w == "keeping":
		return true // "je garde la couleur", "keep the blow-dry": not the one to cancel
	case w == "but" && j > 0 && (words[j-1].fold == "anyone" || words[j-1].fold == "anybody" || words[j-1].fold == "someone"):
		return true // "anyone but Hugo"
	case w == "of" && j > 0 && words[j-1].fold == "instead":
		return true
	case w == "que" && j > 0 && (words[j-1].fold == "plutot" || words[j-1].fold == "autre"):
		return true // "plutôt que Camille", "quelqu'un d'autre que Camille"
	case w == "ni" || w == "nor":
		return true // "pas Camille ni Inès"
	}
	return false
}

// monthNear reports whether words[i] is a month name next to a number.
func monthNear(words []word, i int) bool {
	if !words[i].is(setMonths) {
		return false
	}
	isNum := func(j int) bool {
		return j >= 0 && j < len(words) && words[j].fold != "" && words[j].fold[0] >= '0' && words[j].fold[0] <= '9'
	}
	return isNum(i-1) || isNum(i+1)
}

// namedDay sets the date of a day customers call by its name ("Christmas
// Eve", "le jour de l'an"): its next occurrence from today.
func (t *turn) namedDay(m *msg) bool {
	if !m.mentionsAny(setNamedDayStarts) {
		return false // the usual case, checked word by word
	}
	today := validate.DateOf(t.now)
	if m.mentionsPhrase(festivePhrases) {
		// "pendant les fêtes": Christmas Eve to New Year's Day.
		from := validate.Date{Year: today.Year, Month: time.December, Day: 24}
		if today.Month == time.January && today.Day <= 1 {
			from.Year--
		}
		m.when.Date, m.when.EndDate = from, validate.Date{Year: from.Year + 1, Month: time.January, Day: 1}
		if len(m.when.Spans) == 0 {
			m.when.Spans = []validate.Span{{Start: 0, End: 0}}
		}
		return true
	}
	var found []validate.Date
	for _, nd := range namedDays {
		if !m.mentionsPhrase(nd.phrases) {
			continue
		}
		d := validate.Date{Year: today.Year, Month: nd.month, Day: nd.day}
		if d.Before(today) {
			d.Year++
		}
		found = append(found, d)
	}
	if len(found) == 0 {
		return false
	}
	m.when.Date = found[0]
	if len(found) >= 2 && m.mentionsAny(setBetween) {
		// "entre Noël et le jour de l'an": the days from the first to the
		// second, wherever each is named.
		from, to := found[0], found[1]
		if to.Before(from) {
			from, to = to, from
		}
		days := func(d validate.Date) int64 {
			return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / 86400
		}
		if days(to)-days(from) > 183 {
			// Noël this year, le jour de l'an next year: the short way round.
			from, to = to, validate.Date{Year: from.Year + 1, Month: from.Month, Day: from.Day}
		}
		m.when.Date, m.when.EndDate = from, to
	} else if len(found) == 1 && beforeNamed(*m) && today.Before(found[0]) {
		// "avant Noël": the days from today to the eve.
		day := time.Date(found[0].Year, found[0].Month, found[0].Day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
		m.when.Date, m.when.EndDate = today, validate.DateOf(day)
		m.when.Before, m.when.After = false, false
	}
	if len(m.when.Spans) == 0 {
		m.when.Spans = []validate.Span{{Start: 0, End: 0}}
	}
	return true
}

// beforeNamed reports whether "avant" or "before" comes right before the
// named day m names ("avant Noël", "before Christmas"; not "à Noël avant
// midi").
func beforeNamed(m msg) bool {
	for _, nd := range namedDays {
		for _, p := range nd.phrases {
			first, _, _ := strings.Cut(p, " ")
			for i, w := range m.words {
				if w.fold != first || !foldsAt(m.words, i, p) {
					continue
				}
				j := i - 1
				if j >= 0 && articles[m.words[j].fold] {
					j-- // "avant le réveillon", "before the New Year"
				}
				if j >= 0 && (m.words[j].fold == "avant" || m.words[j].fold == "before") {
					return true
				}
			}
		}
	}
	return false
}

// betweenWords introduce a span of days.
var betweenWords = map[string]bool{"entre": true, "between": true}

// holidayNamed sets the date of the business's holiday the message names
// by the longest word of its name ("Ascension", "Pâques", "Pentecôte"): its
// next occurrence within a year.
func (t *turn) holidayNamed(m *msg, byKey bool) {
	if keys := m.index().keys; !keys.meets(&t.e.holidayStarts) {
		return // no word starts a holiday's name: the usual case
	}
	var named *business.Holiday
	phrases := t.e.holidayPhrases
	if !byKey {
		phrases = t.e.holidayNames // in a booking, only "lundi de Pâques": the weekday the date was read from
	}
	for i, w := range m.words {
		if h, ok := t.e.holidayKeys[w.fold]; ok && byKey {
			named = h
			break
		}
		for _, p := range phrases {
			if w.fold == p.toks[0] && matchFold(m.words, i, p.toks) {
				named = p.h
			}
		}
		if !byKey && named == nil {
			// A whole name with a weekday in it ("haircut good friday"):
			// the holiday, not this week's Friday.
			for _, p := range t.e.holidayPhrases {
				if w.fold == p.toks[0] && len(p.toks) > 1 && matchFold(m.words, i, p.toks) && slices.ContainsFunc(p.toks, func(s string) bool { return weekdayWords[s] }) &&
					!(i > 0 && (m.words[i-1].fold == "a" || m.words[i-1].fold == "happy" || m.words[i-1].fold == "une")) { // not "have a good friday"
					named = p.h
				}
			}
		}
		if named != nil {
			break
		}
	}
	if named == nil {
		return // the usual case: no date loop
	}
	today := business.DateOf(t.now)
	for d := today; d.Before(today.AddDays(366)); d = d.AddDays(1) {
		if h, ok := t.e.b.Holiday(d); ok && h == named {
			m.when.Date = validate.Date{Year: d.Year, Month: d.Month, Day: d.Day}
			m.when.Problem = validate.Problem{}
			if len(m.when.Spans) == 0 {
				m.when.Spans = []validate.Span{{Start: 0, End: 0}}
			}
			return
		}
	}
}

// holidayPhrase is the whole name of a holiday, folded into words.
type holidayPhrase struct {
	toks []string
	h    *business.Holiday
}

// holidayPhrases lists the names of the holidays that holidayKeys cannot
// key by one of their words ("Good Friday": "friday" is a weekday, "good"
// too short; "Whit Monday", though its French name has the key
// "pentecote"), so that the name, not the weekday, gives the date.
func holidayPhrases(b *business.Business) []holidayPhrase {
	keys := holidayKeys(b)
	var out []holidayPhrase
	for _, p := range holidayNames(b, false) {
		keyed := false
		for _, w := range p.toks {
			keyed = keyed || keys[w] == p.h
		}
		if !keyed {
			out = append(out, p)
		}
	}
	return out
}

// holidayNames are the whole names of the holidays of two words or more,
// without their article ("lundi de paques", "good friday"); weekdayFirst
// keeps only those starting with a weekday.
func holidayNames(b *business.Business, weekdayFirst bool) []holidayPhrase {
	var out []holidayPhrase
	for k := range b.Config.Holidays {
		h := &b.Config.Holidays[k]
		for _, name := range h.Name {
			toks := strings.Fields(validate.Fold(name))
			if len(toks) > 2 && articles[toks[0]] {
				toks = toks[1:]
			}
			if len(toks) >= 2 && (!weekdayFirst || weekdayWords[toks[0]]) {
				out = append(out, holidayPhrase{toks: toks, h: h})
			}
		}
	}
	return out
}

// holidayKeys maps the word that names a holiday in a message to it: the
// longest word of its name, when it has six letters or more and is no
// weekday or month ("ascension", "paques", "easter").
func holidayKeys(b *business.Business) map[string]*business.Holiday {
	out := map[string]*business.Holiday{}
	for k := range b.Config.Holidays {
		h := &b.Config.Holidays[k]
		for _, name := range h.Name {
			key := ""
			for _, w := range strings.Fields(validate.Fold(name)) {
				if len(w) > len(key) && !weekdayWords[w] && !monthNames[w] {
					key = w // "easter", not "monday"
				}
			}
			if len(key) >= 6 {
				out[key] = h
			}
		}
	}
	return out
}

// eitherDay reads "vendredi ou samedi", "Friday or Saturday" as the days
// from the first to the second: ParseWhen keeps only one of them.
func (t *turn) eitherDay(m *msg) {
	if m.when.Problem.Kind != validate.ProblemNone && m.when.Problem.Kind != validate.ProblemWeekdayMismatch || isSpan(m.when) {
		return
	}
	day := func(w word) bool { return w.is(setWeekdays | setRelativeDays) }
	for i := 0; i+2 < len(m.words); i++ {
		if !day(m.words[i]) {
			continue
		}
		j := i + 1 // "vendredi matin ou samedi": one word may come between
		if m.words[j].fold != "ou" && m.words[j].fold != "or" {
			j++
		}
		if j+1 >= len(m.words) || m.words[j].fold != "ou" && m.words[j].fold != "or" || !day(m.words[j+1]) {
			continue
		}
		if m.when.Problem.Kind != validate.ProblemNone && !m.words[i].is(setRelativeDays) && !m.words[j+1].is(setRelativeDays) {
			return // "Friday 18th or Saturday": the mismatch is asked about
		}
		// "vendredi 18 ou samedi 19": each weekday with its day of the month.
		a, b := m.words[i].fold, m.words[j+1].fold
		if j == i+2 && isDigits(m.words[i+1].fold) {
			a += " " + m.words[i+1].fold
		}
		if j+2 < len(m.words) && isDigits(m.words[j+2].fold) {
			b += " " + m.words[j+2].fold
		}
		da := t.parseWhen(a).Date
		db := t.parseWhen(b).Date
		if da.IsZero() || db.IsZero() || da == db {
			return
		}
		if db.Before(da) {
			da, db = db, da
		}
		if db.Before(da.AddDays(8)) {
			m.when.Date, m.when.EndDate, m.when.Problem = da, db, validate.Problem{} // "demain ou samedi" is no mismatch
			if len(m.when.Spans) == 0 {
				m.when.Spans = []validate.Span{{Start: 0, End: 0}}
			}
		}
		return
	}
}

// notThatDay keeps the day said when another is denied right after it:
// "c'était pour samedi pas vendredi", "saturday, not friday".
func (t *turn) notThatDay(m *msg) {
	if m.when.Date.IsZero() || m.when.Problem.Kind != validate.ProblemNone || isSpan(m.when) {
		return
	}
	for i := 0; i+2 < len(m.words); i++ {
		if !m.words[i].is(setWeekdays) {
			continue
		}
		j := i + 1
		if m.words[j].fold == "" {
			j++ // "samedi, pas vendredi"
		}
		if j+1 >= len(m.words) || m.words[j].fold != "pas" && m.words[j].fold != "not" || !m.words[j+1].is(setWeekdays) {
			continue
		}
		if d := t.parseWhen(m.words[i].fold).Date; !d.IsZero() {
			m.when.Date = d
			if len(m.when.Spans) == 0 {
				m.when.Spans = []validate.Span{{Start: 0, End: 0}}
			}
		}
		return
	}
}

// exceptStarts are the words that exclude what follows: "except
// saturday", "sauf le lundi", "apart from friday", "other than monday".
var exceptStarts = map[string]bool{"except": true, "sauf": true, "hormis": true, "excepte": true, "apart": true, "other": true, "anything": true}

// exceptedDays returns the weekdays words exclude, one bit per weekday.
func exceptedDays(words []word) uint8 {
	var out uint8
	for i, w := range words {
		switch w.fold {
		case "except", "sauf", "hormis", "excepte":
		case "apart", "other":
			if i+1 >= len(words) || words[i+1].fold != "from" && words[i+1].fold != "than" {
				continue
			}
		case "anything":
			if i+1 >= len(words) || words[i+1].fold != "but" {
				continue
			}
		default:
			continue
		}
		for j := i + 1; j < len(words) && j <= i+3; j++ {
			if d := dayOf(words[j].fold); d >= 0 && words[j].fold != "mon" {
				out |= 1 << d
			}
		}
	}
	return out
}

// relativeDayWords name a day relative to today.
var relativeDayWords = map[string]bool{"demain": true, "tomorrow": true, "tmrw": true, "today": true, "aujourdhui": true}

// theNextOne reads "pas ce jeudi mais le suivant", "not this friday but
// the one after" as that weekday a week later.
func (t *turn) theNextOne(m *msg) {
	if m.when.Date.IsZero() || m.when.Problem.Kind != validate.ProblemNone || isSpan(m.when) ||
		!m.mentionsPhrase(nextOnePhrases) || !m.mentionsAny(setWeekdays) {
		return
	}
	if m.when.Date.Before(validate.DateOf(t.now).AddDays(7)) {
		m.when.Date = m.when.Date.AddDays(7)
	}
}

// thumbsUp reports a yes said without words: an approving emoji alone, or
// a lone "Y".
func thumbsUp(text string, words []word) bool {
	if len(words) == 1 && words[0].fold == "y" {
		return true
	}
	if len(words) > 0 {
		return false
	}
	for _, e := range []string{"👍", "👌", "✅", "🙏", "👏", "💯"} {
		if strings.Contains(text, e) {
			return true
		}
	}
	return false
}

// inAdvance reports whether words[i] is the "avance" of "par avance",
// "d'avance" or "à l'avance".
func inAdvance(words []word, i int) bool {
	return words[i].fold == "avance" && i > 0 && (words[i-1].fold == "par" || words[i-1].fold == "d" || words[i-1].fold == "l")
}

// mentionsAny reports whether one of the message's folded words is in the
// word set s.
func (m *msg) mentionsAny(s wordSet) bool {
	return m.index().sets&s != 0
}

// asksOtherStaff reports whether m asks for another staff member without
// naming one ("changer de coiffeur", "someone else"); the phrases, one per
// trade's word, are looked for only when one of their words is there.
func (m *msg) asksOtherStaff() bool {
	return m.mentions(otherStaffWords) && m.mentionsPhrase(otherStaffPhrases)
}

// mentions reports whether one of the message's words is one of words
// (folded: lower case, no accents).
func (m *msg) mentions(words []string) bool {
	if len(m.words) == 0 {
		return false
	}
	keys := m.index().keys
	for _, s := range words {
		if !keys.has(s) {
			continue // the usual case
		}
		for _, w := range m.words {
			if w.fold == s {
				return true
			}
		}
	}
	return false
}

// splitWords splits text into words and clause punctuation, dropping
// hesitations. dateless is set when validate.ParseWhen is sure to find
// nothing in text: every word of it is dateless (see validate.Dateless;
// known words have it worked out), and it has no ':', '/' or '@'.
func (e *Engine) splitWords(text string) (words []word, dateless bool) {
	return e.splitWordsTo(make([]word, 0, wordsCap(text)), text)
}

// wordsCap is the capacity splitWords gives the words of text.
func wordsCap(text string) int { return len(text)/5 + 2 }

// splitWordsTo is splitWords appending the words to out, empty.
func (e *Engine) splitWordsTo(out []word, text string) (words []word, dateless bool) {
	dateless = true
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		raw := text[start:end]
		start = -1
		// f, raw folded, is most often one word: its entry in known,
		// looked up once, serves both here (every filler word is known)
		// and below. It is folded on the stack, and a string made only
		// for a word neither folded already nor known.
		var buf [64]byte
		folded := validate.AppendFold(buf[:0], raw)
		kf, knownF := e.match.known[string(folded)]
		var f string
		switch {
		case string(folded) == raw:
			f = raw
		case knownF:
			f = kf.fold
		default:
			f = string(folded)
		}
		// Text without digits is split where Fold splits it, so each word
		// of the text is one f (a word with a digit is never dateless).
		dateless = dateless && (f == "" || knownF && kf.dateless || !knownF && validate.Dateless(f))
		if f == "bon" && (len(out) >= 2 && out[len(out)-1].fold == "est" && out[len(out)-2].fold == "c" ||
			len(out) >= 1 && (out[len(out)-1].fold == "c" || out[len(out)-1].fold == "cest")) {
			// "c'est bon" ("c bon", "cest bon") is a yes; "bon" alone is a
			// hesitation (or a gift voucher).
			out = append(out, newWord(raw, f, "ok"))
			return
		}
		if f == "" || kf.filler && !(nameInSentence(out, raw) && out[len(out)-1].fold != "" && capitalised(out[len(out)-1].raw)) &&
			!(f == "ben" && capitalised(raw) && nextCapitalised(text[end:])) { // "Ben Stiller"
			return // "euh", "bon", "Paul, Bon je sais pas"; not the "Bon" of "Julie Bon"
		}
		// Fold leaves single spaces between words, none at the ends.
		whole := f
		for f != "" {
			part, rest, _ := strings.Cut(f, " ")
			k := kf
			if part != whole || !knownF {
				k = e.match.lookup(part)
			}
			r, can := k.respell, k.can
			if r != "" && !nameInSentence(out, raw) {
				for r != "" {
					var w string
					w, r, _ = strings.Cut(r, " ")
					out = append(out, newWord(raw, w, e.match.canon(w)))
				}
			} else if part != "" {
				if can != k.stem && (nameInSentence(out, raw) && strings.ToUpper(raw) != raw || afterNameIntro(out, !hasLetterOrDigit(text[end:]))) && !e.match.staffNames[can] {
					// A capitalised word inside a sentence is a name, not a
					// typo of a keyword ("la coupe de Paul" is no "parler");
					// not the first word of a sentence, nor a word in capitals.
					can = k.stem
				}
				w := word{raw: raw, fold: part, can: can, sets: k.sets, key: foldKey(part)}
				if can == k.can {
					w.first = k.first
				}
				out = append(out, w)
			}
			f = rest
		}
	}
	for i, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' && start < 0:
			if start < 0 {
				start = i
			}
		case r == '-' && start >= 0 && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' && isRefHead(text[start:i]):
			// "LUM-7K3F" stays one word.
		default:
			flush(i)
			if r == ':' || r == '/' || r == '@' {
				dateless = false // the date parser's punctuation
			}
			if r == ',' || r == '.' || r == '!' || r == '?' || r == ';' || r == ':' || r == '&' { // "Zoé & sa sœur": two people
				out = append(out, newWord(text[i:i+1], "", "")) // ASCII: the text's own byte, no new string
			}
		}
	}
	flush(len(text))
	for i := range out {
		if out[i].fold == "cb" && cbIsCombien(out, i) {
			out[i] = newWord(out[i].raw, "combien", e.match.canon("combien"))
		}
	}
	return out, dateless
}

// onlySocialWords reports whether every word of words is a word of the
// greetings, thanks, yes, no and goodbyes, or a stop word: "ok merci",
// "non c'est tout", not "ok et pour mon mari".
func (m *matcher) onlySocialWords(words []word) bool {
	for _, w := range words {
		if w.fold != "" && !m.social[w.can] && !m.stop[w.fold] || personWords[w.fold] {
			return false
		}
	}
	return true
}

// cbIsCombien reports whether the "cb" at words[i] is the SMS "combien"
// ("cb pour un balayage ?", "ça coûte cb ?") rather than the bank card
// ("vous acceptez la cb ?", "cb ok ?").
func cbIsCombien(words []word, i int) bool {
	prev, next := "", ""
	if i > 0 {
		prev = words[i-1].fold
	}
	if i+1 < len(words) {
		next = words[i+1].fold
	}
	switch prev {
	case "ca", "coute", "coutent", "fait", "font", "prend":
		return true // "ça coûte cb ?"
	case "", "c", "est":
		switch next {
		case "pour", "de", "le", "la", "les", "un", "une", "coute", "coutent":
			return true // "cb pour un balayage ?", "cb la couleur"
		}
	}
	return false // "la cb", "cb ?", "cb ça passe ?", "CB svp"
}

// afterNameIntro reports whether the words so far end with a name's
// introduction: "je m'appelle", "my name is" always; "c'est", "this is"
// only before the message's last word ("bonjour c'est marc" is
// no "marche", even in speech, which has no capitals; "c'est combient ?"
// is still "combien").
func afterNameIntro(out []word, last bool) bool {
	n := len(out)
	if n == 0 {
		return false
	}
	prev := ""
	if n >= 2 {
		prev = out[n-2].fold
	}
	switch out[n-1].fold {
	case "appelle", "mappelle":
		return true
	case "is":
		return prev == "name" || last && (prev == "this" || prev == "it")
	case "cest", "im":
		return last
	case "est":
		return last && (prev == "c" || prev == "ce")
	}
	return false
}

// nextCapitalised reports whether the next word of rest starts with a
// capital letter.
func nextCapitalised(rest string) bool {
	for _, r := range rest {
		switch {
		case unicode.IsSpace(r):
			continue
		case unicode.IsUpper(r):
			return true
		}
		return false
	}
	return false
}

// nameInSentence reports whether raw, coming after the words out, is
// capitalised inside a sentence: a name, neither corrected nor split.
func nameInSentence(out []word, raw string) bool {
	return len(out) > 0 && capitalised(raw) && !strings.Contains(".!?", out[len(out)-1].raw)
}

func isRefHead(s string) bool {
	if len(s) < 2 || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// parseWhen reads the dates and times of text with the business's
// conventions.
func (t *turn) parseWhen(text string) validate.When {
	return validate.ParseWhenWith(text, t.now, t.loc, t.e.when)
}

// understand reads a message.
func (t *turn) understand(text string) (m msg) {
	e := t.e
	// m is built in place (no msg literal): a literal of this size is
	// built apart, then copied.
	m.text, m.svc, m.svc2, m.staff, m.faq, m.faq2 = text, -1, -1, -1, -1, -1
	var words []word
	var dateless bool
	if n := wordsCap(text); t.words == nil && n <= len(wordBuf{}) {
		// The turn's first message (most turns understand one): its words
		// go to a buffer of wordBufs, with the capacity splitWords gives
		// them (so appends share the array, or not, as they would). No
		// other message of the turn takes the buffer: its words live as
		// long as the turn.
		t.words = wordBufs.Get().(*wordBuf)
		words, dateless = e.splitWordsTo(t.words[:0:n], text)
	} else {
		words, dateless = e.splitWords(text)
	}
	m.words = words
	m.idx = indexOf(m.words)
	if thumbsUp(text, m.words) {
		m.in |= inYes // "👍", "Y"
	}
	// Phrases.
	var scoreBuf, firstBuf [32]int
	var lastBuf [32]int
	faqScore, faqFirst, faqLast := scoreBuf[:0], firstBuf[:0], lastBuf[:0]
	if n := len(e.b.Config.FAQ); n <= len(scoreBuf) {
		faqScore, faqFirst, faqLast = scoreBuf[:n], firstBuf[:n], lastBuf[:n]
	} else {
		faqScore, faqFirst, faqLast = make([]int, n), make([]int, n), make([]int, n)
	}
	socialEnd := 0 // the end of the last "ça marche", "bonne journée"…: its words are no keywords
	for i := 0; i < len(m.words); i++ {
		cands := e.match.startingWith(&m.words[i])
		for ci := range cands {
			p := &cands[ci]
			if !e.match.restAt(m.words, i, p) {
				continue
			}
			id, n := int(p.id), int(p.n) // the phrase's id and number of stems
			switch p.tag {
			case tagIntent:
				if intent(1)<<id == inMove && inAdvance(m.words, i) {
					continue // "merci par avance": not "avancer"
				}
				if intent(1)<<id == inHaircut && refusedBefore(m.words, i) {
					continue // "I don't need a cut, just a blow dry"
				}
				m.in |= 1 << id
				if intent(1)<<id&(inYes|inThanks|inBye|inGreet) != 0 && n > 1 {
					socialEnd = max(socialEnd, i+n)
				}
			case tagService:
				if refused(m.words, i) {
					continue // "not the beard", "pas la barbe"
				}
				switch {
				case n > m.svcLen && (m.svc < 0 || m.svcAt+m.svcLen > i):
					// The first service named, or a longer name overlapping it.
					m.svc, m.svcLen, m.svcAt = id, n, i
				case id != m.svc && i >= m.svcAt+m.svcLen && (m.svc2 < 0 || m.svc2At == i && n > m.svc2Len):
					// Another one after it: "une coupe homme et une barbe".
					m.svc2, m.svc2Len, m.svc2At = id, n, i
				case m.svc2 >= 0 && id != m.svc && id != m.svc2 && i >= m.svc2At+m.svc2Len && id < 64:
					m.svcMore |= 1 << id // a third one, for totals
				}
			case tagStaff:
				if negated(m.words, i) {
					if id < 64 {
						m.avoid |= 1 << id // "pas avec Camille", "instead of Camille"
					}
					continue
				}
				m.staff = id
			case tagFAQ:
				if n == 1 && checkVerb(m.words, i) {
					continue // "can you check if I'm booked?": not a cheque
				}
				if monthNear(m.words, i) {
					continue // "3 March 2027": not the "marche" (step) of a question
				}
				if n == 1 && i < socialEnd {
					continue // "ça marche" is a yes, not the "marche" (step) of a question
				}
				if faqScore[id] == 0 {
					faqFirst[id] = i
				}
				faqLast[id] = i
				faqScore[id] += n
			}
		}
	}
	if m.svc2 >= 0 && m.svcAt+m.svcLen <= m.svc2At && corrects(m.words[m.svcAt+m.svcLen:m.svc2At]) {
		// "une couleur, ah non un balayage": the second replaces the first.
		m.svc, m.svcLen, m.svcAt = m.svc2, m.svc2Len, m.svc2At
		m.svc2 = -1
	}
	if m.svc >= 0 && m.svc2 < 0 && !t.e.match.haircut[m.svc] && m.has(inHaircut) && !ownPossessive(m.words) && !m.mentionsPhrase(rightAfterPhrases) {
		// "coupe + barbe": the one cut done by the beard's staff (the men's
		// cut), then the beard.
		if cut := t.cutWith(m.svc); cut >= 0 {
			if at := haircutAt(m.words); at > m.svcAt && !t.forSomeone(&m) {
				// "couleur + coupe", "a colour and a cut": in that order.
				m.svc2, m.svc2Len, m.svc2At = cut, 1, at
			} else {
				m.svc2, m.svc2Len, m.svc2At = m.svc, m.svcLen, m.svcAt
				m.svc = cut
			}
		}
	}
	// The best score; among equals, the entry named first in the message
	// ("gift cards": the gift vouchers, not the payment by card), then the
	// first of the file.
	best := 0
	for id, sc := range faqScore {
		if sc > best || sc == best && sc > 0 && faqFirst[id] < faqFirst[m.faq] {
			m.faq, best = id, sc
		}
	}
	// A second question in the same message ("wifi and can I pay by
	// card?"): the next entry matched in another clause of it, by any of
	// its words ("gift cards? and do you take amex": the payment's "amex",
	// not its "cards").
	if m.faq >= 0 {
		for id, sc := range faqScore {
			if sc > 0 && id != m.faq && !clauses(m.words, faqFirst[id], faqFirst[m.faq]) && clauses(m.words, faqLast[id], faqFirst[m.faq]) {
				faqFirst[id] = faqLast[id]
			}
		}
	}
	for id, sc := range faqScore {
		if sc == 0 || id == m.faq || !clauses(m.words, faqFirst[id], faqFirst[m.faq]) {
			continue
		}
		if m.faq2 < 0 || sc > faqScore[m.faq2] || sc == faqScore[m.faq2] && faqFirst[id] < faqFirst[m.faq2] {
			m.faq2 = id
		}
	}
	if m.faq2 >= 0 && faqFirst[m.faq2] < faqFirst[m.faq] {
		m.faq, m.faq2 = m.faq2, m.faq // answered in the order asked
	}
	if m.faq2 >= 0 {
		// "le wifi ? la cb ? des bons cadeaux ?": every question asked in
		// a clause of its own is answered.
		for id, sc := range faqScore {
			if sc > 0 && id < 64 && id != m.faq && id != m.faq2 &&
				clauses(m.words, faqFirst[id], faqFirst[m.faq]) && clauses(m.words, faqFirst[id], faqFirst[m.faq2]) {
				m.faqMore |= 1 << id
			}
		}
	}
	if m.faq >= 0 {
		m.faqAt = faqFirst[m.faq]
	}
	if m.svc >= 0 && m.svc2 >= 0 && m.mentions(includeWords) {
		// "is the blow dry included in the women's cut?", "la coupe femme
		// comprend le brushing ?": the one whose description names the
		// other, with it.
		for _, pair := range [][2]int{{m.svc, m.svc2}, {m.svc2, m.svc}} {
			if t.describes(pair[0], pair[1]) {
				m.svc, m.svc2, m.svcMore, m.included = pair[0], -1, 0, true
				m.in = m.in&^(inBook|inWant) | inPrice
				break
			}
		}
	}
	if m.faq >= 0 && m.mentionsAny(setDeposit) && !t.faqKeyedBy(m.faq, depositWords) {
		// "do I need to pay a deposit?": not the payment methods the word
		// "pay" found; a business whose questions say nothing of deposits
		// has no answer to give.
		m.faq, m.faq2, m.faqMore = -1, -1, 0
	}
	if m.faq < 0 && m.svc < 0 && m.in == 0 && t.about != "" && m.mentions(ageQuestionWords) && isAsking(&m) {
		// "c'est jusqu'à quel âge ?" after the children's cut's price: the
		// age limit of the service just talked about, with its price.
		if i := t.serviceIndex(t.about); i >= 0 && t.e.b.Config.Services[i].UnderAge > 0 {
			m.svc, m.svcLen, m.in = i, 0, m.in|inPrice
		}
	}
	if m.faq < 0 && m.mentionsAny(setEmail) && (isAsking(&m) || len(m.words) <= 4) {
		// "what's your email address?", "adresse mail ?" in a business
		// whose questions have no e-mail entry: the contact details (its
		// email key), not the street address.
		m.in = m.in&^inAddress | inContact
	}
	// Language.
	en, fr, first := 0, 0, ""
	for _, w := range m.words {
		isEN, isFR := w.is(setEnglish), w.is(setFrench)
		if isEN {
			en++
		}
		if isFR {
			fr++
		}
		if first == "" && isEN != isFR {
			first = "fr"
			if isEN {
				first = "en"
			}
		}
	}
	switch {
	case en > fr:
		m.lang, m.langMargin = "en", en-fr
	case fr > en:
		m.lang, m.langMargin = "fr", fr-en
	case en > 0:
		m.lang = first // a tie: "Hello, can I make a rendez-vous for a coupe homme on samedi?"
	}
	if m.svc < 0 && (t.st.Ask == askService || m.has(inHaircut)) {
		// "enfant" after "quelle coupe ?", or "a men's haircut".
		m.svc = t.partialService(m.words)
		if m.svc < 0 {
			m.svc = t.cutFor(m) // "une coupe pour mon fils"
			m.svcOfPerson = m.svc >= 0
		}
	}
	// "tél 06-11-22-33-44" is no date, "LUM-2F7H" no 7 pm. A text whose
	// words are all dateless, unmasked, holds none: its When is the zero
	// one m has. Nor has it a digit (no dateless word has one), so no
	// phone number to mask or find.
	masked := text
	if !dateless {
		masked = maskPhones(text)
	}
	if masked = t.maskRefs(masked); !dateless || masked != text {
		m.when = t.parseWhen(masked)
	}
	if m.when.HasTime {
		// "jeudi 14h sinon 15h", "thursday 2pm or else 3": the first wish;
		// the fallback only if it is taken.
		low := strings.ToLower(text)
		for _, sep := range []string{" sinon ", " ou sinon ", " otherwise ", " or else ", ", else "} {
			if i := strings.Index(low, sep); i > 0 {
				if first := t.parseWhen(t.maskRefs(maskPhones(text[:i]))); first.HasTime && first.Problem.Kind == validate.ProblemNone {
					m.when = first
				}
				break
			}
		}
	}
	t.untilDay(&m, text)
	if m.has(inList) && m.has(inHours|inOpenQ|inClosed) && !m.has(inMine) && !m.mentionsPhrase(recallNouns) && !m.mentions(possessiveWords) {
		m.in &^= inList // "what time is it open until on Friday?", "c'est quand vos congés ?": the business's, not the customer's bookings
	}
	if m.svc < 0 && (m.has(inBook|inWant) || m.when.Found()) && !m.has(inCancel|inMove|inList|inStaffQ) && !isAsking(&m) {
		// "beard sat 10am" for a "beard trim": a service named by a word of
		// five letters or more only its name has (not "trim", "check", a
		// person: "ma femme voudrait venir samedi").
		if p := t.partialService(m.words); p >= 0 && t.namedByLongWord(m.words, p) {
			m.svc = p
		}
	}
	if !m.when.Found() && (t.st.Flow != "" || m.has(inMove)) && !m.mentions(countOrAgeWords) {
		// "move the beard trim to 12", "can we make it 11 instead?": an
		// hour said as a bare number, read as "at 12", "at 11" (not a
		// day, a count or an age: "le 18 plutôt", "book 2 instead", "11
		// ans plutôt").
		if n := bareHour(m.words, m.has(inMove)); n != "" {
			if w := t.parseWhen("at " + n); w.HasTime {
				if i := strings.Index(text, n); i >= 0 {
					m.when.HasTime, m.when.Time, m.when.AssumedPM = true, w.Time, w.AssumedPM
					m.when.Spans = append(m.when.Spans, validate.Span{Start: i, End: i + len(n)})
				}
			}
		}
	}
	named := false
	if m.when.Date.IsZero() && m.when.Problem.Kind == validate.ProblemNone && (!m.has(inClosed) || m.mentionsPhrase(festivePhrases)) &&
		!(t.st.Ask == askName && allCapitalised(m.words)) {
		named = t.namedDay(&m) // "Christmas Eve", "la Saint-Sylvestre"; not "les vacances de Noël"
	}
	if m.mentionsAny(setExceptStarts) {
		m.avoidDays = exceptedDays(m.words)
		if d := m.when.Date; !d.IsZero() && m.when.EndDate.IsZero() && m.avoidDays&(1<<d.Weekday()) != 0 {
			m.when = validate.When{} // "any day except saturday": no day said
		}
	}
	t.eitherDay(&m)  // "vendredi ou samedi"
	t.notThatDay(&m) // "samedi, pas vendredi"
	t.theNextOne(&m) // "pas ce jeudi mais le suivant"
	if hours := m.has(inHours|inOpenQ) || isHoursTopic(t.st.Topic); !named && (hours || !m.when.Date.IsZero()) && !m.has(inClosed|inAddress) && !isSpan(m.when) {
		// "et le jeudi de l'Ascension ?", "un brushing le lundi de Pâques":
		// the holiday, not the next Thursday; in a booking only by its
		// whole name ("vendredi après le travail" is no Labour Day).
		t.holidayNamed(&m, hours)
	}
	if !dateless {
		m.phone, m.phoneBad = t.findPhone(text)
	}
	m.name = fixHyphens(text, t.findName(m.words))
	m.ref = t.findRef(m.words)
	if m.ref != "" && m.name != "" && validate.Fold(m.name) == t.e.match.refPrefix {
		m.name = "" // "c'est LUM-AB23": a reference, not Mr Lum
	}
	if m.staff < 0 && m.avoid == 0 {
		m.unknownStaff = t.unknownStaff(m.words)
	}
	if m.svc >= 0 && (t.e.b.Config.Services[m.svc].UnderAge > 0 || t.e.match.haircut[m.svc] && m.mentions(childWords)) {
		m.age = statedAge(m.words) // "coupe enfant… 13 ans", "ma fille de 8 ans… une coupe"
	} else if m.svc < 0 && m.has(inHaircut) && m.mentions(childWords) {
		// "my son's 8, can he get a haircut": the children's cut when he
		// is young enough for it.
		if age := statedAge(m.words); age > 0 {
			for i := range t.e.b.Config.Services {
				if s := &t.e.b.Config.Services[i]; t.e.match.haircut[i] && s.UnderAge > age {
					m.svc, m.age = i, age
					break
				}
			}
		}
	}
	for i, w := range m.words {
		if !w.is(setOrdinalNames) {
			continue // the usual case, a bit test
		}
		if n, ok := ordinals[w.fold]; ok {
			if i > 0 && indefinite[m.words[i-1].fold] {
				continue // "un second rendez-vous", "a second one": not a choice
			}
			m.choice = n
		}
	}
	if m.choice == 0 {
		// "2", "2.", "le 2": a short message ending in one digit. Punctuation
		// comes as words with no fold.
		var first, last string
		n := 0
		for _, w := range m.words {
			if w.fold != "" {
				if n == 0 {
					first = w.fold
				}
				last = w.fold
				n++
			}
		}
		// (not "around 2", "vers 2", "at 2": a time)
		if n >= 1 && n <= 2 && len(last) == 1 && last[0] >= '1' && last[0] <= '9' && !(n == 2 && timePrepositions[first]) {
			m.choice = int(last[0] - '0')
		}
	}
	if m.svc < 0 && m.mentionsAny(setStaffCount) && m.mentionsPhrase(staffCountPhrases) { // the phrases only when they may be there
		m.in = m.in&^inPrice | inStaffQ // "vous êtes combien de coiffeurs ?", "how many dentists are there?"
	}
	if m.has(inStop) && m.has(inMove|inCancel) && m.mentions([]string{"garde", "gardez", "garder", "keep"}) {
		// "je garde la barbe, déplacez la coupe": one kept, the other
		// moved; no "never mind".
		m.in &^= inStop
	}
	if m.has(inYes) && strings.HasSuffix(strings.TrimSpace(text), "?") && isQuestion(&m) && !m.mentions(plainYesWords) {
		// "c'est où exactement ?", "exactly where is it?": a question,
		// not a yes to the recap.
		m.in &^= inYes
	}
	if m.has(inCancel|inMove) && !m.has(inPolicy|inMine) && m.ref == "" && !m.when.Found() && strings.HasSuffix(strings.TrimSpace(text), "?") && m.mentionsPhrase(howToCancelPhrases) {
		// "et pour annuler ?", "what if I need to cancel?": how it is
		// done, not a cancellation.
		m.in |= inPolicy
	}
	if (t.st.Flow == "" || t.st.Flow == flowMove) && !m.has(inCancel|inList) {
		if newSvc, oldSvc, ok := t.swapRequest(&m); ok {
			// "finalement un balayage au lieu de la couleur", "can I change
			// it to a blow dry instead?": the booking moved to the other
			// service, at its time.
			m.swap, m.svc, m.svc2 = t.e.b.Config.Services[newSvc].ID, oldSvc, -1
			m.in = m.in&^(inBook|inWant|inServices|inPrice|inDuration) | inMove | inMine
		}
	}
	if n := len(m.words); (n == 1 || n == 2 && m.words[1].fold == "") && m.words[0].fold == "ta" {
		m.in |= inThanks // "ta": British thanks, said alone
	}
	if m.has(inMove) && !m.has(inMine) && (m.mentionsPhrase(haveBookingPhrases) || m.mentionsPhrase(bookedPhrases)) {
		// "I booked a cut for Saturday but I'd like to change it to Inès",
		// "j'ai réservé une couleur jeudi, je voudrais la décaler": that
		// booking.
		m.in = m.in&^(inBook|inWant) | inMine
	}
	if m.has(inCancel) && m.mentionsPhrase(rebookPhrases) {
		// "annuler mon rendez-vous de samedi et en prendre un autre pour
		// mardi": a move.
		m.in = m.in&^(inCancel|inBook|inWant) | inMove | inMine
	}
	if (t.st.Ask == askPick || t.st.Ask == askWhen) && !m.when.Found() && len(m.words) >= 1 && len(m.words) <= 2 && (len(m.words) == 1 || m.words[1].fold == "") {
		// "morning" alone when a time is asked: the morning, no greeting.
		if part, ok := map[string]validate.Part{"morning": validate.PartMorning, "afternoon": validate.PartAfternoon, "evening": validate.PartEvening}[m.words[0].fold]; ok {
			m.when = validate.When{Part: part, Spans: []validate.Span{{}}}
			m.in &^= inGreet
		}
	}
	if t.st.Flow == "" && t.checksOwnBooking(&m, text) {
		// "c'est à 10h ou 10h30 déjà ?", "c'est bien mercredi ?", "what
		// time was it again?" after booking: the booking the customer
		// has, not a new one at that time.
		m.in = m.in&^(inBook|inWant|inStaffQ|inYes|inOther) | inList | inMine
	}
	if asksIfConfirmed(&m) {
		// "est-ce que mon rendez-vous est confirmé ?": a question about
		// the booking, not a yes.
		m.in = m.in&^inYes | inList | inMine
		m.asksConfirmed = true
	}
	if m.svc >= 0 && !t.bySentence && m.has(inWant|inBook) && strings.ContainsAny(strings.TrimRight(text, ".!? "), ".!?") {
		// "My sister had a colour with Camille last month. I'd like
		// highlights on Saturday": the service of the sentence that asks.
		t.bySentence = true
		var asked []int   // the services of the sentences that ask
		lastAsks := false // the last sentence naming a service asks for it
		for rest := text; rest != ""; {
			i := strings.IndexAny(rest, ".!?")
			sentence := rest
			if i >= 0 {
				sentence, rest = rest[:i], rest[i+1:]
			} else {
				rest = ""
			}
			sm := t.understand(sentence)
			if sm.svc >= 0 {
				lastAsks = sm.has(inWant | inBook)
			}
			if sm.svc >= 0 && sm.has(inWant|inBook) {
				for _, svc := range []int{sm.svc, sm.svc2} {
					if svc >= 0 && !slices.Contains(asked, svc) {
						asked = append(asked, svc)
					}
				}
			}
		}
		// Only a service mentioned before the request counts as context:
		// "I'd like a blow dry. Actually no, make it a women's cut" is a
		// correction.
		if len(asked) > 0 && lastAsks && !slices.Contains(asked, m.svc) {
			// m.svc was only mentioned: the services asked for instead.
			m.svc, m.svc2 = asked[0], -1
			if len(asked) > 1 {
				m.svc2 = asked[1]
			}
		}
		t.bySentence = false
	}
	if m.has(inStop) && m.mentionsPhrase(forgotPhrases) && !m.mentionsPhrase([]string{"laisse tomber", "laissez tomber", "forget it", "never mind"}) {
		m.in &^= inStop // "j'ai oublié, ma fille aussi…": something to add, not to drop
	}
	return m
}

// forgotPhrases add something forgotten: "j'ai oublié", "I forgot".
var forgotPhrases = []string{"j ai oublie", "jai oublie", "j avais oublie", "javais oublie", "i forgot", "forgot to say", "forgot to mention"}

// unknownStaff returns the capitalised name after "avec" / "with" that
// the engine does not know ("un brushing avec Sarah"), or "".
func (t *turn) unknownStaff(words []word) string {
	for i := 0; i+1 < len(words); i++ {
		if f := words[i].fold; f != "avec" && f != "with" {
			continue
		}
		w := words[i+1]
		if len(w.fold) < 3 || !isAlpha(w.raw) || !capitalised(w.raw) || t.e.match.vocab[w.can] || t.e.match.stop[w.fold] ||
			weekdayWords[w.fold] || monthNames[w.fold] || notNames[w.fold] || titles[w.fold] {
			continue // "avec frange": a name is written with its capital
		}
		return title(w.raw)
	}
	return ""
}

// statedAge reads an age: "13 ans", "13 years old", "15 year old", "15yo";
// 0 when the message states none.
func statedAge(words []word) int {
	for i := 0; i < len(words); i++ {
		if !isDigits(words[i].fold) {
			continue // the usual case; strconv.Atoi would allocate its error
		}
		n, err := strconv.Atoi(words[i].fold)
		if err != nil || n < 1 || n > 120 {
			continue
		}
		if i+1 < len(words) {
			switch words[i+1].fold {
			case "ans", "an", "yo", "years", "year":
				return n
			case "mois", "months", "month", "semaines", "weeks", "mo":
				return max(1, n/12) // "she's 18 months": a year old
			}
		}
		if i >= 2 && words[i-1].fold == "is" && (slices.Contains(childWords, words[i-2].fold) || words[i-2].fold == "he" || words[i-2].fold == "she") {
			return n // "my son is 12"
		}
		if i >= 1 && (words[i-1].fold == "aged" || words[i-1].fold == "age" || words[i-1].fold == "hes" || words[i-1].fold == "shes") ||
			i >= 2 && (words[i-1].fold == "s" && (words[i-2].fold == "she" || words[i-2].fold == "he") ||
				words[i-1].fold == "a" && (words[i-2].fold == "elle" || words[i-2].fold == "il")) {
			return n // "she's 14", "elle a 14", "aged 14"
		}
		if n <= 20 {
			j := i - 1
			for j >= 0 && words[j].fold == "" {
				j-- // "my daughter (14)", "my son, 9,"
			}
			if j >= 0 && slices.Contains(childWords, words[j].fold) {
				return n
			}
		}
	}
	for _, w := range words {
		if n, ok := strings.CutSuffix(w.fold, "yo"); ok && isDigits(n) {
			if a, err := strconv.Atoi(n); err == nil && a >= 1 && a <= 120 {
				return a
			}
		}
	}
	return 0
}

// forWhomTokens are forOtherPhrases that name someone else ("pour mon
// fils"), split into words.
var forWhomTokens = func() [][]string {
	var out [][]string
	for _, p := range forOtherPhrases {
		toks := strings.Fields(p)
		if last := toks[len(toks)-1]; last == "moi" || last == "aussi" || last == "me" || last == "myself" ||
			last == "elle" || last == "lui" || last == "her" || last == "him" {
			continue
		}
		out = append(out, toks)
	}
	return out
}()

// namesSomeoneElse reports whether words name a person other than the
// customer a booking is for ("pour mon fils", "for my boyfriend", "ma
// copine").
func namesSomeoneElse(words []word) bool {
	for i := range words {
		for _, toks := range forWhomTokens {
			if words[i].fold == toks[0] && matchFold(words, i, toks) {
				return true
			}
		}
		if i > 0 && (words[i-1].fold == "ma" || words[i-1].fold == "mon" || words[i-1].fold == "my") && personWords[words[i].fold] {
			return true
		}
	}
	return false
}

// namedFor reads, in answer to the name question, the name of the person
// the booking is for: "c'est pour mon fils Lucas", "for my daughter Emma".
func (t *turn) namedFor(m msg) string {
	for i := range m.words {
		for _, toks := range forWhomTokens {
			if m.words[i].fold == toks[0] && matchFold(m.words, i, toks) {
				if n := t.nameAt(m.words, i+len(toks), true); n != "" && t.plausibleName(n) {
					return n
				}
			}
		}
		if f := m.words[i].fold; (f == "for" || f == "pour") && i+2 < len(m.words) {
			// "a blow dry for Anne Baker", "un brushing pour Julie Martin": a
			// first and last name, capitalised, neither a word the engine
			// knows nor a stylist, a day or a holiday ("for Boxing Day",
			// "for Brad Pitt's premiere", "for Mum" are no one's booking).
			first, last := m.words[i+1], m.words[i+2]
			known := func(w word) bool {
				return !capitalised(w.raw) || t.isStaffName(w.fold) || t.e.match.exact[w.fold] || t.e.match.stop[w.fold] ||
					t.e.holidayKeys[w.fold] != nil || monthNames[w.fold] || weekdayWords[w.fold] || familyWords[w.fold] || len(w.fold) < 2
			}
			if !known(first) && !known(last) && (i+3 >= len(m.words) || m.words[i+3].fold != "s") {
				if n := t.nameAt(m.words, i+1, true); n != "" && strings.Contains(n, " ") && t.plausibleName(n) {
					return n
				}
			}
		}
	}
	return ""
}

// familyWords call a relative, not by name: "for Mum", "pour Maman".
var familyWords = map[string]bool{"mum": true, "mom": true, "mummy": true, "mommy": true, "dad": true, "daddy": true, "grandma": true,
	"grandpa": true, "nan": true, "nana": true, "granny": true, "maman": true, "papa": true, "mamie": true, "papi": true, "papy": true}

// nameParts returns the ways a staff member's name of several words is
// said: "Dr Karim Benali" is also "Karim", "Benali", "Karim Benali" and
// "Dr Benali". A one-word name has none.
func nameParts(name string) []string {
	f := strings.Fields(name)
	var title string
	if len(f) > 1 && titles[validate.Fold(strings.TrimSuffix(f[0], "."))] {
		title, f = f[0], f[1:]
	}
	if len(f) < 2 && title == "" {
		return nil
	}
	var out []string
	if len(f) >= 2 {
		out = append(out, strings.Join(f, " "))
	}
	for _, p := range f {
		if len([]rune(p)) >= 3 {
			out = append(out, p)
		}
	}
	if title != "" {
		out = append(out, title+" "+f[len(f)-1])
	}
	return out
}

// titles come before a name: "avec Mme Martin" names no staff member.
var titles = map[string]bool{"mme": true, "mlle": true, "mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "docteur": true, "doctor": true, "madame": true, "monsieur": true, "mademoiselle": true}

// asksIfConfirmed reports whether a message asks whether something is
// confirmed ("est-ce que c'est confirmé ?", "is my booking confirmed?")
// rather than confirming: "confirmé" after "est" or "is", in a question,
// with no other yes ("oui c'est confirmé ?" stays a yes).
func asksIfConfirmed(m *msg) bool {
	if !m.mentionsAny(setConfirmed) {
		return false // the usual case: nothing said confirmed
	}
	confirmed := false
	for i, w := range m.words {
		if w.is(setConfirmed) {
			if i > 0 {
				switch m.words[i-1].fold {
				case "est", "bien", "is", "been", "it", "booking", "appointment", "rdv", "vous":
					confirmed = true
				}
			}
			continue
		}
		switch w.fold {
		case "oui", "ouais", "ok", "okay", "yes", "yeah", "parfait", "super":
			return false
		}
	}
	return confirmed && (strings.HasSuffix(strings.TrimSpace(m.text), "?") || m.mentionsPhrase(confirmedQPhrases))
}

// confirmedWords say a booking is made: "confirmé", "noted", "booked".
var confirmedWords = []string{"confirme", "confirmee", "confirmed", "note", "notee", "noted", "enregistre", "enregistree", "booked", "reserve", "reservee"}

// confirmedQPhrases open a question whose answer is yes or no.
var confirmedQPhrases = []string{"est ce que", "est il", "est elle", "is it", "is my", "is the", "has it", "have you", "did you"}

// restAt reports whether words from i on read the phrase c, whose first
// stem is words[i]'s canonical form (see startingWith).
func (m *matcher) restAt(words []word, i int, c *phraseCand) bool {
	if i+int(c.n) > len(words) {
		return false
	}
	for j, tk := range m.rest(c) {
		if words[i+1+j].can != tk {
			return false
		}
	}
	return true
}

func matchAt(words []word, i int, toks []string) bool {
	if i+len(toks) > len(words) {
		return false
	}
	for j, tk := range toks {
		if words[i+j].can != tk {
			return false
		}
	}
	return true
}

// partialService reads a service named by its distinctive word only
// ("enfant" after "quelle coupe ?").
func (t *turn) partialService(words []word) int {
	found := -1
	for i, stems := range t.e.match.distinct {
		for _, c := range stems {
			for j, mw := range words {
				if (mw.can == c || mw.can == "mens" && c == "men") && !negated(words, j) { // "mens", as "womens" stems to "women"
					if found >= 0 && found != i {
						return -1
					}
					found = i
				}
			}
		}
	}
	return found
}

// namedByLongWord reports whether a word of the message naming service svc
// alone (partialService) is one of five letters or more and no person.
func (t *turn) namedByLongWord(words []word, svc int) bool {
	for _, c := range t.e.match.distinct[svc] {
		for j, w := range words {
			if w.can == c && len(w.fold) >= 5 && !personWords[w.fold] && !genderWords[w.fold] && !negated(words, j) {
				return true
			}
		}
	}
	return false
}

// genderWords qualify a service by whom it is for: "femme", "men's".
var genderWords = map[string]bool{"femme": true, "femmes": true, "homme": true, "hommes": true, "enfant": true, "enfants": true,
	"women": true, "womens": true, "woman": true, "mens": true, "child": true, "children": true, "kids": true, "ladies": true}

// findRef finds a booking reference ("LUM-7K3F", "lum 7k3f").
func (t *turn) findRef(words []word) string {
	prefix := t.e.match.refPrefix
	for i, w := range words {
		if f, ok := strings.CutPrefix(w.fold, prefix); ok && len(f) == refLen && w.raw != "" && strings.Contains(w.raw, "-") {
			return strings.ToUpper(t.e.b.Config.ReferencePrefix + "-" + f)
		}
		if w.fold == prefix && i+1 < len(words) && len(words[i+1].fold) == refLen {
			return strings.ToUpper(t.e.b.Config.ReferencePrefix + "-" + words[i+1].fold)
		}
		if ref := t.spelledRefAt(words, i); ref != "" {
			return ref // "L U M dash G R X Y", "lum tiret a d six trois"
		}
	}
	return ""
}

// findName finds a name introduced by "je suis", "je m'appelle", "my name
// is"… Capitalised words only, unless the last reply asked for the name.
func (t *turn) findName(words []word) string {
	asked := t.st.Ask == askName
	for i := range words {
		if !words[i].is(setNameIntroStarts) {
			continue // the usual case, a bit test
		}
		for _, intro := range nameIntroByFirst[words[i].fold] {
			if !matchFold(words, i, intro) {
				continue
			}
			if n := t.nameAt(words, i+len(intro), !asked); n != "" {
				return n
			}
		}
	}
	return t.trailingName(words)
}

// trailingName reads a first and last name ending the message after a
// comma: "une coupe homme jeudi à 10h, Paul Martin". Two or three
// capitalised words, none of them a word the engine knows as is ("Martin"
// is one typo from "matin" and still a name).
func (t *turn) trailingName(words []word) string {
	end := len(words)
	for end > 0 && words[end-1].fold == "" && words[end-1].raw != "," {
		end-- // a final "." or "!"
	}
	start := end
	for start > 0 && end-start < 3 {
		w := words[start-1]
		if w.fold == "" || !isAlpha(w.raw) || !capitalised(w.raw) || t.e.match.vocab[stem(w.fold)] || t.e.match.stop[w.fold] {
			break
		}
		start--
	}
	if end-start < 2 || start == 0 || words[start-1].raw != "," {
		return ""
	}
	parts := make([]string, 0, end-start)
	for _, w := range words[start:end] {
		parts = append(parts, title(w.raw))
	}
	return strings.Join(parts, " ")
}

func matchFold(words []word, i int, toks []string) bool {
	if i+len(toks) > len(words) {
		return false
	}
	for j, tk := range toks {
		if words[i+j].fold != tk {
			return false
		}
	}
	return true
}

// nameAt reads up to three name words from words[i:].
func (t *turn) nameAt(words []word, i int, needCapital bool) string {
	for i < len(words) && words[i].fold == "" && (words[i].raw == ":" || words[i].raw == ",") {
		i++ // "nom : Paul Lefèvre"
	}
	var parts []string
	for ; i < len(words) && len(parts) < 4; i++ {
		w := words[i]
		if w.fold == "" || !isAlpha(w.raw) || t.e.match.vocab[w.can] && !capitalised(w.raw) ||
			t.e.match.stop[w.fold] && !(len(parts) > 0 && capitalised(w.raw) && monthNames[w.fold]) { // "Christian Mars"
			break
		}
		if needCapital && !capitalised(w.raw) {
			break
		}
		parts = append(parts, title(w.raw))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " ")
}

// correctedName reads the name a customer answers to a recap: one
// introduced ("c'est Paul Martin", "au nom de marie dupont") or a message
// that is only a first and last name, after an optional "non" ("Paul
// Martin", "non, Paul Martin"). It returns "" when the message is no name.
func (t *turn) correctedName(m msg) string {
	if m.name != "" {
		return m.name
	}
	if m.svc >= 0 || m.when.Found() || m.phone != "" || m.in&^(inNo|inYes) != 0 {
		return ""
	}
	for i := range m.words {
		for _, intro := range strongNameIntro {
			if matchFold(m.words, i, intro) {
				// After such words even a known word is a name ("marie"
				// is one typo from "mardi").
				var parts []string
				for _, w := range m.words[i+len(intro):] {
					if w.fold == "" || !isAlpha(w.raw) || t.e.match.stop[w.fold] || len(parts) == 3 {
						break
					}
					parts = append(parts, title(w.raw))
				}
				if len(parts) > 0 {
					return fixHyphens(m.text, strings.Join(parts, " "))
				}
			}
		}
	}
	if m.in&^inNo != 0 {
		return ""
	}
	var parts []string
	for _, w := range m.words {
		switch {
		case w.fold == "":
			continue // punctuation
		case len(parts) == 0 && (w.fold == "non" || w.fold == "no"):
			continue
		case !isAlpha(w.raw) || t.e.match.stop[w.fold] || len([]rune(w.fold)) < 2 ||
			t.e.match.vocab[w.can] && !capitalised(w.raw):
			return ""
		}
		parts = append(parts, title(w.raw))
	}
	if len(parts) < 2 || len(parts) > 3 {
		return ""
	}
	return fixHyphens(m.text, strings.Join(parts, " "))
}

// strongNameIntro are the words that introduce a name without doubt, so
// the name may be written in lower case.
var strongNameIntro = [][]string{
	{"au", "nom", "de"}, {"je", "m", "appelle"}, {"mon", "nom", "est"}, {"mon", "nom", "c", "est"},
	{"my", "name", "is"}, {"under", "the", "name"}, {"in", "the", "name", "of"},
}

// fixHyphens restores the hyphens of a compound name the word splitter
// cut ("Jean-Pierre Moreau" is read as "Jean Pierre Moreau").
func fixHyphens(text, name string) string {
	if !strings.Contains(name, " ") || !strings.ContainsAny(text, "-'’") {
		return name
	}
	if isASCII(text) && isASCII(name) && !joinsParts(text, name) {
		return name // the usual case ("c'est pour Paul Martin"), without lower-case copies
	}
	return joinHyphens(text, name)
}

// joinHyphens is fixHyphens without its shortcuts.
func joinHyphens(text, name string) string {
	low := strings.ToLower(text)
	parts := strings.Split(name, " ")
	var b strings.Builder
	b.WriteString(parts[0])
	for i := 1; i < len(parts); i++ {
		a, z := strings.ToLower(parts[i-1]), strings.ToLower(parts[i])
		switch {
		case strings.Contains(low, a+"-"+z):
			b.WriteByte('-')
		case strings.Contains(low, a+"'"+z), strings.Contains(low, a+"’"+z):
			b.WriteByte('\'') // "O'Neill"
		default:
			b.WriteByte(' ')
		}
		b.WriteString(parts[i])
	}
	return b.String()
}

// joinsParts reports whether the ASCII text holds two neighbour parts of
// the ASCII name joined by a hyphen or an apostrophe, in any case: where
// fixHyphens would join them ("’" is no ASCII).
func joinsParts(text, name string) bool {
	a, rest, more := strings.Cut(name, " ")
	for more {
		var z string
		z, rest, more = strings.Cut(rest, " ")
		for i := len(a); i+1+len(z) <= len(text); i++ {
			if (text[i] == '-' || text[i] == '\'') && strings.EqualFold(text[i-len(a):i], a) && strings.EqualFold(text[i+1:i+1+len(z)], z) {
				return true
			}
		}
		a = z
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// bareName reads a whole message as a name ("Paul Martin").
func (t *turn) bareName(m msg) string {
	words := m.words
	if m.phone != "" {
		// "Amélie Roux 06 45 78 12 90": the name before the number.
		for i, w := range words {
			if w.fold != "" && w.fold[0] >= '0' && w.fold[0] <= '9' || w.raw == "+" {
				words = words[:i]
				break
			}
		}
		if len(words) == len(m.words) {
			return ""
		}
	}
	if len(words) == 0 || len(words) > 4 || m.in&^(inGreet|inThanks) != 0 || m.svc >= 0 || m.when.Found() {
		return ""
	}
	var parts []string
	for _, w := range words {
		if w.fold == "" {
			continue
		}
		if !isAlpha(w.raw) || t.e.match.stop[w.fold] && len(parts) == 0 && len(m.words) == 1 {
			return ""
		}
		if len(parts) == 0 && notNames[w.fold] {
			continue // "bonjour", "merci" before a name, or alone
		}
		parts = append(parts, title(w.raw))
	}
	if len(parts) == 0 || !t.plausibleName(strings.Join(parts, " ")) {
		return ""
	}
	return fixHyphens(m.text, strings.Join(parts, " "))
}

// notNames are words said in answer to "what name?" that are no name.
var notNames = map[string]bool{"bonjour": true, "bonsoir": true, "salut": true, "hello": true, "hi": true, "merci": true,
	"thanks": true, "oui": true, "non": true, "ok": true, "yes": true, "no": true, "mien": true, "mienne": true, "moi": true,
	"meme": true, "pareil": true, "idem": true, "same": true, "mine": true, "me": true,
	"appelle": true, "apelle": true, "mappelle": true, "jmappelle": true, "jm": true, "huh": true, "mhm": true, "yup": true,
	// Fillers and reactions: "allô ?", "attendez", "jsp", "lol".
	"allo": true, "alo": true, "attendez": true, "attends": true, "attend": true, "jsp": true, "jsais": true, "lol": true,
	"mdr": true, "ptdr": true, "hein": true, "quoi": true, "pourquoi": true, "comment": true, "pardon": true, "euh": true,
	"heu": true, "hum": true, "hmm": true, "bah": true, "wait": true, "what": true, "why": true, "sorry": true, "svp": true,
	"stp": true, "please": true}

// plausibleName reports whether n, read as a name, can be one: it does not
// start with a stopword ("le mien", "c Lucas") and has no word that is no
// name ("moi", "bonjour").
func (t *turn) plausibleName(n string) bool {
	words := validate.Tokens(n)
	if len(words) == 0 || t.e.match.stop[words[0]] && (len(words) < 3 || !nameParticles[words[0]]) {
		return false // "le mien", "avec Inès plutôt"; "de La Fontaine" may be a name
	}
	for _, w := range words {
		if notNames[w] {
			return false
		}
	}
	return true
}

// nameParticles may stand inside a name ("Jean de La Fontaine", "Le Gall")
// although they are stopwords.
var nameParticles = map[string]bool{"de": true, "du": true, "des": true, "d": true, "le": true, "la": true, "van": true, "von": true, "der": true, "da": true, "di": true}

// answeredName reads a message as the answer to "what name should I book it
// under?" when it looks like a name and nothing else: one to four words of
// letters, no question mark, no number or date. A name may sound like the
// business's words (Émile and "email", Hugo Boss and "bons", Bruno Carte)
// or be a staff member's (Camille Martin): in answer to that question, a
// capitalised "Prénom Nom" is a name. A single word of the business's
// vocabulary ("parking", "oui") or a lower-case request ("prix couleur") is
// not.
func (t *turn) answeredName(m msg) string {
	if strings.ContainsAny(m.text, "?¿@") || m.phone != "" || m.phoneBad || m.ref != "" || m.when.Found() {
		return ""
	}
	var parts []string
	capitals, plain := true, true
	for _, w := range m.words {
		if w.fold == "" {
			continue // punctuation: "Paul Martin."
		}
		particle := len(parts) > 0 && nameParticles[w.fold]
		if !isAlpha(w.raw) || t.e.match.stop[w.fold] && !particle {
			return ""
		}
		if particle {
			parts = append(parts, w.raw)
			continue
		}
		if !capitalised(w.raw) {
			capitals = false
		}
		if t.e.match.vocab[stem(w.fold)] && !t.isStaffName(w.fold) && (!capitalised(w.raw) || t.e.match.exact[w.fold]) {
			// A capitalised word that only looks like a keyword ("Carter"
			// and "carte") is a name.
			if len(parts) == 0 {
				return "" // "Bonjour Paul", "Annuler rendez-vous"
			}
			plain = false
		}
		parts = append(parts, title(w.raw))
	}
	if len(parts) == 0 || len(parts) > 4 || !plain && !capitals || !t.plausibleName(strings.Join(parts, " ")) {
		return ""
	}
	return fixHyphens(m.text, strings.Join(parts, " "))
}

// cutWith returns the one haircut done only by staff of service svc (the
// men's cut, for the beard's barber), or -1 (none, or several).
func (t *turn) cutWith(svc int) int {
	staff := t.e.b.Config.Services[svc].Staff
	found := -1
	for i, s := range t.e.b.Config.Services {
		if !t.e.match.haircut[i] || len(s.Staff) == 0 || !allIn(s.Staff, staff) {
			continue
		}
		if found >= 0 {
			return -1
		}
		found = i
	}
	return found
}

func allIn(xs, set []string) bool {
	for _, x := range xs {
		if !slices.Contains(set, x) {
			return false
		}
	}
	return true
}

// cutFor returns the cut a message asks for by whom it is for ("pour mon
// fils", "c'est pour mon mari", "for my daughter"): the one haircut whose
// name says so ("coupe enfant", "men's cut"), or -1.
func (t *turn) cutFor(m msg) int {
	for _, who := range cutWhom {
		if !m.mentions(who.said) {
			continue
		}
		found := -1
		for i, svc := range t.e.b.Config.Services {
			if !t.e.match.haircut[i] {
				continue
			}
			for _, name := range svc.Name {
				if slices.ContainsFunc(validate.Tokens(name), func(w string) bool { return slices.Contains(who.named, w) }) {
					if found >= 0 && found != i {
						return -1
					}
					found = i
				}
			}
		}
		return found
	}
	return -1
}

// grownCutFor returns the adult cut for the child a message names ("ma
// fille de 13 ans": the women's cut), or -1 when it does not say a girl
// or a boy.
func (t *turn) grownCutFor(m msg) int {
	named := []string(nil)
	switch {
	case m.mentions([]string{"fille", "daughter", "girl", "niece", "petite"}):
		named = cutWhom[2].named
	case m.mentions([]string{"fils", "son", "boy", "garcon", "neveu", "nephew", "petit"}):
		named = cutWhom[1].named
	default:
		return -1
	}
	for i, svc := range t.e.b.Config.Services {
		if !t.e.match.haircut[i] {
			continue
		}
		for _, name := range svc.Name {
			if slices.ContainsFunc(validate.Tokens(name), func(w string) bool { return slices.Contains(named, w) }) {
				return i
			}
		}
	}
	return -1
}

// cutWhom: the people a cut may be for, and the words of the cut's name
// that say it.
var cutWhom = []struct{ said, named []string }{
	{[]string{"fils", "fille", "filles", "enfant", "enfants", "gamin", "gamine", "gamins", "petit", "petite", "petits", "bebe", "son", "sons", "daughter", "daughters",
		"kid", "kids", "child", "children", "boy", "boys", "girl", "girls", "garcon", "garcons", "jumeaux", "jumelles", "twins"},
		[]string{"enfant", "enfants", "children", "child", "kids", "kid"}},
	{[]string{"mari", "copain", "conjoint", "pere", "papa", "frere", "homme", "monsieur", "husband", "boyfriend", "dad", "father", "brother", "man", "guy", "gentleman", "men"},
		[]string{"homme", "hommes", "men", "man", "mens"}},
	{[]string{"femme", "copine", "compagne", "mere", "maman", "soeur", "dame", "madame", "wife", "girlfriend", "mum", "mom", "mother", "sister", "woman", "lady", "women"},
		[]string{"femme", "femmes", "women", "woman", "womens"}},
}

// corrects reports whether words, between two things the customer names,
// take the first back: "ah non", "pardon", "enfin", "je voulais dire",
// "I mean", "sorry", "actually", "plutôt".
func corrects(words []word) bool {
	for i, w := range words {
		switch w.fold {
		case "non", "pardon", "enfin", "plutot", "finalement", "sorry", "actually", "rather", "no":
			return true
		case "voulais", "mean", "meant":
			return i > 0
		}
	}
	return false
}

// spelledRefAt reads a reference spelled letter by letter from words[i]:
// the prefix's letters (or the prefix), an optional dash word, then the
// reference's characters one by one, digits possibly in words.
func (t *turn) spelledRefAt(words []word, i int) string {
	prefix := t.e.match.refPrefix
	j := i
	if words[j].fold == prefix {
		j++
	} else {
		for k := 0; k < len(prefix); k++ {
			if j >= len(words) || words[j].fold != prefix[k:k+1] {
				return ""
			}
			j++
		}
	}
	if j < len(words) && (words[j].fold == "dash" || words[j].fold == "tiret" || words[j].fold == "hyphen") {
		j++
	}
	var b strings.Builder
	for ; j < len(words) && b.Len() < refLen; j++ {
		f := words[j].fold
		switch {
		case spelledDigits[f] != "":
			b.WriteString(spelledDigits[f])
		case len(f) == 1:
			b.WriteString(strings.ToUpper(f))
		default:
			return ""
		}
	}
	ref := b.String()
	if len(ref) != refLen || strings.Trim(ref, refAlphabet) != "" {
		return ""
	}
	return t.e.b.Config.ReferencePrefix + "-" + ref
}

// isStaffName reports whether the folded word is a staff member's first name.
func (t *turn) isStaffName(fold string) bool {
	for _, s := range t.e.b.Config.Staff {
		first, _, _ := strings.Cut(validate.Fold(s.Name), " ")
		if first == fold {
			return true
		}
	}
	return false
}

// describes reports whether the description of service a names service b
// (a word of its name of four letters or more, in any language).
func (t *turn) describes(a, b int) bool {
	sa, sb := &t.e.b.Config.Services[a], &t.e.b.Config.Services[b]
	for _, desc := range sa.Description {
		d := " " + validate.Fold(desc) + " "
		for _, name := range sb.Name {
			for _, w := range strings.Fields(validate.Fold(name)) {
				if len(w) >= 4 && strings.Contains(d, " "+w+" ") {
					return true
				}
			}
		}
	}
	return false
}

// faqKeyedBy reports whether one of the keywords of FAQ entry i is one of
// words (folded).
func (t *turn) faqKeyedBy(i int, words map[string]bool) bool {
	for _, ks := range t.e.b.Config.FAQ[i].Keywords {
		for _, k := range ks {
			for _, w := range strings.Fields(validate.Fold(k)) {
				if words[w] {
					return true
				}
			}
		}
	}
	return false
}

// profileName is the name of a channel's profile ("Camille 😊", "🌸 Léa
// Martin 🌸", "~ Camille ~", "Dr. Martin") without its decorations and
// title, or "" when what is left is no name.
func profileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsLetter(r), r == '-', r == '\'', r == '’':
			b.WriteRune(r)
		case unicode.IsSpace(r), r == '.':
			b.WriteByte(' ')
		case unicode.IsDigit(r):
			return "" // "Camille 2", "0612…": no name
		}
	}
	words := strings.Fields(strings.ReplaceAll(b.String(), "’", "'"))
	if len(words) > 1 && titleWords[validate.Fold(words[0])] {
		words = words[1:]
	}
	n := strings.Join(words, " ")
	if len([]rune(n)) < 2 || !isAlpha(strings.ReplaceAll(n, " ", "")) || strings.Trim(n, "-'") != n {
		return ""
	}
	return n
}

func isAlpha(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' {
			return false
		}
	}
	return s != ""
}

// allCapitalised reports whether every word is a capitalised word of
// letters: "Noel Baker" in answer to the name question is no Christmas.
func allCapitalised(words []word) bool {
	n := 0
	for _, w := range words {
		if w.fold == "" {
			continue
		}
		if !isAlpha(w.raw) || !capitalised(w.raw) {
			return false
		}
		n++
	}
	return n > 0
}

func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// title capitalises each part of a name ("jean-paul" → "Jean-Paul").
func title(s string) string {
	if isASCII(s) {
		return asciiTitle(s)
	}
	return runeTitle(s)
}

// runeTitle is title for any s.
func runeTitle(s string) string {
	rs := []rune(strings.ToLower(s))
	up := true
	for i, r := range rs {
		if up {
			rs[i] = unicode.ToUpper(r)
		}
		up = r == '-' || r == '\''
	}
	return string(rs)
}

// asciiTitle is title for an ASCII s: s itself when it is capitalised so
// already ("Paul"), else one new string.
func asciiTitle(s string) string {
	var b strings.Builder
	changed := false
	up := true
	for i := 0; i < len(s); i++ {
		c := lowerASCII(s[i])
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != s[i] && !changed {
			changed = true
			b.Grow(len(s))
			b.WriteString(s[:i])
		}
		if changed {
			b.WriteByte(c)
		}
		up = c == '-' || c == '\''
	}
	if !changed {
		return s
	}
	return b.String()
}

// maskPhones returns text with the phone numbers in it blanked out, byte
// for byte, so that their digits are not read as a date or a time.
func maskPhones(text string) string {
	if !mayHoldPhone(text) {
		return text
	}
	var out []byte
	var buf [24]byte
	sc := phoneScan{text: text}
	for digits := sc.next(buf[:0]); digits != nil; digits = sc.next(buf[:0]) {
		if _, ok := normalisePhone(sc.plus, string(digits)); ok || len(digits) >= 10 {
			if out == nil {
				out = []byte(text)
			}
			for i := sc.start; i < sc.end; i++ {
				out[i] = ' '
			}
		}
	}
	if out == nil {
		return text
	}
	return string(out)
}

// bareHour returns a number from 1 to 12 said as an hour without "h" or
// "o'clock": after "make it", before "instead" or "plutôt", or after "to"
// in a move ("move it to 12"); or "".
func bareHour(words []word, move bool) string {
	for i, w := range words {
		if w.fold == "" || len(w.fold) > 2 || !isDigits(w.fold) {
			continue
		}
		if n := w.fold; n == "0" || len(n) == 2 && (n[0] != '1' || n[1] > '2') {
			continue // 1 to 12 only: "move it to 19" is the 19th, not 7 pm
		}
		prev, prev2, next, after := "", "", "", ""
		if i > 0 {
			prev = words[i-1].fold
		}
		if i > 1 {
			prev2 = words[i-2].fold
		}
		if i+1 < len(words) {
			next = words[i+1].fold
		}
		if i+2 < len(words) {
			after = words[i+2].fold
		}
		end := next == "" || next == "please" || next == "svp" || next == "then"
		switch {
		case prev == "it" && prev2 == "make" && (end || next == "instead" || next == "plutot" || next == "rather"):
			return w.fold // "make it 11 (instead)"
		case (next == "instead" || next == "plutot" || next == "rather") && (i == 0 || prev == "at" || prev == "a" || prev == "vers" ||
			prev == "maybe" || prev == "peut" || move && prev == "to") && (after == "" || after == "please" || after == "svp" || after == "then" || after == "?"):
			return w.fold // "11 instead", "à 11 plutôt" (not "le 18 plutôt", "book 2 instead")
		case move && prev == "to" && end:
			return w.fold // "move it to 12" (not "to 12 December", "to 3 weeks later")
		}
	}
	return ""
}

// countOrAgeWords say that a number is a count or an age, not an hour.
var countOrAgeWords = []string{"ans", "an", "years", "year", "old", "personnes", "people", "persons", "us", "nous", "enfants", "kids",
	"children", "weeks", "week", "semaines", "semaine", "days", "jours", "mois", "months"}

// maskRefs blanks the booking references of text ("LUM-2F7H", "lum
// 2f7h"; a bare code such as "2F7H" while one is asked for), so that no
// date or time is read in them.
func (t *turn) maskRefs(text string) string {
	prefix := t.e.b.Config.ReferencePrefix
	// first is the prefix's first byte in lower case when it is ASCII: a
	// text byte that is ASCII and not that letter in either case starts
	// no match, which spares strings.EqualFold at most places.
	first := -1
	if prefix != "" && prefix[0] < utf8.RuneSelf {
		first = int(lowerASCII(prefix[0]))
	}
	var out []byte
	mask := func(i, j int) {
		if out == nil {
			out = []byte(text)
		}
		for ; i < j; i++ {
			out[i] = ' '
		}
	}
	for i := 0; i+len(prefix) <= len(text); i++ {
		if first >= 0 && text[i] < utf8.RuneSelf && int(lowerASCII(text[i])) != first {
			continue
		}
		if !strings.EqualFold(text[i:i+len(prefix)], prefix) || i > 0 && isASCIIAlnum(text[i-1]) {
			continue
		}
		j := i + len(prefix)
		for j < len(text) && (text[j] == '-' || text[j] == ' ' || text[j] == '.' || text[j] == '_') {
			j++
		}
		if isRefCode(text, j) && (j > i+len(prefix) && text[i+len(prefix)] == '-' || plausibleCode(text[j:j+refLen])) {
			mask(i, j+refLen) // "LUM-2F7H", "lum 2f7h"; not "the 23rd" for a business whose prefix is THE
		}
	}
	if t.st.Ask == askRef {
		// The bare code: four characters of the references' alphabet, with
		// a digit and a letter ("2F7H"; not "10h30", not "demain").
		for i := 0; i+refLen <= len(text); i++ {
			if (i == 0 || !isASCIIAlnum(text[i-1])) && isRefCode(text, i) && plausibleCode(text[i:i+refLen]) {
				mask(i, i+refLen)
			}
		}
	}
	if out == nil {
		return text
	}
	return string(out)
}

// lowerASCII returns the ASCII letter c in lower case, any other byte as is.
func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// plausibleCode reports whether c, four characters of the references'
// alphabet, reads as a code rather than a date or time: a letter and a
// digit, and not "23rd", "9h45", "10am".
func plausibleCode(c string) bool {
	if !strings.ContainsAny(c, "23456789") || strings.IndexFunc(c, unicode.IsLetter) < 0 {
		return false
	}
	l := strings.ToLower(c)
	digits := strings.TrimRightFunc(l, unicode.IsLetter)
	if suffix := l[len(digits):]; isDigits(digits) && (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th" || suffix == "am" ||
		suffix == "pm" || suffix == "h" || suffix == "e" || suffix == "er") {
		return false // "23rd", "10am", "14h"
	}
	if h, m, ok := strings.Cut(l, "h"); ok && isDigits(h) && isDigits(m) {
		return false // "9h45"
	}
	return true
}

// isRefCode reports whether text[i:i+refLen] is a reference's code, of
// the references' alphabet in either case, not followed by a letter or a
// digit.
func isRefCode(text string, i int) bool {
	if i+refLen > len(text) || i+refLen < len(text) && isASCIIAlnum(text[i+refLen]) {
		return false
	}
	for k := i; k < i+refLen; k++ {
		c := text[k]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if strings.IndexByte(refAlphabet, c) < 0 {
			return false
		}
	}
	return true
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// findPhone finds a phone number written with digits. bad is set when a
// run of digits looks like a phone number but is not a valid one.
func findPhone(text string) (phone string, bad bool) {
	if !mayHoldPhone(text) {
		return "", false
	}
	best := ""
	var buf [24]byte
	sc := phoneScan{text: text}
	for digits := sc.next(buf[:0]); digits != nil; digits = sc.next(buf[:0]) {
		if p, ok := normalisePhone(sc.plus, string(digits)); ok {
			best = p
		} else if best == "" {
			bad = true
		}
	}
	if best != "" {
		bad = false
	}
	return best, bad
}

// findPhone finds a phone number written with digits, in the business's
// country's forms ("(718) 555-0199", "07911 123456"), French national ones
// ("06 12 34 56 78") and any international one ("+44 …"). A French
// business reads them as the package function findPhone does.
func (t *turn) findPhone(text string) (phone string, bad bool) {
	if t.e.region == "FR" || !mayHoldPhone(text) {
		return findPhone(text)
	}
	best := ""
	var buf [24]byte
	sc := phoneScan{text: text}
	for digits := sc.next(buf[:0]); digits != nil; digits = sc.next(buf[:0]) {
		raw := text[sc.start:sc.end]
		if sc.plus && !strings.HasPrefix(raw, "+") {
			raw = "+" + raw
		}
		if p, err := t.parsePhone(raw); err == nil {
			best = p
		} else if best == "" {
			bad = true
		}
	}
	if best != "" {
		bad = false
	}
	return best, bad
}

// mayHoldPhone reports whether text has the eight digits a phone run
// needs; most messages have none, and skip the scan.
func mayHoldPhone(text string) bool {
	n := 0
	for i := 0; i < len(text); i++ {
		if c := text[i]; c >= '0' && c <= '9' {
			if n++; n == 8 {
				return true
			}
		}
	}
	return false
}

// phoneScan finds the runs of a text that may be phone numbers: eight
// digits or more, maybe after a "+", separated by spaces, dots or dashes,
// and not a numeric date ("15-12-2026 14:30"). next returns the digits of
// the next run, appended to buf, or nil; start and end then bound the run
// in text.
type phoneScan struct {
	text       string
	i          int
	start, end int
	plus       bool
}

func (sc *phoneScan) next(buf []byte) []byte {
	for sc.i < len(sc.text) {
		digits := buf
		sc.start, sc.plus = -1, false
		i := sc.i
		for ; i < len(sc.text); i++ {
			c := sc.text[i]
			if c >= '0' && c <= '9' {
				if sc.start < 0 {
					sc.start = i
				}
				digits = append(digits, c)
			} else if c == '+' && sc.start < 0 {
				sc.start, sc.plus = i, true
			} else if !((c == ' ' || c == '.' || c == '-') && len(digits) > 0) {
				break
			}
		}
		sc.i, sc.end = i+1, i
		if i < len(sc.text) && sc.text[i] == '+' {
			sc.i = i // "…12+33 6…": the next run's plus
		}
		if len(digits) >= 8 && !dateLike(sc.text[sc.start:sc.end]) {
			return digits
		}
	}
	return nil
}

// dateLike reports whether s starts with a numeric date, day, month and
// year: "15-12-2026", "15.12.26", "2026-12-15".
func dateLike(s string) bool {
	var groups [3]int
	n, sep := 0, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			groups[n]++
		case (c == '-' || c == '.' || c == '/') && groups[n] > 0 && (sep == 0 || c == sep):
			if n == 2 {
				return false // a fourth group: "06-12-34-56-78" is a phone
			}
			sep = c
			n++
		default:
			i = len(s)
		}
	}
	if n < 2 || groups[2] == 0 {
		return false
	}
	return groups[0] <= 2 && groups[1] <= 2 && (groups[2] == 2 || groups[2] == 4) || groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2
}

// normalisePhone turns a French or international number into E.164.
func normalisePhone(plus bool, d string) (string, bool) {
	switch {
	case plus && len(d) >= 8 && len(d) <= 15:
		if strings.HasPrefix(d, "33") && len(d) != 11 {
			return "", false
		}
		return "+" + d, true
	case strings.HasPrefix(d, "0033") && len(d) == 13:
		return "+" + d[2:], true
	case len(d) == 10 && d[0] == '0' && d[1] != '0':
		return "+33" + d[1:], true
	case len(d) == 9 && d[0] != '0':
		return "+33" + d, true
	}
	return "", false
}

// detectLanguage keeps the session language unless the message clearly
// votes for another supported one.
//
// The channel's language (the web page's) is where a conversation starts;
// a message that is clearly in another supported language switches it
// ("Hi! I'd like a women's cut on Friday" on a French page), but not a
// greeting or a word or two ("Hello", "ok thanks").
func (t *turn) detectLanguage(m msg) {
	if hint := t.ev.Language; hint != "" && t.e.b.Supports(hint) {
		if t.st.Lang == "" {
			t.st.Lang = hint
		}
		if m.lang != "" && m.lang != t.st.Lang && t.e.b.Supports(m.lang) && m.langMargin >= 2 && !onlySocial(&m) &&
			(t.st.Ask == "" || isQuestion(&m) && !m.has(inYes|inNo)) && (m.in&^(inGreet|inThanks|inBye|inYes|inNo) != 0 || m.svc >= 0 || m.faq >= 0) {
			// A request or a question, not an answer to one ("yes of
			// course, book it", "le premier svp") nor thanks ("merci
			// beaucoup, à samedi alors").
			t.st.Lang = m.lang
		}
		return
	}
	if m.lang != "" && t.e.b.Supports(m.lang) && len(m.words) > 0 {
		// A lone "oui", "merci" or "merci beaucoup !" does not switch.
		// A message of which nothing was understood switches when it is
		// clearly written in the other language ("do you have a student
		// discount?").
		if m.lang != t.st.Lang && (t.st.Lang == "" || len(m.words) >= 2 && (!(onlySocial(&m) && !m.has(inGreet)) || m.langMargin >= 2 && len(m.words) >= 4) || m.has(inGreet)) {
			t.st.Lang = m.lang
		}
	}
	if t.st.Lang == "" {
		t.st.Lang = t.e.b.DefaultLanguage()
	}
}

var _ = time.Second

// recallWords and recallPhrases ask to be reminded of something known
// ("c'est quand déjà ?", "what time was it again?") or to have it
// confirmed ("c'est bien mercredi ?", "it's at 10, right?").
var (
	recallWords = []string{"deja", "again"}
	// recallOffers ask about the business's free times, not the booking.
	recallOffers = []string{"vous avez", "avez vous", "vous auriez", "auriez vous", "il y a", "y a t il", "do you have", "have you got",
		"you got", "is there", "are there", "dispo", "libre", "free", "available", "place", "creneau", "creneaux", "slot", "slots"}
	recallNouns     = []string{"rdv", "rendez vous", "reservation", "appointment", "booking"}
	recallBookVerbs = []string{"reserver", "reserve", "prendre", "book", "avoir", "have", "get", "faire"}
	recallPhrases   = []string{"c est bien", "c etait", "c est ca", "c est bien ca", "it was", "was it", "is it still", "is that right",
		"that s right", "that right", "is that correct", "c est correct"}
	// recallExcluded are the intents of a message that asks something
	// else than the details of a booking the customer has.
	recallExcluded = inBook | inWant | inMove | inCancel | inHuman | inPrice | inDuration | inAddress | inHours | inOpenQ |
		inTimes | inClosed | inContact | inServices | inPolicy | inUpset | inLate | inWorks | inWindow | inProblem | inNo | inStop
)

// checksOwnBooking reports whether a message outside any flow asks to be
// reminded of, or to confirm, a detail of a booking the customer has:
// "c'est à 10h ou 10h30 déjà ?", "c'était quel jour déjà ?", "c'est bien à
// 10h ?", "c'est avec qui déjà ?", "is it at 10 or 10:30 again?", "it's
// Wednesday, right?". Such a message names a time or a day, or asks when
// or with whom, and asks nothing else.
func (t *turn) checksOwnBooking(m *msg, text string) bool {
	excluded := recallExcluded
	if m.staff < 0 {
		excluded &^= inWorks // "c'était quel jour déjà ?": no staff member's days
	}
	if m.has(inBook) && !m.has(inWant) && m.mentionsPhrase(recallNouns) && !m.mentions(recallBookVerbs) {
		excluded &^= inBook // "mon rdv c'est bien à 10h ?": the word, no request
	}
	if m.has(excluded) || m.faq >= 0 || m.ref != "" || m.phone != "" || m.name != "" || m.choice != 0 {
		return false
	}
	trimmed := strings.TrimSpace(text)
	last := ""
	if n := len(m.words); n > 0 {
		last = m.words[n-1].fold
		if last == "" && n > 1 {
			last = m.words[n-2].fold
		}
	}
	asking := isAsking(m) || strings.HasSuffix(trimmed, "?") || last == "right"
	// Right after a booking or a move, "c'est avec qui ?" is about it.
	justNow := t.ended != "" && t.justHandled() != ""
	whoNow := justNow && (m.staff < 0 && m.mentionsPhrase([]string{"avec qui", "with who", "with whom", "who with", "who s doing it", "who is doing it"}) ||
		m.staff >= 0 && isAsking(m) && !m.mentions(insteadWords) && !m.mentionsPhrase([]string{"je prefere", "i prefer", "i d prefer", "i d rather"})) // "is that with Camille or Inès?", "will it be Camille?"
	if !asking || !(m.mentions(recallWords) || m.mentionsPhrase(recallPhrases) || last == "right" || whoNow) {
		return false
	}
	if !(m.when.Found() || m.staff >= 0 || m.mentions(whenAskWords) || m.mentions([]string{"qui", "who", "heure", "jour", "time", "day", "date"})) {
		return false
	}
	if m.mentionsPhrase(recallOffers) {
		return false // "vous avez déjà quelque chose jeudi ?": the business's times
	}
	own := t.ownBookings()
	if len(own) == 0 {
		return false
	}
	if m.svc >= 0 {
		// "la couleur c'est bien jeudi ?": one of theirs.
		svc := t.e.b.Config.Services[m.svc].ID
		for _, b := range own {
			if b.Service == svc {
				return true
			}
		}
		return false
	}
	return true
}

// swapPhrases put one service in place of another.
var swapPhrases = []string{"au lieu de", "au lieu d", "au lieu du", "au lieu des", "a la place de", "a la place d", "a la place du", "a la place des", "a la place", "plutot que", "plutot qu",
	"instead of", "instead", "rather than", "change it to", "change it into", "change it for", "change to", "changer en",
	"changer pour", "le changer", "la changer", "remplacer", "remplacez", "remplace", "replace", "switch it to", "switch to",
	"make it a", "make it an", "transformer en"}

// swapRequest reads a change of service of a booking the customer has:
// "un balayage au lieu de la couleur" (the colour booked), "can I change
// it to a blow dry instead?" (one booking). It returns the new service
// and the booked one's index, or -1 when the message does not name it
// (the only booking, or the one just made, or asked).
func (t *turn) swapRequest(m *msg) (newSvc, oldSvc int, ok bool) {
	if m.svc < 0 || m.ref != "" || !m.mentionsPhrase(swapPhrases) || m.has(inHuman|inUpset|inProblem) {
		return -1, -1, false
	}
	own := t.ownBookings()
	if len(own) == 0 {
		return -1, -1, false
	}
	booked := func(i int) bool {
		for _, b := range own {
			if t.serviceIndex(b.Service) == i {
				return true
			}
		}
		return false
	}
	switch {
	case m.svc2 >= 0 && booked(m.svc) != booked(m.svc2):
		if booked(m.svc) {
			return m.svc2, m.svc, true
		}
		return m.svc, m.svc2, true
	case m.svc2 < 0 && !booked(m.svc) && (len(own) == 1 || t.justHandled() != "" || t.st.Target != "") && !replacesSomeoneElse(m):
		return m.svc, -1, true
	}
	return -1, -1, false
}

// swapOfPhrases name what is replaced after them ("au lieu de la couleur").
var swapOfPhrases = []string{"au lieu de", "au lieu d", "au lieu du", "au lieu des", "a la place de", "a la place d", "a la place du",
	"a la place des", "instead of", "plutot que", "plutot qu", "rather than"}

// replacesSomeoneElse reports whether what a message puts a service in
// place of is no booking: "une coupe à la place de ma femme", "instead of
// my husband" (the message names one service). "à la place", "instead",
// "au lieu de ça" leave the booking.
func replacesSomeoneElse(m *msg) bool {
	for i := range m.words {
		for _, p := range swapOfPhrases {
			if !foldsAt(m.words, i, p) {
				continue
			}
			j := i + strings.Count(p, " ") + 1
			if j >= len(m.words) || m.words[j].fold == "" {
				return false
			}
			switch m.words[j].fold {
			case "ca", "cela", "it", "that", "this", "celui", "celle", "rdv":
				return false
			}
			return !foldsAt(m.words, j, "mon rdv") && !foldsAt(m.words, j, "mon rendez vous") && !foldsAt(m.words, j, "ma reservation") &&
				!foldsAt(m.words, j, "my appointment") && !foldsAt(m.words, j, "my booking") && !foldsAt(m.words, j, "the appointment")
		}
	}
	return false
}

// haircutAt is the index in words of the first word of a haircut phrase
// ("coupe", "cut"), or -1.
func haircutAt(words []word) int {
	for i := range words {
		for _, p := range phrases[inHaircut] {
			if foldsAt(words, i, p) {
				return i
			}
		}
	}
	return -1
}

// forSomeone reports whether a message says whom a service is for ("pour
// moi", "for my son", "pour Léa Martin"): with two services, whose is
// which then decides their order (see book-for-named.txt).
func (t *turn) forSomeone(m *msg) bool {
	return m.mentionsPhrase([]string{"pour moi", "for me", "for myself", "pour mon", "pour ma", "pour mes", "for my"}) ||
		slices.ContainsFunc(m.words, func(w word) bool { return personWords[w.fold] || familyWords[w.fold] }) || t.namedFor(*m) != ""
}

// howToCancelPhrases ask, in a question, how cancelling or moving is done.
var howToCancelPhrases = []string{"pour annuler", "pour decaler", "pour deplacer", "comment annuler", "comment on annule", "comment faire",
	"comment on fait", "comment je fais", "si je dois", "si jamais je dois", "si je veux", "si je dois annuler", "si besoin",
	"how do i", "how can i", "how would i", "if i need to", "if i have to", "if i want to", "what if i", "and to cancel", "to cancel"}

// timePrepositions put an hour after them: "around 2" is two o'clock, not
// the second choice.
var timePrepositions = map[string]bool{"around": true, "at": true, "about": true, "towards": true, "vers": true, "a": true,
	"pour": true, "before": true, "after": true, "avant": true, "apres": true, "from": true, "des": true}

// rebookPhrases, with a cancellation, ask for another booking instead.
var rebookPhrases = []string{"en prendre un autre", "en reprendre un", "prendre un autre", "reprendre un autre", "en avoir un autre",
	"book another", "book a new one", "rebook", "make another one", "get another one"}

// bookedPhrases say the customer has booked already.
var bookedPhrases = []string{"i booked", "i ve booked", "i have booked", "i made a booking", "i made an appointment", "j ai reserve",
	"j ai pris rdv", "j ai pris un rdv", "j ai pris rendez vous", "j ai pris un rendez vous", "j avais reserve", "j avais pris"}

// untilDay reads "till Thursday", "jusqu'à jeudi" as the days from today
// to that one: a customer who can come up to then, not on that day only.
func (t *turn) untilDay(m *msg, text string) {
	w := &m.when
	if w.Date.IsZero() || !w.EndDate.IsZero() || w.HasTime || len(w.Spans) != 1 || w.Problem.Kind != validate.ProblemNone ||
		m.has(inHours|inOpenQ|inClosed) { // "open until when on Friday?"
		return
	}
	// One of the last three words up to the end of the day's span, folded
	// on the stack (Fold leaves single spaces between words).
	var buf [256]byte
	before := validate.AppendFold(buf[:0], text[:w.Spans[0].End])
	for range 3 {
		if len(before) == 0 {
			return
		}
		i := bytes.LastIndexByte(before, ' ')
		switch string(before[i+1:]) {
		case "till", "until", "til", "jusqu", "jusque", "through":
			today := validate.Date(business.DateOf(t.now.In(t.loc)))
			if today.Before(w.Date) {
				w.EndDate, w.Date = w.Date, today
			}
			return
		}
		before = before[:max(i, 0)]
	}
}
