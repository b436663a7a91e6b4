// Package webui holds the web chat's static files, embedded in the host
// binary: the widget (widget.js, one script tag, no framework) and the demo
// salon's home page (index.html) that shows it.
//
// The host serves [Lookup] results as they are: the package knows nothing
// of HTTP servers. Files are read-only and safe to share between goroutines.
package webui
