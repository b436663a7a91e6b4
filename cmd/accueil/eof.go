package main

import "io"

var ioEOF = io.EOF
