# Set-up: `make install`, `make install-test`; then `make run` (the app, demo ready), `make test`.
PYTHON ?= python3
PORT ?= 8501

.PHONY: run test install install-test system-deps lint

install:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e .

## The app on SQLite under data/, with a demo session filled with sample answers.
run: export WORKSHOP_PUBLIC_BASE_URL ?= http://localhost:$(PORT)
run: install
	$(PYTHON) -m modules.cli demo --lang fr
	$(PYTHON) -m modules.cli serve --port $(PORT)

## Debian's Chromium (browser tests) and PostgreSQL (database tests), when missing.
system-deps:
	@if ! command -v chromium >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	    || ! command -v nginx >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium postgresql nginx fonts-dejavu-core >/dev/null; \
	fi

install-test: system-deps
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[test]'

lint:
	ruff check . && ruff format --check .

## The whole suite: lint, unit, AppTest, server, PostgreSQL and real-browser tests.
test: install-test lint
	$(PYTHON) -m pytest
