// Package server is Accueil's HTTP front: the only package that speaks
// fasthttp. It routes requests, enforces limits, copies what it needs out of
// the fasthttp request, and hands plain values to a [Dispatcher], so the rest
// of the runtime knows nothing of fasthttp.
//
// # Routes
//
//	GET  /health                      liveness: {"status":"ok"}
//	GET  /api/{mount}/health          a plugin's health, from the Dispatcher
//	ANY  /api/{mount}/...             a plugin's requests (webhooks, chat API)
//	GET  /api/{mount}/events          server-sent events, when the Dispatcher streams
//	ANY  /admin/...                   the operator API (Bearer token), off when no token
//	GET  /metrics                     Prometheus text format
//	GET  /, /widget.js, ...           static files from the Dispatcher
//
// # Shutdown
//
// [Server.Shutdown] stops accepting connections and waits for the requests in
// flight (whole turns) to finish, or for its context to end.
package server
