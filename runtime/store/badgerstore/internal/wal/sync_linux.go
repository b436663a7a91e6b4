package wal

import (
	"os"

	"golang.org/x/sys/unix"
)

// datasync flushes f's data, and its metadata only where needed to read the
// data back (its size): a write over allocated blocks then costs one flush.
func datasync(f *os.File) error { return unix.Fdatasync(int(f.Fd())) }
