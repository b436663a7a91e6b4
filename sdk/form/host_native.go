//go:build !wasip1

package form

// parseByHost is the host's form decoder inside WebAssembly; natively there
// is none.
func (d *Decoder) parseByHost([]byte) (Values, bool) { return nil, false }
