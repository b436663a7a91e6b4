package webchat

import (
	"container/list"
	"sync"
	"time"
)

// Limiter is a set of token buckets keyed by string (a conversation id, a
// client IP). Each key starts with a full bucket of Burst tokens that
// refills at Rate tokens per second; [Limiter.Allow] takes one token.
//
// Memory is bounded: at most MaxKeys buckets are kept, least recently used
// first out, and buckets that have refilled completely (idle keys, which
// behave exactly like unknown ones) are evicted as Allow goes. A Limiter is
// safe for concurrent use.
type Limiter struct {
	rate  float64
	burst float64
	max   int

	mu   sync.Mutex
	keys map[string]*list.Element
	lru  list.List // front = most recently used; values are *bucket
}

type bucket struct {
	key    string
	tokens float64
	last   time.Time
}

// LimiterOptions configure a [Limiter].
type LimiterOptions struct {
	// Rate is the refill rate in tokens per second; it must be positive.
	Rate float64
	// Burst is the bucket size; 0 means 1.
	Burst int
	// MaxKeys bounds the number of buckets kept; 0 means 10000.
	MaxKeys int
}

// NewLimiter returns a limiter. A non-positive Rate is taken as one token
// per minute.
func NewLimiter(opts LimiterOptions) *Limiter {
	l := &Limiter{rate: opts.Rate, burst: float64(opts.Burst), max: opts.MaxKeys, keys: make(map[string]*list.Element)}
	if l.rate <= 0 {
		l.rate = 1.0 / 60
	}
	if l.burst < 1 {
		l.burst = 1
	}
	if l.max <= 0 {
		l.max = 10000
	}
	return l
}

// Allow reports whether key may act at now, and takes a token when it may.
func (l *Limiter) Allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.evictIdle(now, 2)
	var b *bucket
	if e, ok := l.keys[key]; ok {
		b = e.Value.(*bucket)
		l.lru.MoveToFront(e)
		if el := now.Sub(b.last).Seconds(); el > 0 {
			b.tokens = min(l.burst, b.tokens+el*l.rate)
		}
		if now.After(b.last) {
			b.last = now
		}
	} else {
		for len(l.keys) >= l.max {
			l.removeElem(l.lru.Back())
		}
		b = &bucket{key: key, tokens: l.burst, last: now}
		l.keys[key] = l.lru.PushFront(b)
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// evictIdle removes up to n least recently used buckets that are full again
// at now.
func (l *Limiter) evictIdle(now time.Time, n int) {
	for ; n > 0; n-- {
		e := l.lru.Back()
		if e == nil {
			return
		}
		b := e.Value.(*bucket)
		if b.tokens+now.Sub(b.last).Seconds()*l.rate < l.burst {
			return
		}
		l.removeElem(e)
	}
}

func (l *Limiter) removeElem(e *list.Element) {
	b := l.lru.Remove(e).(*bucket)
	delete(l.keys, b.key)
}

// Len returns the number of buckets kept.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}
