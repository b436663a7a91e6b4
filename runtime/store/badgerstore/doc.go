// Package badgerstore is the embedded [store.Store]: one Badger directory,
// owned by one process, holding any number of businesses (every key starts
// with the business id).
//
// # Durability at throughput
//
// A turn is acknowledged only once it is synced to disk. Syncing every turn
// on its own caps a disk at a few thousand turns a second, so a single
// committer goroutine merges the turns waiting for it into one Badger
// transaction, synced once (Options.MaxBatch bounds a batch). Badger's own
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
// # Calendar index
//
// The overlap checks read one key per (business, UTC day, staff member)
// that the interval touches; each lists the confirmed bookings and holds of
// that staff member on that day. A booking spanning midnight is listed in
// both days.
//
// # Housekeeping
//
// A background goroutine runs value log garbage collection every
// Options.GCInterval; [Store.Close] stops it, lets the turns in flight
// finish and commits what is queued before closing the database.
package badgerstore
