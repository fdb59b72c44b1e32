# Quick start: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

# Development targets run with DEBUG on, which lets the app start its own
# embedded PostgreSQL under .data/ when DATABASE_URL is not set.
DEV := DEBUG=1

.PHONY: install run test lint format migrate demo stop-db clean

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

run: demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(DEV) $(MANAGE) runserver 127.0.0.1:8000

test: install
	$(DEV) $(MANAGE) makemigrations --check --dry-run
	$(DEV) $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Stops the embedded PostgreSQL started by the development targets.
stop-db: install
	$(DEV) $(PY) -m sharedlives.embedded_db stop

clean: stop-db
	rm -rf $(VENV) .data staticfiles
