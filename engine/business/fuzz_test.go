package business

import (
	"testing"

	"github.com/accueil-pme/accueil/examples"
)

// FuzzParse checks that no input makes Parse panic, and that what parses
// validates again without error.
func FuzzParse(f *testing.F) {
	f.Add(examples.SalonLumiere)
	f.Add([]byte("id: x\nname: X\n"))
	f.Add([]byte("hours: {monday: [\"09:00-12:00\"]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(data)
		if err != nil {
			return
		}
		if err := b.Validate(); err != nil {
			t.Fatalf("valid business fails Validate again: %v", err)
		}
	})
}
