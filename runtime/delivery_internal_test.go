package runtime

import (
	"fmt"
	"testing"

	"github.com/accueil-pme/accueil/sdk/abi"
)

func TestUndeliveredAttrs(t *testing.T) {
	base := "[channel whatsapp id SM1 to +33639980047 status failed"
	for _, tc := range []struct {
		name  string
		attrs []abi.KV
		want  string
	}{
		{"known code, no message", []abi.KV{{Key: "ErrorCode", Value: "63016"}},
			base + " error_code 63016 error outside WhatsApp's 24-hour customer service window: only an approved template message can be sent until the customer writes again]"},
		{"the provider's message wins", []abi.KV{{Key: "ErrorCode", Value: "63016"}, {Key: "ErrorMessage", Value: "Outside window"}},
			base + " error_code 63016 error Outside window]"},
		{"unknown code", []abi.KV{{Key: "ErrorCode", Value: "12345"}}, base + " error_code 12345]"},
		{"nothing", nil, base + "]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := &abi.Event{ID: "SM1", To: "+33639980047", Status: "failed", Attrs: tc.attrs}
			if got := fmt.Sprint(undeliveredAttrs("whatsapp", ev)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
