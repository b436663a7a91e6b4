//go:build unix

package badgerstore

import "golang.org/x/sys/unix"

// freeBytes returns the bytes an unprivileged process may still write in
// dir's file system, and false when it cannot tell.
func freeBytes(dir string) (uint64, bool) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return uint64(st.Bavail) * uint64(st.Bsize), true
}
