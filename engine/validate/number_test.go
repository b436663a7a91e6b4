package validate

import "testing"

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"14", 14, true},
		{"0", 0, true},
		{"zéro", 0, true},
		{"un", 1, true},
		{"une", 1, true},
		{"quatorze", 14, true},
		{"dix-sept", 17, true},
		{"dix sept", 17, true},
		{"vingt", 20, true},
		{"vingt et un", 21, true},
		{"vingt-deux", 22, true},
		{"trente-deux", 32, true},
		{"soixante-dix", 70, true},
		{"soixante et onze", 71, true},
		{"soixante-quinze", 75, true},
		{"soixante-dix-neuf", 79, true},
		{"quatre-vingts", 80, true},
		{"quatre-vingt-un", 81, true},
		{"quatre-vingt-dix", 90, true},
		{"quatre-vingt-dix-huit", 98, true},
		{"quatre-vingt-dix-neuf", 99, true},
		{"septante-deux", 72, true},
		{"nonante", 90, true},
		{"cent", 100, true},
		{"cent un", 101, true},
		{"deux cents", 200, true},
		{"trois cent quarante-cinq", 345, true},
		{"mille", 1000, true},
		{"deux mille vingt-sept", 2027, true},
		{"mille neuf cent quatre-vingt-dix-neuf", 1999, true},
		{"Quatorze", 14, true},
		{"euh douze", 12, true},
		{"fourteen", 14, true},
		{"twenty one", 21, true},
		{"twenty-one", 21, true},
		{"ninety nine", 99, true},
		{"one hundred and five", 105, true},
		{"two thousand and twenty six", 2026, true},
		{"", 0, false},
		{"douze pommes", 0, false},
		{"six neuf", 0, false},
		{"bonjour", 0, false},
		{"12 13", 0, false},
		{"1234567890", 0, false},
		{"et", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseNumber(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ParseNumber(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}
