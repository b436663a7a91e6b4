package runtime

import (
	"context"
	"fmt"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/sdk/abi"
)

// endCall handles the report of a finished call: the slots the call still
// holds go back to the other customers at once (a caller who hung up will
// not confirm them), then the call record is stored.
//
// Without the release, a caller who checked a slot and hung up would keep it
// from everybody until the hold expired.
func (rt *Runtime) endCall(ctx context.Context, channel string, ev *abi.Event) error {
	if err := rt.releaseHolds(ctx, SessionKey(channel, ev.Conversation)); err != nil {
		// The holds expire by themselves: the report is still worth storing.
		rt.log.Error("release the holds of an ended call", "channel", channel, "id", ev.Conversation, "err", err)
	}
	return rt.recordCall(ctx, channel, ev)
}

// callStatus acts on a call's status change: a call that ended releases its
// holds at once (Vapi's end-of-call report can come a minute later, after
// its analysis). Message delivery statuses never read "ended".
func (rt *Runtime) callStatus(ctx context.Context, channel string, ev *abi.Event) {
	if ev.Status != "ended" || ev.Conversation == "" {
		return
	}
	if err := rt.releaseHolds(ctx, SessionKey(channel, ev.Conversation)); err != nil {
		rt.log.Error("release the holds of an ended call", "channel", channel, "id", ev.Conversation, "err", err)
	}
}

// releaseHolds drops every hold of a session in a turn transaction, leaving
// the session state as it is. Running it twice is harmless.
func (rt *Runtime) releaseHolds(ctx context.Context, session string) error {
	_, err := rt.store.Turn(ctx, store.TurnKey{Business: rt.biz.ID, Session: session, Now: rt.now()},
		func(store.View) (store.Writes, error) { return store.Writes{SetHolds: true}, nil })
	if err != nil {
		return fmt.Errorf("runtime: release holds of %s: %w", session, err)
	}
	return nil
}
