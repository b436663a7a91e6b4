package engine

import (
	"strings"
	"time"
)

// The phrases the engine recognises, folded (lower case, no accents) and
// split into words; matching stems both sides and tolerates one typo in
// longer words. This is the understanding side; what the engine says lives
// in engine/prompts.

type intent uint64

const (
	inGreet intent = 1 << iota
	inBook
	inMove
	inCancel
	inList
	inHuman
	inThanks
	inBye
	inYes
	inNo
	inStop
	inAnyStaff
	inMine // "mon rendez-vous", "my booking"
	inHours
	inAddress
	inPrice
	inDuration
	inServices
	inContact
	inNow   // "maintenant", "now"
	inWeek  // "cette semaine", "this week"
	inToday // "aujourd'hui", "today"
	inHaircut
	inStaffQ  // "qui", "who" (which staff)
	inOther   // "autre", "other": another slot
	inAgain   // "répéter", "repeat"
	inWant    // "je voudrais", "I'd like": a request, weaker than inBook
	inOpenQ   // "ouvert ?", "open?": a yes-or-no question about being open
	inTimes   // "horaires", "opening hours": a question about the timetable
	inPolicy  // "frais", "policy": with inCancel or inMove, a question about the rules
	inClosed  // "vacances", "jours fériés", "holidays": the business's closures
	inWorks   // "travaille", "working": with a staff member, a question about their days
	inUpset   // "déçue", "pas content", "refund": a complaint, for a person to handle
	inBotQ    // "t'es un robot ?", "am I talking to a bot?"
	inLate    // "j'ai 10 min de retard", "running late"
	inForeign // "hola", "guten Tag": another language than French or English
	inWindow  // "à l'avance", "how far ahead": how far ahead one may book
	inProblem // "un problème avec", "ça vibre": a complaint when not asked as a question

	numIntents = iota
)

// The details of a booking a customer may ask to change besides the
// service, day and time (see turn.changeDetail).
var (
	nameWords    = []string{"nom", "prenom", "name", "surname", "orthographe", "spelling", "firstname"}
	phoneWords   = []string{"numero", "telephone", "tel", "portable", "mobile", "phone", "number"}
	nothingWords = []string{"rien", "nothing"}
	// closedWords ask whether the business is closed ("vous fermez le 25 ?").
	ageQuestionWords = []string{"age", "ages", "old"}
	emailWords       = []string{"email", "emails", "mail", "mails", "courriel", "courriels"}
	closedWords      = []string{"ferme", "fermez", "fermes", "fermee", "fermees", "fermer", "closed", "close", "shut"}
	// cancelWords say "cancel" itself; without one, a message that also
	// asks to move ("empêchement vendredi, on peut repousser ?") moves.
	cancelWords = []string{"annuler", "annulation", "annule", "annulez", "annulons", "jannule", "supprimer", "supprimez", "cancel", "cancelled", "cancellation"}
	// allPhrases ask for every booking at once: "annulez les deux".
	allPhrases = []string{"les deux", "tous les deux", "toutes les deux", "tous mes", "toutes mes", "tout annuler", "annuler tout", "annulez tout", "annule tout", "j annule tout", "tous", "toutes",
		"both", "all of them", "all my", "them all", "everything", "all"}
	// totalPhrases ask about several services together.
	totalPhrases = []string{"en tout", "au total", "in total", "altogether", "all together", "total", "les deux", "both", "the two"}
	// duringOwnPhrases put a service beside a booking the customer has.
	duringOwnPhrases = []string{"pendant ma", "pendant mon", "en meme temps que ma", "en meme temps que mon", "during my", "while i m having my",
		"while i have my", "at the same time as my", "pendant que je fais ma", "pendant que je fais mon"}
	// rightBeforePhrases ask for a service before a booking the customer has.
	rightBeforePhrases = []string{"juste avant", "just before", "right before", "avant mon", "avant ma", "before my", "juste avant mon", "juste avant ma"}
	// rightAfterPhrases ask for a service after the booking just made.
	rightAfterPhrases = []string{"juste apres", "tout de suite apres", "dans la foulee", "a la suite", "right after", "just after", "straight after", "directly after", "afterwards"}
	// generalWords ask about the business as a whole ("vos tarifs"), not
	// about the service just discussed.
	generalWords = []string{"vos", "votre", "tarifs", "your", "prices", "liste", "list"}
	// When moving a booking: its own time or day.
	sameTimePhrases = []string{"meme heure", "meme horaire", "meme creneau", "same time", "same hour", "same slot"}
	sameDayPhrases  = []string{"meme jour", "meme journee", "same day"}
	// followingPhrases put a weekday a week on: "le jeudi d'après", "the
	// thursday after".
	followingPhrases = []string{"d apres", "suivant", "qui suit", "after that", "the following", "after", "following"}
	// weekAfterPhrases are the week after a booking's, said of it.
	weekAfterPhrases = []string{"la semaine d apres", "la semaine suivante", "the week after", "the following week", "a week later", "une semaine apres", "une semaine plus tard"}
	// earlierSameDayPhrases and laterSameDayPhrases move a booking within
	// its day.
	earlierSameDayPhrases = []string{"plus tot dans la journee", "plus tot dans la meme journee", "plus tot le meme jour", "plus tot ce jour la",
		"earlier in the day", "earlier that day", "earlier on the day", "earlier the same day", "un peu plus tot", "a bit earlier", "a little earlier",
		"slightly earlier"}
	laterSameDayPhrases = []string{"plus tard dans la journee", "plus tard dans la meme journee", "plus tard le meme jour", "plus tard ce jour la",
		"later in the day", "later that day", "later on the day", "later the same day", "un peu plus tard", "a bit later", "a little later",
		"slightly later"}
	// shifts move a booking by a little: "une heure plus tard".
	shifts = []struct {
		phrases []string
		minutes int
	}{
		{[]string{"demi heure plus tard", "d une demi heure", "half an hour later", "back half an hour", "30 min plus tard", "30 minutes plus tard", "30 minutes later", "30 mins later", "by half an hour",
			"back 30 min", "back 30 mins", "back 30 minutes", "back by 30 minutes", "back by 30 mins"}, 30},
		{[]string{"demi heure plus tot", "half an hour earlier", "forward half an hour", "30 min plus tot", "30 minutes plus tot", "30 minutes earlier", "30 mins earlier",
			"forward 30 min", "forward 30 mins", "forward 30 minutes"}, -30},
		{[]string{"deux heures plus tard", "2h plus tard", "2 heures plus tard", "de deux heures", "de 2h", "two hours later", "back two hours", "by two hours"}, 120},
		{[]string{"deux heures plus tot", "2h plus tot", "2 heures plus tot", "two hours earlier", "forward two hours"}, -120},
		{[]string{"de 30 min", "de 30 minutes", "de trente minutes"}, 30},
		{[]string{"le lendemain", "au lendemain", "jour d apres", "jour suivant", "the next day", "the day after", "a day later", "un jour plus tard", "back a day"}, 24 * 60},
		{[]string{"la veille", "jour d avant", "the day before", "a day earlier", "un jour plus tot"}, -24 * 60},
		{[]string{"semaine plus tard", "d une semaine", "back a week", "a week later", "one week later", "by a week", "push it a week"}, 7 * 24 * 60},
		{[]string{"heure plus tard", "1h plus tard", "d une heure", "d 1h", "d 1 h", "de 1h", "d une h", "an hour later", "one hour later", "back an hour", "back one hour", "back by an hour", "by an hour", "by one hour"}, 60},
		{[]string{"heure plus tot", "1h plus tot", "an hour earlier", "one hour earlier", "forward an hour", "forward one hour", "forward by an hour"}, -60},
	}
	// nextOnePhrases put a weekday a week later: "pas ce jeudi mais le
	// suivant".
	nextOnePhrases = []string{"mais le suivant", "mais celui d apres", "mais l autre", "but the next one", "but the one after",
		"but the following one", "the week after"}
	// shiftEarlier and shiftLater give a shift its direction whatever
	// phrase named its length.
	shiftEarlier = []string{"plus tot", "earlier"}
	shiftLater   = []string{"plus tard", "later"}
	timeWords    = []string{"heure", "horaire", "time", "hour"}
	// forOtherPhrases say a new booking is for another person than the
	// customer's last one.
	forOtherPhrases = []string{"pour moi", "pour moi aussi", "pour ma fille", "pour mon fils", "pour mon mari", "pour ma femme", "pour mon copain", "pour ma copine",
		"pour mon enfant", "pour ma mere", "pour mon pere", "pour ma soeur", "pour mon frere", "pour elle", "pour lui", "pour ma compagne", "pour mon compagnon",
		"for me", "for myself", "for my son", "for my daughter", "for my husband", "for my wife", "for my partner", "for my girlfriend", "for my boyfriend",
		"for my kid", "for my child", "for my mum", "for my mom", "for my dad", "for her", "for him",
		"for my brother", "for my sister", "for my mother", "for my father", "for my friend", "for my grandmother", "for my grandfather",
		"for my nan", "for my nephew", "for my niece", "pour mon ami", "pour mon amie", "pour ma grand mere", "pour mon grand pere",
		"pour mon neveu", "pour ma niece", "pour ma belle mere", "pour mon beau pere"}
	// twoOfUsPhrases say two people come: "on est 2, moi … et ma copine …".
	twoOfUsPhrases = []string{"on est 2", "on est deux", "nous sommes deux", "nous sommes 2", "there are two of us", "there s two of us", "two of us", "2 of us"}
	// togetherPhrases book two services for two people at the same time.
	togetherPhrases = []string{"tous les deux", "toutes les deux", "en meme temps", "ensemble", "et moi", "moi et", "nous deux", "me and my", "and me",
		"we both", "both want", "both need", "both of them", "at the same time", "together", "the two of us", "both of us", "my wife and i", "my husband and i", "my girlfriend and i",
		"my boyfriend and i", "my partner and i", "my friend and i", "my son and i", "my daughter and i", "my mum and i", "my mom and i",
		"my gf and i", "my bf and i", "my hubby and i", "my wife and me", "my husband and me"}
	// earlierWords ask for slots before those offered.
	earlierWords = []string{"earlier", "sooner", "avant", "tot"}
	// alsoWords ask for one more booking, not a change of one: "il me faut
	// aussi une coupe pour ma fille".
	alsoWords = []string{"aussi", "autre", "also", "another", "too"}
	// eachWords and twoWords: one service each for two people.
	eachWords = []string{"chacune", "chacun", "each"}
	twoWords  = map[string]bool{"deux": true, "two": true, "2": true}
	// forMePhrases are the forOtherPhrases about the customer: another
	// person only after a booking for someone else.
	// meAndPhrases name the customer with another person: "pour moi et
	// mon mari", "for my husband and me".
	meAndPhrases = []string{"et moi", "moi et", "nous deux", "and me", "and i", "and myself", "me and", "both of us", "the two of us"}
	// cantPhrases say a day does not suit any more: "samedi c'est pas
	// possible", "Saturday doesn't work".
	cantPhrases = []string{"pas possible", "je peux pas", "je ne peux pas", "je peux plus", "je ne peux plus", "ca va pas", "ca ne va pas", "ca va plus",
		"ca ne va plus", "m arrange pas", "m arrange plus", "ca marche pas", "ca ne marche pas", "ca marche plus", "can t do", "cannot do", "can no longer do",
		"doesn t work", "does not work", "won t work", "no longer works", "not possible", "no good", "can t anymore", "can t make",
		"cant make", "cant do", "wont work", "vais pas pouvoir", "pourrai pas", "pourrais pas", "empechement", "won t be able", "wont be able", "can no longer make"}
	// dayNames are the names of the days of the week, by time.Weekday.
	dayNames = [7][]string{{"dimanche", "sunday", "sun"}, {"lundi", "monday", "mon"}, {"mardi", "tuesday", "tue", "tues"}, {"mercredi", "wednesday", "wed"},
		{"jeudi", "thursday", "thu", "thurs"}, {"vendredi", "friday", "fri"}, {"samedi", "saturday", "sat"}}
	// giftWords make a service a present: a voucher, not a booking.
	giftWords = []string{"offrir", "offert", "cadeau", "cadeaux", "gift", "voucher", "vouchers"}
	// walkInPhrases ask to come without booking.
	walkInPhrases = []string{"sans rdv", "sans rendez vous", "sans reservation", "sans reserver", "sans prendre rdv", "sans prendre rendez vous",
		"without an appointment", "without appointment", "without booking", "without a booking", "walk in", "walk ins", "walkin", "walkins", "drop in"}
	// kinWords name the person a booking was made for: "celui de mon fils".
	kinWords = []string{"fils", "fille", "enfant", "petit", "petite", "mari", "copain", "copine", "conjoint", "conjointe", "compagnon", "compagne",
		"soeur", "frere", "mere", "pere", "maman", "papa", "son", "daughter", "kid", "child", "husband", "wife", "sister", "brother",
		"mum", "mom", "dad", "boyfriend", "girlfriend", "partner"}
	// notForMePhrases say a booking is someone else's.
	notForMePhrases = []string{"pas pour moi", "not for me", "isn t for me", "it s not for me", "not me"}
	forMePhrases    = []string{"pour moi", "pour moi aussi", "for me", "for myself"}
	// ownPhrases ask about the customer's own bookings.
	ownPhrases = []string{"j ai reserve", "ce que j ai", "que j ai pris", "je suis avec qui", "je serai avec qui", "mes rendez vous", "mes rdv", "mon rdv", "mon rendez vous",
		"i booked", "i ve booked", "i have booked", "who am i with", "who will i be with", "who ll i be with", "who i m with", "who i am with",
		"who will be doing my", "who s doing my", "who is doing my", "my appointments", "my bookings", "my appointment", "my booking"}
	// otherStaffPhrases ask for another staff member without naming one.
	otherStaffPhrases = []string{"changer de coiffeur", "changer de coiffeuse", "autre coiffeur", "autre coiffeuse", "quelqu un d autre", "une autre personne",
		"another stylist", "another hairdresser", "someone else", "a different stylist", "different hairdresser", "change stylist", "change hairdresser"}
	// cancelAnyPhrases cancel a booking, not the one being made.
	cancelAnyPhrases = []string{"annuler un rendez vous", "annuler un rdv", "annuler un autre", "annuler l autre",
		"cancel an appointment", "cancel another", "cancel the other", "cancel my other"}
	// otherStaffWords are in every otherStaffPhrases.
	// appointmentNouns name a booking itself.
	appointmentNouns = []string{"appointment", "appointments", "booking", "bookings", "reservation", "reservations", "rdv", "rendez", "rendezvous"}
	// dropWords take one service off the customer's bookings when they say
	// what they keep: "drop the beard, just the cut", "enlevez la barbe,
	// je garde la coupe" (not "drop the car off", "enlever la dent").
	dropWords = []string{"drop", "remove", "scrap", "enlevez", "enlever", "retirez", "retirer", "supprimez"}
	// refLostWords and refLostPhrases say the reference is lost ("I
	// deleted the email", "je ne l'ai plus"), which "plus" alone does not
	// ("une coupe en plus ?").
	refLostWords   = []string{"perdu", "perdue", "efface", "effacee", "supprime", "supprimee", "lost", "deleted"}
	refLostPhrases = []string{"n ai plus", "l ai plus", "don t have", "dont have", "no longer have", "can t find", "cant find", "ne trouve pas", "ne retrouve pas"}
	// redoWords ask for a service done again (a complaint), not a booking.
	redoWords = []string{"refaire", "refasse", "refassiez", "redo", "redone", "gratuit", "gratuitement", "free", "issue", "probleme", "souci",
		"rembourse", "refund"}
	// freeWords ask for something free of charge (a complaint's redo).
	freeWords = []string{"gratuit", "gratuite", "gratuitement", "free", "rembourse", "remboursement", "refund", "offert", "offerte"}
	// changeWords ask for a change: "keep the time, change the stylist",
	// "un autre jour".
	changeWords = []string{"change", "changer", "changez", "autre", "another", "other", "different", "plutot", "rather", "instead", "coiffeur",
		"coiffeuse", "stylist"}
	// andMovePhrases add a move to a cancellation: "and move the men's cut".
	andMovePhrases = []string{"and move", "et deplacez", "et decalez", "et deplacer", "et decaler"}
	// selfIntroPhrases introduce the customer themselves.
	selfIntroPhrases = []string{"moi c est", "je suis", "je m appelle", "my name is", "i m", "i am", "this is"}
	// justWords narrow a request to what follows: "just book me a blow-dry".
	justWords = []string{"just", "juste", "simplement", "only", "seulement"}
	// keepAsIsPhrases (and nothingWords) answer "what would you like to
	// change?" with nothing: the booking stays as it is.
	keepAsIsPhrases = []string{"je garde", "on garde", "je le garde", "je la garde", "keep it", "leave it", "laissez comme", "laisse comme", "comme c est",
		"as it is", "as is", "keep my", "keep the"}
	// someoneElsePhrases ask for another member of staff, not for a
	// person of the team to talk to ("with someone other than Karim");
	// talkToPhrases ask for a person to talk to.
	someoneElsePhrases = []string{"someone other", "someone else", "somebody other", "somebody else", "anyone other", "anyone else", "anybody else",
		"quelqu un d autre", "une autre personne"}
	talkToPhrases = []string{"talk to", "speak to", "speak with", "talk with", "parler a", "parler avec", "passez moi", "put me through",
		"call me back", "ring me back", "rappelez moi", "me rappeler"}
	otherStaffWords = []string{"autre", "changer", "another", "different", "change", "quelqu", "personne", "someone"}
	// twoAllWords are the allPhrases that mean two bookings, not all.
	twoAllWords = []string{"deux", "both", "two"}
	// lastTimePhrases ask for what the customer had last time.
	lastTimePhrases = []string{"same as last time", "the usual", "same again", "comme la derniere fois", "pareil que la derniere fois", "comme d habitude",
		"la meme chose que la derniere fois", "comme l autre fois", "comme d hab", "comme dhab", "comme d hab stp", "as usual", "my usual"}
	// frustratedPhrases are the customer's frustration with the assistant
	// itself (not with the business): a handoff, with an apology for not
	// understanding.
	frustratedPhrases = []string{"vous etes nuls", "t es nul", "c est nul", "ca fait 3 fois que je demande", "ca fait trois fois que je demande", "useless",
		"rubbish", "third time i ask", "third time i m asking",
		"bot de merde", "robot de merde", "putain de bot", "putain de robot", "tu comprends rien", "vous comprenez rien", "tu ne comprends rien",
		"vous ne comprenez rien", "stupid bot", "you don t understand", "you re not listening"}
	// askEnglishPhrases and askFrenchPhrases ask for a language.
	askEnglishPhrases = []string{"do you speak english", "speak english", "english please", "in english", "parlez vous anglais",
		"vous parlez anglais", "tu parles anglais", "en anglais", "don t speak french", "dont speak french", "don t understand french",
		"dont understand french", "no french"}
	whichLanguagesPhrases = []string{"which languages", "what languages", "which language", "what language", "languages do you speak",
		"languages do u speak", "quelles langues", "quelle langue", "langues parlez vous", "langues vous parlez", "langues parlees"}
	askFrenchPhrases = []string{"do you speak french", "speak french", "french please", "in french", "parlez vous francais",
		"vous parlez francais", "en francais"}
	// haveBookingPhrases say the customer has a booking already; with a
	// question or seeWords, they ask about it.
	haveBookingPhrases = []string{"j ai rdv", "j ai un rdv", "j ai rendez vous", "j ai un rendez vous", "j ai plusieurs rdv",
		"j ai plusieurs rendez vous", "j ai des rdv", "j ai des rendez vous", "i have an appointment", "i have a booking", "i ve got an appointment",
		"i have several appointments", "i have appointments"}
	seeWords = []string{"voir", "revoir", "rappeler", "see", "check", "remind"}
	// mistakePhrases correct what was just booked ("je me suis trompée,
	// c'était pour vendredi").
	mistakePhrases = []string{"je me suis trompe", "je me suis trompee", "je me suis trompes", "me suis trompe", "me suis trompee",
		"i made a mistake", "my mistake", "wrong day", "oups", "oops", "can we make it", "could we make it", "can you make it", "change it to",
		"mettez plutot", "non en fait", "ah non", "je prefere plutot", "je prefererais"}
	// mistakeBeforeDayPhrases correct the booking just made when a day
	// follows them ("c'était pour vendredi", "I meant Friday").
	mistakeBeforeDayPhrases = []string{"c etait pour", "je voulais dire", "je voulais", "i meant", "it was for", "i wanted"}
	// withWords, requestWords and doesWords tell a request for a stylist
	// from a question about what they do (asksWhatStaffDoes).
	withWords    = []string{"avec", "with"}
	requestWords = []string{"peut", "pourrait", "pourriez", "can", "could", "me", "moi", "my"}
	// staffCountWords are in every staffCountPhrases.
	staffCountWords = []string{"combien", "many"}
	// staffCountPhrases ask how many people work here.
	staffCountPhrases = []string{"combien de coiffeurs", "combien de coiffeuses", "combien de coiffeur", "combien de personnes", "combien etes vous",
		"vous etes combien", "how many stylists", "how many hairdressers", "how many people work"}
	// sameAgainPhrases book again what was just booked.
	sameAgainPhrases = []string{"la meme chose", "meme chose", "pareil", "idem", "the same again", "same again", "same thing", "the same thing", "same one", "the same one"}
	// childWords name a child, whose age may choose the cut.
	childWords = []string{"fille", "fils", "enfant", "petit", "petite", "garcon", "bebe", "daughter", "son", "kid", "child", "boy", "girl", "baby", "toddler"}
	// otherWords name another booking than the one just made.
	otherWords = []string{"autre", "autres", "other", "another"}
	// anySlotPhrases leave the choice of the slot to the assistant.
	anySlotPhrases = []string{"peu importe", "n importe lequel", "n importe laquelle", "comme vous voulez", "le premier", "any of them",
		"whichever", "doesn t matter", "don t mind", "any is fine", "any time", "anytime", "any time is fine", "whenever", "n importe quand",
		"quand vous voulez", "a n importe quelle heure", "earliest", "the earliest", "soonest", "the first", "first one", "le plus tot", "au plus tot"}
	// problemWithPhrases, said without a question, complain about work
	// done ("j'ai un problème avec ma coloration").
	problemWithPhrases = []string{"un probleme avec", "un souci avec", "des problemes avec", "une fuite", "ca vibre", "ca fuit", "something wrong with",
		"a problem with"}
	// preferWords choose another course ("je préfère annuler").
	preferWords = []string{"prefere", "preferer", "prefer", "rather"}
	// negatedYesPhrases are a yes denied: a no ("ça marche pas").
	negatedYesPhrases = []string{"ca marche pas", "ca ne marche pas", "ca me va pas", "ca ne me va pas", "c est pas bon", "c est pas ok", "pas ok",
		"not ok", "pas d accord", "ca va pas"}
	// lostWords say the customer has not got what was asked ("je n'ai plus
	// le mail de confirmation").
	lostWords = []string{"plus", "perdu", "perdue", "efface", "supprime", "lost", "deleted", "retrouve", "trouve"}
	// plainYesWords answer "anything else?" with a yes that has more to
	// ask ("oui"), unlike "ok" or "ça marche", which close.
	plainYesWords = []string{"oui", "ouais", "yes", "yeah", "yep", "si"}
	// eveningPhrases wish a good evening: the goodbye says the same.
	eveningPhrases = []string{"bonne soiree", "bonne nuit", "good evening", "good night", "have a nice evening", "have a good evening"}
	// takeItPhrases accept a service whose price was just given.
	takeItPhrases = []string{"on fait ca", "on y va", "je le prends", "je la prends", "je prends ca", "banco",
		"let s do it", "i ll take it", "book it", "book me in", "les deux", "les 2", "both"}
	// addOnePhrases add the service whose price was just given.
	addOnePhrases = []string{"add one", "add that", "en ajouter un", "en ajouter une", "l ajouter", "le rajouter", "la rajouter", "en rajouter"}
	// notNowWords put a decision off ("je vous redis", "je vais réfléchir").
	notNowWords = []string{"redis", "reflechir", "reflechis", "passerai", "rappelle", "rappellerai", "think", "later", "pas", "not", "voir",
		"verrai", "verra", "reviens", "revenir", "demande", "demander", "ask", "check"}
	// forWords introduce the day of a yes ("ok pour samedi").
	forWords = []string{"pour", "for", "go"}
	// whenAskWords ask when ("à quelle heure ?", "when?").
	whenAskWords = []string{"heure", "quand", "when", "time", "jour", "day"}
	// whoWords ask who.
	whoWords = []string{"qui", "who"}
	// otherwiseWords and otherwisePhrases put a cancellation after another
	// wish ("mardi plutôt ? sinon j'annule").
	otherwiseWords   = []string{"sinon", "autrement", "otherwise"}
	otherwisePhrases = []string{"or else", "if not", "si pas possible", "si c est pas possible", "si ce n est pas possible", "if that s not possible"}
	// relativeWords and insteadWords, with a time or a day, change the
	// customer's booking ("earlier on the day, like 1.30", "saturday instead").
	relativeWords = []string{"earlier", "later", "plus tot", "plus tard", "tot", "tard"}
	insteadWords  = []string{"instead", "plutot", "finalement", "rather"}
	dayWords      = []string{"jour", "date", "day"}
	serviceWords  = []string{"prestation", "service", "soin"}
	// possessiveWords mark the customer's own booking: "ma couleur".
	possessiveWords = []string{"ma", "mon", "mes", "my"}
	// pronounWords stand for the customer's booking: "le décaler", "move it".
	pronounWords = []string{"le", "la", "celui", "celle", "it"}
)

// socialQuestionPhrases are greetings asked as questions: "comment
// allez-vous ?" is no question for the business.
var socialQuestionPhrases = []string{"comment allez vous", "vous allez bien", "comment ca va", "ca va", "how are you", "j espere que vous allez bien",
	"are you there", "vous etes la", "tu es la", "t es la", "how s it going", "how is it going"}

var phrases = map[intent][]string{
	inGreet: {"bonjour", "bonsoir", "salut", "coucou", "cc", "slt", "bjr", "bsr", "hello", "hi", "hey", "hiya", "good morning", "good afternoon", "good evening", "allo",
		"comment allez vous", "vous allez bien", "comment ca va", "ca va", "how are you", "j espere que vous allez bien",
		"are you there", "vous etes la", "tu es la", "t es la"},
	inBook: {"rendez vous", "rdv", "reserver", "reservation", "prendre rendez vous", "booker", "disponibilite", "disponible", "dispo", "creneau", "caser",
		"book", "booking", "appointment", "reserve", "slot", "available", "availability",
		"next free", "free slot", "free slots", "free tomorrow", "free today", "free on", "are you free", "is free", "free this", "free next", "free at", "free later", "est libre", "de libre", "libre quand", "sont libres",
		"de la place", "encore une place", "une place pour", "des places", "any room", "got room", "have room", "any space",
		"mets moi", "mettez moi", "put me down for", "put me in for", "book me", "any openings", "openings for", "an opening for", "have an opening", "got an opening"},
	inWant: {"je peux venir", "puis je venir", "pourrais je venir", "can i come", "could i come", "je voudrais", "je veux", "j aimerais", "je souhaite", "je souhaiterais", "prendre", "est ce possible", "possible", "pourriez vous", "pouvez vous", "est ce que je peux",
		"i would like", "i d like", "i want", "can i have", "can i get", "could i", "i need", "needs a", "needs an", "need a", "need an",
		"j ai besoin", "a besoin", "besoin d", "besoin de", "voudrait", "voudraient", "aimerait", "aimeraient", "wants a", "wants to"},
	inMove: {"deplacer", "decaler", "reporter", "changer", "modifier", "avancer", "repousser", "retarder mon", "retarder le", "retarder ma",
		"retarder d", "retardez mon", "retardez le", "reculer mon", "reculer le", "changement", "on peut mettre", "le mettre", "la mettre", "pouvez vous mettre",
		"bouger", "changer l heure", "changer la date", "changer de jour", "un autre jour", "une autre heure", "pouvez mettre", "pourriez mettre",
		"passer mon rdv", "passer mon rendez vous", "passer ma coupe", "passe ma coupe", "passe mon rdv", "passez mon rdv", "passez ma", "la passer a", "le passer a",
		"tu la passes", "tu le passes", "vous la passez", "vous le passez", "passer ma reservation",
		"mettre ma coupe", "mettre mon rdv", "mettre mon rendez vous", "mettre ma reservation", "mets ma coupe", "mets mon rdv", "mettez ma coupe", "mettez mon rdv",
		"reschedule", "move", "change", "postpone", "bring forward", "push back", "push it", "push", "another day", "another time", "switch",
		"can u make it", "can you make it", "could you make it", "could u make it", "can we make it", "could we make it", "actually make it", "make it at"},
	inCancel: {"annuler", "annulation", "annule", "supprimer", "cancel", "cancellation", "call off",
		"ne pourrai pas venir", "pourrai pas venir", "peux pas venir", "pourrais pas venir", "pourrai pas etre la", "serai pas la", "empechement",
		"peux plus venir", "pourrai plus venir", "pourrais plus venir", "vais pas pouvoir venir", "viendrai pas", "viendrai plus", "viendrais pas", "jannule", "jannul",
		"can t make it", "cannot make it", "can t come", "cannot come", "won t be able to come", "won t be able to make it", "won t make it", "unable to come",
		"cant make it", "cant come", "wont be able to come", "wont be able to make it", "wont make it", "not gonna make it", "won t be able to make", "wont be able to make"},
	inMine: {"mon rendez vous", "mes rendez vous", "mon rdv", "mes rdv", "ma reservation", "mes reservations", "j ai un rendez vous", "j ai rendez vous", "j ai bien un", "j ai bien rendez vous", "ai je bien", "confirmer mon", "toujours prevu", "is my appointment still", "is my booking still", "still on",
		"my appointment", "my appointments", "my booking", "my bookings", "my reservation", "i have an appointment", "do i have"},
	inList: {"bookings left", "appointments left", "booking left", "appointment left", "il me reste des rdv", "il me reste un rdv", "il me reste des rendez vous", "me reste t il", "reste t il des rdv", "j ai encore des rdv", "j ai encore un rdv",
		"quand est mon", "c est quand", "a quelle heure est mon", "c est quoi mon", "c koi mon", "quel est mon rdv", "quel est mon rendez vous", "a quelle heure le rdv", "a quelle heure mon rdv", "ai je un rendez vous", "ai je rendez vous", "j ai quoi", "jai quoi", "jai rdv", "jai un rdv", "jai rendez vous", "when s my", "whens my", "when s our", "rappeler mon", "liste", "lister", "voir mes", "mes rendez vous", "mes rdv",
		"rappelez moi", "rappeler moi", "rappelle moi", "c quand", "la date de mon", "l heure de mon", "a quelle heure est",
		"j ai quels", "jai quels", "quels sont mes", "j ai pris quoi", "jai pris quoi", "qu est ce que j ai comme", "what appointments do i", "which appointments do i", "what did i book", "what have i booked", "what i booked", "what do i have booked", "what have i got booked", "what am i booked",
		"when am i booked", "am i booked", "if i m booked", "whether i m booked", "if i am booked", "booked twice", "check my booking", "check my appointment", "check my bookings", "check my appointments", "suis je bien inscrit", "suis je bien reserve", "reserve deux fois", "have i got anything booked", "what s booked", "what is booked", "j ai reserve quoi", "il me reste quoi", "me reste quoi", "qu est ce qu il me reste", "what s left", "what do i have left", "what have i got left",
		"qu est ce que j ai reserve", "qu ai je reserve",
		"do i have an appointment", "do i have any appointment", "do i have a booking", "do i have any booking",
		"est ce que j ai un rendez vous", "est ce que j ai rendez vous", "est ce que j ai un rdv", "est ce que j ai des rendez vous", "ai je un rdv", "j ai rdv quand", "j ai rendez vous quand",
		"when is my", "what time is my", "remind me", "what time is", "when is her", "when is his", "when is it again", "c est quand deja", "quand deja", "list", "show my", "my appointments", "my bookings", "check my",
		"do i have a booking", "do i have an appointment", "do i have any", "what appointments do i have", "what bookings do i have", "have i got"},
	inHuman: {"parler a quelqu un", "parler a une personne", "parler a un humain", "un humain", "une personne", "une vraie personne", "un conseiller", "une conseillere",
		"quelqu un du salon", "parler au salon", "parler a la coiffeuse", "parler au coiffeur", "operateur", "standard", "joindre le salon",
		"passez moi", "passer le salon", "y a quelqu un", "il y a quelqu un", "parler avec", "parler a", "rappelez moi svp", "rappeler moi svp", "pouvez vous me rappeler", "vous pouvez me rappeler",
		"is anyone there", "anybody there", "call me back", "ring me back", "put me through", "talk to", "speak to", "speak with", "talk with",
		"real person", "vraie personne", "un humain", "a human", "human please",
		"talk to someone", "speak to someone", "talk to a person", "speak to a person", "a human", "a real person", "an agent", "operator", "speak to a human", "talk to a human", "someone"},
	inUpset: append([]string{"decu", "decue", "decus", "decues", "deception", "pas content", "pas contente", "pas satisfait", "pas satisfaite", "mecontent", "mecontente",
		"rembourse", "remboursee", "remboursement", "rembourser", "plainte", "reclamation", "scandale", "inadmissible", "inacceptable", "rate ma", "rate mon",
		"etait ratee", "etait rate", "coupe ratee", "coiffure ratee", "couleur ratee", "c etait rate", "pas reussi", "pas reussie",
		"est ratee", "est rate", "refasse", "refassiez", "refaire gratuitement", "redo it", "fix it for free", "redone for free",
		"went green", "gone green", "turned green", "went orange", "gone orange", "devenue verte", "devenu vert", "devenue orange",
		"disappointed", "not happy", "unhappy", "not satisfied", "refund", "complaint", "complain", "ruined", "messed up", "unacceptable"}, frustratedPhrases...),
	inBotQ: {"robot", "un bot", "chatbot", "une ia", "intelligence artificielle", "a bot", "a robot", "an ai", "automated",
		"a real person", "a real human", "a human being", "talking to a human", "speaking to a human", "are you human", "are you real", "is this a person",
		"une vraie personne", "un vrai humain", "une personne reelle", "un humain ou", "vous etes humain", "tu es humain", "c est un humain"},
	inForeign: foreignWords,
	inWindow:  {"a l avance", "in advance", "how far ahead", "far ahead", "combien de temps avant", "combien de jours avant", "how long before", "how many days before"},
	inProblem: problemWithPhrases,
	inLate:    {"en retard", "de retard", "retard", "running late", "i m late", "i am late", "be late", "will be late", "late for my", "bit late", "few minutes late", "minutes late", "min late", "mins late", "gonna be late", "going to be late", "running behind", "be there in", "stuck in traffic", "je serai la dans", "j arrive dans", "je suis coince"},
	inThanks:  {"merci", "merci beaucoup", "thanks", "thank you", "thx", "cheers", "ta very much", "ta muchly", "much appreciated", "c est note", "bien note", "noted", "top", "super merci", "great thanks"},
	inBye: {"au revoir", "bonne journee", "bonne soiree", "bonne nuit", "a bientot", "a plus", "bye", "goodbye", "see you", "cya", "see ya", "ciao", "tchao", "have a nice day", "c est tout", "that s all", "thats all", "that is all", "ce sera tout", "cest tout",
		"rien d autre", "nothing else", "ciao", "tchao", "that will be all", "good night", "a demain", "a tout a l heure", "a lundi", "a mardi", "a mercredi",
		"a jeudi", "a vendredi", "a samedi", "a dimanche", "see you tomorrow", "non ca ira", "ca ira merci", "that s everything"},
	inYes: {"oui", "ouais", "ok", "okay", "d accord", "c bon", "c ok", "cest bon", "cest ok", "parfait", "c est bon", "ca marche", "exact", "exactement", "volontiers", "je confirme", "confirme", "confirmer",
		"tout a fait", "bien sur", "entendu", "super", "nickel", "ca me va", "ca me convient", "va pour", "allez y", "go", "mhm", "yup",
		"yes", "yeah", "yep", "sure", "correct", "go ahead", "absolutely", "fine", "great", "perfect", "that works", "sounds good", "confirm", "please do", "alright", "all right"},
	inNo: append([]string{"non", "nan", "pas ca", "ne me convient pas", "ne convient pas", "ca ne va pas", "no", "nope", "nah", "not really", "doesn t suit", "doesn t work"}, negatedYesPhrases...),
	inStop: {"je vous redis", "je vous recontacte", "je vous recontacterai", "je reviendrai vers vous", "je vous tiens au courant",
		"je vous tiendrai au courant", "i ll get back to you", "i ll let you know", "i ll come back to you", "i will get back to you",
		"laisse tomber", "laissez tomber", "scrap that", "scrap it", "forget that", "finalement non", "je garde", "laissez comme", "laisse comme", "on laisse", "garde le", "gardez le", "keep it as it is", "leave it", "oubliez", "oublie ca", "oublie le", "oublie la", "oublie tout", "oublie c est bon", "tant pis", "abandonner", "abandonne", "plus besoin", "stop", "never mind", "nevermind", "forget it", "forget about it", "je ne veux plus", "je ne veux pas", "i don t want",
		"je vais reflechir", "je vais y reflechir", "je dois reflechir", "je reviendrai vers vous", "je reviens vers vous", "je vous recontacte", "je vous recontacterai", "je vous rappellerai",
		"i ll think about it", "get back to you", "get back to u", "let me check with", "don t book", "dont book", "do not book", "ne reservez pas", "ne reserve pas",
		"pas la peine de reserver", "i ll call back", "ill call back", "i will call back", "i ll call you", "ill call you", "je rappellerai", "je vous rappelle", "je rappelle plus tard", "i ll check with", "i need to check with", "je vais voir avec", "je dois voir avec", "je regarde avec", "let me think about it", "i ll get back to you", "maybe later", "i ll come back later"},
	inAnyStaff: {"peu importe", "n importe qui", "pas de preference", "qui est libre", "qui vous voulez", "anyone", "anybody", "no preference", "whoever", "doesn t matter", "don t mind"},
	inHours: {"horaire", "horaires", "nocturne", "nocturnes", "open late", "late opening", "late night opening", "ouvert", "ouverte", "ouverts", "ouvrez", "ouvre", "ferme", "fermez", "fermes", "fermeture", "ouverture", "heures d ouverture",
		"rouvrez", "rouvre", "reouvrez", "reouvre", "reouverture", "rouverture",
		"open", "opening", "opening hours", "hours", "close", "closed", "closing", "reopen", "reopening"},
	inAddress: {"adresse", "ou etes vous", "ou se trouve", "ou vous trouvez", "situe", "situes", "metro", "acces", "quartier", "comment venir", "venir en", "venir a pied", "pour venir", "venir comment", "comment je peux venir",
		"comment on peut venir", "comment puis je venir", "facile de venir", "comment vous trouver", "venir chez vous", "vous trouver",
		"c est ou", "c ou le salon", "c ou exactement", "c ou votre", "c ou l adresse", "vous etes ou", "ou vous etes", "salon est ou", "ou est le salon", "ou est votre salon", "ou est ce que vous etes", "ou etes vous situe", "comment on vient", "on vient comment",
		"comment aller chez vous", "comment aller au salon", "comment y aller", "vous rejoindre", "station", "station de metro", "quel metro", "pres de quel metro",
		"address", "where are you", "where r u", "where r you", "where are u", "where is ur", "where is", "where s", "whereabouts", "located", "location", "tube", "subway", "underground", "get there", "directions", "find you", "get to you", "get to u", "get to your", "how do i get", "how to get", "how far", "c est loin", "loin de",
		"how far are you", "how far is", "far from", "c est loin", "loin de", "how do i get", "get to you", "nearest station"},
	inPrice: {"prix", "combien", "coute", "coutent", "tarif", "tarifs", "cout", "cher", "price", "prices", "cost", "costs", "how much", "rates", "fee",
		"the total", "whats the total", "total for", "le total", "total pour"},
	inDuration: {"combien de temps", "duree", "dure", "durent", "c est long", "longtemps", "prend combien", "how long", "duration", "take long"},
	inServices: {"prestations", "prestation", "services", "que faites vous", "vous faites quoi", "proposez", "vous faites", "faites vous", "vous faites aussi",
		"what do you do", "what services", "what do you offer", "menu", "do you do", "do you offer", "do you also do", "do u do", "do u offer", "do u also do", "do yall do",
		"est compris", "compris dans", "ca comprend", "comprend quoi", "est inclus", "inclus dans", "include", "includes", "included"},
	inContact: {"telephone", "votre numero", "le numero", "quel numero", "c quoi le numero", "what s the number", "whats the number", "what is the number", "numero de telephone", "num de tel", "numero de tel", "votre tel", "votre num", "vous appeler", "vous joindre", "phone number", "your number", "call you", "contact"},
	inPolicy: {"frais", "politique", "conditions", "penalite", "penalites", "gratuit", "gratuitement", "payant", "jusqu a quand", "combien de temps avant", "a l avance", "delai",
		"payer", "paye", "payer qqch", "si j annule", "qu est ce qui se passe si", "moins de 24", "la veille",
		"what happens if", "if i cancel", "less than 24", "pay anything", "do i pay", "do i have to pay",
		"policy", "fee", "fees", "charge", "charged", "penalty", "for free", "free of charge", "until when", "how late", "how long before", "in advance", "how much notice"},
	inClosed: {"vacances", "conges", "fermeture annuelle", "fermetures", "jours feries", "jour ferie", "ferie", "feries", "fermez en", "fermes en", "ferme en",
		"cet ete", "l ete", "les fetes", "fin d annee", "fermez quand", "fermes quand", "this summer", "the summer", "over christmas", "christmas holidays", "festive",
		"holiday", "holidays", "vacation", "vacations", "summer break", "bank holiday", "bank holidays", "public holiday", "public holidays", "closures", "time off", "closed in", "close in", "closed during", "open in"},
	inWorks: {"travaille", "travaillent", "travail", "bosse", "est la", "sera la", "present", "presente", "quels jours", "quel jour", "jours de presence",
		"working", "work", "works", "in on", "there on", "which days", "what days"},
	inOpenQ:   {"ouvert", "ouverte", "ouverts", "ouvertes", "ouvrez", "open"},
	inTimes:   {"horaire", "horaires", "heures d ouverture", "heure d ouverture", "opening hours", "opening times", "hours"},
	inNow:     {"maintenant", "en ce moment", "actuellement", "now", "right now", "currently"},
	inWeek:    {"cette semaine", "la semaine", "this week", "week"},
	inToday:   {"aujourd hui", "ce jour", "today", "tonight", "ce soir"},
	inHaircut: {"coupe", "couper", "coupes", "coiffure", "haircut", "cut", "cuts", "haircuts", "hair cut"},
	inStaffQ:  {"avec qui", "qui travaille", "qui est la", "qui fait", "qui s occupe", "quel coiffeur", "quelle coiffeuse", "personnel", "employes", "coiffeuse", "coiffeuses", "coiffeur", "coiffeurs", "equipe", "who does", "who works", "who is there", "who am i with", "who will i be with", "who ll i be with", "who will be doing", "who s doing", "who is doing", "employees", "stylist", "stylists", "hairdresser", "hairdressers", "staff", "team"},
	inOther: {"autre", "autres", "autre chose", "autre creneau", "plus tard", "plus tot", "other", "another", "later", "earlier", "something else",
		"aucun ne me va", "aucun ne convient", "ca ne me va pas", "none of them", "none of those", "none suits"},
	inAgain: {"repeter", "repetez", "redire", "pardon", "repeat", "say again"},
}

// realWords are common words one letter away from a keyword, kept as
// they are: "vous pouvez regarder ?" is no "retarder" (running late),
// "hold on" no "hola", "I'm waiting" no "want", "il paraît" no "parfait",
// "je ferai" no "férié", "an annual check" no "annul(er)"; and first names
// ("Marc" is no "marche", "Lisa" no "list"), and words whose stem is a
// keyword they do not mean ("Parker" is no "park", "Carter" no "carte").
var realWords = strings.Fields(`
regard regarde regarder regardez regardes regardent regards regarding reward rewards rewarding
deal deals dealer decade decades decaf decay
bout bouts boule boules bogue bogus bourg
annual annuals annales
boot boots boom broke brook
store stores stone stones stole stove scope
coast combine combiner combines compliant conforme contract
emploi emplois entendre
feel feels feeling feet feed greet greeting greetings house houses meteo
parait parlait partait parfaire payait paint paints painting painter paix
repasse repasser repassez resort repart rained sandal sandale sandales servir sits sitting
spot spots slope stuff stiff stitch stitches swatch stylish tardif
tear tears term terms terme termes tease vacant vacante weak word words worse worn
aiderai aiderait aiderais aideraient ally alto auto autos aupres cannelle chore chores coherent
clone clou clope cles closet court courte courtes courts chute croute deco deck decks frame frames
hold holds holding holder holy helas gluten chaos query queries mocha garcia
dark darker dance dancer dancing danger dangers drank dunk root roots bass basse
charm charme charmes charming changed charmed charted chance chances chant chante chanter
cons consent cogne cogner fera ferai ferais feras feraient fermier ferry fern
forme formes former form forms farm firm formation lift lifts lits oven omen
operation operations operer opere operez oeuvre oeuvres outre parlons partons perdons
pret prete prets prefer prevent prose pros prime primes prive privee prince pride prize prim prit
retire retirer retiree rediger redige relire reduire rejet remet remets repere reperer reset reputation repit
salt saute sauter saut salue wait waits waiting waited waiter wander waste winter
guard guards grade grades lead leads leader leading leak lean leap lease
marc gary walter walt owen lisa brooke brooks felix bess wang watts holt holmes pearson garner
cant wont dont didnt isnt part parts partly boys boy guy guys veut veulent checking checked openings
partez partir pars partent partis parti partie parties partira partirez
parker parkes parkers carter carters carver cartier barber barker care cares careful
`)

// stopwords are common words kept as they are (never typo-corrected).
var stopwords = []string{
	"le", "la", "les", "un", "une", "des", "du", "de", "d", "l", "a", "au", "aux", "et", "ou", "en", "pour", "par", "avec", "sans", "sur", "sous", "dans", "chez",
	"je", "j", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "me", "m", "te", "se", "s", "ce", "c", "ca", "cela", "ceci", "mon", "ma", "mes", "ton", "ta", "son", "sa", "ses", "votre", "vos", "notre", "nos", "leur",
	"est", "suis", "es", "sont", "etes", "ai", "as", "avez", "avons", "ont", "fait", "faire", "peux", "peut", "pouvez", "puis", "veux", "voudrais", "aimerais", "serait", "sera", "etre", "avoir",
	"prend", // "ça prend combien de temps": not "prendre" (inWant) with a typo
	"pas", "ne", "n", "plus", "tres", "bien", "tout", "tous", "toute", "mais", "donc", "alors", "aussi", "encore", "deja", "si", "que", "qu", "quoi", "quel", "quelle", "quels", "quelles", "comment", "quand", "pourquoi",
	"matin", "midi", "soir", "apres", "avant", "vers", "heure", "heures", "h", "demain", "semaine", "prochain", "prochaine", "jour", "jours",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
	"the", "an", "and", "or", "to", "for", "with", "of", "in", "on", "at", "by", "is", "are", "am", "be", "i", "m", "my", "me", "you", "your", "we", "our", "it", "this", "that", "there", "here",
	"do", "does", "can", "could", "would", "will", "have", "has", "what", "when", "which", "how", "please", "some", "any", "not", "just", "also", "very", "tomorrow", "morning", "afternoon", "evening",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mois", "month", "annee", "year", "soit", "svp", "plait", "merci",
}

// fillerWords are hesitations dropped before matching.
var fillerWords = map[string]bool{
	"euh": true, "heu": true, "euuh": true, "euhh": true, "bah": true, "ben": true, "hum": true, "hmm": true, "bon": true, "voila": true,
	"um": true, "uh": true, "umm": true, "uhm": true, "erm": true, "mmh": true, "hein": true, "well": true, "so": true,
}

// nameIntro are the words after which a customer gives their name.
var nameIntro = [][]string{
	{"c", "pour", "moi"}, {"c", "est", "pour", "moi"}, {"cest", "pour", "moi"}, // "une coupe samedi, c pour moi Karim Benali"
	{"c", "est", "pour"}, {"it", "s", "for"}, {"its", "for"},
	{"je", "suis"}, {"je", "m", "appelle"}, {"moi", "c", "est"}, {"mon", "nom", "est"}, {"mon", "nom", "c", "est"}, {"au", "nom", "de"}, {"c", "est"}, {"ici"},
	{"le", "nom", "est"}, {"le", "nom", "c", "est"}, {"nom"},
	{"moi", "c"}, {"jm", "appelle"}, {"m", "appelle"}, {"je", "mappelle"}, {"jmappelle"}, {"c"},
	{"my", "name", "is"}, {"the", "name", "is"}, {"his", "name", "is"}, {"her", "name", "is"}, {"il", "s", "appelle"}, {"elle", "s", "appelle"},
	{"son", "nom", "est"}, {"under", "my", "name"}, {"i", "am"}, {"i", "m"}, {"this", "is"}, {"name", "s"}, {"it", "s"}, {"under", "the", "name"}, {"under"}, {"name"},
}

// nameIntroByFirst indexes nameIntro by its first word, keeping the
// list's order: findName tries at each word only the intros it can start.
var nameIntroByFirst = func() map[string][][]string {
	out := map[string][][]string{}
	for _, intro := range nameIntro {
		out[intro[0]] = append(out[intro[0]], intro)
	}
	return out
}()

// bookingNouns name a booking or one of its details: "changer" before
// them is a move.
var bookingNouns = set([]string{"rdv", "rendez", "reservation", "heure", "horaire", "jour", "date", "creneau", "coiffeur", "coiffeuse",
	"appointment", "booking", "time", "day", "slot", "stylist", "hairdresser", "prestation", "service", "nom", "name", "it", "them"})

// changeFollowers after "changer" make it a move ("changer pour samedi",
// "change to 3pm").
var changeFollowers = set([]string{"pour", "a", "vers", "en", "svp", "stp", "avec", "de", "d", "to", "for", "at", "with", "please", "jusqu",
	"sur", "au", "aux", "un", "une", "ca", "tout", "maintenant", "plutot", "instead", "if", "si"})

// wantVerbs express a wish ("je voudrais un lissage").
var wantVerbs = set([]string{"voudrais", "veux", "voudrait", "aimerais", "souhaite", "souhaiterais", "want", "like", "need", "besoin"})

// requestNouns are the things asked that are no service ("un
// renseignement", "un devis").
var requestNouns = set([]string{"renseignement", "renseignements", "info", "infos", "information", "informations", "question", "questions",
	"devis", "conseil", "conseils", "avis", "precision", "precisions", "rappel", "reponse"})

// doesWords follow a stylist's name in a question about what they do.
var doesWords = set([]string{"fait", "font", "realise", "realisent", "does", "do", "sait", "coiffe", "doing"})

// titleWords start a name that is said whole ("Mme Dupont").
var titleWords = set([]string{"m", "mr", "mrs", "ms", "miss", "mme", "mlle", "madame", "monsieur", "mademoiselle", "dr", "docteur", "doctor", "me", "maitre"})

// personWords are the people a customer books for ("mon mari", "ma fille").
var personWords = set([]string{"mari", "femme", "fille", "fils", "enfant", "enfants", "copain", "copine", "compagnon", "compagne",
	"mere", "pere", "soeur", "frere", "fiance", "fiancee", "ami", "amie", "grand", "petit", "petite", "neveu", "niece",
	"husband", "wife", "daughter", "son", "kid", "kids", "child", "partner", "boyfriend", "girlfriend", "mum", "mom", "dad",
	"mother", "father", "sister", "brother", "friend", "gf", "bf", "hubby", "wifey", "missus", "fiancé", "maman", "papa"})

// ordinals name the position of a choice.
var ordinals = map[string]int{
	"premier": 1, "premiere": 1, "1er": 1, "1ere": 1, "first": 1, "1st": 1,
	"deuxieme": 2, "second": 2, "seconde": 2, "2e": 2, "2eme": 2, "2nd": 2,
	"troisieme": 3, "third": 3, "3e": 3, "3eme": 3, "3rd": 3,
	"dernier": -1, "derniere": -1, "last": -1,
}

// ordinalWords are the ordinals that pick an item of a list ("le
// deuxième"), which the date parser may also read as a day.
var ordinalWords = func() map[string]bool {
	out := map[string]bool{}
	for w, n := range ordinals {
		if n > 0 {
			out[w] = true
		}
	}
	return out
}()

// plainWords are common words one typo away from a keyword ("chef" and
// "cher", "près" and "present", "possible" and "accessible"): taken as they
// are.
var plainWords = []string{"espere", "esperons", "chef", "pres", "tres", "apres", "possible", "impossible", "super", "cool", "genial", "parfait", "nickel", "quarter", "last"}

// namedDays are the days customers name instead of a date; the longest
// phrases first ("christmas eve" before "christmas").
var namedDays = []struct {
	phrases []string
	month   time.Month
	day     int
}{
	{[]string{"christmas eve", "xmas eve", "x mas eve", "veille de noel", "reveillon de noel"}, time.December, 24},
	{[]string{"new year s eve", "new years eve", "nye", "saint sylvestre", "st sylvestre", "reveillon du nouvel an"}, time.December, 31},
	{[]string{"new year s day", "new years day", "jour de l an", "nouvel an"}, time.January, 1},
	{[]string{"boxing day", "lendemain de noel"}, time.December, 26},
	{[]string{"christmas day", "christmas", "noel", "xmas"}, time.December, 25},
}

// weekdayWords, French and English, folded.
var weekdayWords = map[string]bool{
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
}

// namedDayStarts are the first words of namedDays' phrases: a message
// without any is no named day.
var namedDayStarts = func() map[string]bool {
	out := map[string]bool{}
	for _, nd := range namedDays {
		addFirstWords(out, nd.phrases)
	}
	addFirstWords(out, festivePhrases)
	return out
}()

// festivePhrases name the end-of-year holidays as a whole: the days from
// Christmas Eve to New Year's Day.
var festivePhrases = []string{"les fetes", "fetes de fin d annee", "fin d annee", "fin de l annee", "over christmas", "christmas holidays",
	"festive season", "the holidays", "over the holidays", "christmas period", "periode de noel", "vacances de noel"}

// shiftStarts are the first words of the shifts' phrases: a message
// without any moves nothing by a little.
var shiftStarts = func() map[string]bool {
	out := map[string]bool{}
	for _, s := range shifts {
		addFirstWords(out, s.phrases)
	}
	return out
}()

// lastTimeStarts are the first words of lastTimePhrases.
var lastTimeStarts = func() map[string]bool {
	out := map[string]bool{}
	addFirstWords(out, lastTimePhrases)
	return out
}()

// addFirstWords adds the first word of each phrase to set.
func addFirstWords(set map[string]bool, phrases []string) {
	for _, p := range phrases {
		first, _, _ := strings.Cut(p, " ")
		set[first] = true
	}
}

// monthNames, French and English, folded.
var monthNames = map[string]bool{
	"janvier": true, "fevrier": true, "mars": true, "avril": true, "mai": true, "juin": true, "juillet": true, "aout": true,
	"septembre": true, "octobre": true, "novembre": true, "decembre": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true, "august": true,
	"september": true, "october": true, "november": true, "december": true,
}

// articles may stand between a negation and what it denies.
var articles = map[string]bool{"the": true, "a": true, "an": true, "le": true, "la": true, "les": true, "l": true, "de": true, "d": true, "du": true, "des": true, "un": true, "une": true}

// indefinite articles: before an ordinal, they make it an adjective.
var indefinite = map[string]bool{"un": true, "une": true, "a": true, "another": true}

// periodWords name a period of closure rather than every closed day.
var periodWords = []string{"vacances", "conges", "holiday", "holidays", "ferie", "feries", "bank", "ete", "summer", "hiver", "winter",
	"noel", "christmas", "xmas", "fetes", "paques", "easter", "august", "aout", "annuel", "annuels", "annual"}

// includeWords ask whether a service comes with another.
var includeWords = []string{"included", "include", "includes", "including", "inclus", "incluse", "inclut", "compris", "comprise", "comprend", "comprennent"}

// depositWords ask whether a booking must be paid for in part beforehand.
var depositWords = map[string]bool{"acompte": true, "acomptes": true, "arrhes": true, "deposit": true, "deposits": true, "prepay": true, "prepayment": true}

// healthWords make a question one of health, which only the team can
// answer.
var healthWords = map[string]bool{"enceinte": true, "grossesse": true, "allaite": true, "allaitement": true, "allergie": true, "allergique": true,
	"allergies": true, "eczema": true, "psoriasis": true, "chimio": true, "chimiotherapie": true, "pregnant": true, "pregnancy": true,
	"breastfeeding": true, "allergy": true, "allergic": true, "chemo": true, "chemotherapy": true, "dermatitis": true}

// englishWords and frenchWords vote for the customer's language.
var englishWords = []string{"hello", "hi", "hiya", "hey", "thx", "languages", "speak", "sorry", "prices", "cheers", "i", "my", "the", "want", "would", "like", "book", "appointment", "please", "what", "when", "where", "is", "are", "you",
	"do", "how", "much", "open", "thanks", "thank", "cut", "can", "have", "yes", "no", "tomorrow", "with", "cancel", "name", "at", "for", "an", "it", "which", "saturday", "today", "this", "your",
	"monday", "tuesday", "wednesday", "thursday", "friday", "sunday", "morning", "afternoon", "evening", "next", "week", "to", "of", "and", "in", "get", "need", "any", "there",
	"does", "could", "we", "free", "haircut", "blow", "dry", "price", "hours", "time", "day", "available", "booking", "am", "be",
	"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
	"tmrw", "tmr", "tmrow", "tomoz", "tomorow", "u", "ur", "pls", "plz", "thx", "thnx", "ty", "appt", "appts", "thurs", "tues", "weds", "fri", "pm",
	"colour", "color", "blowdry", "blowout", "beard", "trim", "mens", "womens", "ladies", "kids", "whats", "nearest", "walk", "ins", "phone", "number",
	"take", "see", "care", "wanna", "gonna", "got", "anything", "should", "will", "from", "near", "far", "much", "many", "soon", "asap",
	"sat", "sun", "wed", "thu", "openings", "opening", "checking", "half", "quarter", "noon", "noonish", "lunchtime"}
var frenchWords = []string{"bonjour", "je", "le", "la", "les", "vous", "un", "une", "rendez", "est", "pour", "merci", "de", "du", "des", "oui", "non", "mon", "ma", "mes",
	"voudrais", "suis", "avec", "coupe", "demain", "quel", "quelle", "combien", "etes", "c", "j", "l", "samedi", "ce", "au", "svp", "salut", "et", "qu",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "dimanche", "matin", "soir", "apres", "midi", "prochain", "prochaine", "semaine", "horaires", "prix", "veux",
	"pouvez", "avez", "quand", "faire", "prendre", "annuler", "heure", "heures", "il", "nous", "votre", "vos", "ai", "aujourd", "hui",
	"bonsoir", "coucou", "bjr", "slt", "allo", "stp", "rdv", "dispo", "ouvert", "ouverts", "fermes", "ou"}

// Businesses name their staff and their premises in their own words: the
// phrases that speak of them are spelt out for every trade's words here,
// so that a dental practice's "changer de dentiste" or "le cabinet est
// où ?" is understood as a salon's "changer de coiffeur" is.
var (
	staffNouns   = []string{"coiffeur", "coiffeuse", "dentiste", "praticien", "praticienne", "medecin", "docteur", "mecanicien", "garagiste", "estheticienne", "kine", "osteopathe", "hygieniste", "masseur", "masseuse", "conseiller", "conseillere", "barbier", "technicien"}
	staffNounsEN = []string{"stylist", "hairdresser", "barber", "dentist", "doctor", "practitioner", "mechanic", "therapist", "hygienist", "technician", "beautician"}
	placeNouns   = []string{"salon", "cabinet", "garage", "institut", "clinique", "magasin", "boutique", "atelier", "agence"}
)

// spell returns each template with %s replaced by each word.
func spell(templates, words []string) []string {
	var out []string
	for _, t := range templates {
		for _, w := range words {
			out = append(out, strings.ReplaceAll(t, "%s", w))
		}
	}
	return out
}

func init() {
	otherStaffPhrases = append(otherStaffPhrases, spell([]string{"changer de %s", "autre %s", "un autre %s", "une autre %s"}, staffNouns)...)
	otherStaffPhrases = append(otherStaffPhrases, spell([]string{"another %s", "a different %s", "change %s", "change my %s", "different %s"}, staffNounsEN)...)
	staffCountPhrases = append(staffCountPhrases, spell([]string{"combien de %ss", "combien de %s"}, staffNouns)...)
	staffCountPhrases = append(staffCountPhrases, spell([]string{"how many %ss"}, staffNounsEN)...)
	phrases[inHuman] = append(phrases[inHuman], spell([]string{"parler au %s", "parler a la %s", "parler a un %s", "parler avec le %s"}, staffNouns)...)
	phrases[inHuman] = append(phrases[inHuman], spell([]string{"quelqu un du %s", "parler au %s", "joindre le %s", "passer le %s", "appeler le %s"}, placeNouns)...)
	phrases[inHuman] = append(phrases[inHuman], spell([]string{"speak to the %s", "talk to the %s", "speak to a %s", "talk to a %s"}, staffNounsEN)...)
	phrases[inAddress] = append(phrases[inAddress], spell([]string{"%s est ou", "ou est le %s", "ou est votre %s", "comment aller au %s", "ou se trouve le %s"}, placeNouns)...)
}
