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

// A value written as a shell variable is refused, naming the variable to
// set: the file is not expanded, and the literal would be the token.
func TestLoadConfigRefusesVariables(t *testing.T) {
	path := filepath.Join(t.TempDir(), "accueil.yaml")
	if err := os.WriteFile(path, []byte("plugins:\n  whatsapp:\n    auth_token: ${TWILIO_AUTH_TOKEN}\nadmin:\n  token: $ADMIN_TOKEN\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := loadConfig(path, nil)
	if err == nil {
		t.Fatal("a ${VAR} value was accepted")
	}
	for _, want := range []string{"plugins.whatsapp.auth_token", "ACCUEIL_PLUGINS_WHATSAPP_AUTH_TOKEN", "admin.token", "ACCUEIL_ADMIN_TOKEN"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

// Relative paths in the file are relative to the file, not to the folder
// the server runs in.
func TestLoadConfigPathsRelativeToTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "etc", "accueil.yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("business: salon.yaml\ndata: ../var/data\nplugins_dir: /opt/plugins\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(path, []string{"ACCUEIL_STORE="})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "etc", "salon.yaml"); cfg.Business != want {
		t.Errorf("business %q, want %q", cfg.Business, want)
	}
	if want := filepath.Join(dir, "var", "data"); cfg.Data != want {
		t.Errorf("data %q, want %q", cfg.Data, want)
	}
	if cfg.PluginsDir != "/opt/plugins" {
		t.Errorf("plugins_dir %q, want it unchanged", cfg.PluginsDir)
	}
}

// An ACCUEIL_ variable that sets nothing is warned about, with the nearest
// one; the plugin settings and the known variables are not.
func TestUnknownEnvWarned(t *testing.T) {
	got := unknownEnv([]string{"ACCUEIL_LOGLEVEL=debug", "ACCUEIL_LOG_LEVEL=info", "ACCUEIL_PLUGINS_WHATSAPP_AUTH_TOKEN=x", "HOME=/root"})
	if len(got) != 1 || !strings.Contains(got[0], "ACCUEIL_LOGLEVEL sets nothing") || !strings.Contains(got[0], "did you mean ACCUEIL_LOG_LEVEL?") {
		t.Errorf("warnings %q", got)
	}
}
