package validate

import "testing"

func TestParseName(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"je suis Paul Martin", "Paul Martin", true},
		{"je suis paul martin", "Paul Martin", true},
		{"je m'appelle Paul", "Paul", true},
		{"Je m’appelle Paul", "Paul", true},
		{"c'est Marie Dupont", "Marie Dupont", true},
		{"Paul Martin", "Paul Martin", true},
		{"paul martin", "Paul Martin", true},
		{"PAUL MARTIN", "Paul Martin", true},
		{"my name is John Smith", "John Smith", true},
		{"I'm Sarah O'Neil", "Sarah O'Neil", true},
		{"this is Emma", "Emma", true},
		{"Bonjour, je m'appelle Hélène Dupré, merci", "Hélène Dupré", true},
		{"oui bonjour alors moi c'est jean-pierre de la fontaine", "Jean-Pierre de la Fontaine", true},
		{"c'est de la part de Madame Durand", "Durand", true},
		{"Mme Durand", "Durand", true},
		{"au nom de Lefèvre s'il vous plaît", "Lefèvre", true},
		{"mon nom est Nguyen", "Nguyen", true},
		{"O'CONNOR", "O'Connor", true},
		{"McDonald", "McDonald", true},
		{"élise", "Élise", true},
		{"Paul, Bon je sais pas", "Paul", true},
		{"Ben Stiller", "Ben Stiller", true},
		{"ben voilà Paul Martin", "Paul Martin", true},
		{"Paul, ben voilà", "Paul", true},
		{"Julie Bon", "Julie Bon", true},
		{"Marc Ben", "Marc Ben", true},
		{"Inès", "Inès", true},
		{"euh Camille", "Camille", true},
		// Not names.
		{"oui", "", false},
		{"non merci", "", false},
		{"bonjour", "", false},
		{"Bonjour !", "", false},
		{"42", "", false},
		{"06 39 98 00 12", "", false},
		{"paul@exemple.fr", "", false},
		{"je suis disponible demain", "", false},
		{"Je suis intéressé", "", false},
		{"je voudrais un rendez-vous", "", false},
		{"c'est pour une coupe", "", false},
		{"demain à 14h", "", false},
		{"mardi", "", false},
		{"d'accord", "", false},
		{"vous êtes ouvert ?", "", false},
		{"I would like to book a haircut", "", false},
		{"un deux trois quatre cinq six", "", false},
		{"", "", false},
		{"c'est", "", false},
		{"x", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseName(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ParseName(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}
