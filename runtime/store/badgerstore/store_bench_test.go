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

// BenchmarkDurableTurns measures durable turns per second, and how many
// turns the committer merged into each synced batch, with 1, 32 and 128
// concurrent writers. Each turn writes a ~600 B session, a dedupe mark and an
// outbox entry (the shape of a real turn):
//
//   - raw-txn-per-turn: plain Badger, one SyncWrites transaction per turn,
//     the baseline the committer replaces (32 writers only);
//   - store: Store.Turn with the default pipelined, grouped committer.
//
// It takes about 2 s a sub-benchmark with the default -benchtime.
func BenchmarkDurableTurns(b *testing.B) {
	b.Run("raw-txn-per-turn/writers=32", func(b *testing.B) {
		db, err := badger.Open(badger.DefaultOptions(b.TempDir()).WithSyncWrites(true).WithLogger(nil))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		run(b, 32, func(w, i int) error {
			return db.Update(func(txn *badger.Txn) error {
				sess := "salon\x00s\x00web:" + strconv.Itoa(w)
				_ = txn.Set([]byte(sess), session)
				_ = txn.Set([]byte("salon\x00d\x00"+strconv.Itoa(w)+"-"+strconv.Itoa(i)), []byte("ok"))
				return txn.Set([]byte("salon\x00o\x00"+strconv.Itoa(w)+"-"+strconv.Itoa(i)), outbound)
			})
		})
	})
	for _, writers := range []int{1, 32, 128} {
		b.Run(fmt.Sprintf("store/writers=%d", writers), func(b *testing.B) {
			s, err := badgerstore.Open(b.TempDir(), badgerstore.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
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
			cs := s.CommitStats()
			batches, turns := cs.Commits, cs.Turns
			if batches > 0 {
				b.ReportMetric(float64(turns)/float64(batches), "turns/batch")
			}
		})
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
