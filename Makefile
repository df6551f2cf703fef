# Innovator Portal. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Django 6.1 needs Python 3.12 or newer. PYTHON=... picks one; otherwise the first suitable of these.
PYTHON_CANDIDATES := python3.13 python3.12 python3
PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { command -v $$p; break; }; \
	done)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

.PHONY: python-check
python-check:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Innovator Portal needs Python 3.12 or 3.13 (Django 6.1 does not run on older versions)."; \
		echo "None was found as python3.13, python3.12 or python3. Install one, or name it: make run PYTHON=/path/to/python3.12"; \
		exit 1; \
	fi
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
		echo "$(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'); Innovator Portal needs Python 3.12 or 3.13."; exit 1; }

$(VENV)/.installed: requirements.txt requirements-dev.txt | python-check
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The stylesheet keeps only the classes the templates and Python code name, so it is rebuilt when they change.
static/build/.built: node_modules/.installed bin/build-assets.mjs $(wildcard static/scss/*.scss) \
		$(shell find templates assessments innovator_portal -name '*.html' -o -name '*.txt' -o -name '*.py')
	npm run --silent build
	@touch $@

.PHONY: install
install: $(VENV)/.installed static/build/.built ## Create the virtualenv, install Python and npm packages, build assets

.PHONY: db
db: install ## Migrate the database and load the framework and demo data
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py createcachetable
	$(PY) manage.py framework load
	$(PY) manage.py seed_demo

# Links in emails (review events, invitations) lead to SITE_URL: unless the environment or ENV_FILE sets it,
# the address being served, so that they agree with the sign-up email, which takes the address it was asked on.
ENV_FILE ?= .env
SITE_HOST = $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))

.PHONY: run
run: db ## Set everything up and serve on http://127.0.0.1:8000 (HOST=... PORT=... to change it)
	@if [ -z "$$SITE_URL" ] && ! grep -qs '^SITE_URL=' "$(ENV_FILE)"; then export SITE_URL="http://$(SITE_HOST):$(PORT)"; fi; \
	echo "$(PY) manage.py runserver $(HOST):$(PORT)"; \
	$(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: lint
lint: install typecheck ## Lint Python (ruff) and templates (djlint), and check types (mypy)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint

.PHONY: typecheck
typecheck: install ## Check types with mypy (django-stubs); what it checks is in pyproject.toml
	$(BIN)/mypy

.PHONY: format
format: install ## Format Python and templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat

.PHONY: test
# Test files run in parallel, one process per core (each with its own test database); TEST_WORKERS=0 runs them in one.
TEST_WORKERS ?= auto
test: install lint ## Lint, then run every test (unit, integration and browser)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

.PHONY: audit
audit: install ## Check the pinned Python and npm packages for known vulnerabilities (needs their services)
	$(PY) bin/dependency-audit

.PHONY: bench
bench: install ## Run the benchmarks (Lighthouse among them, with Chromium); figures go to bench/results.json
	DJANGO_SETTINGS_MODULE=innovator_portal.settings.test $(PY) -m bench

# The load generator (locust, with gevent) lives in its own virtualenv inside .venv, away from the app and its tests.
LOAD_VENV := $(VENV)/load

$(LOAD_VENV)/.installed: requirements-bench.txt | $(VENV)/.installed
	@test -x $(LOAD_VENV)/bin/python || $(PY) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	@touch $@

.PHONY: bench-load
bench-load: install $(LOAD_VENV)/.installed ## Load test gunicorn on PostgreSQL (127.0.0.1:5432) with simulated users; LOAD_SECONDS=60
	$(PY) -m bench.load

.PHONY: clean
clean: ## Remove the virtualenv, node packages, built assets and the local database
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3
