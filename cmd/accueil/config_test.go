package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadConfigFileEnvAndFlags(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "accueil.yaml")
	err := os.WriteFile(path, []byte(`
addr: ":9000"
data: /tmp/x
turn_timeout: 5s
plugins:
  whatsapp:
    webhook_url: https://reception.example.com/hook
admin:
  token: from-file
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(path, []string{
		"ACCUEIL_ADMIN_TOKEN=from-env",
		"ACCUEIL_PLUGINS_WHATSAPP_AUTH_TOKEN=tok",
		"ACCUEIL_PLUGINS_VOICE_SECRET=s3",
		"HOME=/root",
	})
	if err != nil {
		t.Fatal(err)
	}
	f := serveFlags{addr: "127.0.0.1:8123"}
	f.apply(&cfg)
	if cfg.Addr != "127.0.0.1:8123" || cfg.Data != "/tmp/x" || cfg.Admin.Token != "from-env" {
		t.Errorf("precedence wrong: %+v", cfg)
	}
	if time.Duration(cfg.TurnTimeout) != 5*time.Second {
		t.Errorf("turn_timeout = %v", time.Duration(cfg.TurnTimeout))
	}
	if cfg.Plugins["whatsapp"]["auth_token"] != "tok" || cfg.Plugins["whatsapp"]["webhook_url"] != "https://reception.example.com/hook" || cfg.Plugins["voice"]["secret"] != "s3" {
		t.Errorf("plugin settings: %+v", cfg.Plugins)
	}
}

func TestLoadConfigUnknownKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "accueil.yaml")
	if err := os.WriteFile(path, []byte("adress: ':8000'\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := loadConfig(path, nil)
	if err == nil || !strings.Contains(err.Error(), "adress") {
		t.Fatalf("want an error naming the unknown key, got %v", err)
	}
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"+33639980012":   "+33639980012",
		"06 39 98 00 12": "+33639980012",
		"0033639980012":  "+33639980012",
		"hello":          "",
	} {
		if got := normalizePhone(in); got != want {
			t.Errorf("normalizePhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoadConfigSuggestsTheNearestKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "accueil.yaml")
	if err := os.WriteFile(path, []byte("admin:\n  tokn: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := loadConfig(path, nil)
	if err == nil || !strings.Contains(err.Error(), `unknown field "tokn"; did you mean "token"? (the keys are in docs/configuration.md)`) {
		t.Fatalf("got %v", err)
	}
}

// TestConfigErrorsSayWhere: a wrong value is reported with its key or line
// and in words a person knows, not Go's types.
func TestConfigErrorsSayWhere(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"turn_timeout: 14\n", `turn_timeout (line 1): "14" is not a duration`},
		{"max_body_bytes: lots\n", "[1:17] want a whole number here, not text"},
	} {
		path := filepath.Join(t.TempDir(), "accueil.yaml")
		if err := os.WriteFile(path, []byte(tc.file), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := loadConfig(path, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.file, err, tc.want)
		}
	}
}
