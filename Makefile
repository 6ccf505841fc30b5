# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DEBUG=1

.PHONY: run test test-browser bench lint format check-system migrate demo worker backup restore clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ").")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "Cannot create $(VENV): on Debian/Ubuntu run: sudo apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

check-system: $(STAMP)
	@$(PY) scripts/check_system.py

migrate: check-system
	$(DEV_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo

run: demo
	@echo "Starting the background worker (emails, reminders) and the app at http://$(HOST):$(PORT)/"
	@$(DEV_ENV) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

worker: check-system
	$(DEV_ENV) $(PY) manage.py db_worker

test: check-system
	@$(PY) scripts/check_system.py --tests
	$(PY) -m pytest $(PYTEST_ARGS)

test-browser: check-system
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

bench: check-system
	$(DEV_ENV) $(PY) bench/pdf_bench.py
	$(DEV_ENV) $(PY) bench/public_bench.py
	$(DEV_ENV) $(PY) bench/backup_bench.py

backup: check-system
	$(DEV_ENV) $(PY) scripts/backup.py $(if $(DIR),--output-dir $(DIR))

restore: check-system
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/statements-backup-….tar.gz"; exit 1; }
	$(DEV_ENV) $(PY) scripts/restore.py "$(FILE)"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache
