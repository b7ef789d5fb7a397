# Metodist: every target bootstraps what it needs (.venv, node_modules, var/), so a fresh clone needs
# only `make demo` or `make test`.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= municipality
SEED ?= 1
# A web server with a worker of background jobs beside it, both stopped by Ctrl-C: `$(WITH_WORKER) <server command>`.
WITH_WORKER := PY=$(PY) scripts/with-worker

.PHONY: demo serve worker test lint format check-migrations bench bench-community bench-load bench-nation bootstrap clean

bootstrap: $(VENV)/.installed node_modules/.installed var

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var:
	mkdir -p var

# The demo is served with DEBUG off, as a newcomer should see it: the Russian error pages, and the static
# files collected into staticfiles/ and served by the app itself (WhiteNoise); a worker runs its imports and
# computations beside the server.
demo: bootstrap
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --scale $(SCALE) --seed $(SEED) --if-empty
	$(PY) manage.py seed_demo_growth
	$(PY) manage.py seed_demo_monitoring
	$(PY) manage.py seed_demo_cycle
	$(PY) manage.py demo_logins
	$(PY) manage.py collectstatic --noinput -v0
	DEBUG=0 $(WITH_WORKER) $(PY) manage.py runserver $(HOST):$(PORT)

# One more worker of background jobs (docs/operations.md, «Фоновые задания»), e.g. on another machine.
worker: bootstrap
	$(PY) manage.py db_worker --no-reload

# The production settings and gunicorn on this machine, over plain http (hence no HTTPS redirect and no secure
# cookies): a key generated once into var/secret_key, the database of `make demo` unless DATABASE_URL is set.
SERVE_ENV = DJANGO_SETTINGS_MODULE=metodist.settings_production \
	SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/var/metodist.sqlite3}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0

serve: bootstrap var/secret_key
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) BIND=$(HOST):$(PORT) $(WITH_WORKER) $(VENV)/bin/gunicorn -c gunicorn.conf.py

var/secret_key: | var
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

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

BENCH_SQLITE := sqlite:///$(CURDIR)/var/bench.sqlite3
BENCH_PG := postgres://postgres@127.0.0.1:5432/metodist_bench

# Region-scale demo (about 50,000 educators) generated once per database, then a whole campaign of every
# catalogue is timed on SQLite and on PostgreSQL (if it answers); figures go to docs/benchmarks.md.
bench: bootstrap
	$(PY) -m pip install --quiet -r requirements-bench.txt
	DATABASE_URL=$(BENCH_SQLITE) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_SQLITE) $(PY) manage.py seed_demo --scale region --seed 1 --if-empty
	DATABASE_URL=$(BENCH_SQLITE) $(PY) manage.py bench --record docs/benchmarks.md
	$(MAKE) --no-print-directory bench-community
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
	  psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='metodist_bench'" | grep -q 1 \
	    || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE metodist_bench"; \
	  DATABASE_URL=$(BENCH_PG) $(PY) manage.py migrate --noinput -v0 && \
	  DATABASE_URL=$(BENCH_PG) $(PY) manage.py seed_demo --scale region --seed 1 --if-empty && \
	  DATABASE_URL=$(BENCH_PG) $(PY) manage.py bench --record docs/benchmarks.md && \
	  $(MAKE) --no-print-directory bench-load; \
	else echo "PostgreSQL на 127.0.0.1:5432 не отвечает: замер на PostgreSQL пропущен."; fi

# The community modules at region scale, on a copy of the bench database with the growth and community demo
# seeded (so the campaign bench above keeps its registry-only data): the whole-pool mentor matching (synthetic
# 1,000 × 3,000 and the largest municipality with its reads) and the .ics feeds (docs/benchmarks.md).
BENCH_COMMUNITY := $(CURDIR)/var/bench-community.sqlite3
bench-community: $(VENV)/.installed var
	@test -f $(BENCH_COMMUNITY) || { cp $(CURDIR)/var/bench.sqlite3 $(BENCH_COMMUNITY) && \
	  DATABASE_URL=sqlite:///$(BENCH_COMMUNITY) $(PY) manage.py seed_demo_growth; }
	DATABASE_URL=sqlite:///$(BENCH_COMMUNITY) $(PY) manage.py bench_matching --largest
	DATABASE_URL=sqlite:///$(BENCH_COMMUNITY) $(PY) -m metodist.events.bench

LOAD_DURATION ?= 90
LOAD_PORT ?= 8107
LOAD_WORKERS ?= 2
LOAD_THREADS ?= 4

# Load test (also run by `make bench` when PostgreSQL answers; about 2 × (3 × LOAD_DURATION + 20) s): gunicorn
# with the production settings, then runserver, on the region-scale database of `make bench` with the demo
# campaigns; 50 users with a think time of 5 s and closed loops of 1 and 10 clients (locust). Ports
# LOAD_PORT and LOAD_PORT + 1. Figures go to docs/benchmarks.md, «Нагрузка».
bench-load: $(VENV)/.installed var
	@pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL на 127.0.0.1:5432 не отвечает."; exit 1; }
	$(PY) -m pip install --quiet -r requirements-bench.txt
	@psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='metodist_bench'" | grep -q 1 \
	  || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE metodist_bench"
	DATABASE_URL=$(BENCH_PG) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_PG) $(PY) manage.py seed_demo --scale region --seed 1 --if-empty
	DATABASE_URL=$(BENCH_PG) $(PY) manage.py seed_demo_monitoring
	DATABASE_URL=$(BENCH_PG) $(PY) manage.py bench_load --duration $(LOAD_DURATION) --port $(LOAD_PORT) \
	  --workers $(LOAD_WORKERS) --threads $(LOAD_THREADS) --record docs/benchmarks.md

NATION_EDUCATORS ?= 2000000
BENCH_NATION_PG := postgres://postgres@127.0.0.1:5432/metodist_nation

# Opt-in, not in CI: the nation-scale demo on PostgreSQL with the server's default settings (seeded once per
# database: the first run takes minutes), the national round, and the demo region's campaign timed on the
# region-scale database of `make bench` and on this one in the same run; figures go to docs/benchmarks.md.
bench-nation: $(VENV)/.installed var
	@pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL на 127.0.0.1:5432 не отвечает."; exit 1; }
	@for db in metodist_bench metodist_nation; do \
	  psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$$db'" | grep -q 1 \
	    || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $$db"; \
	done
	DATABASE_URL=$(BENCH_PG) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_PG) $(PY) manage.py seed_demo --scale region --seed 1 --if-empty
	DATABASE_URL=$(BENCH_PG) $(PY) manage.py bench_nation --region-only --save var/bench-region.json
	DATABASE_URL=$(BENCH_NATION_PG) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_NATION_PG) $(PY) manage.py seed_demo --scale nation --seed 1 --educators $(NATION_EDUCATORS) --if-empty
	DATABASE_URL=$(BENCH_NATION_PG) $(PY) manage.py bench_nation --compare var/bench-region.json --record docs/benchmarks.md

clean:
	rm -rf $(VENV) node_modules var staticfiles
