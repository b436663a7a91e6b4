# Accueil — the single entry point for humans and CI.
#
#   make run     build the plugins and serve the demo business on :8000
#   make test    everything the project checks
#   make bench   the benchmarks the README reports

GO        ?= go
PLUGINS   := $(patsubst plugins/%/manifest.json,%,$(wildcard plugins/*/manifest.json))
WASMFLAGS := GOOS=wasip1 GOARCH=wasm
BIN       := bin
GOTEST    := $(GO) test -shuffle=on
RACE      ?= -race
ADDR      ?= :8000
DATA      ?= ./data

.PHONY: all build plugins run test test-go test-sdk test-e2e check vet fuzz bench testdata clean help

all: build plugins

help:
	@echo "make run    - build plugins, serve the demo business on $(ADDR) (data in $(DATA))"
	@echo "make test   - vet, unit/integration tests (Badger, PostgreSQL, wazero), browser test"
	@echo "make bench  - plugin, engine, store and whole-turn benchmarks"
	@echo "make build  - build bin/accueil"
	@echo "make plugins - build every first-party plugin into $(BIN)/plugins"

build:
	$(GO) build -trimpath -o $(BIN)/accueil ./cmd/accueil

# Every first-party plugin: plugins/<name>/ → bin/plugins/<name>/{manifest.json,<name>.wasm}.
plugins: $(addprefix $(BIN)/plugins/,$(addsuffix /manifest.json,$(PLUGINS)))

# A plugin is rebuilt when its own sources, the SDK or the modules change
# (second expansion: the pattern's stem inside wildcard).
.SECONDEXPANSION:
$(BIN)/plugins/%/manifest.json: plugins/%/manifest.json $$(wildcard plugins/$$*/*.go) $(shell find sdk -name '*.go' -not -name '*_test.go') go.mod go.sum
	@mkdir -p $(BIN)/plugins/$*
	cd plugins/$* && $(WASMFLAGS) $(GO) build -buildmode=c-shared -trimpath -ldflags=-s -o $(abspath $(BIN))/plugins/$*/$*.wasm .
	cp plugins/$*/manifest.json $@

run: build plugins
	$(BIN)/accueil serve --addr $(ADDR) --data $(DATA) --plugins $(BIN)/plugins

test: vet test-sdk test-go test-e2e

vet:
	$(GO) vet ./...
	cd sdk && $(GO) vet ./... && $(WASMFLAGS) $(GO) vet ./...
	$(WASMFLAGS) $(GO) vet $(addprefix ./plugins/,$(PLUGINS))
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) run ./internal/tools/importcheck

test-sdk:
	cd sdk && $(GOTEST) $(RACE) ./...

test-go: plugins
	$(GOTEST) $(RACE) -timeout 10m ./...

test-e2e: build plugins
	cd e2e && npm ci --no-audit --no-fund --loglevel=error
	cd e2e && ACCUEIL_BIN=../$(BIN)/accueil ACCUEIL_PLUGINS=../$(BIN)/plugins node --test

fuzz:
	cd sdk && $(GO) test ./abi -run='^$$' -fuzz='^FuzzDecodeRenderInput$$' -fuzztime=10s
	$(GO) test ./runtime/store/badgerstore -run='^$$' -fuzz='^FuzzDecodeRecord$$' -fuzztime=10s
	$(GO) test ./runtime/store/badgerstore/internal/wal -run='^$$' -fuzz='^FuzzRecords$$' -fuzztime=10s

BENCHPKGS ?= ./runtime/pluginhost/ ./plugins/whatsapp/ ./engine/ ./runtime/store/badgerstore/

bench: build plugins
	$(GO) test -run '^$$' -bench . -benchmem -count 3 $(BENCHPKGS)
	$(GO) run ./internal/tools/loadgen -accueil $(BIN)/accueil -plugins $(BIN)/plugins -rounds 5 -d 3s

clean:
	rm -rf $(BIN)
