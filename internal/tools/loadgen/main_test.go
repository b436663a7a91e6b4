package main

import (
	"net/url"
	"path/filepath"
	"testing"
)

// TestWhatsAppTurnMatchesForm checks the fast body builder against the
// plain url.Values encoding it stands for.
func TestWhatsAppTurnMatchesForm(t *testing.T) {
	for _, n := range []int64{0, 7, 4999, 5000, 123456789, 1796473664083859923} {
		got := string(whatsappTurn([]byte("junk"), n)[len("junk"):])
		from := "+336399" + pad(n%5000, 5)
		want := string(form("SM"+pad(n, 32), from, "Bonjour, quels sont vos horaires ?"))
		if got != want {
			t.Fatalf("n=%d:\n got %s\nwant %s", n, got, want)
		}
		v, err := url.ParseQuery(got)
		if err != nil || v.Get("From") != "whatsapp:"+from || v.Get("MessageSid") != "SM"+pad(n, 32) {
			t.Fatalf("n=%d: %v %v", n, err, v)
		}
	}
}

func pad(v int64, width int) string { return string(appendPadded(nil, v, width)) }

func TestSyncProbe(t *testing.T) {
	p50, p90, err := syncProbe(t.TempDir(), 20)
	if err != nil {
		t.Fatal(err)
	}
	if p50 <= 0 || p90 < p50 {
		t.Errorf("p50 %s, p90 %s: want 0 < p50 ≤ p90", p50, p90)
	}
	if _, _, err := syncProbe(filepath.Join(t.TempDir(), "missing"), 1); err == nil {
		t.Error("a missing directory: no error")
	}
}
