package webchat

import (
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
)

// TestHistoryOnBadger: on the real store, the messages of one turn are one
// durable transaction, and they survive a reopen.
func TestHistoryOnBadger(t *testing.T) {
	dir := t.TempDir()
	st, err := badgerstore.Open(dir, badgerstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := NewHistory(st, HistoryOptions{})
	at := time.Date(2027, 3, 5, 10, 0, 0, 0, time.UTC)
	before := st.CommitStats().Turns
	if _, err := h.Append(t.Context(), "salon", conv,
		Message{ID: "m1", Role: RoleCustomer, Text: "Bonjour", At: at},
		Message{ID: "r.m1.0", Role: RoleAssistant, Text: "Bonjour !", At: at},
		Message{ID: "r.m1.1", Role: RoleAssistant, Text: "Que puis-je faire pour vous ?", At: at},
	); err != nil {
		t.Fatal(err)
	}
	if n := st.CommitStats().Turns - before; n != 1 {
		t.Errorf("the turn's three messages took %d transactions, want 1", n)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = badgerstore.Open(dir, badgerstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, _ = NewHistory(st, HistoryOptions{})
	msgs, err := h.Load(t.Context(), "salon", conv)
	if err != nil || len(msgs) != 3 || msgs[2].Text != "Que puis-je faire pour vous ?" || msgs[2].Seq != 3 {
		t.Fatalf("after reopen: %+v, %v", msgs, err)
	}
}
