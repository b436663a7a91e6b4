package webchat

import (
	"fmt"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	l := NewLimiter(LimiterOptions{Rate: 1, Burst: 3})
	t0 := time.Date(2027, 3, 5, 10, 0, 0, 0, time.UTC)
	steps := []struct {
		key  string
		at   time.Duration
		want bool
	}{
		{"a", 0, true}, {"a", 0, true}, {"a", 0, true},
		{"a", 0, false},                      // burst used
		{"b", 0, true},                       // other key
		{"a", 500 * time.Millisecond, false}, // half a token
		{"a", time.Second, true},             // one token back
		{"a", time.Second, false},
		{"a", 10 * time.Second, true}, // refilled, capped at burst
		{"a", 10 * time.Second, true},
		{"a", 10 * time.Second, true},
		{"a", 10 * time.Second, false},
		{"a", 9 * time.Second, false}, // clock going back adds nothing
	}
	for i, s := range steps {
		if got := l.Allow(s.key, t0.Add(s.at)); got != s.want {
			t.Errorf("step %d: Allow(%s, +%v) = %v, want %v", i, s.key, s.at, got, s.want)
		}
	}
}

func TestLimiterMemoryBounded(t *testing.T) {
	l := NewLimiter(LimiterOptions{Rate: 0.1, Burst: 2, MaxKeys: 100})
	t0 := time.Date(2027, 3, 5, 10, 0, 0, 0, time.UTC)
	for i := range 1000 {
		l.Allow(fmt.Sprint("ip", i), t0)
	}
	if l.Len() != 100 {
		t.Errorf("Len = %d, want 100", l.Len())
	}
	// Idle keys (full again after 20 s) are evicted as Allow goes.
	later := t0.Add(time.Minute)
	for range 60 {
		l.Allow("fresh", later)
	}
	if l.Len() != 1 {
		t.Errorf("Len = %d after idle eviction", l.Len())
	}
	// An active, empty bucket is not evicted for being idle.
	l2 := NewLimiter(LimiterOptions{Rate: 0.1, Burst: 1})
	l2.Allow("x", t0)
	l2.Allow("y", t0.Add(time.Second))
	if l2.Allow("x", t0.Add(2*time.Second)) {
		t.Error("evicted a bucket that was not full")
	}
}

func TestLimiterDefaults(t *testing.T) {
	l := NewLimiter(LimiterOptions{})
	now := time.Now()
	if !l.Allow("k", now) || l.Allow("k", now) {
		t.Error("zero options should give one token per minute with a burst of 1")
	}
	if !l.Allow("k", now.Add(time.Minute)) {
		t.Error("token not back after a minute")
	}
}

func BenchmarkLimiterAllow(b *testing.B) {
	l := NewLimiter(LimiterOptions{Rate: 100, Burst: 100, MaxKeys: 1000})
	now := time.Now()
	keys := make([]string, 2000)
	for i := range keys {
		keys[i] = fmt.Sprint("10.0.", i/256, ".", i%256)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		l.Allow(keys[i%len(keys)], now)
		i++
	}
}
