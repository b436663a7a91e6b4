package form

import (
	"errors"
	"math/rand/v2"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Values
	}{
		{"empty", "", nil},
		{"one", "a=1", Values{{"a", "1"}}},
		{"wire order kept", "b=2&a=1&c=3", Values{{"b", "2"}, {"a", "1"}, {"c", "3"}}},
		{"empty value", "Body=&To=x", Values{{"Body", ""}, {"To", "x"}}},
		{"key without equals", "flag&a=1", Values{{"flag", ""}, {"a", "1"}}},
		{"empty key", "=v", Values{{"", "v"}}},
		{"repeated keys", "d=1&d=2&d=1", Values{{"d", "1"}, {"d", "2"}, {"d", "1"}}},
		{"empty segments skipped", "&a=1&&b=2&", Values{{"a", "1"}, {"b", "2"}}},
		{"plus is space", "Body=Camille+Martin", Values{{"Body", "Camille Martin"}}},
		{"escapes", "To=whatsapp%3A%2B33639980000&x=%c3%a0", Values{{"To", "whatsapp:+33639980000"}, {"x", "à"}}},
		{"escaped plus stays plus", "a=%2B1+2", Values{{"a", "+1 2"}}},
		{"equals in value", "a=b=c", Values{{"a", "b=c"}}},
		{"escaped separators", "k%26=v%3D%26", Values{{"k&", "v=&"}}},
		{"semicolon is ordinary", "a=1;b=2", Values{{"a", "1;b=2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseString(nil, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseString(%q) = %q, want %q", tt.in, got, tt.want)
			}
			gotB, err := Parse(nil, []byte(tt.in))
			if err != nil || !reflect.DeepEqual(gotB, tt.want) {
				t.Fatalf("Parse(%q) = %q, %v", tt.in, gotB, err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in      string
		offset  int
		escape  string
		message string
	}{
		{"a=%zz", 2, "%zz", `form: invalid percent escape "%zz" at byte 2`},
		{"a=1&b=%4", 6, "%4", `form: invalid percent escape "%4" at byte 6`},
		{"a=%", 2, "%", `form: invalid percent escape "%" at byte 2`},
		{"%g1=x", 0, "%g1", `form: invalid percent escape "%g1" at byte 0`},
		{"ok=1&k=%%41", 7, "%%4", `form: invalid percent escape "%%4" at byte 7`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			dst := Values{{"keep", "me"}}
			got, err := ParseString(dst, tt.in)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *SyntaxError", err)
			}
			if se.Offset != tt.offset || se.Escape != tt.escape || err.Error() != tt.message {
				t.Fatalf("got %+v %q", se, err)
			}
			if len(got) != 1 {
				t.Fatalf("dst changed on error: %q", got)
			}
		})
	}
}

func TestValues(t *testing.T) {
	v, err := ParseString(nil, "Body=&From=a&From=b")
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Get("From"); got != "a" {
		t.Errorf("Get(From) = %q", got)
	}
	if got, ok := v.Lookup("Body"); !ok || got != "" {
		t.Errorf("Lookup(Body) = %q, %v", got, ok)
	}
	if _, ok := v.Lookup("To"); ok {
		t.Error("Lookup(To) found an absent key")
	}
}

func TestAppendRoundTrip(t *testing.T) {
	in := Values{{"Body", "Tarifs & horaires : coupe < 40 € ?"}, {"empty", ""}, {"a+b", "1=2%"}}
	enc := Append(nil, in)
	got, err := Parse(nil, enc)
	if err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("round trip %s: %q %v", enc, got, err)
	}
	u, err := Unescape("whatsapp%3A%2B33+6")
	if err != nil || u != "whatsapp:+33 6" {
		t.Fatalf("Unescape = %q, %v", u, err)
	}
	if _, err := Unescape("%x"); err == nil {
		t.Fatal("Unescape of a malformed escape did not fail")
	}
}

// TestAgreesWithNetURL checks the decoded values against net/url on the
// Twilio fixtures.
func TestAgreesWithNetURL(t *testing.T) {
	for _, name := range []string{"inbound-text.txt", "inbound-button-reply.txt", "inbound-location.txt", "status-failed.txt"} {
		body, err := os.ReadFile("../../testdata/providers/twilio/" + name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Parse(nil, body)
		if err != nil {
			t.Fatal(err)
		}
		want, err := url.ParseQuery(string(body))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for k, vs := range want {
			n += len(vs)
			for i, v := range vs {
				var seen []string
				for _, p := range got {
					if p.Key == k {
						seen = append(seen, p.Value)
					}
				}
				if i >= len(seen) || seen[i] != v {
					t.Errorf("%s: %s = %q, net/url says %q", name, k, seen, vs)
				}
			}
		}
		if n != len(got) {
			t.Errorf("%s: %d pairs, net/url has %d", name, len(got), n)
		}
	}
}

func TestParseAllocs(t *testing.T) {
	body, err := os.ReadFile("../../testdata/providers/twilio/inbound-text.txt")
	if err != nil {
		t.Fatal(err)
	}
	dst := make(Values, 0, 32)
	allocs := testing.AllocsPerRun(100, func() {
		dst, _ = Parse(dst[:0], body)
	})
	if allocs > 2 {
		t.Fatalf("Parse allocates %.0f times, want at most 2", allocs)
	}
}

func BenchmarkParse(b *testing.B) {
	body, err := os.ReadFile("../../testdata/providers/twilio/inbound-text.txt")
	if err != nil {
		b.Fatal(err)
	}
	dst := make(Values, 0, 32)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		dst, _ = Parse(dst[:0], body)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("a=1&b=&c")
	f.Add("To=whatsapp%3A%2B33639980000&Body=Bonjour+%C3%A0")
	f.Add("%zz=1")
	f.Add("&&=&%")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseString(nil, s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Offset < 0 || se.Offset >= len(s) || s[se.Offset] != '%' {
				t.Fatalf("bad error %v for %q", err, s)
			}
			return
		}
		// Re-encoding and parsing again gives the same pairs.
		again, err := Parse(nil, Append(nil, got))
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if len(again) != len(got) {
			// An empty key with an empty value encodes as "=", which parses back as one pair.
			t.Fatalf("re-parse of %q: %q, want %q", s, again, got)
		}
		for i := range got {
			if got[i] != again[i] {
				t.Fatalf("re-parse of %q: %q, want %q", s, again, got)
			}
		}
		// net/url agrees on every value it accepts (it rejects ';').
		if want, err := url.ParseQuery(s); err == nil {
			n := 0
			for _, vs := range want {
				n += len(vs)
			}
			if n != len(got) {
				t.Fatalf("%q: %d pairs, net/url has %d", s, len(got), n)
			}
		}
	})
}

// TestSortedIndex compares SortedIndex with a stable sort by key then value,
// on forms of every size around the insertion-sort limit.
func TestSortedIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"", "a", "ab", "abcdefgh", "abcdefghi", "abcdefghij", "Body", "From", "MediaUrl0", "MediaUrl1", "b", "\xff"}
	for n := 0; n <= 80; n++ {
		pairs := make(Values, n)
		for i := range pairs {
			pairs[i] = Pair{Key: words[rng.IntN(len(words))], Value: words[rng.IntN(len(words))]}
		}
		want := make([]int32, n)
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortStableFunc(want, func(x, y int32) int {
			if c := strings.Compare(pairs[x].Key, pairs[y].Key); c != 0 {
				return c
			}
			return strings.Compare(pairs[x].Value, pairs[y].Value)
		})
		got := SortedIndex([]int32{-1}, pairs)
		if got[0] != -1 || !slices.Equal(got[1:], want) {
			t.Fatalf("%d pairs: got %v, want %v", n, got[1:], want)
		}
	}
}

func TestParseRefusesTooManyPairs(t *testing.T) {
	build := func(n int) []byte {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte('&')
			}
			b.WriteString("a=")
		}
		return []byte(b.String())
	}
	if got, err := Parse(nil, build(MaxPairs)); err != nil || len(got) != MaxPairs {
		t.Fatalf("Parse of %d pairs: %d pairs, %v", MaxPairs, len(got), err)
	}
	for _, n := range []int{MaxPairs + 1, 120000} {
		if _, err := Parse(nil, build(n)); !errors.Is(err, ErrTooManyPairs) {
			t.Errorf("Parse of %d pairs: %v, want ErrTooManyPairs", n, err)
		}
		var d Decoder
		if _, err := d.Parse(build(n)); !errors.Is(err, ErrTooManyPairs) {
			t.Errorf("Decoder.Parse of %d pairs: %v, want ErrTooManyPairs", n, err)
		}
	}
	// Empty segments are no pairs: they do not count.
	if _, err := Parse(nil, []byte(strings.Repeat("&", 5000)+"a=1")); err != nil {
		t.Errorf("empty segments: %v", err)
	}
}
