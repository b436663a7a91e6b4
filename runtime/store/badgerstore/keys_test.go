package badgerstore

import (
	"bytes"
	"testing"
	"time"
)

func TestDays(t *testing.T) {
	day := time.Date(2030, 3, 4, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		start, end  time.Time
		first, last int64
	}{
		{"inside a day", day.Add(10 * time.Hour), day.Add(11 * time.Hour), 0, 0},
		{"ends at midnight", day.Add(23 * time.Hour), day.Add(24 * time.Hour), 0, 0},
		{"spans midnight", day.Add(23 * time.Hour), day.Add(25 * time.Hour), 0, 1},
		{"starts at midnight", day, day.Add(time.Hour), 0, 0},
	}
	base := dayOf(micros(day))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, last := days(micros(tt.start), micros(tt.end))
			if first-base != tt.first || last-base != tt.last {
				t.Errorf("days = %d..%d, want %d..%d", first-base, last-base, tt.first, tt.last)
			}
		})
	}
	if d := dayOf(-1); d != -1 {
		t.Errorf("dayOf(-1µs) = %d, want -1", d)
	}
}

func TestKeyOrder(t *testing.T) {
	// Sortable integers: byte order is numeric order, negatives first.
	vals := []int64{-1 << 40, -1, 0, 1, 1 << 40}
	for i := 1; i < len(vals); i++ {
		a, b := appendInt(nil, vals[i-1]), appendInt(nil, vals[i])
		if bytes.Compare(a, b) >= 0 || readInt(b) != vals[i] {
			t.Errorf("%d does not sort before %d", vals[i-1], vals[i])
		}
	}
	// A business id never prefixes another's keys.
	if bytes.HasPrefix(key("ab", tagSession, "x"), prefix("a", tagSession)) {
		t.Errorf("business a's prefix matches business ab's keys")
	}
}
