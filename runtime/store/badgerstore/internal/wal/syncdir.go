//go:build !windows

package wal

import "os"

// syncDir makes the names in dir durable (files created, renamed, removed).
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
