// Package wal is badgerstore's write-ahead log: what makes a batch of turns
// durable with one append and one fdatasync, while Badger itself writes
// without syncing.
//
// # Why
//
// Badger syncs its memtable's log with msync over the whole mapping, and the
// value log too, even when nothing was written to it: two syncs per batch,
// each paying for page faults and page-table walks on top of the disk's
// flush. Appending the batch to a preallocated file and calling fdatasync is
// one plain write and one flush. Measured at 128 connections on the
// project's 2-core machine: +6 to +9 % turns per second (docs/benchmarks.md).
//
// # Segments
//
// Records go to segment files of a fixed size (Options.SegmentSize) named by
// a sequence number. Each record is a header — payload length and a CRC-32C
// of the segment's sequence number and the payload — and the payload. A
// segment is written in place from its start, so a reader stops at the first
// record whose length or checksum does not hold: the zeros of a fresh
// segment, a record torn by a crash, or what an earlier use of a recycled
// file left behind (its checksum was made with another sequence number).
//
// Writing over a file whose blocks are already allocated and written changes
// no file system metadata, so fdatasync flushes only the data. A new segment
// is therefore made by writing zeros to a spare file in the background, and
// a segment the log no longer needs becomes the next spare.
//
// # Checkpoints
//
// When a segment is full, the log moves to the next one and retires it. A
// retired segment is recycled, oldest first, once its records are durable
// elsewhere: when Options.Persisted says that the caller's own work made
// them so (badgerstore: Badger flushed the memtables holding them to synced
// tables), or after Options.Checkpoint, which must make durable every effect
// the caller applied before the call (badgerstore fsyncs Badger's memtable
// and value log files). The log checkpoints when Options.MaxRetired segments
// wait or the oldest waited Options.MaxWait, or at every retirement
// without Persisted. The caller must therefore
// apply a record's effects before it appends the next record.
//
// # Recovery
//
// [Open] reads every segment left on disk, oldest first, and hands each
// record to the caller, who re-applies it; then it checkpoints and recycles
// them. Segments are recycled oldest first and only after a checkpoint, so
// the segments on disk always hold every record appended since the last
// completed checkpoint: re-applying them in order reproduces every write
// since, deletions included.
package wal
