package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// runCompare measures two builds of accueil against each other: both
// servers run side by side, each on a fresh data directory, and are driven
// in turn, so that each pair of rounds sees the machine in about the same
// state. The machines this project is measured on change speed from minute
// to minute by a third; the median of the pairs' ratios is what holds.
func runCompare(binA, binB, plugins string, conns int, d time.Duration, rounds int) error {
	a, err := startAccueil(binA, plugins)
	if err != nil {
		return err
	}
	defer a.stop()
	b, err := startAccueil(binB, plugins)
	if err != nil {
		return err
	}
	defer b.stop()
	const path = "/api/whatsapp/webhook"
	load(a.addr, path, conns, time.Second, whatsappTurn, formCT)
	load(b.addr, path, conns, time.Second, whatsappTurn, formCT)
	fmt.Printf("A: %s\nB: %s\n%d connections, %d rounds of %s each, in turn\n\n", binA, binB, conns, rounds, d)
	fmt.Printf("  %5s %10s %10s %8s %12s %12s\n", "round", "A req/s", "B req/s", "B/A", "A µs CPU/req", "B µs CPU/req")
	var ratios, cpuA, cpuB []float64
	for i := range rounds {
		ra, ca := a.drive(path, conns, d)
		rb, cb := b.drive(path, conns, d)
		if ra.rps == 0 || rb.rps == 0 {
			return fmt.Errorf("round %d: a server answered nothing (%d / %d errors)", i+1, ra.errors, rb.errors)
		}
		ratios = append(ratios, rb.rps/ra.rps)
		cpuA, cpuB = append(cpuA, ca), append(cpuB, cb)
		fmt.Printf("  %5d %10.0f %10.0f %8.3f %12s %12s\n", i+1, ra.rps, rb.rps, rb.rps/ra.rps, cpuText(ca), cpuText(cb))
	}
	fmt.Printf("\nmedian B/A: %.3f; server CPU per request, medians: A %s µs, B %s µs\n",
		medianOf(ratios), cpuText(medianOf(cpuA)), cpuText(medianOf(cpuB)))
	return nil
}

type server struct {
	addr string
	cmd  *exec.Cmd
	data string
}

func startAccueil(bin, plugins string) (*server, error) {
	data, err := os.MkdirTemp("", "accueil-compare-")
	if err != nil {
		return nil, err
	}
	s := &server{addr: freeAddr(), data: data}
	s.cmd = exec.Command(bin, "serve", "--addr", s.addr, "--data", data, "--plugins", plugins)
	s.cmd.Env = append(os.Environ(), "ACCUEIL_LOG_LEVEL=warn")
	var log bytes.Buffer
	s.cmd.Stderr = &log
	dieWithParent(s.cmd)
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(data)
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	if err := waitHealthy(s.addr, "/health"); err != nil {
		s.stop()
		return nil, errors.Join(err, errors.New(log.String()))
	}
	return s, nil
}

// drive loads the server for d and returns the result and the server's CPU
// time per request in µs (-1 where /proc cannot tell).
func (s *server) drive(path string, conns int, d time.Duration) (result, float64) {
	return measure(s.cmd.Process.Pid, d, func() result { return load(s.addr, path, conns, d, whatsappTurn, formCT) })
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	_ = s.cmd.Wait()
	os.RemoveAll(s.data)
}

// cpuTime returns a process's user and system CPU time in ns, from
// /proc/<pid>/stat (clock ticks of 10 ms), or -1.
func cpuTime(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return -1
	}
	// The command name, field 2, may hold spaces: count from after it.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return -1
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	return (utime + stime) * 10 * int64(time.Millisecond)
}

func cpuText(us float64) string {
	if us < 0 {
		return "n/a"
	}
	return strconv.FormatFloat(us, 'f', 1, 64)
}

func medianOf(v []float64) float64 {
	if len(v) == 0 {
		return -1
	}
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
