package validate_test

import (
	"fmt"
	"time"

	"github.com/accueil-pme/accueil/engine/validate"
)

func ExampleParseWhen() {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 3, 11, 10, 0, 0, 0, paris) // a Wednesday
	text := "je voudrais une coupe demain vers 15h svp"
	w := validate.ParseWhen(text, now, paris)
	fmt.Println(w.Date, w.Time, w.Approx)
	fmt.Println(w.Remove(text))
	// Output:
	// 2026-03-12 15:00 true
	// je voudrais une coupe svp
}

func ExampleParseWhen_problem() {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 3, 11, 10, 0, 0, 0, paris)
	w := validate.ParseWhen("jeudi 18 à 10h", now, paris)
	if w.Problem.Kind == validate.ProblemWeekdayMismatch {
		fmt.Printf("Le %d est un %s : voulez-vous dire le %s ?\n",
			w.Problem.Date.Day, w.Problem.Date.Weekday(), w.Problem.Alternative)
	}
	// Output:
	// Le 18 est un Wednesday : voulez-vous dire le 2026-03-19 ?
}

func ExampleParseWhen_english() {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 3, 11, 10, 0, 0, 0, paris)
	w := validate.ParseWhen("next Tuesday at half past two", now, paris)
	start, _ := w.Start(paris)
	fmt.Println(start.Format(time.RFC3339), w.AssumedPM)
	// Output:
	// 2026-03-17T14:30:00+01:00 true
}

func ExampleParsePhone() {
	for _, s := range []string{
		"06 39 98 00 12",
		"zéro six trente-neuf quatre-vingt-dix-huit zéro zéro douze",
		"whatsapp:+33639980012",
	} {
		e164, err := validate.ParsePhone(s, "FR")
		fmt.Println(e164, err)
	}
	_, err := validate.ParsePhone("06 39", "FR")
	fmt.Println(err)
	// Output:
	// +33639980012 <nil>
	// +33639980012 <nil>
	// +33639980012 <nil>
	// validate: invalid phone number: "0639" has only 4 digits
}

func ExampleParseEmail() {
	addr, err := validate.ParseEmail("jean point dupont arobase exemple point fr")
	fmt.Println(addr, err)
	// Output: jean.dupont@exemple.fr <nil>
}

func ExampleParseName() {
	for _, s := range []string{"je m'appelle paul martin", "my name is John Smith", "oui"} {
		fmt.Println(validate.ParseName(s))
	}
	// Output:
	// Paul Martin true
	// John Smith true
	//  false
}

func ExampleParseNumber() {
	fmt.Println(validate.ParseNumber("quatre-vingt-dix-huit"))
	fmt.Println(validate.ParseNumber("twenty one"))
	// Output:
	// 98 true
	// 21 true
}

func ExampleFold() {
	fmt.Println(validate.Fold("L'après-midi, Œuvre ÇA !"))
	fmt.Println(validate.Tokens("Je m'appelle Hélène"))
	// Output:
	// l apres midi oeuvre ca
	// [je m appelle helene]
}
