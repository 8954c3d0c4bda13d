# grassroots-indicators: `make` lists the targets; `make report` and `make test` set everything up themselves.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ARGS ?=
PYTEST_ARGS ?=

## help: list the targets (the default)
help:
	@echo "grassroots-indicators — targets:"
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## /  make /' -e 's/: /\t/' | expand -t 22

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "make: Python 3.11 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Try: make PYTHON=python3.12 ..." >&2; exit 2; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@# jupyterlab pulls in jsonschema's optional IRI checker (rfc3987-syntax), which builds a parser grammar each time
	@# nbformat is imported: 1.5-3 s of CPU in the runner, every worker and every test process. Nothing here checks
	@# IRIs (jsonschema skips a format it has no checker for), so it is removed (README, "Set-up").
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	@touch $(STAMP)

## install: create .venv/ (if missing) and install the project into it
install: $(STAMP)

## report: run every notebook for every report in data/raw/ and write reports/index.html (ARGS="--force" etc.)
report: install
	$(BIN)/indicators run $(ARGS)

## test: run the whole test suite (PYTEST_ARGS="-k clean" to pick tests); what CI runs
test: install
	$(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

## quick: the tests that run no notebook and no browser (about a minute and a half on 2 cores)
quick: install
	$(BIN)/python -m pytest -n auto --dist worksteal -m "not notebooks and not browser" $(PYTEST_ARGS)

## lab: open JupyterLab on the project's environment
lab: install
	$(BIN)/jupyter lab notebooks/ $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

## lint: check the code style with ruff
lint: install
	$(BIN)/ruff check src tests benchmarks notebooks

## bench: measure batch-run speed and memory (writes benchmarks/results.md)
bench: install
	$(BIN)/python benchmarks/bench_run.py
	$(BIN)/python benchmarks/bench_large.py

## clean: delete generated outputs (reports/, data/processed/); keeps .venv/
clean:
	rm -rf reports
	find data/processed -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

.PHONY: help install report test lab lint bench clean quick
