# Quick start: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

# Development targets run with DEBUG on, which lets the app start its own
# embedded PostgreSQL under .data/ when DATABASE_URL is not set.
DEV := DEBUG=1

.PHONY: install run test lint format migrate demo demo-code stop-db clean backup restore bench load

install: $(STAMP)

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

migrate: install
	$(DEV) $(MANAGE) migrate --noinput

demo: migrate
	$(DEV) $(MANAGE) seed_demo --if-empty

# The two-step sign-in code of the demo's staff logins, for when no authenticator app is to hand.
demo-code: install
	@$(DEV) $(MANAGE) demo_code

run: demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(DEV) $(MANAGE) runserver 127.0.0.1:8000

test: install
	$(VENV)/bin/lint-imports --no-cache
	$(DEV) $(MANAGE) makemigrations --check --dry-run
	$(DEV) $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# A pg_dump of the whole database to backups/<name>-<timestamp>.dump (git-ignored), and the photos and
# documents folder beside it (<name>-<timestamp>.files.tar.gz; not when files are in S3).
backup: install
	$(DEV) $(MANAGE) backup

# Replaces the database with a backup, and the files folder with the .files.tar.gz beside it:
# make restore FILE=backups/sharedlives-20250101-120000.dump
restore: install
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=backups/<file>.dump" && exit 2)
	$(DEV) $(MANAGE) restore "$(FILE)"

# Times the key pages on a national dataset and on one a tenth its size (bench/RESULTS.md). The
# datasets are built with seed_scale the first time (a while) and when it changes; BENCH_REBUILD=1
# rebuilds them. Pages are timed with DEBUG off and production settings (bench/run.py sets them).
bench: install
	$(PY) -m bench.run

# Two minutes of 50 users on gunicorn against a copy of the national dataset, driven by locust in
# its own virtual environment, .venv-locust (bench/LOAD.md).
load: install
	$(PY) -m bench.load

# Stops the embedded PostgreSQL started by the development targets.
stop-db: install
	$(DEV) $(PY) -m sharedlives.embedded_db stop

clean: stop-db
	rm -rf $(VENV) .data staticfiles
