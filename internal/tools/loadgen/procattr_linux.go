package main

import (
	"os"
	"os/exec"
	"syscall"
)

// datasync is fdatasync(2): the data and no file metadata that is not needed
// to read it back.
func datasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }

// dieWithParent makes cmd receive SIGTERM if the load generator dies first
// (a closed pipe, a kill), so no server outlives a run.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
