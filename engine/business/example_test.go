package business_test

import (
	"fmt"

	"github.com/accueil-pme/accueil/engine/business"
)

func ExampleParse() {
	_, err := business.Parse([]byte(`id: salon
name: Salon
timezone: Europe/Paris
greeting: {fr: "Bonjour !"}
address: {fr: "1 rue de Paris"}
phone: "+33 1 99 00 12 34"
hours: {tuesday: ["09:00-12:00"]}
services:
  - {id: coupe, name: {fr: coupe}, duration: 30x, staff: [hugo]}
`))
	fmt.Println(err)
	// Output:
	// [9:46] services[0].duration: "30x" is not a positive duration (e.g. 45m)
	// [9:59] services[0].staff[0]: unknown staff "hugo" (see staff[].id)
}
