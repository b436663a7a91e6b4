// Package validate holds the guards: pure parsers and validators for what
// customers say, typed or transcribed from speech (no punctuation, "euh",
// numbers in words), French first, English too. Nothing here does I/O or
// reads a clock: the caller passes "now". Every function is safe for
// concurrent use.
//
// # Text
//
// [Fold] lower-cases, strips accents and turns punctuation into spaces
// ("l'après-midi" → "l apres midi"); [Tokens] splits the result.
// [ParseNumber] reads whole numbers in digits or words ("quatre-vingt-dix",
// "twenty one").
//
// # Dates and times
//
// [ParseWhen] reads date and time phrases with a small hand-written grammar
// ("demain à 14h", "jeudi matin", "le 1er mai", "5h de l'après-midi",
// "next Tuesday 10:30", "half past ten") into a [When]: a civil [Date], a
// [Clock], a [Part] of the day, flags (Approx, Nearest, After, Before) and
// a [Problem] when what was said cannot be taken as is (a weekday that does
// not match the day of the month, "31 février", a day in the past). The
// engine turns a Problem into a question back; ParseWhen never guesses
// between two readings. [When.Spans] and [When.Remove] say where the
// expressions were, so the rest of the sentence can go to intent matching.
// The resolution rules are documented on [ParseWhen].
//
// # Contact details
//
// [ParsePhone] finds a phone number (typed or spoken) and returns it in
// E.164, using github.com/nyaruka/phonenumbers. [ParseEmail] reads typed
// and spoken addresses ("jean point dupont arobase exemple point fr").
// [ParseName] reads a person's name after "je m'appelle", "c'est", "my name
// is" or alone, and capitalises it.
//
// # Errors
//
// ParsePhone and ParseEmail return errors wrapping [ErrNoPhone],
// [ErrInvalidPhone], [ErrNoEmail] or [ErrInvalidEmail]; test them with
// errors.Is. The other functions report failure with ok=false or, for
// ParseWhen, a zero [When] or a [Problem].
package validate
