package form_test

import (
	"fmt"

	"github.com/accueil-pme/accueil/sdk/form"
)

func ExampleParse() {
	body := []byte("Body=&From=whatsapp%3A%2B33639980012&Body=Bonjour+%C3%A0+tous&Flag")
	vals, err := form.Parse(nil, body)
	if err != nil {
		panic(err)
	}
	for _, p := range vals {
		fmt.Printf("%s=%q\n", p.Key, p.Value)
	}
	_, err = form.Parse(nil, []byte("Body=100%"))
	fmt.Println(err)
	// Output:
	// Body=""
	// From="whatsapp:+33639980012"
	// Body="Bonjour à tous"
	// Flag=""
	// form: invalid percent escape "%" at byte 8
}

func ExampleValues_Lookup() {
	vals, _ := form.ParseString(nil, "Body=&NumMedia=1")
	body, ok := vals.Lookup("Body")
	fmt.Printf("%q %v\n", body, ok)
	_, ok = vals.Lookup("MessageStatus")
	fmt.Println(ok)
	// Output:
	// "" true
	// false
}

// A Decoder reuses its memory: the pairs live until its next call.
func ExampleDecoder() {
	var d form.Decoder
	for _, body := range []string{"From=whatsapp%3A%2B33639980012&Body=Bonjour+!", "Body=Merci"} {
		pairs, err := d.ParseString(body)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(len(pairs), pairs.Get("Body"))
	}
	// Output:
	// 2 Bonjour !
	// 1 Merci
}
