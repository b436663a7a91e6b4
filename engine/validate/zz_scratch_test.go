package validate

import (
	"fmt"
	"os"
	"testing"
	"time"
)

func TestScratch(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 3, 11, 10, 0, 0, 0, loc) // Wednesday
	for _, s := range []string{"demain à 14h", "demain 14h", "aujourd'hui", "après-demain midi", "mardi prochain 10h30", "mardi", "ce samedi", "samedi 28", "jeudi matin", "le 3 décembre", "3/12", "03/12/2026", "le 1er mai", "dans deux semaines", "dans 3 jours", "la semaine prochaine", "14h30", "14h", "14 h 30", "14:30", "2 heures et demie de l'après-midi", "quatorze heures", "quatorze heures trente", "vers 15 heures", "midi", "midi et demi", "10h du matin", "5h de l'après-midi", "demin", "euh mardi euh 10 heures", "tomorrow at 2pm", "next Tuesday 10:30", "Thursday morning", "on December 3rd", "3 December", "in two weeks", "at noon", "2:30 pm", "half past ten", "jeudi 18", "31 février", "entre 14h et 16h", "je voudrais une coupe demain vers 15h svp", "le plus tôt possible", "à 3h", "dans une heure", "onze heures moins le quart", "after 5pm", "avant midi", "le vingt et un mars", "Paul Dumain", "le 3 décembre deux mille vingt-sept", "hier", "ce soir", "from 2 to 4pm", "quarter to three"} {
		w := ParseWhen(s, now, loc)
		fmt.Fprintf(os.Stdout, "%-45q date=%s end=%s time=%v/%s part=%s approx=%v near=%v apm=%v after=%v before=%v endt=%v prob=%q rest=%q\n", s, w.Date, w.EndDate, w.HasTime, w.Time, w.Part, w.Approx, w.Nearest, w.AssumedPM, w.After, w.Before, w.HasEndTime && true, w.Problem.String(), w.Remove(s))
		_ = fmt.Sprint(w.EndTime)
	}
}
