// Package examples holds the example business files shipped with Accueil.
package examples

import _ "embed"

// SalonLumiere is examples/salon-lumiere.yaml, the demo business (Salon
// Lumière, a hair salon in Paris) served when no business file is given.
//
//go:embed salon-lumiere.yaml
var SalonLumiere []byte
