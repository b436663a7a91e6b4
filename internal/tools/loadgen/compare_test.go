package main

import (
	"os"
	"testing"
	"time"
)

func TestMedianOf(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{
		{nil, -1},
		{[]float64{3}, 3},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		in := append([]float64(nil), c.in...)
		if got := medianOf(c.in); got != c.want {
			t.Errorf("medianOf(%v) = %v, want %v", in, got, c.want)
		}
		for i := range in {
			if in[i] != c.in[i] {
				t.Errorf("medianOf reordered its input: %v", c.in)
			}
		}
	}
}

func TestCPUTimeOfThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc here")
	}
	before := cpuTime(os.Getpid())
	after := before
	// Busy until the CPU time moves (it counts in 10 ms ticks), at most 2 s.
	for deadline := time.Now().Add(2 * time.Second); after == before && time.Now().Before(deadline); {
		after = cpuTime(os.Getpid())
	}
	if before < 0 || after <= before {
		t.Fatalf("cpuTime before %d, after %d: want a growing CPU time", before, after)
	}
	if cpuTime(-1) != -1 {
		t.Error("cpuTime of no process should be -1")
	}
}
