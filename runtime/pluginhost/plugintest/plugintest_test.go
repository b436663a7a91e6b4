package plugintest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/accueil-pme/accueil/runtime/pluginhost/plugintest"
)

func TestFindRoot(t *testing.T) {
	wd, _ := os.Getwd()
	root, err := plugintest.FindRoot(wd)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "sdk", "abi")); err != nil {
		t.Errorf("root %s has no sdk/abi: %v", root, err)
	}
	if _, err := plugintest.FindRoot(os.TempDir()); err == nil {
		t.Error("FindRoot outside the repository succeeded")
	}
}

func TestBuild(t *testing.T) {
	// The same package named relative to the working directory and to the root.
	a := plugintest.Build(t, "../testdata/echo")
	b := plugintest.Build(t, "runtime/pluginhost/testdata/echo")
	if a != b {
		t.Errorf("Build paths differ: %s, %s", a, b)
	}
	if filepath.Base(a) != "manifest.json" {
		t.Errorf("Build returned %s; want a manifest.json", a)
	}
	wasm, err := os.ReadFile(filepath.Join(filepath.Dir(a), "echo.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" {
		t.Errorf("echo.wasm is not a wasm module")
	}
}
