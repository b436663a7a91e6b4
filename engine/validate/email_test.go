package validate

import (
	"errors"
	"testing"
)

func TestParseEmail(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"jean.dupont@exemple.fr", "jean.dupont@exemple.fr", nil},
		{"Jean.Dupont@Exemple.FR", "jean.dupont@exemple.fr", nil},
		{"mon mail: jean.dupont@exemple.fr, merci", "jean.dupont@exemple.fr", nil},
		{"mailto:paul@salon-lumiere.example", "paul@salon-lumiere.example", nil},
		{"email:paul@x.fr", "paul@x.fr", nil},
		{"c'est paul+rdv@gmail.com.", "paul+rdv@gmail.com", nil},
		{"jean point dupont arobase exemple point fr", "jean.dupont@exemple.fr", nil},
		{"Jean point Dupont arobase exemple point FR", "jean.dupont@exemple.fr", nil},
		{"mon mail c'est jean tiret dupont at gmail dot com", "jean-dupont@gmail.com", nil},
		{"jean tiret bas dupont arobase free point fr", "jean_dupont@free.fr", nil},
		{"jean tiret du huit dupont arobase free point fr", "jean_dupont@free.fr", nil},
		{"jean underscore dupont arobase free point fr", "jean_dupont@free.fr", nil},
		{"p a u l arobase orange point fr", "paul@orange.fr", nil},
		{"paul 75 arobase orange point fr", "paul75@orange.fr", nil},
		{"paul arobase gmail.com", "paul@gmail.com", nil},
		{"euh paul arobase euh gmail point com", "paul@gmail.com", nil},
		{"marie arobas wanadoo point fr", "marie@wanadoo.fr", nil},
		{"john dot smith at example dot co dot uk", "john.smith@example.co.uk", nil},
		{"meet me at noon", "", ErrNoEmail},
		{"bonjour", "", ErrNoEmail},
		{"", "", ErrNoEmail},
		{"paul@", "", ErrInvalidEmail},
		{"@gmail.com", "", ErrInvalidEmail},
		{"paul@gmail", "", ErrInvalidEmail},
		{"paul@gmail.c", "", ErrInvalidEmail},
		{"paul..x@gmail.com", "", ErrInvalidEmail},
		{"hélène@exemple.fr", "", ErrInvalidEmail},
		{"paul@-x.fr", "", ErrInvalidEmail},
		{"arobase gmail point com", "", ErrInvalidEmail},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseEmail(tc.in)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("ParseEmail(%q) = %q, %v; want error %v", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("ParseEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}
