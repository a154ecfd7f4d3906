# Partner Center Simulator: `make run` serves the portal with demo data, `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/partnercenter
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0

.DEFAULT_GOAL := help
.PHONY: help install install-dev run test lint worker beat services browser messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the portal

install-dev: $(VENV)/.installed-dev ## Install the portal and the test tools

run: install ## Migrate, load demo data and serve on http://127.0.0.1:8000 with a worker and beat
	mkdir -p var/broker var/broker-processed var/media
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py collectstatic --noinput -v0
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C stops the web server, the worker and beat)"
	@# If either process dies, stop the other and fail: a portal without its worker is not running.
	trap 'kill 0' EXIT; \
	DEBUG=$${DEBUG:-true} $(VENV)/bin/celery -A partnercenter --quiet worker --beat --pool=solo --loglevel=WARNING \
	  --schedule=var/celerybeat-schedule & \
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:8000 --noreload & \
	wait -n

services: ## Start PostgreSQL and Redis if they are not running
	bash scripts/services.sh

browser: ## Install Debian's Chromium for the browser tests (Playwright cannot download its own here)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

test: install-dev services browser lint ## Lint, then run the whole suite on PostgreSQL and Redis, browser tests included
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) $(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev ## ruff, import layers, mypy (services, selectors, policy), migrations check, deploy check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/mypy
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) manage.py makemigrations --check --dry-run
	@# Production-like: a shared cache (the check only reads the setting; partnercenter/security_checks.py).
	DATABASE_URL=$(TEST_DATABASE_URL) SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=portal.example \
	  CACHE_URL=$${CACHE_URL:-rediscache://127.0.0.1:6379/1} $(PY) manage.py check --deploy --fail-level WARNING

worker: install ## Production shape: a Celery worker
	$(VENV)/bin/celery -A partnercenter worker --loglevel=INFO

beat: install ## Production shape: Celery beat (run exactly one)
	$(VENV)/bin/celery -A partnercenter beat --loglevel=INFO

# Each app keeps its own catalogue (<app>/locale); top-level templates go to locale/ (LOCALE_PATHS),
# extracted from inside templates/ so no app's strings leak into it. Other apps run the same two commands.
I18N_DIRS ?= accounts customers partnercenter simulation demo templates

messages: install-dev ## Refresh and compile the Italian catalogues of I18N_DIRS (needs GNU gettext)
	for dir in $(I18N_DIRS); do (cd $$dir && ../$(PY) ../manage.py makemessages -l it --no-obsolete); done
	for dir in $(filter-out templates,$(I18N_DIRS)); do (cd $$dir && ../$(PY) ../manage.py compilemessages); done
