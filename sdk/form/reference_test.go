package form

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// refParse is the byte-at-a-time decoder the word-at-a-time one replaced,
// kept as the reference the fuzz target compares with.
func refParse(p []byte) (Values, error) {
	if len(p) == 0 {
		return nil, nil
	}
	buf := bytes.Clone(p)
	var pairs Values
	w := 0
	var err error
	for i := 0; i < len(buf); {
		end := bytes.IndexByte(buf[i:], '&')
		if end < 0 {
			end = len(buf)
		} else {
			end += i
		}
		if end > i {
			k0 := w
			eq := bytes.IndexByte(buf[i:end], '=')
			if eq < 0 {
				eq = end
			} else {
				eq += i
			}
			if w, err = refUnescape(buf, w, i, eq); err != nil {
				return nil, err
			}
			k1 := w
			if eq < end {
				if w, err = refUnescape(buf, w, eq+1, end); err != nil {
					return nil, err
				}
			}
			pairs = append(pairs, Pair{Key: string(buf[k0:k1]), Value: string(buf[k1:w])})
		}
		i = end + 1
	}
	return pairs, nil
}

func refUnescape(buf []byte, w, from, to int) (int, error) {
	for i := from; i < to; {
		switch buf[i] {
		case '+':
			buf[w] = ' '
			w, i = w+1, i+1
		case '%':
			if i+2 >= to {
				return w, &SyntaxError{Offset: i, Escape: string(buf[i:to])}
			}
			hi, ok1 := unhex(buf[i+1])
			lo, ok2 := unhex(buf[i+2])
			if !ok1 || !ok2 {
				return w, &SyntaxError{Offset: i, Escape: string(buf[i : i+3])}
			}
			buf[w] = hi<<4 | lo
			w, i = w+1, i+3
		default:
			buf[w] = buf[i]
			w, i = w+1, i+1
		}
	}
	return w, nil
}

// checkAgainstReference parses in with Parse and with a reused Decoder and
// compares both with refParse, errors included.
func checkAgainstReference(t *testing.T, d *Decoder, in string) {
	t.Helper()
	want, wantErr := refParse([]byte(in))
	got, err := Parse(nil, []byte(in))
	gotD, errD := d.ParseString(in)
	for _, c := range []struct {
		name string
		got  Values
		err  error
	}{{"Parse", got, err}, {"Decoder.Parse", gotD, errD}} {
		if (c.err == nil) != (wantErr == nil) || (c.err != nil && c.err.Error() != wantErr.Error()) {
			t.Fatalf("%s(%q): error %v, want %v", c.name, in, c.err, wantErr)
		}
		if wantErr != nil {
			var se *SyntaxError
			if !errors.As(c.err, &se) {
				t.Fatalf("%s(%q): error %T, want *SyntaxError", c.name, in, c.err)
			}
			continue
		}
		if len(c.got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(c.got, want)) {
			t.Fatalf("%s(%q) = %q, want %q", c.name, in, c.got, want)
		}
	}
}

func TestMatchesReference(t *testing.T) {
	var d Decoder
	cases := []string{
		"", "&", "&&", "=", "==", "a", "a=", "=b", "a=b", "a=b=c", "a=1&&b=2&", "a+b=c+d",
		"%41", "%4", "%", "%zz", "a%4=b", "a=%4&b", "a=%4", "a=b%2", "k%3D=v%26w", "%3d%3D%26",
		"1234567&", "12345678&", "123456789&", "abcdefg=", "abcdefgh=", "abcdefghi=",
		"x=" + strings.Repeat("é", 20), "A=" + strings.Repeat("+", 17),
		strings.Repeat("ab%20cd=ef+gh&", 40),
		"MessageSid=SM1&Body=Bonjour%2C+%C3%A0+demain&From=whatsapp%3A%2B33639980012",
		"a=%C3%A9t%C3%A9&a=%E2%82%AC&b=%zq",
	}
	for _, c := range cases {
		checkAgainstReference(t, &d, c)
	}
}

func TestDecoderReuse(t *testing.T) {
	var d Decoder
	first, err := d.ParseString("a=1&b=2&c=3")
	if err != nil || len(first) != 3 {
		t.Fatal(first, err)
	}
	second, err := d.ParseString("x=" + strings.Repeat("y", 100))
	if err != nil || len(second) != 1 || second[0].Value != strings.Repeat("y", 100) {
		t.Fatal(second, err)
	}
	if allocs := testing.AllocsPerRun(100, func() {
		if _, err := d.ParseString("From=whatsapp%3A%2B336&Body=Bonjour+%C3%A0+14h&To=x"); err != nil {
			t.Fatal(err)
		}
	}); allocs != 0 {
		t.Errorf("a warm Decoder allocates %v times per parse, want 0", allocs)
	}
	if _, err := d.ParseString("a=%zz"); err == nil {
		t.Fatal("want an error")
	}
	if got, err := d.ParseString(""); err != nil || len(got) != 0 {
		t.Fatal(got, err)
	}
}

func FuzzMatchesReference(f *testing.F) {
	for _, s := range []string{"a=b&c=d", "%41%zz", "k=v=w&&+%2B", "12345678=%3"} {
		f.Add(s)
	}
	var d Decoder
	f.Fuzz(func(t *testing.T, in string) {
		checkAgainstReference(t, &d, in)
	})
}
