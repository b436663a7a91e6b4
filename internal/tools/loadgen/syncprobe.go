package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// syncProbe times n overwrites of one 4 KiB block followed by fdatasync (as
// the store's write-ahead log does, on a preallocated file) in dir, and
// returns the median and the 90th percentile. The machine's disk moves
// between runs as much as its CPU does; printed beside the load's figures,
// it tells which kind of hour they come from.
func syncProbe(dir string, n int) (p50, p90 time.Duration, err error) {
	f, err := os.CreateTemp(dir, "sync-probe-")
	if err != nil {
		return 0, 0, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	block := make([]byte, 4096)
	if _, err := f.Write(block); err != nil {
		return 0, 0, err
	}
	if err := f.Sync(); err != nil {
		return 0, 0, err
	}
	lats := make([]time.Duration, 0, n)
	for i := range n {
		block[0] = byte(i)
		start := time.Now()
		if _, err := f.WriteAt(block, 0); err != nil {
			return 0, 0, err
		}
		if err := datasync(f); err != nil {
			return 0, 0, fmt.Errorf("sync %s: %w", filepath.Base(f.Name()), err)
		}
		lats = append(lats, time.Since(start))
	}
	slices.Sort(lats)
	return lats[len(lats)/2], lats[len(lats)*9/10], nil
}
