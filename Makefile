# Newsroom: `make run` and `make test` are all a fresh machine needs (see README).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/newsroom
PYTEST_ARGS ?=

# The first interpreter that is Python 3.12 or newer (Django 6 needs it; Debian's default is 3.11).
PYENV_ROOT := $(shell pyenv root 2>/dev/null)
CANDIDATES := python3.13 python3.12 $(wildcard $(PYENV_ROOT)/versions/3.1[2-9]*/bin/python3) python3
BASE_PYTHON := $(firstword $(foreach p,$(CANDIDATES),$(shell $(p) -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && echo $(p))))

.PHONY: help run test lint install test-deps browsers demo clean

help:
	@echo "make run   set up and serve the demo newsroom on http://$(HOST):$(PORT)/"
	@echo "make test  install what the tests need and run the whole suite (SQLite, then PostgreSQL)"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(BASE_PYTHON)" ]; then echo "Newsroom needs Python 3.12 or newer: install it (e.g. pyenv install 3.13) and run make again." >&2; exit 1; fi
	@test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

.env:
	@echo "Creating .env for local development (DEBUG on); production sets real variables instead."
	@printf 'DEBUG=true\n' > .env

install: $(VENV)/.installed .env

demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo

# SITE_URL (absolute links in feeds, canonical URLs, ninjs) follows HOST and PORT through RUN_URL
# unless the environment or .env sets SITE_URL (newsroom/settings.py).
# The task worker (renditions) runs beside the server, as in production; it is started in its own
# process group (setsid) so that stopping the server stops it and its autoreloader's child too.
run: demo
	@echo
	@echo "Newsroom is starting on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Log in as editor, reporter or photodesk with the password printed above."
	@setsid $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill -TERM -- -'$$worker' 2>/dev/null; wait '$$worker' 2>/dev/null' EXIT INT TERM; \
	echo "Task worker started (pid $$worker); it stops with the server."; \
	RUN_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

# What the tests need from Debian: Chromium for the browser tests (Playwright cannot download its
# own here), npm for the Nu HTML checker and axe-core, Java to run the checker, nginx to check
# deploy/nginx/newsroom.conf (`nginx -t`), and Varnish with the xkey vmod for the edge cache tests
# (tests/edge/test_varnish.py).
MISSING_DEBIAN := $(strip $(if $(wildcard /usr/bin/chromium),,chromium) \
	$(if $(shell command -v npm),,npm) $(if $(shell command -v java),,default-jre-headless) \
	$(if $(wildcard /usr/sbin/nginx),,nginx) \
	$(if $(wildcard /usr/sbin/varnishd),,varnish) \
	$(if $(wildcard /usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so /usr/lib/*/varnish/vmods/libvmod_xkey.so),,varnish-modules))

browsers:
	@if [ -n "$(MISSING_DEBIAN)" ]; then \
		echo "Installing $(MISSING_DEBIAN) for the tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq $(MISSING_DEBIAN) >/dev/null; \
	fi

# The Nu HTML checker and axe-core, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json | browsers
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test-deps: install browsers node_modules/.installed

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run

# Both databases at once when PostgreSQL answers: each suite is mostly one busy process, so the
# two share the machine's cores and `make test` takes little more than the longer of them. Each
# run has its own temporary folder; PostgreSQL's output is printed once SQLite's run ends.
RUNS := .pytest-runs
test: test-deps lint
	@mkdir -p $(RUNS)
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== Test suites on SQLite and on PostgreSQL, at once (PostgreSQL's output follows)"; \
		DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest --basetemp=$(RUNS)/postgresql $(PYTEST_ARGS) \
			> $(RUNS)/postgresql.log 2>&1 & postgresql=$$!; \
		trap 'kill $$postgresql 2>/dev/null' INT TERM; \
		echo "== Test suite on SQLite"; \
		$(VENV)/bin/pytest --basetemp=$(RUNS)/sqlite $(PYTEST_ARGS); sqlite_status=$$?; \
		wait $$postgresql; postgresql_status=$$?; \
		echo "== Test suite on PostgreSQL"; cat $(RUNS)/postgresql.log; \
		echo "== SQLite: exit $$sqlite_status; PostgreSQL: exit $$postgresql_status"; \
		test $$sqlite_status -eq 0 -a $$postgresql_status -eq 0; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL does not answer at $(PG_URL): CI requires it." >&2; exit 1; \
	else \
		echo "== PostgreSQL does not answer at $(PG_URL): skipped the PostgreSQL run (CI would fail)."; \
		echo "== Test suite on SQLite"; \
		$(VENV)/bin/pytest --basetemp=$(RUNS)/sqlite $(PYTEST_ARGS); \
	fi

clean:
	rm -rf $(VENV) .pytest_cache $(RUNS) .ruff_cache .mypy_cache staticfiles
