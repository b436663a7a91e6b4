package abi

import (
	"fmt"
	"strings"
)

// CheckEvents applies the host's rules to the events of a ParseResult and
// reports the first it breaks: a kind it knows; a Conversation for the
// kinds that run a turn (message, session_start, tool_call) and for
// call_end; the ID of the message a status reports on. The host answers a
// request whose events break them with the plugin's fallback; sdktest.Parse
// fails on them.
func CheckEvents(evs []Event) error {
	for i := range evs {
		ev := &evs[i]
		switch ev.Kind {
		case KindMessage, KindSessionStart, KindToolCall, KindCallEnd:
			if strings.TrimSpace(ev.Conversation) == "" {
				return fmt.Errorf("event %d (%s, id %q) has no Conversation: set it to what identifies the customer's conversation (their number, a chat id), or every customer shares one", i, ev.Kind, ev.ID)
			}
		case KindStatus:
			// Its conversation is optional: a provider's delivery report may
			// not say whose message it was.
			if strings.TrimSpace(ev.ID) == "" {
				return fmt.Errorf("event %d (status %q) has no ID: set it to the provider's id of the message whose delivery it reports", i, ev.Status)
			}
		case KindInfo:
		default:
			return fmt.Errorf("event %d has kind %q; the host knows %s, %s, %s, %s, %s and %s", i, ev.Kind,
				KindMessage, KindSessionStart, KindToolCall, KindStatus, KindCallEnd, KindInfo)
		}
	}
	return nil
}
