// Package pgstore is the [store.Store] on PostgreSQL, for several hosts
// sharing one database. Every row is keyed by business id.
//
// # Invariants by construction
//
// Nothing relies on a lock inside one process:
//
//   - the dedupe mark is a primary key, inserted in the commit transaction
//     (a mark older than Options.DedupeRetention is ignored and replaced,
//     and an hourly pass deletes such marks);
//   - turns of one session queue on a session-level advisory lock, and the
//     session row is compared and set on its version;
//   - a turn that books or holds locks the calendars it touches (transaction
//     advisory locks per business and staff member, in sorted order) and
//     then checks the slot against fresh data: confirmed bookings, and live
//     holds (expires_at after the turn's Now) of other sessions;
//   - an exclusion constraint (btree_gist) forbids two overlapping confirmed
//     bookings of one staff member, whatever the code does.
//
// A failed check, a serialization failure, a deadlock or a constraint
// violation runs the turn function again on a fresh snapshot, up to
// Options.MaxAttempts times, then Turn returns [store.ErrConflict].
//
// # Schema
//
// [Open] creates the tables (prefixed accueil_) and applies pending
// migrations under an advisory lock, so hosts starting together are safe.
// Durability is PostgreSQL's: a commit returns once the server reports it
// durable under its synchronous_commit setting (on by default).
package pgstore
