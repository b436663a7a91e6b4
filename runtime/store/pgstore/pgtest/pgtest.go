// Package pgtest gives tests a real, empty PostgreSQL database.
//
// Each test binary gets one database, and each [DSN] call a schema in it.
// With $ACCUEIL_TEST_PG_DSN set, the database is created on that server (the
// DSN's user needs CREATEDB). Otherwise the first call starts a throwaway
// cluster from the PostgreSQL binaries installed on the machine
// (/usr/lib/postgresql/*/bin or $PATH), on a free loopback port and a
// temporary directory, with fsync off; [Main] stops it when the tests end.
// When running as root the cluster runs as the postgres user, since initdb
// refuses root.
//
// Without PostgreSQL the tests are skipped, except under CI ($CI is "true"),
// where they fail: a CI run must never pass by skipping the database.
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		dsn := pgtest.DSN(t) // a fresh, empty schema
//		...
//	}
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the variable holding an existing server's DSN.
const EnvDSN = "ACCUEIL_TEST_PG_DSN"

var (
	mainActive bool
	once       sync.Once
	baseDSN    string // the server
	dbName     string // the database created for this test binary
	dbDSN      string
	startErr   error
	missing    bool // no PostgreSQL installed
	cluster    *localCluster
)

// Main runs the package's tests, then drops the test database and stops the
// cluster DSN started, if any. Call it from TestMain.
func Main(m *testing.M) {
	mainActive = true
	code := m.Run()
	if dbName != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if c, err := pgx.Connect(ctx, baseDSN); err == nil {
			_, _ = c.Exec(ctx, "DROP DATABASE IF EXISTS "+dbName+" WITH (FORCE)")
			_ = c.Close(ctx)
		}
		cancel()
	}
	if cluster != nil {
		cluster.stop()
	}
	os.Exit(code)
}

// DSN returns the DSN of a new, empty schema for t: one database is created
// per test binary, and each call gets its own schema in it (search_path),
// which is much faster than a database per test. Schemas are not dropped one
// by one (an extension created in one may serve the others); the database
// goes when [Main] returns. DSN skips t when no PostgreSQL is available
// (fails it under CI).
func DSN(t testing.TB) string {
	t.Helper()
	once.Do(setup)
	if missing {
		msg := "pgtest: no PostgreSQL: set " + EnvDSN + " or install PostgreSQL (apt-get install postgresql)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; under CI the PostgreSQL tests must run")
		}
		t.Skip(msg)
	}
	if startErr != nil {
		t.Fatalf("pgtest: %v", startErr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, dbDSN)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer c.Close(ctx)
	schema := "t_" + randomName()
	if _, err := c.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("pgtest: create schema: %v", err)
	}
	return withParam(dbDSN, "search_path", schema)
}

func randomName() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// WithDatabase returns dsn pointing at database name; dsn is a URL
// (postgres://…) or libpq key=value pairs.
func WithDatabase(dsn, name string) string {
	if isURL(dsn) {
		u, err := url.Parse(dsn)
		if err == nil {
			u.Path = "/" + name
			return u.String()
		}
	}
	return dsn + " dbname=" + name
}

func isURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func withParam(dsn, key, value string) string {
	if isURL(dsn) {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set(key, value)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " " + key + "=" + value
}

func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxx")
		}
		return u.String()
	}
	return "the test server"
}

func setup() {
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		baseDSN = dsn
	} else {
		bin, err := findBin()
		if err != nil {
			missing = true
			return
		}
		if !mainActive {
			startErr = errors.New("call pgtest.Main(m) from TestMain, so the test database and cluster are removed at the end")
			return
		}
		if cluster, startErr = start(bin); startErr != nil {
			return
		}
		baseDSN = cluster.dsn
	}
	if !mainActive {
		startErr = errors.New("call pgtest.Main(m) from TestMain, so the test database is dropped at the end")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, baseDSN)
	if err != nil {
		startErr = fmt.Errorf("connect to %s: %w", redact(baseDSN), err)
		return
	}
	defer c.Close(ctx)
	name := "accueil_test_" + randomName()
	if _, err := c.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		startErr = fmt.Errorf("create database (the user needs CREATEDB): %w", err)
		return
	}
	dbName, dbDSN = name, WithDatabase(baseDSN, name)
}

// findBin returns the directory holding initdb, pg_ctl and postgres, newest
// version first.
func findBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return vb - va
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	return "", errors.New("no pg_ctl found")
}

type localCluster struct {
	bin, dir, data string
	asPostgres     bool
	dsn            string
}

func start(bin string) (*localCluster, error) {
	dir, err := os.MkdirTemp("", "accueil-pgtest-")
	if err != nil {
		return nil, err
	}
	c := &localCluster{bin: bin, dir: dir, data: filepath.Join(dir, "data")}
	if os.Geteuid() == 0 {
		// initdb refuses to run as root: hand the directory to postgres.
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root needs a postgres user to run the cluster: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chmod(dir, 0o755); err != nil {
			return nil, err
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
		c.asPostgres = true
	}
	if out, err := c.run("initdb", "-D", c.data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"); err != nil {
		c.remove()
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		c.remove()
		return nil, err
	}
	opts := strings.Join([]string{
		"-p", strconv.Itoa(port), "-k", c.dir, "-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=300", "-c", "shared_buffers=32MB",
	}, " ")
	if out, err := c.run("pg_ctl", "-D", c.data, "-l", filepath.Join(c.dir, "log"), "-w", "-t", "60", "-o", opts, "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		c.remove()
		return nil, fmt.Errorf("pg_ctl start: %w\n%s\n%s", err, out, log)
	}
	c.dsn = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	return c, nil
}

func (c *localCluster) run(tool string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bin, tool)
	var cmd *exec.Cmd
	if c.asPostgres {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	return cmd.CombinedOutput()
}

func (c *localCluster) stop() {
	_, _ = c.run("pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop")
	c.remove()
}

func (c *localCluster) remove() { _ = os.RemoveAll(c.dir) }

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
