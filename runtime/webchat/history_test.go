package webchat

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accueil-pme/accueil/runtime/store"
)

const conv = "c0nversation-0001"

func TestHistoryAppendLoad(t *testing.T) {
	st := newMemStore()
	h, err := NewHistory(st, HistoryOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 3, 5, 10, 0, 0, 0, time.UTC)
	msgs, err := h.Load(t.Context(), "salon", conv)
	if err != nil || len(msgs) != 0 {
		t.Fatalf("Load of unknown conversation = %v, %v", msgs, err)
	}
	stored, err := h.Append(t.Context(), "salon", conv,
		Message{ID: "m1", Role: RoleCustomer, Text: "Bonjour", At: at},
		Message{ID: "r.m1.0", Role: RoleAssistant, Text: "Bonjour !", Choices: []Choice{{"yes", "Oui"}}, At: at},
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 2 || stored[0].Seq != 1 || stored[1].Seq != 2 {
		t.Fatalf("stored = %+v", stored)
	}
	// A retried turn stores nothing new.
	again, err := h.Append(t.Context(), "salon", conv, Message{ID: "m1", Role: RoleCustomer, Text: "Bonjour"})
	if err != nil || len(again) != 0 {
		t.Fatalf("retry stored %v, %v", again, err)
	}
	// Two more messages overflow the ring of 3.
	if _, err := h.Append(t.Context(), "salon", conv,
		Message{ID: "m2", Role: RoleCustomer, Text: "Samedi", At: at.Add(time.Minute)},
		Message{ID: "r.m2.0", Role: RoleAssistant, Text: "10h ?", At: at.Add(time.Minute)},
	); err != nil {
		t.Fatal(err)
	}
	msgs, err = h.Load(t.Context(), "salon", conv)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range msgs {
		ids = append(ids, fmt.Sprint(m.ID, "#", m.Seq))
	}
	if got := strings.Join(ids, " "); got != "r.m1.0#2 m2#3 r.m2.0#4" {
		t.Errorf("history = %s", got)
	}
	if msgs[0].Choices[0].Label != "Oui" || !msgs[0].At.Equal(at) {
		t.Errorf("message not round-tripped: %+v", msgs[0])
	}
	// Storage is bounded by the ring.
	recs, _ := st.Records(t.Context(), "salon", HistoryKind(conv))
	if len(recs) != 3 {
		t.Errorf("%d records stored, want 3", len(recs))
	}
	for _, r := range recs {
		if r.Session != "web:"+conv || len(r.ID) != 4 {
			t.Errorf("record key %+v", r)
		}
	}
	// Other businesses and conversations are separate.
	if msgs, _ := h.Load(t.Context(), "other", conv); len(msgs) != 0 {
		t.Errorf("other business sees %v", msgs)
	}
}

func TestHistoryErrors(t *testing.T) {
	if _, err := NewHistory(nil, HistoryOptions{}); err == nil {
		t.Error("NewHistory(nil) succeeded")
	}
	if _, err := NewHistory(newMemStore(), HistoryOptions{Limit: 1001}); err == nil {
		t.Error("limit 1001 accepted")
	}
	st := newMemStore()
	h, _ := NewHistory(st, HistoryOptions{})
	if h.Limit() != 50 {
		t.Errorf("default limit = %d", h.Limit())
	}
	if _, err := h.Append(t.Context(), "b", "bad id", Message{ID: "x"}); err == nil {
		t.Error("invalid conversation accepted")
	}
	if _, err := h.Append(t.Context(), "b", conv, Message{}); err == nil {
		t.Error("message without id accepted")
	}
	st.fail = errors.New("disk full")
	if _, err := h.Append(t.Context(), "b", conv, Message{ID: "x"}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Append error = %v", err)
	}
	if _, err := h.Load(t.Context(), "b", conv); err == nil {
		t.Error("Load hid the store error")
	}
	st.fail = nil
	st.PutRecord(t.Context(), "b", store.Record{Kind: HistoryKind(conv), ID: "0001", Data: []byte("{")})
	if _, err := h.Load(t.Context(), "b", conv); err == nil || !strings.Contains(err.Error(), "record 0001") {
		t.Errorf("Load of a corrupt record = %v", err)
	}
}

func TestHistoryConcurrentAppends(t *testing.T) {
	h, _ := NewHistory(newMemStore(), HistoryOptions{Limit: 100})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 10 {
				if _, err := h.Append(t.Context(), "b", conv, Message{ID: fmt.Sprint(g, "-", i)}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	msgs, _ := h.Load(t.Context(), "b", conv)
	if len(msgs) != 40 {
		t.Fatalf("%d messages, want 40", len(msgs))
	}
	for i, m := range msgs {
		if m.Seq != int64(i+1) {
			t.Fatalf("message %d has seq %d", i, m.Seq)
		}
	}
}

func FuzzDecodeMessage(f *testing.F) {
	f.Add([]byte(`{"id":"m1","role":"customer","text":"x","at":"2027-03-05T10:00:00Z","seq":1}`))
	f.Add([]byte(`{"id":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decodeMessage(data)
		if err == nil && m.ID == "" {
			t.Fatal("accepted a message without id")
		}
	})
}
