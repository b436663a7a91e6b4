package yamlhint_test

import (
	"errors"
	"fmt"

	"github.com/accueil-pme/accueil/internal/yamlhint"
)

func ExampleDidYouMean() {
	type Config struct {
		Addr string `yaml:"addr"`
		Data string `yaml:"data"`
	}
	err := errors.New(`[1:1] unknown field "adr"`)
	fmt.Println(err.Error() + yamlhint.DidYouMean(err, Config{}))
	// Output: [1:1] unknown field "adr"; did you mean "addr"?
}
