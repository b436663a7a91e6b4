package webchat

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"sync"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
)

// Message roles.
const (
	// RoleCustomer is a message the customer wrote or tapped.
	RoleCustomer = "customer"
	// RoleAssistant is an answer of the engine.
	RoleAssistant = "assistant"
	// RoleStaff is a message a person of the business sent (a takeover).
	RoleStaff = "staff"
)

// Choice is a quick reply offered with a message.
type Choice struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Message is one message of a web conversation, as stored, pushed and sent
// to the widget.
type Message struct {
	// ID is unique within the conversation (see the package doc).
	ID      string   `json:"id"`
	Role    string   `json:"role"`
	Text    string   `json:"text"`
	Choices []Choice `json:"choices,omitempty"`
	// Handoff is the number the customer may call, on the last reply of
	// the turn that handed the conversation to a person (E.164).
	Handoff string `json:"handoff,omitempty"`
	// HandoffUntil is, on the last reply of a turn while the team has the
	// conversation and the assistant stays silent, when that pause ends
	// (RFC 3339, UTC): the widget restores the call link and explains
	// empty replies until then.
	HandoffUntil string    `json:"handoff_until,omitempty"`
	At           time.Time `json:"at"`
	// Seq orders the messages of a conversation; [History.Append] sets it.
	Seq int64 `json:"seq"`
}

// HistoryKind returns the record kind holding a conversation's history.
func HistoryKind(conversation string) string { return "webmsg:" + conversation }

// HistoryOptions configure a [History]. The zero value is usable.
type HistoryOptions struct {
	// Limit is how many messages are kept per conversation (both ways);
	// 0 means 50. It may not exceed 1000.
	Limit int
}

// History keeps the last messages of each web conversation in a store. It
// is safe for concurrent use; appends to one conversation are serialized
// within this process (several hosts appending to one conversation at the
// same instant may overwrite each other's slot: the store has no
// compare-and-set for records).
type History struct {
	st    store.Store
	limit int
	seed  maphash.Seed
	locks [64]sync.Mutex
}

// NewHistory returns a history over st.
//
// # Errors
//
// It fails when opts.Limit is negative or above 1000.
func NewHistory(st store.Store, opts HistoryOptions) (*History, error) {
	if st == nil {
		return nil, errors.New("webchat: new history: nil store")
	}
	if opts.Limit < 0 || opts.Limit > 1000 {
		return nil, fmt.Errorf("webchat: new history: limit %d is out of range (0 to 1000)", opts.Limit)
	}
	if opts.Limit == 0 {
		opts.Limit = 50
	}
	return &History{st: st, limit: opts.Limit, seed: maphash.MakeSeed()}, nil
}

// Limit returns how many messages are kept per conversation.
func (h *History) Limit() int { return h.limit }

// Load returns the last messages of a conversation, oldest first; none
// (and no error) for an unknown conversation.
func (h *History) Load(ctx context.Context, business, conversation string) ([]Message, error) {
	msgs, err := h.load(ctx, business, conversation)
	if err != nil {
		return nil, err
	}
	if len(msgs) > h.limit {
		msgs = msgs[len(msgs)-h.limit:]
	}
	return msgs, nil
}

func (h *History) load(ctx context.Context, business, conversation string) ([]Message, error) {
	recs, err := h.st.Records(ctx, business, HistoryKind(conversation))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("webchat: load history of %s: %w", conversation, err)
	}
	msgs := make([]Message, 0, len(recs))
	for _, r := range recs {
		m, err := decodeMessage(r.Data)
		if err != nil {
			return nil, fmt.Errorf("webchat: load history of %s: record %s: %w", conversation, r.ID, err)
		}
		msgs = append(msgs, m)
	}
	slices.SortStableFunc(msgs, func(a, b Message) int { return cmp.Compare(a.Seq, b.Seq) })
	return msgs, nil
}

func decodeMessage(data []byte) (Message, error) {
	var m Message
	if err := json.Unmarshal(data, &m); err != nil {
		return Message{}, fmt.Errorf("decode message: %w", err)
	}
	if m.ID == "" {
		return Message{}, errors.New("decode message: no id")
	}
	return m, nil
}

// Append stores msgs after the conversation's last message, in one store
// transaction (all of them or none), and returns the ones it stored, with
// Seq set. A message whose ID is already in the history is skipped, so
// appending the same turn twice (a retried request) stores it once. A zero
// At is left as is.
func (h *History) Append(ctx context.Context, business, conversation string, msgs ...Message) ([]Message, error) {
	if !ValidConversation(conversation) {
		return nil, fmt.Errorf("webchat: append history: invalid conversation id %q", conversation)
	}
	mu := &h.locks[maphash.String(h.seed, business+"\x00"+conversation)%uint64(len(h.locks))]
	mu.Lock()
	defer mu.Unlock()
	have, err := h.load(ctx, business, conversation)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(have)+len(msgs))
	var seq int64
	for _, m := range have {
		seen[m.ID] = true
		seq = max(seq, m.Seq)
	}
	var (
		out  []Message
		recs []store.Record
	)
	for _, m := range msgs {
		if m.ID == "" {
			return nil, fmt.Errorf("webchat: append history of %s: message without id", conversation)
		}
		if seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		seq++
		m.Seq = seq
		data, err := json.Marshal(m)
		if err != nil {
			return nil, fmt.Errorf("webchat: append history of %s: encode: %w", conversation, err)
		}
		recs = append(recs, store.Record{
			Kind:    HistoryKind(conversation),
			ID:      fmt.Sprintf("%04d", seq%int64(h.limit)),
			Session: SessionKey(conversation),
			At:      m.At,
			Data:    data,
		})
		out = append(out, m)
	}
	if len(recs) == 0 {
		return nil, nil
	}
	// One durable write for the turn's messages, all or none, ordered with
	// the conversation's turns (same session key).
	k := store.TurnKey{Business: business, Session: SessionKey(conversation)}
	if _, err := h.st.Turn(ctx, k, func(store.View) (store.Writes, error) {
		return store.Writes{Records: recs}, nil
	}); err != nil {
		return nil, fmt.Errorf("webchat: append history of %s: %w", conversation, err)
	}
	return out, nil
}
