//go:build race

package abi

// raceEnabled: the race detector's instrumentation allocates, so counts of
// allocations are not asserted under it.
const raceEnabled = true
