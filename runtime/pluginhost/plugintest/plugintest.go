// Package plugintest builds Go channel plugins for tests.
//
// [Build] compiles a plugin package for GOOS=wasip1 GOARCH=wasm as a
// reactor, into a cache directory keyed by a hash of its sources, and
// returns the path of a manifest.json beside the module, ready for
// pluginhost.Host.Load. Builds are reused across test runs and packages:
// the first run pays the Go build (seconds), later runs only hash files.
package plugintest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// RootModule is the module path that marks the repository root.
const RootModule = "github.com/accueil-pme/accueil"

var (
	mu     sync.Mutex
	builds = map[string]*build{}
)

type build struct {
	once     sync.Once
	manifest string
	err      error
}

// Build builds the Go plugin package in pkgDir and returns the path of its
// manifest.json, copied beside the built module (named after the manifest's
// "module"). pkgDir may be absolute, relative to the working directory
// (e.g. "../../plugins/whatsapp" from runtime/pluginhost), or relative to
// the repository root (e.g. "plugins/whatsapp"). The repository root is the
// nearest parent holding a go.mod that declares [RootModule].
//
// The build runs once per source hash and is cached under
// os.UserCacheDir()/accueil-test-plugins (or the system temp dir), so it is
// shared by test runs and packages. The hash covers pkgDir, the sdk module,
// the root go.mod and go.sum, and the Go version. Build fails tb on error.
func Build(tb testing.TB, pkgDir string) string {
	tb.Helper()
	path, err := build1(pkgDir)
	if err != nil {
		tb.Fatalf("plugintest: %v", err)
	}
	return path
}

func build1(pkgDir string) (string, error) {
	root, pkg, err := resolve(pkgDir)
	if err != nil {
		return "", err
	}
	mu.Lock()
	b := builds[pkg]
	if b == nil {
		b = &build{}
		builds[pkg] = b
	}
	mu.Unlock()
	b.once.Do(func() { b.manifest, b.err = doBuild(root, pkg) })
	return b.manifest, b.err
}

// resolve returns the repository root and the absolute package directory.
func resolve(pkgDir string) (root, pkg string, err error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", "", err
	}
	root, err = FindRoot(wd)
	if err != nil {
		return "", "", err
	}
	switch {
	case filepath.IsAbs(pkgDir):
		pkg = pkgDir
	case isDir(filepath.Join(wd, pkgDir)):
		pkg = filepath.Join(wd, pkgDir)
	default:
		pkg = filepath.Join(root, pkgDir)
	}
	if !isDir(pkg) {
		return "", "", fmt.Errorf("plugin package %s: not a directory", pkgDir)
	}
	if rel, err := filepath.Rel(root, pkg); err != nil || strings.HasPrefix(rel, "..") {
		return "", "", fmt.Errorf("plugin package %s is outside the repository %s", pkg, root)
	}
	return root, pkg, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// FindRoot walks up from dir to the directory whose go.mod declares
// [RootModule].
func FindRoot(dir string) (string, error) {
	for d := dir; ; {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && modulePath(data) == RootModule {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod declaring module %s above %s", RootModule, dir)
		}
		d = parent
	}
}

func modulePath(gomod []byte) string {
	for line := range strings.SplitSeq(string(gomod), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

func doBuild(root, pkg string) (string, error) {
	src, err := os.ReadFile(filepath.Join(pkg, "manifest.json"))
	if err != nil {
		return "", fmt.Errorf("read the plugin's manifest: %w", err)
	}
	var m struct {
		Name   string `json:"name"`
		Module string `json:"module"`
	}
	if err := json.Unmarshal(src, &m); err != nil {
		return "", fmt.Errorf("decode %s: %w", filepath.Join(pkg, "manifest.json"), err)
	}
	if m.Module == "" || filepath.Base(m.Module) != m.Module {
		return "", fmt.Errorf("%s: module %q must be a plain file name", filepath.Join(pkg, "manifest.json"), m.Module)
	}

	key, err := sourceHash(root, pkg)
	if err != nil {
		return "", err
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	rel, _ := filepath.Rel(root, pkg)
	name := strings.ReplaceAll(filepath.ToSlash(rel), "/", "_")
	dir := filepath.Join(base, "accueil-test-plugins", name+"-"+key[:24])
	wasm := filepath.Join(dir, m.Module)
	manifest := filepath.Join(dir, "manifest.json")
	if isFile(wasm) && isFile(manifest) {
		return manifest, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, m.Module+".tmp*")
	if err != nil {
		return "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	cmd := exec.Command("go", "build", "-buildmode=c-shared", "-trimpath", "-o", tmp.Name(), "./"+filepath.ToSlash(rel))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build %s for wasip1: %w\n%s", rel, err, out.String())
	}
	// Publish the manifest first, the module last: a reader that sees the
	// module sees a complete build.
	if err := writeAtomic(manifest, src); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), wasm); err != nil {
		return "", err
	}
	return manifest, nil
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	err = errors.Join(err, f.Close())
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// sourceHash hashes what the build depends on: the plugin package tree, the
// sdk module tree, the root go.mod and go.sum, and the Go version.
func sourceHash(root, pkg string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "go %s\n", goruntime.Version())
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := hashFile(h, root, filepath.Join(root, f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	for _, dir := range []string{pkg, filepath.Join(root, "sdk")} {
		var files []string
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") ||
				d.Name() == "go.mod" || d.Name() == "go.sum" || d.Name() == "manifest.json") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("hash sources: %w", err)
		}
		slices.Sort(files)
		for _, f := range files {
			if err := hashFile(h, root, f); err != nil {
				return "", err
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(h io.Writer, root, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	rel, _ := filepath.Rel(root, path)
	fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
	_, err = h.Write(data)
	return err
}

// CompilationCacheDir returns a wazero compilation cache directory for
// pluginhost.Config.CacheDir that test runs and packages share, so a Go
// plugin compiles once rather than in every test (seconds on a busy
// machine). wazero keys its cache by its own version, which reads "dev" in
// test binaries; the directory is therefore keyed by the Go version and the
// wazero version the root go.mod requires. When that version cannot be
// read, it returns a fresh tb.TempDir().
func CompilationCacheDir(tb testing.TB) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		return tb.TempDir()
	}
	root, err := FindRoot(wd)
	if err != nil {
		return tb.TempDir()
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return tb.TempDir()
	}
	version := ""
	for line := range strings.SplitSeq(string(gomod), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == "require" {
			f = f[1:]
		}
		if len(f) >= 2 && f[0] == "github.com/tetratelabs/wazero" {
			version = f[1]
		}
	}
	if version == "" {
		return tb.TempDir()
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "accueil-test-wazero", goruntime.Version()+"-wazero-"+version)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return tb.TempDir()
	}
	return dir
}
