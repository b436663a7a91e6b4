package validate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone errors. ParsePhone wraps them with details; test with errors.Is.
var (
	// ErrNoPhone means the text holds no phone number at all.
	ErrNoPhone = errors.New("validate: no phone number found")
	// ErrInvalidPhone means digits were found but they are not a valid
	// number (too short, too long, unknown range, missing country code).
	ErrInvalidPhone = errors.New("validate: invalid phone number")
)

// maxPhoneText bounds the text ParsePhone reads; longer texts are cut.
const maxPhoneText = 512

// ParsePhone finds a phone number in text and returns it in E.164
// ("+33639980012"). It reads typed forms ("06 39 98 00 12",
// "06.39.98.00.12", "+33 6 39 98 00 12", "0033639980012",
// "whatsapp:+33639980012", "tel:+33…") and spoken ones, digits in words
// ("zéro six trente-neuf quatre-vingt-dix-huit zéro zéro douze", "plus
// trente-trois six …", "double zéro", English "oh six …"). defaultRegion
// is the ISO 3166 region ("FR") used when the number has no country code.
//
// # Errors
//
// ErrNoPhone when there is no number, ErrInvalidPhone (wrapped, with the
// reason) when the digits are not a valid number for the region.
func ParsePhone(text, defaultRegion string) (e164 string, err error) {
	if len(text) > maxPhoneText {
		text = text[:maxPhoneText]
	}
	var arr [32]token
	toks := dropFillers(lex(text, arr[:0]))
	best, bestDigits := "", 0
	for i := 0; i < len(toks); {
		run, next := phoneRun(text, toks, i)
		if d := countDigits(run); d > bestDigits {
			best, bestDigits = run, d
		}
		if next <= i {
			next = i + 1
		}
		i = next
	}
	if bestDigits == 0 {
		return "", ErrNoPhone
	}
	if bestDigits < 6 {
		return "", fmt.Errorf("%w: %q has only %d digits", ErrInvalidPhone, best, bestDigits)
	}
	e, err := checkPhone(best, defaultRegion)
	if err != nil && (strings.HasPrefix(best, "1") || strings.HasPrefix(best, "+1")) {
		// "c'est un 06…": the article was read as a digit.
		if e2, err2 := checkPhone(strings.TrimPrefix(strings.TrimPrefix(best, "+"), "1"), defaultRegion); err2 == nil {
			return e2, nil
		}
	}
	return e, err
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

func checkPhone(digits, region string) (string, error) {
	if strings.HasPrefix(digits, "00") {
		digits = "+" + digits[2:]
	}
	if region == "" && !strings.HasPrefix(digits, "+") {
		return "", fmt.Errorf("%w: %q has no country code and no default region was given", ErrInvalidPhone, digits)
	}
	num, err := phonenumbers.Parse(digits, strings.ToUpper(region))
	if err != nil {
		return "", fmt.Errorf("%w: %q: %v", ErrInvalidPhone, digits, err)
	}
	if !phonenumbers.IsValidNumber(num) && !fictionFR(num) {
		switch phonenumbers.IsPossibleNumberWithReason(num) {
		case phonenumbers.TOO_SHORT:
			return "", fmt.Errorf("%w: %q is too short", ErrInvalidPhone, digits)
		case phonenumbers.TOO_LONG:
			return "", fmt.Errorf("%w: %q is too long", ErrInvalidPhone, digits)
		}
		return "", fmt.Errorf("%w: %q is not a number in use", ErrInvalidPhone, digits)
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

// PhoneRegion returns the ISO 3166 region of an E.164 number ("GB" for
// "+441134960000"), or "" when it has none.
func PhoneRegion(e164 string) string {
	num, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return ""
	}
	return phonenumbers.GetRegionCodeForNumber(num)
}

// ExamplePhone returns an example mobile number of region in E.164, or ""
// for an unknown region.
func ExamplePhone(region string) string {
	num := phonenumbers.GetExampleNumberForType(strings.ToUpper(region), phonenumbers.MOBILE)
	if num == nil {
		return ""
	}
	return phonenumbers.Format(num, phonenumbers.E164)
}

// phoneRun collects the digits of one phone number starting at toks[i]; it
// returns them (with a leading '+' when said or typed) and the index after.
func phoneRun(text string, toks []token, i int) (string, int) {
	var sb strings.Builder
	j := i
	for j < len(toks) {
		t := toks[j]
		switch {
		case t.kind == tkNum:
			if sb.Len() == 0 && t.start > 0 && plusBefore(text, t.start) {
				sb.WriteByte('+')
			}
			sb.WriteString(t.s)
			j++
			continue
		case t.kind == tkPunct && t.s != "@":
			if sb.Len() == 0 {
				break
			}
			j++
			continue
		case t.kind == tkWord:
			switch t.s {
			case "plus":
				if sb.Len() == 0 && j+1 < len(toks) && (toks[j+1].kind == tkNum || isNumberWord(toks, j+1)) {
					sb.WriteByte('+')
					j++
					continue
				}
			case "double", "triple":
				reps := 2
				if t.s == "triple" {
					reps = 3
				}
				if v, n := digitGroup(toks, j+1); n > 0 {
					for range reps {
						sb.WriteString(v)
					}
					j += 1 + n
					continue
				}
			case "oh", "o":
				if sb.Len() > 0 || j+1 < len(toks) && isNumberWord(toks, j+1) {
					sb.WriteByte('0')
					j++
					continue
				}
			case "whatsapp", "tel", "phone", "sms":
				if sb.Len() == 0 && j+1 < len(toks) && toks[j+1].kind == tkPunct && toks[j+1].s == ":" {
					j += 2
					continue
				}
			}
			if v, n := digitGroup(toks, j); n > 0 {
				sb.WriteString(v)
				j += n
				continue
			}
		}
		break
	}
	if j == i {
		return "", i + 1
	}
	return sb.String(), j
}

func isNumberWord(toks []token, i int) bool {
	_, ok := wordAt(toks, i)
	return ok
}

// digitGroup reads one spoken group of digits: "zéro" → "0", "six" → "6",
// "trente-neuf" → "39", "quatre-vingt-dix-huit" → "98". Hundreds are read
// too ("deux cent douze" → "212").
func digitGroup(toks []token, i int) (string, int) {
	v, n := below1000(toks, i)
	if n == 0 {
		return "", 0
	}
	return fmt.Sprint(v), n
}

// plusBefore reports whether a '+' precedes position i, ignoring spaces.
func plusBefore(text string, i int) bool {
	for k := i - 1; k >= 0; k-- {
		switch text[k] {
		case ' ', '\t':
			continue
		case '+':
			return true
		}
		return false
	}
	return false
}

// fictionPrefixesFR are the French ranges ARCEP reserves for fiction, films
// and demos (each prefix + 4 digits); libphonenumber calls them unassigned,
// but demos and tests use them, so they are accepted.
var fictionPrefixesFR = []string{"19900", "26191", "35301", "46571", "53649", "63998"}

func fictionFR(num *phonenumbers.PhoneNumber) bool {
	if num.GetCountryCode() != 33 {
		return false
	}
	nat := fmt.Sprint(num.GetNationalNumber())
	if len(nat) != 9 {
		return false
	}
	for _, p := range fictionPrefixesFR {
		if strings.HasPrefix(nat, p) {
			return true
		}
	}
	return false
}
