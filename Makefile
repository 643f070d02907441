# Two commands on a fresh machine: `make run` (the app, demo ready) and `make test` (the suite).
# Everything Python lives in .venv, made from the system python3 and filled from requirements.lock
# (exact versions with hashes). `make lock` refreshes the lock with uv.
PYTHON ?= python3
PORT ?= 8501
VENV ?= .venv
LOCK := requirements.lock
UV_VERSION := 0.13.9
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test install install-test system-deps venv-deps lint lock

## The app on SQLite under data/, with a demo session filled with sample answers.
run: export WORKSHOP_PUBLIC_BASE_URL ?= http://localhost:$(PORT)
run: install
	$(BIN)/workshop demo --lang fr
	$(BIN)/workshop serve --port $(PORT)

## The whole suite: lint, unit, AppTest, server, PostgreSQL and real-browser tests.
test: install-test lint
	$(BIN)/python -m pytest

install: $(INSTALLED)

# Reinstalls only when the lock or pyproject.toml changed: a second `make run` needs no network.
$(INSTALLED): $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
	    --no-build-isolation --editable .
	@touch $@

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make: Python 3.11 or newer is needed; '$(PYTHON)' is not (try: make PYTHON=python3.12)" >&2; \
	  exit 2; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); $(MAKE) --no-print-directory venv-deps \
	  && $(PYTHON) -m venv $(VENV); }

## Debian and Ubuntu ship python3 without venv: install python3-venv (asks for sudo if not root).
venv-deps:
	@command -v apt-get >/dev/null || { \
	  echo "make: '$(PYTHON) -m venv' fails; install your system's venv package for Python" >&2; exit 2; }
	@echo "make: installing python3-venv (Debian/Ubuntu) to create $(VENV)"
	@SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    python3-venv >/dev/null

## Debian's Chromium (browser tests), PostgreSQL (database tests) and nginx (replicas), when missing.
system-deps:
	@if ! command -v chromium >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	    || ! command -v nginx >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium postgresql nginx fonts-dejavu-core >/dev/null; \
	fi

install-test: system-deps install

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

## Refresh requirements.lock from pyproject.toml: newest releases the ranges allow, every Python
## from 3.11 on, with hashes. Run the suite afterwards.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	echo "setuptools>=69" | $(BIN)/uv pip compile pyproject.toml - --all-extras --universal \
	    --python-version 3.11 --generate-hashes --quiet --output-file $(LOCK)
