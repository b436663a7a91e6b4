//go:build !unix

package badgerstore

// freeBytes cannot tell here: the store keeps no reserve.
func freeBytes(string) (uint64, bool) { return 0, false }
