package business

import (
	"fmt"
	"testing"
	"time"
)

// TestDateArithmetic checks the day arithmetic against the time package
// over four centuries, months and days out of range included.
func TestDateArithmetic(t *testing.T) {
	viaTime := func(d Date, n int) Date {
		return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
	}
	start := Date{1850, time.January, 1}
	for i := 0; i < 400*366; i++ {
		d := start.AddDays(i)
		if want := viaTime(start, i); d != want {
			t.Fatalf("%v + %d = %v, want %v", start, i, d, want)
		}
		if got, want := d.Weekday(), time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday(); got != want {
			t.Fatalf("%v is a %v, want %v", d, got, want)
		}
		if i%97 == 0 {
			for _, n := range []int{-1000, -366, -31, -1, 0, 1, 29, 365, 1000} {
				if got, want := d.AddDays(n), viaTime(d, n); got != want {
					t.Fatalf("%v + %d = %v, want %v", d, n, got, want)
				}
			}
		}
	}
	odd := []Date{{2026, 0, 1}, {2026, 13, 1}, {2026, 2, 30}, {2026, 11, 0}, {2026, 11, -40}, {2026, -5, 10}, {-1, 3, 1}, {0, 1, 1},
		{2400, 2, 29}, {2100, 2, 29}, {1, 1, 1}, {9999, 12, 31}, {2026, 11, 400}}
	for _, d := range odd {
		for _, n := range []int{-400, -1, 0, 1, 400} {
			if got, want := d.AddDays(n), viaTime(d, n); got != want {
				t.Errorf("%v + %d = %v, want %v", d, n, got, want)
			}
		}
		if got, want := d.Weekday(), time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday(); got != want {
			t.Errorf("%v is a %v, want %v", d, got, want)
		}
	}
}

func BenchmarkAddDays(b *testing.B) {
	d := Date{2026, 11, 25}
	for b.Loop() {
		d = d.AddDays(1)
	}
}

// TestHolidayEaster compares Holiday with the same search done with the
// time package, every day of a century.
func TestHolidayEaster(t *testing.T) {
	b := Demo()
	reference := func(d Date) (*Holiday, bool) {
		e := Easter(d.Year)
		easter := time.Date(e.Year, e.Month, e.Day, 12, 0, 0, 0, time.UTC)
		for i := range b.Config.Holidays {
			h := &b.Config.Holidays[i]
			if h.EasterOffset == nil {
				if h.month == d.Month && h.day == d.Day {
					return h, true
				}
			} else if DateOf(easter.AddDate(0, 0, *h.EasterOffset)) == d {
				return h, true
			}
		}
		return nil, false
	}
	n := 0
	for d := (Date{2000, 1, 1}); d.Year <= 2100; d = d.AddDays(1) {
		got, ok := b.Holiday(d)
		want, wok := reference(d)
		if ok != wok || got != want {
			t.Fatalf("%v: Holiday = %v %v, want %v %v", d, got, ok, want, wok)
		}
		if ok {
			n++
		}
	}
	if n < 101*10 {
		t.Fatalf("only %d holidays in a century", n)
	}
}

// FuzzParseDate checks ParseDate's fast path against time.Parse.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-25", "2024-02-29", "2026-02-29", "2100-02-29", "2000-02-29", "0000-01-01", "9999-12-31",
		"2026-13-01", "2026-00-10", "2026-04-31", "2026-4-01", "2026-11-25 ", "+026-11-25", "2026-1a-25", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s)
		tm, terr := time.Parse(time.DateOnly, s)
		if (err != nil) != (terr != nil) {
			t.Fatalf("ParseDate(%q) error %v, time.Parse error %v", s, err, terr)
		}
		if err == nil && got != DateOf(tm) {
			t.Fatalf("ParseDate(%q) = %v, want %v", s, got, DateOf(tm))
		}
	})
}

// TestParseDateEveryDay compares ParseDate with time.Parse on every day
// of four centuries and their invalid neighbours.
func TestParseDateEveryDay(t *testing.T) {
	for y := 1899; y <= 2301; y++ {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				got, err := ParseDate(s)
				tm, terr := time.Parse(time.DateOnly, s)
				if (err != nil) != (terr != nil) || err == nil && got != DateOf(tm) {
					t.Fatalf("ParseDate(%q) = %v, %v; time.Parse: %v, %v", s, got, err, tm, terr)
				}
			}
		}
	}
}

func TestDateString(t *testing.T) {
	for _, d := range []Date{{2026, 11, 25}, {0, 1, 1}, {9999, 12, 31}, {10000, 1, 1}, {-1, 1, 1}, {2026, 0, 0}, {2026, 13, 99},
		{2026, 100, 1}, {2026, 1, 100}, {2026, -1, 5}, {2026, 5, -5}, {7, 7, 7}} {
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day); got != want {
			t.Errorf("%#v.String() = %q, want %q", d, got, want)
		}
	}
}
