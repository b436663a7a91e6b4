package validate

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestWhenGolden parses every line of testdata/when.txt and compares the
// results with testdata/when.golden.
func TestWhenGolden(t *testing.T) {
	in, err := os.ReadFile("testdata/when.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(in))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		w := ParseWhen(line, wed, paris)
		fmt.Fprintf(&out, "%s\n\t%s\n\trest: %q\n", line, summary(w), w.Remove(line))
	}
	const golden = "testdata/when.golden"
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestWhenGolden -update)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		gotLines, wantLines := strings.Split(out.String(), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gotLines) && i < len(wantLines); i++ {
			if gotLines[i] != wantLines[i] {
				t.Fatalf("line %d:\n got  %s\n want %s\n(run go test -run TestWhenGolden -update if the change is intended)", i+1, gotLines[i], wantLines[i])
			}
		}
		t.Fatalf("output has %d lines, golden %d", len(gotLines), len(wantLines))
	}
}
