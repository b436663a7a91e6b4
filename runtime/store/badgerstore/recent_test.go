package badgerstore

import "testing"

func TestRecentKeys(t *testing.T) {
	m1 := key("salon", tagDedupe, "SM1")
	m2 := key("salon", tagDedupe, "SM2")
	sess := key("salon", tagSession, "whatsapp:+33612345678")
	r := newRecentKeys(10, 2) // batches 11 on are held; two at most
	check := func(k []byte, since uint64, wantWritten, wantKnown bool) {
		t.Helper()
		if w, kn := r.writtenSince(k, since); w != wantWritten || kn != wantKnown {
			t.Errorf("writtenSince(%q, %d) = %v, %v; want %v, %v", k, since, w, kn, wantWritten, wantKnown)
		}
	}
	check(m1, 10, false, true) // nothing sent since the store opened
	check(m1, 9, false, false) // before the store opened: read Badger
	r.add(11, []string{string(m1)}, map[string]stagedWrite{string(m1): {v: []byte("r")}, string(sess): {v: []byte("s")}})
	check(m1, 10, true, true)  // batch 11 wrote it after the snapshot
	check(m1, 11, false, true) // no batch after 11 wrote it
	check(m2, 10, false, true)
	if len(r.m) != 1 {
		t.Errorf("holds %d keys, want only the dedupe mark", len(r.m))
	}
	r.add(12, nil, nil) // a batch without marks still counts
	r.add(13, []string{string(m2)}, map[string]stagedWrite{string(m2): {v: []byte("r")}})
	check(m1, 10, false, false) // batch 11 is no longer held
	check(m1, 11, false, true)
	check(m2, 12, true, true)
	if _, ok := r.m[string(m1)]; ok {
		t.Error("the mark of a batch no longer held is still in the map")
	}
	r.add(14, []string{string(m2)}, map[string]stagedWrite{string(m2): {del: true}})
	check(m2, 12, false, true) // deleted since
}
