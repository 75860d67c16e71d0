# Two commands set everything up on a fresh machine: `make schemas` and `make test`.
# Both create .venv from pyproject.toml when it is missing or older than pyproject.toml.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv schemas test check lint types layers drift pytest fuzz bench clean

help:
	@echo "make schemas  export the contract schemas to schemas/ (sets up .venv if needed)"
	@echo "make test     every check: ruff, mypy, layering, drift, pytest"
	@echo "make check    what to run before committing (same as make test)"
	@echo "make fuzz     the property tests with many more examples"
	@echo "make bench    validation speed against the peers (benchmarks/README.md)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

schemas: $(STAMP)
	$(BIN)/schema-contracts export

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

types: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

drift: $(STAMP)
	$(BIN)/schema-contracts export --check

pytest: $(STAMP)
	$(BIN)/pytest

test: lint types layers drift pytest

check: test

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/property -p no:cacheprovider -s

JS_STAMP := js/node_modules/.package-lock.json

$(JS_STAMP): js/package.json js/package-lock.json
	npm ci --prefix js --no-audit --no-fund

bench: $(STAMP) $(JS_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
