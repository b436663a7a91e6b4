package badgerstore_test

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/accueil-pme/accueil/runtime/store"
	"github.com/accueil-pme/accueil/runtime/store/badgerstore"
)

// BenchmarkDurableTurns measures durable turns per second with 1, 32 and 128
// concurrent writers, each turn writing a ~600 B session, a dedupe mark and
// an outbox entry (the shape of a real turn):
//
//   - raw-txn-per-turn: plain Badger, one SyncWrites transaction per turn
//     (the baseline the committer replaces);
//   - store-maxbatch-1: Store.Turn with every turn committed on its own;
//   - store-grouped: Store.Turn with the grouped committer (the default).
func BenchmarkDurableTurns(b *testing.B) {
	for _, writers := range []int{1, 32, 128} {
		b.Run(fmt.Sprintf("raw-txn-per-turn/writers=%d", writers), func(b *testing.B) {
			db, err := badger.Open(badger.DefaultOptions(b.TempDir()).WithSyncWrites(true).WithLogger(nil))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			run(b, writers, func(w, i int) error {
				return db.Update(func(txn *badger.Txn) error {
					sess := "salon\x00s\x00web:" + strconv.Itoa(w)
					_ = txn.Set([]byte(sess), session)
					_ = txn.Set([]byte("salon\x00d\x00"+strconv.Itoa(w)+"-"+strconv.Itoa(i)), []byte("ok"))
					return txn.Set([]byte("salon\x00o\x00"+strconv.Itoa(w)+"-"+strconv.Itoa(i)), outbound)
				})
			})
		})
		for _, mode := range []struct {
			name     string
			maxBatch int
		}{{"store-maxbatch-1", 1}, {"store-grouped", 0}} {
			b.Run(fmt.Sprintf("%s/writers=%d", mode.name, writers), func(b *testing.B) {
				s, err := badgerstore.Open(b.TempDir(), badgerstore.Options{MaxBatch: mode.maxBatch})
				if err != nil {
					b.Fatal(err)
				}
				defer func() {
					batches, turns := s.Stats()
					if batches > 0 {
						b.ReportMetric(float64(turns)/float64(batches), "turns/batch")
					}
					s.Close()
				}()
				now := time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)
				run(b, writers, func(w, i int) error {
					k := store.TurnKey{Business: "salon", Session: "web:" + strconv.Itoa(w), Dedupe: strconv.Itoa(w) + "-" + strconv.Itoa(i), Now: now}
					_, err := s.Turn(b.Context(), k, func(store.View) (store.Writes, error) {
						return store.Writes{
							Session: session,
							Reply:   []byte("ok"),
							Outbox:  []store.Outbound{{ID: k.Dedupe, Channel: "whatsapp", To: "+33600000000", NotBefore: now, Body: outbound}},
						}, nil
					})
					return err
				})
			})
		}
	}
}

var (
	session  = make([]byte, 600)
	outbound = make([]byte, 200)
)

// run spreads b.N turns over writers goroutines and reports turns/s.
func run(b *testing.B, writers int, turn func(w, i int) error) {
	b.ReportAllocs()
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for w := range writers {
		wg.Go(func() {
			for {
				i := int(next.Add(1))
				if i > b.N {
					return
				}
				if err := turn(w, i); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "turns/s")
}
