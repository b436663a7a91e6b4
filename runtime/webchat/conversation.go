package webchat

import "strconv"

// Conversation id bounds (see [ValidConversation]).
const (
	MinConversationLen = 16
	MaxConversationLen = 64
)

// ValidConversation reports whether id is an acceptable conversation id:
// 16 to 64 characters of [A-Za-z0-9_-].
func ValidConversation(id string) bool {
	if len(id) < MinConversationLen || len(id) > MaxConversationLen {
		return false
	}
	return idChars(id)
}

// ValidClientID reports whether id is an acceptable client message id:
// 1 to 64 characters of [A-Za-z0-9_-].
func ValidClientID(id string) bool {
	return len(id) >= 1 && len(id) <= MaxConversationLen && idChars(id)
}

func idChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// SessionKey returns the host's session key of a web conversation.
func SessionKey(conversation string) string { return "web:" + conversation }

// ReplyID returns the id of the n-th reply (0-based) to the customer
// message whose client id is clientID.
func ReplyID(clientID string, n int) string { return "r." + clientID + "." + strconv.Itoa(n) }

// GreetingID returns the id of the n-th reply (0-based) to a session start.
func GreetingID(n int) string { return "g." + strconv.Itoa(n) }
