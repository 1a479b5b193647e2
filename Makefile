# The commands a newcomer and CI run. `make run` and `make test` set up everything.
VENV    := .venv
PY      := $(VENV)/bin/python
RUN_OK  := $(VENV)/.installed-run
DEV_OK  := $(VENV)/.installed-dev
PYTEST_ARGS ?=
# `make run PORT=8800 HOST=127.0.0.1`; EBBTIDE_PORT / EBBTIDE_HOST in the environment work too.
PORT    ?= $(EBBTIDE_PORT)
HOST    ?= $(EBBTIDE_HOST)
SERVE_AT = $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

.PHONY: install install-dev system-deps run serve server-demo test lint typecheck unit bench clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUN_OK): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(DEV_OK): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(RUN_OK) $@

## install: the virtual environment with ebbtide in it
install: $(RUN_OK)

install-dev: $(DEV_OK)

## system-deps: Debian packages the test suite needs (PostgreSQL, Chromium, poppler)
system-deps:
	bash scripts/system-deps.sh

## run: set up and open the web app (a made-up demo, in its own file, until you start your own)
run: $(RUN_OK)
	$(VENV)/bin/ebbtide serve --demo-if-new $(SERVE_AT)

## serve: the web app on the current database (prints http://127.0.0.1:8765/?token=…)
serve: $(RUN_OK)
	$(VENV)/bin/ebbtide serve $(SERVE_AT)

## server-demo: a throwaway local PostgreSQL with a demo clinic, served on http://localhost:8766/
server-demo: $(DEV_OK) system-deps
	$(PY) -m ebbtide.server.demo

## lint: ruff, and the layers of DESIGN.md (import-linter contracts in pyproject.toml)
lint: $(DEV_OK)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	PYTHONPATH=$(CURDIR)/src $(VENV)/bin/lint-imports --no-cache

typecheck: $(DEV_OK)
	$(VENV)/bin/mypy

unit: $(DEV_OK) system-deps
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

## test: set up, then lint, type-check and run the whole test suite
test: lint typecheck unit

## bench: run the benchmarks (they print figures; nothing is asserted)
bench: $(DEV_OK)
	for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis test-artifacts
