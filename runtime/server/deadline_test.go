package server

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

func TestDeadlinesEndAtTheDeadline(t *testing.T) {
	const timeout = 80 * time.Millisecond
	d := newDeadlines(timeout)
	start := time.Now()
	ctx := d.context()
	dl, ok := ctx.Deadline()
	if !ok {
		t.Fatal("no deadline")
	}
	if early, late := dl.Sub(start.Add(timeout)), d.grain+5*time.Millisecond; early < 0 || early > late {
		t.Errorf("deadline %v after start; want %v, at most %v later", dl.Sub(start), timeout, d.grain)
	}
	if err := ctx.Err(); err != nil {
		t.Fatalf("Err before the deadline = %v", err)
	}
	select {
	case <-ctx.Done():
		t.Fatal("done before the deadline")
	default:
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("not done 5s after an 80ms deadline")
	}
	if took := time.Since(start); took < timeout {
		t.Errorf("done after %v, before the %v deadline", took, timeout)
	}
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("Err = %v; want context.DeadlineExceeded", ctx.Err())
	}
	if ctx.Value("any") != nil {
		t.Error("Value returned something")
	}
}

func TestDeadlinesShareSlots(t *testing.T) {
	d := newDeadlines(time.Minute)
	a, b := d.context(), d.context()
	if a != b {
		t.Error("two requests a moment apart got two contexts: one timer each")
	}
	time.Sleep(2 * d.grain)
	if c := d.context(); c == a {
		t.Error("a request two slots later got the same context")
	} else if da, _ := a.Deadline(); !da.Before(deadlineOf(c)) {
		t.Error("the later context ends first")
	}
}

func deadlineOf(ctx context.Context) time.Time { dl, _ := ctx.Deadline(); return dl }

func TestDeadlinesDerivedContexts(t *testing.T) {
	d := newDeadlines(50 * time.Millisecond)
	parent := d.context()
	before := runtime.NumGoroutine()
	var children []context.Context
	for range 100 {
		c, cancel := context.WithCancel(parent)
		defer cancel()
		children = append(children, c)
	}
	if n := runtime.NumGoroutine(); n > before+5 {
		t.Errorf("deriving 100 contexts started %d goroutines; want none (AfterFunc)", n-before)
	}
	// A derived context cancelled early is forgotten by its parent.
	early, cancelEarly := context.WithTimeout(parent, time.Hour)
	cancelEarly()
	if !errors.Is(early.Err(), context.Canceled) {
		t.Errorf("cancelled child: Err = %v", early.Err())
	}
	for _, c := range children {
		select {
		case <-c.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("a derived context did not end with its parent")
		}
		if !errors.Is(c.Err(), context.DeadlineExceeded) {
			t.Fatalf("derived Err = %v; want the parent's DeadlineExceeded", c.Err())
		}
	}
	// Registered after the end: runs at once.
	ran := make(chan struct{})
	if stop := context.AfterFunc(parent, func() { close(ran) }); stop() {
		t.Error("stop after the end reported that it stopped f")
	}
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("AfterFunc on an ended context did not run")
	}
}

func TestDeadlinesAfterFuncStop(t *testing.T) {
	d := newDeadlines(30 * time.Millisecond)
	ctx := d.context()
	var ran atomic.Int32
	stop := context.AfterFunc(ctx, func() { ran.Add(1) })
	if !stop() {
		t.Error("stop before the end did not report stopping f")
	}
	context.AfterFunc(ctx, func() { ran.Add(10) })
	<-ctx.Done()
	deadline := time.Now().Add(5 * time.Second)
	for ran.Load() != 10 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if got := ran.Load(); got != 10 {
		t.Errorf("ran = %d; want only the func that was not stopped (10)", got)
	}
}

func BenchmarkRequestContext(b *testing.B) {
	b.Run("deadlines", func(b *testing.B) {
		d := newDeadlines(14 * time.Second)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if d.context().Err() != nil {
					b.Fatal("ended")
				}
			}
		})
	})
	b.Run("context.WithTimeout", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				ctx, cancel := context.WithTimeout(context.Background(), 14*time.Second)
				if ctx.Err() != nil {
					b.Fatal("ended")
				}
				cancel()
			}
		})
	})
}
