package main

import (
	"log/slog"

	"github.com/accueil-pme/accueil/engine/business"
	"github.com/accueil-pme/accueil/runtime"
	"github.com/accueil-pme/accueil/runtime/store"
)

// wireWeb adds the web chat's host side (static files, event stream,
// history, limits) to deps.
func wireWeb(deps *runtime.Deps, b *business.Business, s store.Store, log *slog.Logger) {
}
