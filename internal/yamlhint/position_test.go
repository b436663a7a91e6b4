package yamlhint_test

import (
	"errors"
	"testing"

	"github.com/accueil-pme/accueil/internal/yamlhint"
)

func TestLocate(t *testing.T) {
	data := []byte("name: x\nhours:\n  tuesday: [\"09:00-12:00\", \"14:00-25:30\"]\n  friday: [\"9h\"]\n")
	err := errors.Join(
		errors.New(`hours.friday[0]: "9h" is not a range`),
		errors.New(`hours.tuesday[1]: "25:30" is not a time of day`),
		errors.New(`phone: is required`), // not in the file: kept, last
		errors.New(`a problem with no path`),
	)
	want := "[3:28] hours.tuesday[1]: \"25:30\" is not a time of day\n" +
		"[4:12] hours.friday[0]: \"9h\" is not a range\n" +
		"phone: is required\n" +
		"a problem with no path"
	if got := yamlhint.Locate(data, err).Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// A key left out inside an item is placed at the item.
	data = []byte("name: x\nstaff:\n  - id: a\n    weekdays: [mon]\n  - id: b\nservices:\n  - id: s\n")
	err = errors.Join(errors.New("staff[1].weekdays: is required"), errors.New("services[0].duration: is required"))
	want = "[5:7] staff[1].weekdays: is required\n[7:7] services[0].duration: is required"
	if got := yamlhint.Locate(data, err).Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if yamlhint.Locate(data, nil) != nil {
		t.Error("nil error located")
	}
}
