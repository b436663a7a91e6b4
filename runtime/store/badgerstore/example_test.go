package badgerstore_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
)

// A turn books a slot unless the calendar shows it taken; a provider retry
// with the same dedupe key gets the stored reply.
func Example() {
	dir, err := os.MkdirTemp("", "accueil-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s, err := badgerstore.Open(dir, badgerstore.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	start := time.Date(2030, 3, 4, 10, 0, 0, 0, time.UTC)
	book := func(v store.View) (store.Writes, error) {
		taken, err := v.Bookings(start, start.Add(time.Hour))
		if err != nil {
			return store.Writes{}, err
		}
		if len(taken) > 0 {
			return store.Writes{Reply: []byte("Ce créneau est pris.")}, nil
		}
		return store.Writes{
			Session: []byte(`{"step":"booked"}`),
			Reply:   []byte("C'est noté pour lundi 10h."),
			Book: []store.Booking{{
				ID: "LUM-1", Service: "coupe", Staff: "marie",
				Start: start, End: start.Add(45 * time.Minute), BlockEnd: start.Add(time.Hour),
				Customer: store.Customer{Phone: "+33639980012"},
			}},
		}, nil
	}
	k := store.TurnKey{Business: "salon-lumiere", Session: "whatsapp:+33639980012", Dedupe: "SM1", Now: start.Add(-24 * time.Hour)}
	for range 2 {
		res, err := s.Turn(context.Background(), k, book)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s (duplicate: %v)\n", res.Reply, res.Duplicate)
	}
	k.Session, k.Dedupe = "voice:call-7", "call-7-1"
	res, err := s.Turn(context.Background(), k, book)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(res.Reply))
	// Output:
	// C'est noté pour lundi 10h. (duplicate: false)
	// C'est noté pour lundi 10h. (duplicate: true)
	// Ce créneau est pris.
}
