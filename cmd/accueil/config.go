package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/accueil-pme/accueil/internal/yamlhint"
	"github.com/accueil-pme/accueil/runtime"
)

// loadConfig reads the config file (when path is not empty), then applies
// the environment (ACCUEIL_ + key path in upper case with "_").
func loadConfig(path string, environ []string) (runtime.Config, error) {
	var cfg runtime.Config
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("read config: %w", err)
		}
		// Every problem at once: the unknown keys (a strict decoder stops
		// at the first), then what the known keys' values break, then
		// literal variables.
		var errs []error
		opts := []yaml.DecodeOption{yaml.DisallowUnknownField()}
		if unknown := yamlhint.UnknownKeys(data, &cfg); len(unknown) > 0 {
			errs = append(errs, yamlhint.UnknownErrors(data, unknown, "docs/configuration.md")...)
			opts = nil
		}
		dec := yaml.NewDecoder(bytes.NewReader(data), opts...)
		if err := dec.Decode(&cfg); err != nil && !errors.Is(err, ioEOF) {
			msg := yamlhint.Format(data, err, cfg, "docs/configuration.md")
			errs = append(errs, fmt.Errorf("%s%s", lineOfValue(data, msg), msg))
		}
		if err := literalVariables(&cfg); err != nil {
			errs = append(errs, err)
		}
		// Paths in the file are relative to the file, wherever it is run from.
		base := filepath.Dir(path)
		for _, p := range []*string{&cfg.Data, &cfg.Business, &cfg.PluginsDir} {
			if *p != "" && !filepath.IsAbs(*p) {
				*p = filepath.Join(base, *p)
			}
		}
		if len(errs) > 0 {
			// What was read is returned too: check goes on with it, to
			// list the problems of the business file and the plugins.
			err := &configFileError{fmt.Errorf("config %s: %w", path, yamlhint.Sort(errs...))}
			if envErr := applyEnv(&cfg, environ); envErr != nil {
				return cfg, errors.Join(err, envErr)
			}
			return cfg, err
		}
	}
	if err := applyEnv(&cfg, environ); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// configFileError is a problem of the config file, after which the rest of
// the file was still read.
type configFileError struct{ err error }

func (e *configFileError) Error() string { return e.err.Error() }
func (e *configFileError) Unwrap() error { return e.err }

// literalVariables refuses values that look like shell variables
// ("${TWILIO_AUTH_TOKEN}"): the file is not expanded, so such a value would
// be used as is, a token that never matches.
func literalVariables(c *runtime.Config) error {
	var errs []error
	check := func(key, env, v string) {
		if strings.Contains(v, "${") || strings.HasPrefix(v, "$") && len(v) > 1 && strings.Trim(v[1:], "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == "" {
			errs = append(errs, fmt.Errorf("%s is %q, taken literally (the file's values are not expanded): remove it and set %s in the environment instead", key, v, env))
		}
	}
	check("public_url", "ACCUEIL_PUBLIC_URL", c.PublicURL)
	check("data", "ACCUEIL_DATA", c.Data)
	check("store", "ACCUEIL_STORE", c.Store)
	check("business", "ACCUEIL_BUSINESS", c.Business)
	check("admin.token", "ACCUEIL_ADMIN_TOKEN", c.Admin.Token)
	names := make([]string, 0, len(c.Plugins))
	for name := range c.Plugins {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		keys := make([]string, 0, len(c.Plugins[name]))
		for k := range c.Plugins[name] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			check("plugins."+name+"."+k, "ACCUEIL_PLUGINS_"+envName(name)+"_"+envName(k), c.Plugins[name][k])
		}
	}
	return errors.Join(errs...)
}

// envName is a key as an environment variable spells it.
func envName(k string) string {
	return strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(k))
}

// lineOfValue returns "key (line N): " for an error that quotes a value
// without saying where it is (a duration's own check), or "".
func lineOfValue(data []byte, msg string) string {
	if strings.HasPrefix(msg, "[") {
		return "" // the decoder said where
	}
	q, _, ok := strings.Cut(msg, " is not ")
	v, err := strconv.Unquote(q)
	if !ok || err != nil || v == "" {
		return ""
	}
	for i, line := range strings.Split(string(data), "\n") {
		key, val, ok := strings.Cut(line, ":")
		if ok && strings.Trim(strings.TrimSpace(val), `"'`) == v {
			return fmt.Sprintf("%s (line %d): ", strings.TrimSpace(key), i+1)
		}
	}
	return ""
}

// envKeys maps the environment variables of the top-level keys to setters.
var envKeys = map[string]func(c *runtime.Config, v string) error{
	"ACCUEIL_ADDR":        func(c *runtime.Config, v string) error { c.Addr = v; return nil },
	"ACCUEIL_PUBLIC_URL":  func(c *runtime.Config, v string) error { c.PublicURL = v; return nil },
	"ACCUEIL_DATA":        func(c *runtime.Config, v string) error { c.Data = v; return nil },
	"ACCUEIL_STORE":       func(c *runtime.Config, v string) error { c.Store = v; return nil },
	"ACCUEIL_BUSINESS":    func(c *runtime.Config, v string) error { c.Business = v; return nil },
	"ACCUEIL_PLUGINS_DIR": func(c *runtime.Config, v string) error { c.PluginsDir = v; return nil },
	"ACCUEIL_ADMIN_TOKEN": func(c *runtime.Config, v string) error { c.Admin.Token = v; return nil },
	"ACCUEIL_LOG_LEVEL":   func(c *runtime.Config, v string) error { c.LogLevel = v; return nil },
	"ACCUEIL_TRUSTED_PLUGINS": func(c *runtime.Config, v string) error {
		c.TrustedPlugins = []string{} // "" trusts none
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				c.TrustedPlugins = append(c.TrustedPlugins, n)
			}
		}
		return nil
	},
	"ACCUEIL_TRUST_PROXY": func(c *runtime.Config, v string) error {
		c.TrustProxy = v == "1" || strings.EqualFold(v, "true")
		return nil
	},
}

// unknownEnv words a warning for each ACCUEIL_ variable that sets nothing
// ("ACCUEIL_LOGLEVEL"): the server would otherwise ignore it silently.
func unknownEnv(environ []string) []string {
	known := make([]string, 0, len(envKeys))
	for k := range envKeys {
		known = append(known, k)
	}
	sort.Strings(known)
	var out []string
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, "ACCUEIL_") || envKeys[k] != nil || strings.HasPrefix(k, "ACCUEIL_PLUGINS_") && k != "ACCUEIL_PLUGINS_" {
			continue
		}
		msg := "environment: " + k + " sets nothing"
		if near := yamlhint.Nearest(strings.ToLower(k), lower(known)); near != "" {
			msg += "; did you mean " + strings.ToUpper(near) + "?"
		}
		out = append(out, msg+" (the variables are in docs/configuration.md)")
	}
	sort.Strings(out)
	return out
}

func lower(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

func applyEnv(c *runtime.Config, environ []string) error {
	var errs []error
	sort.Strings(environ)
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(k, "ACCUEIL_") {
			continue
		}
		if set, ok := envKeys[k]; ok {
			if err := set(c, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", k, err))
			}
			continue
		}
		// ACCUEIL_PLUGINS_<NAME>_<SETTING>, e.g. ACCUEIL_PLUGINS_WHATSAPP_AUTH_TOKEN.
		if rest, ok := strings.CutPrefix(k, "ACCUEIL_PLUGINS_"); ok {
			name, setting, ok := strings.Cut(rest, "_")
			if !ok || setting == "" {
				errs = append(errs, fmt.Errorf("%s: want ACCUEIL_PLUGINS_<PLUGIN>_<SETTING>", k))
				continue
			}
			if c.Plugins == nil {
				c.Plugins = map[string]map[string]string{}
			}
			name = strings.ToLower(name)
			if c.Plugins[name] == nil {
				c.Plugins[name] = map[string]string{}
			}
			c.Plugins[name][strings.ToLower(setting)] = v
		}
	}
	return errors.Join(errs...)
}

// serveFlags are the flags shared by serve and check; they override the file.
type serveFlags struct {
	config, addr, data, store, business, plugins, publicURL string
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.config, "config", "", "configuration `file` (YAML); see docs/configuration.md")
	fs.StringVar(&f.addr, "addr", "", "address to listen on (default \":8000\")")
	fs.StringVar(&f.data, "data", "", "Badger data `directory` (default \"./data\")")
	fs.StringVar(&f.store, "store", "", "store: empty for Badger, or a postgres:// `URL`")
	fs.StringVar(&f.business, "business", "", "business YAML `file` (default: the demo business, Salon Lumière)")
	fs.StringVar(&f.plugins, "plugins", "", "plugins `folder` (default \"./bin/plugins\")")
	fs.StringVar(&f.publicURL, "public-url", "", "base `URL` providers call, for signature checks (e.g. https://reception.example.com)")
}

func (f *serveFlags) apply(c *runtime.Config) {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&c.Addr, f.addr)
	set(&c.Data, f.data)
	set(&c.Store, f.store)
	set(&c.Business, f.business)
	set(&c.PluginsDir, f.plugins)
	set(&c.PublicURL, f.publicURL)
}
