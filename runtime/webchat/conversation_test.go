package webchat

import (
	"strings"
	"testing"
)

func TestValidConversation(t *testing.T) {
	tests := []struct {
		name string
		id   string
		want bool
	}{
		{"uuid", "3f2b6c1e-8d4a-4b7e-9c1f-2a3b4c5d6e7f", true},
		{"min length", strings.Repeat("a", 16), true},
		{"max length", strings.Repeat("Z", 64), true},
		{"too short", strings.Repeat("a", 15), false},
		{"too long", strings.Repeat("a", 65), false},
		{"empty", "", false},
		{"dot", "abcdefghijklmnop.", false},
		{"space", "abcdefgh ijklmnop", false},
		{"colon", "abcdefgh:ijklmnop", false},
		{"non ascii", "abcdéfghijklmnopq", false},
		{"underscore", "abc_def_ghi_jkl_", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidConversation(tt.id); got != tt.want {
				t.Errorf("ValidConversation(%q) = %v, want %v", tt.id, got, tt.want)
			}
		})
	}
}

func TestIDs(t *testing.T) {
	if got := ReplyID("m1", 2); got != "r.m1.2" {
		t.Errorf("ReplyID = %q", got)
	}
	if got := GreetingID(0); got != "g.0" {
		t.Errorf("GreetingID = %q", got)
	}
	if got := SessionKey("abc"); got != "web:abc" {
		t.Errorf("SessionKey = %q", got)
	}
	if ValidClientID("") || !ValidClientID("m-1") || ValidClientID("r.m.1") {
		t.Error("ValidClientID misjudges")
	}
}

func FuzzValidConversation(f *testing.F) {
	f.Add("3f2b6c1e-8d4a-4b7e-9c1f-2a3b4c5d6e7f")
	f.Add("short")
	f.Fuzz(func(t *testing.T, id string) {
		if !ValidConversation(id) {
			return
		}
		if len(id) < 16 || len(id) > 64 || strings.ContainsAny(id, ".:/ \n\"<>") {
			t.Fatalf("accepted %q", id)
		}
	})
}
