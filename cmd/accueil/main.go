// Command accueil is the Accueil front desk: a conversation runtime for small
// businesses (WhatsApp through Twilio, voice through Vapi, a web chat).
//
//	accueil serve [--config accueil.yaml] [--addr :8000] [--data ./data] ...
//	accueil chat  [--business FILE] [--as PHONE] [--now TIME]
//	accueil check [--config accueil.yaml] [--business FILE]
//	accueil help
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer, stdin io.Reader) error
}

func commands() []command {
	return []command{
		{"serve", "run the server (webhooks, web chat, admin API)", runServe},
		{"chat", "talk to the front desk in the terminal", runChat},
		{"check", "validate the configuration and the business file, then exit", runCheck},
		{"version", "print the version", func(_ context.Context, _ []string, stdout, _ io.Writer, _ io.Reader) error {
			fmt.Fprintln(stdout, "accueil", version)
			return nil
		}},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Accueil — the front desk of a small business, on WhatsApp, the phone and the web.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: accueil <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "  help     show this help")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'accueil <command> -h' for the flags of a command.")
}

// errUsage marks an error already explained to the user (exit status 2).
var errUsage = errors.New("usage")

// errReported marks a failure already explained to the user (exit status 1).
var errReported = errors.New("reported")

func main() {
	// SIGHUP (a closed terminal, or an operator hoping for a reload) stops
	// the server gracefully too: the business file and the settings are
	// read at start-up, so a change needs a restart.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Stdin))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, stdin io.Reader) int {
	switch {
	case len(args) == 0:
		usage(stderr) // a command is needed
		return 2
	case len(args) == 2 && args[0] == "help":
		args = []string{args[1], "-h"} // "accueil help serve"
	case args[0] == "help" || args[0] == "-h" || args[0] == "--help":
		usage(stdout)
		return 0
	case args[0] == "--version" || args[0] == "-version" || args[0] == "-v":
		args[0] = "version"
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], stdout, stderr, stdin)
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				return 2
			case errors.Is(err, errReported):
				return 1
			default:
				fmt.Fprintln(stderr, "accueil:", err)
				return 1
			}
		}
	}
	fmt.Fprintf(stderr, "accueil: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}
