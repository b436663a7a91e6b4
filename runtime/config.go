package runtime

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// DefaultPluginsDir is where make plugins puts the first-party plugins.
const DefaultPluginsDir = "./bin/plugins"

// DefaultTrustedPlugins are the first-party plugins, built and reviewed with
// the host: the ones trusted when the config names none.
var DefaultTrustedPlugins = []string{"whatsapp", "voice", "web"}

// Config is the host configuration (accueil.yaml). Zero values are documented
// per field; cmd/accueil fills it from the file, the environment and flags.
type Config struct {
	// Addr to listen on; "" means ":8000".
	Addr string `yaml:"addr" json:"addr"`
	// PublicURL is the base URL providers call (e.g. "https://reception.example.com").
	// Signatures are checked against it plus the request's path and query.
	// "" means the URL is rebuilt from the request's Host header.
	PublicURL string `yaml:"public_url" json:"public_url"`
	// TrustProxy makes the host believe X-Forwarded-Proto and X-Forwarded-Host
	// when PublicURL is empty.
	TrustProxy bool `yaml:"trust_proxy" json:"trust_proxy"`
	// Data is the Badger directory; "" means "./data".
	Data string `yaml:"data" json:"data"`
	// Store selects the backend: "" or "badger" for Badger in Data, a
	// "postgres://…" URL for PostgreSQL.
	Store string `yaml:"store" json:"store"`
	// Business is the business YAML file; "" means the demo business.
	Business string `yaml:"business" json:"business"`
	// PluginsDir holds one folder per plugin (manifest.json + module); ""
	// means DefaultPluginsDir.
	PluginsDir string `yaml:"plugins_dir" json:"plugins_dir"`
	// Plugins holds each plugin's settings, by plugin name.
	Plugins map[string]map[string]string `yaml:"plugins" json:"plugins"`
	// TrustedPlugins names the plugins allowed to run trusted (without
	// interruption checks, several times faster, but a loop in one would
	// stall the whole server) when their manifest asks to; nil means the
	// first-party ones (DefaultTrustedPlugins). Others run interruptible.
	TrustedPlugins []string    `yaml:"trusted_plugins" json:"trusted_plugins"`
	Admin          AdminConfig `yaml:"admin" json:"admin"`
	// MaxBodyBytes caps request bodies; 0 means 1 MiB.
	MaxBodyBytes int `yaml:"max_body_bytes" json:"max_body_bytes"`
	// TurnTimeout bounds a request's work; 0 means 14s.
	TurnTimeout Duration `yaml:"turn_timeout" json:"turn_timeout"`
	// LogLevel is debug, info, warn or error; "" means info.
	LogLevel string `yaml:"log_level" json:"log_level"`
}

// AdminConfig protects the operator API.
type AdminConfig struct {
	// Token is the Bearer token of /admin/…; "" turns the admin routes off (404).
	Token string `yaml:"token" json:"token"`
}

// Duration is a time.Duration written as "30s" or "2m" in the config.
type Duration time.Duration

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration: write a number with its unit, e.g. 15s, 2m or 1h30m", b)
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// WithDefaults returns c with its zero values replaced by the defaults.
func (c Config) WithDefaults() Config {
	if c.Addr == "" {
		c.Addr = ":8000"
	}
	if c.Data == "" {
		c.Data = "./data"
	}
	if c.PluginsDir == "" {
		c.PluginsDir = DefaultPluginsDir
	}
	if c.TrustedPlugins == nil {
		c.TrustedPlugins = DefaultTrustedPlugins
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.TurnTimeout == 0 {
		c.TurnTimeout = Duration(14 * time.Second)
	}
	if c.LogLevel == "" {
		c.LogLevel = "info"
	}
	return c
}

// Validate lists every problem of the configuration.
func (c Config) Validate() error {
	var errs []error
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("public_url %q: want an absolute http(s) URL such as https://reception.example.com", c.PublicURL))
		}
	}
	if c.Store != "" && c.Store != "badger" && !strings.HasPrefix(c.Store, "postgres://") && !strings.HasPrefix(c.Store, "postgresql://") {
		errs = append(errs, fmt.Errorf("store %q: want empty (Badger) or a postgres:// URL", c.Store))
	}
	if c.MaxBodyBytes < 0 {
		errs = append(errs, errors.New("max_body_bytes: must not be negative"))
	}
	if c.TurnTimeout < 0 {
		errs = append(errs, errors.New("turn_timeout: must not be negative"))
	}
	switch c.LogLevel {
	case "", "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log_level %q: want debug, info, warn or error", c.LogLevel))
	}
	for name := range c.Plugins {
		if name == "" || strings.ToLower(name) != name {
			errs = append(errs, fmt.Errorf("plugins.%s: plugin names are lower case", name))
		}
	}
	return errors.Join(errs...)
}
