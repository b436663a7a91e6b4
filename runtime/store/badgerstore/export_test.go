package badgerstore

import (
	"testing"
	"time"
)

// CloseWithin closes s and fails the test if Close errs or takes 10 s:
// why names what would be stuck.
func CloseWithin(t *testing.T, s *Store, why string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return: " + why)
	}
}
