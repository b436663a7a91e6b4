package validate

import "testing"

func BenchmarkParseWhen(b *testing.B) {
	for _, in := range []string{
		"je voudrais une coupe demain vers 15h svp",
		"euh mardi euh 10 heures",
		"est-ce que vous avez de la place le 3 décembre à quatorze heures trente pour une couleur",
		"bonjour je voudrais savoir si vous prenez la carte bleue",
		"next Tuesday at half past two",
	} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ParseWhen(in, wed, paris)
			}
		})
	}
}

func BenchmarkFold(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Fold("Je voudrais un rendez-vous l'après-midi, s'il vous plaît !")
	}
}

func BenchmarkParsePhone(b *testing.B) {
	for _, in := range []string{"06 39 98 00 12", "zéro six trente-neuf quatre-vingt-dix-huit zéro zéro douze"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = ParsePhone(in, "FR")
			}
		})
	}
}

func BenchmarkParseEmail(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseEmail("jean point dupont arobase exemple point fr")
	}
}

func BenchmarkParseName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ParseName("bonjour je m'appelle Hélène Dupré")
	}
}

func BenchmarkParseNumber(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ParseNumber("quatre-vingt-dix-neuf")
	}
}
