// Package badgerstore is the embedded [store.Store]: one Badger directory,
// owned by one process, holding any number of businesses (every key starts
// with the business id).
//
// # Durability at throughput
//
// A turn is acknowledged only once it is synced to disk. Syncing every turn
// on its own caps a disk at a few thousand turns a second, so a single
// committer goroutine merges the turns waiting for it into one Badger
// transaction, made durable with one sync (Options.MaxBatch bounds a
// batch). Badger's own
// conflict detection is off: the committer does its work instead, checking
// each turn in order against the state that includes the earlier turns of
// the same batch:
//
//   - the dedupe mark is still absent;
//   - the session is at the version the turn function read;
//   - no booking or hold overlaps a confirmed booking or another session's
//     live hold (see the invariants of package store).
//
// A turn that fails a check is answered only after the batch is durable and
// then runs again on a fresh snapshot, alone; other turns of the batch are
// not affected. After Options.MaxAttempts runs it fails with
// [store.ErrConflict] (wrapping [store.ErrSlotTaken] for a slot).
//
// Turns of one session are serialised in process before they run, so they
// never conflict with each other.
//
// # Pipelined commits
//
// Badger runs in managed mode: the committer numbers its batches (batch n
// commits at timestamp n) and every read — turn functions, the committer's
// checks, the listing methods — reads at the newest durable batch. A plain
// Badger read transaction would instead wait for every commit in flight,
// stalling all turn functions during each sync. Here nothing waits for a
// sync but the turns of that batch:
//
//   - turn functions run on the durable state while a batch syncs;
//   - the committer checks and stages the turns that arrive meanwhile into
//     the next batch, against the writes of the batch in flight over the
//     durable state, and sends it the moment the batch in flight is durable.
//
// At most one batch is in flight, so a batch is sent only once every batch
// it was checked against is durable. A sender goroutine commits it
// synchronously and answers its turns: with Badger's asynchronous commit,
// the callback goroutine it starts would push Badger's writer goroutine
// to the back of the run queue, behind every runnable turn (~0.4 ms per
// batch under load, more than the syncs). If a commit fails (an I/O error), the
// turns staged over it fail too and the store refuses further writes
// (Health says why). When the write-ahead log refused the batch (a full
// disk) and Badger took it, the committer appends the batch's record again,
// at most every second, before each new turn, and once it is synced the
// batch becomes visible and the store takes turns again. When Badger itself
// failed, the store refuses writes until it is reopened; Badger replays only
// whole transactions, so reopening starts from the last durable batch. Read timestamps still open hold back
// Badger's discard timestamp, so compaction keeps the versions they see.
//
// # Write-ahead log
//
// Badger writes without syncing. Each batch's record is appended to the
// store's own write-ahead log (the directory's "wal" folder, package
// internal/wal) and synced with one fdatasync by a log writer goroutine
// while the sender commits the batch to Badger; its turns are answered once
// both are done. The log needs every earlier record applied to Badger when
// it appends one (its checkpoints count on it), which holds since one batch
// is in flight at a time. Badger's own sync would cost two msync calls per
// batch (its memtable's log and its value log, even when every value lives
// in the LSM tree): about 7 % of the turns a second at 128 connections
// (docs/benchmarks.md).
//
// A record holds the batch's writes and its timestamp. A full log segment
// is recycled once Badger has flushed every memtable that was in use when
// the segment filled: a flush writes a synced table and then removes the
// memtable's log, so the segment's records are durable in Badger. If four
// full segments wait, or one waited 10 s (little traffic), a checkpoint
// fsyncs Badger's memtable logs and value log instead (forcing every
// memtable to disk cost 2-3 % of the turns a second when it ran at every
// segment). Open replays the segments left by a crash into Badger at their
// batches' timestamps: in managed mode that rewrites the same versions, so
// a batch Badger kept is unchanged and a batch it lost
// comes back. [Store.Close] closes Badger, which flushes its memtables, and
// then drops the log's records. With Options.NoSync there is no log.
//
// # Session cache
//
// A turn reads its session twice: the turn function reads it, and the
// committer reads it again to check its version. Both read an in-memory
// copy of the newest durable value of recent sessions instead of Badger's
// levels (Options.SessionCacheBytes, 32 MiB by default). The committer puts
// each batch's sessions into it once the batch is durable and before its
// turns are answered; a value read from Badger on a miss is added only if
// no session written after its snapshot was cached or evicted meanwhile.
// The cache is right only because this process is the directory's only
// writer, which Badger's directory lock guarantees.
//
// # Dedupe mark filter
//
// Nearly every turn carries a fresh provider message id, and looking its
// dedupe mark up in Badger finds nothing only after walking every memtable
// and level. A Bloom filter per business answers "certainly absent" instead:
// a background scan fills it with the marks present when the business's
// first turn since Open arrives, and the committer adds each batch's marks
// before the batch becomes visible. Until the scan completes, and whenever
// the filter says "maybe", the turn reads Badger as before; the committer's
// check of each mark against the batches since the turn's snapshot stays
// the final word.
//
// # Calendar index
//
// The overlap checks read one key per (business, UTC day, staff member)
// that the interval touches; each lists the confirmed bookings and holds of
// that staff member on that day. A booking spanning midnight is listed in
// both days.
//
// # A full disk
//
// Badger writes its memtables and tables through memory mappings of files
// it sizes in advance; on a full file system such a write kills the
// process (SIGBUS) rather than failing. So the store keeps a reserve of
// free space (Options.DiskReserveBytes, 128 MiB by default): Open refuses
// a directory with less, and while less is free the committer refuses
// turns with an error Health returns, reading the free space at most once
// a second and taking turns again by itself once there is room.
//
// # Housekeeping
//
// Dedupe marks are written with a Badger TTL (Options.DedupeRetention,
// store.DefaultDedupeRetention by default): once it passes, reads treat the
// mark as absent and compaction drops it.
//
// A background goroutine runs value log garbage collection every
// Options.GCInterval; [Store.Close] stops it, lets the turns in flight
// finish and commits what is queued before closing the database.
package badgerstore
