package wal

// Idle waits until no checkpoint or spare making runs.
func (l *Log) Idle() {
	for {
		l.bg.Wait()
		l.mu.Lock()
		busy := l.checkpointing || l.filling
		l.mu.Unlock()
		if !busy {
			return
		}
	}
}

// Abandon stops the log as a crash would: its files stay as they are.
func (l *Log) Abandon() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	close(l.stop)
	l.bg.Wait()
	l.f.Close()
}
