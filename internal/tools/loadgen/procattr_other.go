//go:build !linux

package main

import (
	"os"
	"os/exec"
)

// datasync falls back to a full sync where fdatasync(2) is missing.
func datasync(f *os.File) error { return f.Sync() }

// dieWithParent has no portable equivalent outside Linux.
func dieWithParent(*exec.Cmd) {}
