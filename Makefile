# Metodist: every target bootstraps what it needs (.venv, node_modules, var/), so a fresh clone needs
# only `make demo` or `make test`.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= municipality
SEED ?= 1

.PHONY: demo serve test test-fast lint format check-migrations bench bootstrap clean

bootstrap: $(VENV)/.installed node_modules/.installed var

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var:
	mkdir -p var

demo: bootstrap
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --scale $(SCALE) --seed $(SEED) --if-empty
	$(PY) manage.py demo_logins
	$(PY) manage.py runserver $(HOST):$(PORT)

test: bootstrap
	$(PY) -m pytest

lint: bootstrap
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: bootstrap
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-migrations: bootstrap
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules var staticfiles
