package wal

// syncDir is a no-op on Windows, which cannot sync a directory handle; the
// file system makes renames durable with the metadata of the files.
func syncDir(string) error { return nil }
