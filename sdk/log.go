package sdk

import (
	"fmt"
	"os"
	"strings"
)

// Logf formats a message like [fmt.Printf] and writes it as one line to
// standard error, which the host copies into its own log, tagged with the
// plugin name. Newlines in the message become spaces, so one call is always
// one log line. It is meant for rare events (a rejected request, a bad
// setting), not for every request: formatting costs time inside the guest.
//
// Natively (in tests) the line goes to the process's standard error.
func Logf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	msg = strings.TrimRight(msg, "\n")
	msg = strings.ReplaceAll(msg, "\n", " ")
	os.Stderr.WriteString(msg + "\n")
}
