// Package jsonlite reads and writes JSON without reflection and without
// encoding/json, for code that runs inside WebAssembly guests (channel
// plugins), where encoding/json costs several times more in size and time.
//
// # Reading
//
// [Parse] validates a whole document once and returns its root [Value]. A
// Value is a window on the input bytes plus its [Kind]; looking a member up
// ([Value.Get], [Get]) skips over siblings without decoding them, and nothing
// is copied until a string is asked for ([Value.Text], [Value.AppendText]).
// Numbers stay as text ([Value.Raw]) until [Value.Int] or [Value.Float] is
// called. [Value.Raw] gives a value's exact bytes, so a sub-document (a tool
// call's arguments, say) can be passed on verbatim.
//
// [Get] and [Value.Get] never panic, even on malformed input, but they do not
// validate what they skip: call [Parse] or [Valid] first when the input comes
// from the network and must be rejected when malformed.
//
// Strings are unescaped as encoding/json does: \uXXXX escapes including
// surrogate pairs are decoded, and lone surrogates and invalid UTF-8 become
// U+FFFD. When an object holds a key twice, lookups return the first one.
//
// # Writing
//
// [Writer] builds a document in a byte slice: objects, arrays, keys,
// correctly escaped strings, numbers, and raw values written verbatim. It
// places the commas; the caller pairs starts and ends. [AppendString] escapes
// one string onto a buffer.
//
// # Ownership and concurrency
//
// A Value aliases the input slice: keep the input unchanged while the Value
// is used. Values are immutable and safe to share; a Writer is not safe for
// concurrent use.
package jsonlite
