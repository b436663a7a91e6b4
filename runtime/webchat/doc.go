// Package webchat holds the host-side parts of the web chat that a pure
// plugin cannot do: pushing later replies to open widgets, remembering the
// conversation for a reloaded page, rate limits and CORS.
//
// It imports no HTTP server: the host (runtime/server) copies what it needs
// out of the request, calls these helpers, and writes their [Response] or
// stream back. The web plugin (plugins/web) answers the rest of /api/web/….
//
// # Pieces
//
//   - [Hub] fans events out to the widgets of one conversation: [Hub.Subscribe]
//     and [Hub.Publish], with bounded buffers and no goroutines of its own.
//   - [WriteSSE], [WriteComment] and [Stream] format Server-Sent Events.
//   - [History] keeps the last messages of a conversation in a [store.Store]
//     as records (see "Storage keys" below).
//   - [Limiter] is a memory-bounded set of token buckets keyed by string
//     (a conversation, an IP address).
//   - [Policy] is a strict CORS policy.
//   - [Service] ties them together for the two host-handled routes,
//     GET /api/web/history and GET /api/web/events, and records each web turn.
//
// # Identifiers
//
// A conversation id is chosen by the widget (crypto.randomUUID) and must
// match [ValidConversation]: 16 to 64 characters of [A-Za-z0-9_-]. The
// session key of the conversation is "web:" + id ([SessionKey]).
//
// Message ids are unique within a conversation and shared by the plugin's
// HTTP answers, the history and the SSE events, so the widget can drop
// duplicates: a customer message keeps the widget's client id (no "."), the
// n-th reply to it is [ReplyID] "r.<client id>.<n>", the n-th greeting reply
// is [GreetingID] "g.<n>", and a message pushed later by the host is
// "p.<anything>".
//
// # Storage keys
//
// History is stored as records, the messages of one turn in one store
// transaction ([store.Store.Turn] writing only records, under the
// conversation's session key): Kind "webmsg:<conversation>",
// Session "web:<conversation>", ID the slot number as four digits ("0000" to
// limit-1, a ring of [HistoryOptions.Limit] slots), At the message time, and
// Data the message as JSON ({"id","role","text","choices","at","seq"}).
// The ring keeps storage bounded per conversation; seq orders the slots.
package webchat
