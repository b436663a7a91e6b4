package main

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes cmd receive SIGTERM if the load generator dies first
// (a closed pipe, a kill), so no server outlives a run.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
