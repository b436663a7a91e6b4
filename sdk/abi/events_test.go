package abi

import (
	"strings"
	"testing"
)

// TestCheckEvents: events a plugin returns without a conversation (a
// status needs only its message's id), or of a kind the host does not
// know, are refused with what to fix.
func TestCheckEvents(t *testing.T) {
	for _, tc := range []struct {
		name string
		evs  []Event
		want string
	}{
		{"fine", []Event{{Kind: KindMessage, Conversation: "+33639980012"}, {Kind: KindInfo}}, ""},
		{"no conversation", []Event{{Kind: KindMessage, ID: "m1"}}, "has no Conversation"},
		{"blank conversation", []Event{{Kind: KindCallEnd, Conversation: "  "}}, "has no Conversation"},
		{"status of an unknown conversation", []Event{{Kind: KindStatus, ID: "SM1", Status: "delivered"}}, ""},
		{"status without id", []Event{{Kind: KindStatus, Conversation: "+33639980012", Status: "delivered"}}, "has no ID"},
		{"unknown kind", []Event{{Kind: "msg", Conversation: "x"}}, `kind "msg"`},
	} {
		err := CheckEvents(tc.evs)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}
