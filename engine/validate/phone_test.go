package validate

import (
	"errors"
	"testing"
)

func TestParsePhone(t *testing.T) {
	tests := []struct {
		in, region, want string
		err              error
	}{
		{"06 39 98 00 12", "FR", "+33639980012", nil},
		{"06.39.98.00.12", "FR", "+33639980012", nil},
		{"06-39-98-00-12", "FR", "+33639980012", nil},
		{"0639980012", "FR", "+33639980012", nil},
		{"+33 6 39 98 00 12", "FR", "+33639980012", nil},
		{"+33 (0)6 39 98 00 12", "FR", "+33639980012", nil},
		{"+33639980012", "", "+33639980012", nil},
		{"0033639980012", "FR", "+33639980012", nil},
		{"00 33 6 39 98 00 12", "FR", "+33639980012", nil},
		{"whatsapp:+33639980012", "FR", "+33639980012", nil},
		{"tel:+33199001234", "FR", "+33199001234", nil},
		{"+33 1 99 00 12 34", "FR", "+33199001234", nil},
		{"01 99 00 12 34", "fr", "+33199001234", nil},
		{"mon numéro c'est le 06 39 98 00 12 merci", "FR", "+33639980012", nil},
		{"zéro six trente-neuf quatre-vingt-dix-huit zéro zéro douze", "FR", "+33639980012", nil},
		{"zero six trente neuf quatre vingt dix huit zero zero douze", "FR", "+33639980012", nil},
		{"euh zéro six, trente-neuf, quatre-vingt-dix-huit, zéro zéro, douze", "FR", "+33639980012", nil},
		{"c'est un zéro six trente neuf quatre vingt dix huit zéro zéro douze", "FR", "+33639980012", nil},
		{"zéro six trente-neuf quatre-vingt-dix-huit double zéro douze", "FR", "+33639980012", nil},
		{"plus trente-trois six trente-neuf quatre-vingt-dix-huit zéro zéro douze", "FR", "+33639980012", nil},
		{"06 trente-neuf 98 00 12", "FR", "+33639980012", nil},
		{"zero six three nine nine eight zero zero one two", "FR", "+33639980012", nil},
		{"oh seven four double zero one two three four five six", "GB", "+447400123456", nil},
		{"+44 7400 123456", "FR", "+447400123456", nil},
		{"(202) 555-0143", "US", "+12025550143", nil},
		{"+1 415 555 2671", "FR", "+14155552671", nil},
		{"bonjour", "FR", "", ErrNoPhone},
		{"", "FR", "", ErrNoPhone},
		{"06 39", "FR", "", ErrInvalidPhone},
		{"06 39 98 00 12 34 56", "FR", "", ErrInvalidPhone},
		{"0639980012", "", "", ErrInvalidPhone},
		{"09 00 00 00 00 0", "FR", "", ErrInvalidPhone},
		{"jean@exemple.fr", "FR", "", ErrNoPhone},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParsePhone(tc.in, tc.region)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("ParsePhone(%q) error = %v, want %v", tc.in, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePhone(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ParsePhone(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
