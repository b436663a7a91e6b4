package business

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/problems/*.golden")

// TestProblemsGolden checks each file of testdata/problems and compares
// what a person is told, errors then warnings, with its .golden file.
func TestProblemsGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/problems/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no files (%v)", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			b, warnings, err := Check(data)
			var out strings.Builder
			if err != nil {
				if b != nil {
					t.Error("a business with errors was returned")
				}
				out.WriteString("errors:\n" + err.Error() + "\n")
			}
			if len(warnings) > 0 {
				out.WriteString("warnings:\n" + strings.Join(warnings, "\n") + "\n")
			}
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestProblemsGolden -update)", err)
			}
			if out.String() != string(want) {
				t.Errorf("got:\n%s\nwant:\n%s(run go test -run TestProblemsGolden -update if the change is intended)", out.String(), want)
			}
		})
	}
}
