//go:build race

package engine_test

// raceEnabled: the race detector makes values escape that otherwise stay on
// the stack, so allocation counts are not meaningful under -race.
const raceEnabled = true
