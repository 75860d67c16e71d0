# Two commands set everything up on a fresh machine: `make schemas` and `make test`.
# Both create .venv from pyproject.toml when it is missing or older than pyproject.toml.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv js go go-tools schemas generate test check lint types layers drift typescript pytest floors fuzz sanitize bench constraints clean

help:
	@echo "make schemas  export the contract schemas to schemas/ (sets up .venv if needed)"
	@echo "make generate typed code under generated/ from schemas/ (Python and TypeScript)"
	@echo "make go       the Go consumer the tests run (installs Go and gojsonschema from Debian if missing)"
	@echo "make test     every check: ruff, mypy, layering, drift, tsc, pytest"
	@echo "make check    what to run before committing (same as make test)"
	@echo "make floors   the tests again with the lowest dependency versions pyproject.toml allows"
	@echo "make fuzz     the property tests with ten times the examples (about ten minutes)"
	@echo "make sanitize the native accept check under AddressSanitizer and UBSan (SANITIZE_SECONDS, 15)"
	@echo "make clean    remove what the build made (.venv, js/node_modules, caches)"
	@echo "make bench    validation speed against the peers (benchmarks/README.md)"

# The install compiles the native accept check (hatch_build.py); here a failed compile fails the build.
NATIVE := src/schema_contracts/validate/_native.c hatch_build.py
REQUIRE_NATIVE := SCHEMA_CONTRACTS_REQUIRE_NATIVE=1

$(STAMP): pyproject.toml constraints.txt $(NATIVE)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(REQUIRE_NATIVE) $(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

# Node tooling (ajv, json-schema-to-typescript, tsc) lives in js/, installed from its lockfile.
JS_STAMP := js/node_modules/.package-lock.json

$(JS_STAMP): js/package.json js/package-lock.json
	npm ci --prefix js --no-audit --no-fund

js: $(JS_STAMP)

# The Go consumer (go/contract-check, tests/acceptance/test_go_consumer.py): Debian's Go and gojsonschema, used
# in GOPATH mode as Debian packages Go libraries. apt-get runs only when `go` or the library is missing.
GO_ENV := GO111MODULE=off GOFLAGS= GOPATH=/usr/share/gocode GOCACHE=$(CURDIR)/go/.cache
GO_LIBRARY := /usr/share/gocode/src/github.com/xeipuuv/gojsonschema
GO_CHECK := go/bin/contract-check

go-tools:
	@if ! command -v go >/dev/null 2>&1 || ! test -d $(GO_LIBRARY); then \
		echo "installing Go and gojsonschema from Debian (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			golang-go golang-github-xeipuuv-gojsonschema-dev >/dev/null; \
	fi

$(GO_CHECK): go/contract-check/main.go | go-tools
	@test -z "$$(gofmt -l go)" || { echo "gofmt would change: $$(gofmt -l go)"; exit 1; }
	$(GO_ENV) go vet ./go/contract-check
	$(GO_ENV) go build -o $@ ./go/contract-check

go: $(GO_CHECK)

schemas: $(STAMP)
	$(BIN)/schema-contracts export

generate: $(STAMP) $(JS_STAMP)
	$(BIN)/schema-contracts generate

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks generated/python hatch_build.py
	$(BIN)/ruff format --check src tests benchmarks generated/python hatch_build.py

types: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

# Breaking changes since the previous commit fail the build unless contract-changes.toml accepts them.
drift: $(STAMP) $(JS_STAMP)
	$(BIN)/schema-contracts export --check
	$(BIN)/schema-contracts generate --check
	@if git rev-parse -q --verify HEAD~1 >/dev/null; then \
		$(BIN)/schema-contracts diff --against HEAD~1 --ignore contract-changes.toml; \
	else echo "no previous commit: nothing to diff against"; fi

typescript: $(JS_STAMP)
	cd js && npx --no-install tsc --noEmit -p tsconfig.json

pytest: $(STAMP) $(JS_STAMP) $(GO_CHECK)
	$(BIN)/pytest

# The lowest allowed run-time dependencies (constraints-floors.txt), everything else as pinned, in a venv of
# their own: the export must stay byte-identical and validation must work with them.
FLOORS_VENV := .venv-floors
FLOORS_STAMP := $(FLOORS_VENV)/.installed
FLOORS_PINNED := '^(pydantic|pydantic[-_]core|jsonschema[-_]rs|orjson)=='

$(FLOORS_STAMP): pyproject.toml constraints.txt constraints-floors.txt $(NATIVE)
	@test -x $(FLOORS_VENV)/bin/python || $(PYTHON) -m venv $(FLOORS_VENV)
	{ grep -v -i -E $(FLOORS_PINNED) constraints.txt; grep -v '^#' constraints-floors.txt; } > $(FLOORS_VENV)/constraints.txt
	$(REQUIRE_NATIVE) $(FLOORS_VENV)/bin/python -m pip install --quiet -c $(FLOORS_VENV)/constraints.txt -e . pytest hypothesis jsonschema referencing
	@touch $(FLOORS_STAMP)

floors: $(FLOORS_STAMP)
	$(FLOORS_VENV)/bin/python -m pip list 2>/dev/null | grep -i -E '^(pydantic|jsonschema.rs|orjson) '
	$(FLOORS_VENV)/bin/python -m schema_contracts export --check
	$(FLOORS_VENV)/bin/pytest -q tests/unit/validate tests/unit/cli tests/unit/export tests/unit/models \
		tests/acceptance/test_cli_validate.py tests/acceptance/test_contract_payloads.py

test: lint types layers drift typescript pytest floors sanitize

check: test

# About ten minutes on a 2-core machine at the default 2,000 examples per property; FUZZ_EXAMPLES=N changes that.
# Each property prints as it finishes (-v), then the examples each one tried.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -v tests/property

# The native accept check built with AddressSanitizer and UndefinedBehaviorSanitizer into .sanitize/ (never the
# package's own build), fed mangled payloads for SANITIZE_SECONDS: any memory error stops it with a report.
# `make test` runs it last.
SANITIZE_SECONDS ?= 15
PY_CONFIG = $(BIN)/python -c "import sysconfig; print(sysconfig.get_config_var('$(1)'))"
sanitize: $(STAMP)
	mkdir -p .sanitize
	$(CC) -O1 -g -std=c99 -fPIC -shared -fsanitize=address,undefined -fno-omit-frame-pointer \
		-I"$$($(call PY_CONFIG,INCLUDEPY))" src/schema_contracts/validate/_native.c \
		-o .sanitize/_native"$$($(call PY_CONFIG,EXT_SUFFIX))"
	LD_PRELOAD="$$($(CC) -print-file-name=libasan.so) $$($(CC) -print-file-name=libubsan.so)" \
		ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		$(BIN)/python tests/sanitize/fuzz_native.py .sanitize $(SANITIZE_SECONDS)

# Start-up is measured with bytecode compiled, as an installed package has it
# (this environment may set PYTHONDONTWRITEBYTECODE, which would recompile on every run).
bench: $(STAMP) $(JS_STAMP)
	$(REQUIRE_NATIVE) $(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python -m compileall -q src > /dev/null
	$(BIN)/python benchmarks/run.py

# After changing dependencies in pyproject.toml: refresh the exact versions make installs.
constraints: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	{ head -n 2 constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^schema.contracts'; } > constraints.tmp
	mv constraints.tmp constraints.txt

# Everything the build made: the virtual environment, Node modules, caches and bytecode (never schemas/ or generated/).
clean:
	rm -f src/schema_contracts/validate/_native*.so
	rm -rf .sanitize
	rm -rf $(VENV) $(FLOORS_VENV) js/node_modules go/bin go/.cache .mypy_cache .pytest_cache .ruff_cache .hypothesis .import_linter_cache
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
