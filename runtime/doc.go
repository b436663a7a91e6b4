// Package runtime assembles Accueil: it routes provider requests to channel
// plugins, runs each customer event through the engine inside the store's
// turn transaction, and renders the answer through the plugin again.
//
// # One turn
//
//	plugin.Parse(request) → events
//	for each event: store.Turn(dedupe key, session) { engine.Step(...) } → result
//	plugin.Render(request, events, results) → HTTP answer
//
// The dedupe key is the provider's event id (Twilio MessageSid, Vapi tool call
// id) within its conversation, so a provider retry gets the stored answer and
// changes nothing, and the same id from another sender is not a retry. The
// engine is pure; the runtime converts between sdk/abi, engine and store types.
//
// [Runtime] implements the server's Dispatcher; cmd/accueil wires a store, a
// plugin host, an engine and a server around it.
package runtime
