package badgerstore

import (
	"strings"
	"testing"
)

func TestSessionCache(t *testing.T) {
	k := key("salon", tagSession, "web:1")
	other := key("salon", tagSession, "web:2")
	get := func(c *sessionCache, k []byte) string {
		v, ok := c.get(k)
		if !ok {
			return "<miss>"
		}
		return string(v)
	}
	tests := []struct {
		name  string
		max   int64
		steps func(c *sessionCache)
		key   []byte
		want  string
	}{
		{"fill then get", 1 << 20, func(c *sessionCache) { c.fill(k, []byte("a"), 5) }, k, "a"},
		{"a commit replaces a fill", 1 << 20, func(c *sessionCache) {
			c.fill(k, []byte("a"), 5)
			c.commit(map[string]stagedWrite{string(k): {v: []byte("b")}}, 6)
		}, k, "b"},
		{"a late fill does not hide a newer commit", 1 << 20, func(c *sessionCache) {
			c.commit(map[string]stagedWrite{string(k): {v: []byte("b")}}, 6)
			c.fill(k, []byte("a"), 5)
		}, k, "b"},
		{"a fill at the commit's snapshot keeps the commit", 1 << 20, func(c *sessionCache) {
			c.commit(map[string]stagedWrite{string(k): {v: []byte("b")}}, 6)
			c.fill(k, []byte("b-read"), 6)
		}, k, "b"},
		{"an older batch does not replace a newer one", 1 << 20, func(c *sessionCache) {
			c.commit(map[string]stagedWrite{string(k): {v: []byte("new")}}, 9)
			c.commit(map[string]stagedWrite{string(k): {v: []byte("old")}}, 8)
		}, k, "new"},
		{"a delete removes the entry", 1 << 20, func(c *sessionCache) {
			c.commit(map[string]stagedWrite{string(k): {v: []byte("b")}}, 6)
			c.commit(map[string]stagedWrite{string(k): {del: true}}, 7)
		}, k, "<miss>"},
		{"a fill older than a delete is refused", 1 << 20, func(c *sessionCache) {
			c.commit(map[string]stagedWrite{string(k): {del: true}}, 7)
			c.fill(k, []byte("stale"), 6)
		}, k, "<miss>"},
		{"a fill older than an eviction is refused", 2*entryOverhead + 2*int64(len(k)) + 150, func(c *sessionCache) {
			c.commit(map[string]stagedWrite{string(other): {v: []byte(strings.Repeat("x", 100))}}, 10)
			c.commit(map[string]stagedWrite{string(k): {v: []byte(strings.Repeat("y", 100))}}, 11) // evicts other
			c.fill(other, []byte("stale"), 9)                                                      // a snapshot before batch 10
		}, other, "<miss>"},
		{"a fill newer than the eviction is kept", 2*entryOverhead + 2*int64(len(k)) + 150, func(c *sessionCache) {
			c.commit(map[string]stagedWrite{string(other): {v: []byte(strings.Repeat("x", 100))}}, 10)
			c.commit(map[string]stagedWrite{string(k): {v: []byte(strings.Repeat("y", 100))}}, 11) // evicts other
			c.fill(other, []byte("fresh"), 11)
		}, other, "fresh"},
		{"other keys are ignored", 1 << 20, func(c *sessionCache) {
			c.commit(map[string]stagedWrite{string(key("salon", tagDedupe, "m1")): {v: []byte("r")}}, 6)
		}, key("salon", tagDedupe, "m1"), "<miss>"},
		{"a value larger than the budget is not kept", 100, func(c *sessionCache) {
			c.commit(map[string]stagedWrite{string(k): {v: []byte(strings.Repeat("z", 200))}}, 6)
		}, k, "<miss>"},
		{"disabled", -1, func(c *sessionCache) {
			c.commit(map[string]stagedWrite{string(k): {v: []byte("b")}}, 6)
			c.fill(k, []byte("a"), 7)
		}, k, "<miss>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newSessionCache(tt.max)
			tt.steps(c)
			if got := get(c, tt.key); got != tt.want {
				t.Errorf("get = %q, want %q", got, tt.want)
			}
			if c.bytes < 0 || (c.max > 0 && c.bytes > c.max) {
				t.Errorf("accounted %d bytes for a budget of %d", c.bytes, c.max)
			}
		})
	}
}

func TestSessionCacheStaysWithinBudget(t *testing.T) {
	const budget = 4096
	c := newSessionCache(budget)
	for i := range 1000 {
		k := key("salon", tagSession, "web:"+strings.Repeat("n", i%7)+string(rune('a'+i%26)))
		c.commit(map[string]stagedWrite{string(k): {v: make([]byte, i%300)}}, uint64(i+1))
		if c.bytes > budget {
			t.Fatalf("after %d commits: %d bytes cached, budget %d", i+1, c.bytes, budget)
		}
	}
	var sum int64
	for k, e := range c.m {
		sum += int64(len(k) + entryOverhead + len(e.v))
	}
	if sum != c.bytes {
		t.Errorf("entries hold %d bytes, accounted %d", sum, c.bytes)
	}
}

func TestTagOf(t *testing.T) {
	for _, tt := range []struct {
		k    []byte
		want bool
	}{
		{key("salon", tagSession, "web:1"), true},
		{key("salon", tagDedupe, "web:1"), false},
		{[]byte("salon"), false},
		{[]byte("salon\x00s"), false},
	} {
		if got := tagOf(tt.k) == tagSession; got != tt.want {
			t.Errorf("tagOf(%q) is tagSession: %v, want %v", tt.k, got, tt.want)
		}
		if got := tagOf(string(tt.k)) == tagSession; got != tt.want {
			t.Errorf("tagOf(string %q) is tagSession: %v, want %v", tt.k, got, tt.want)
		}
	}
}
