# Trygg: the two commands are `make run` and `make test` (README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
comma := ,
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.lock | cksum | cut -d' ' -f1)

.PHONY: run dev test worker beat lint format e2e bench bench-quick bench-10m messages backup restore clean

$(STAMP): requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

venv: $(STAMP)

# `make run` serves the portal as users meet it (DEBUG off, the portal's own
# error pages); `make dev` is the same with DEBUG on.
run: SERVE_DEBUG := false
dev: SERVE_DEBUG := true
run dev: $(STAMP)
	@mkdir -p var/broker/queue var/broker/processed var/broker/control var/media
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py compilemessages_safe
	DEBUG=$(SERVE_DEBUG) $(BIN)/python manage.py seed_demo --force
	@echo "Trygg: http://127.0.0.1:$(PORT)  (DEBUG=$(SERVE_DEBUG); Ctrl-C stops the web server and the worker)"
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' INT TERM EXIT; \
	DEBUG=$(SERVE_DEBUG) $(BIN)/celery -A safecommunity worker --beat --loglevel=INFO --concurrency=2 \
	  --schedule var/celerybeat-schedule & \
	DEBUG=$(SERVE_DEBUG) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(BIN)/python manage.py compilemessages_safe --settings=safecommunity.settings.test
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

# `make worker` consumes every queue; `make worker QUEUES=imports` only one
# (queues: imports, pdfs, mail, default; safecommunity/core/queues.py).
worker: $(STAMP)
	$(BIN)/celery -A safecommunity worker --loglevel=INFO --concurrency=2 $(if $(QUEUES),-Q $(QUEUES) -n $(firstword $(subst $(comma), ,$(QUEUES)))@%h)

beat: $(STAMP)
	$(BIN)/celery -A safecommunity beat --loglevel=INFO --schedule var/celerybeat-schedule

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# Types of the services, selectors and tasks ([tool.mypy] files in pyproject.toml).
	$(BIN)/mypy
	@# The layers and the no-cycles rule ([tool.importlinter] in pyproject.toml).
	$(BIN)/lint-imports --no-cache
	$(BIN)/djlint templates --lint
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=safecommunity.settings.test
	$(BIN)/bandit -q -c pyproject.toml -r safecommunity injuries programmes walks certification reports events demo
	@# Fails on any known vulnerability; packages the advisory service cannot
	@# answer for are listed as skipped.
	@mkdir -p var; $(BIN)/pip-audit --progress-spinner off --no-deps --disable-pip \
	  -r requirements.lock > var/pip-audit.log 2>&1; rc=$$?; tail -n 3 var/pip-audit.log; exit $$rc

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat --quiet || true

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l nb -l sv -l en --no-obsolete --ignore=.venv --ignore=var --ignore=bench --ignore=tests
	$(BIN)/python manage.py compilemessages_safe

e2e: $(STAMP)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m e2e tests/e2e $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-quick: $(STAMP)
	$(BIN)/python -m bench.run --quick $(BENCH_ARGS)

# Every figure of `make bench` over ten million registrations (kept out of CI;
# results in bench/results/latest-10m.*). `BENCH_ROWS=N make bench` for any N.
bench-10m: $(STAMP)
	BENCH_ROWS=10000000 $(BIN)/python -m bench.run $(BENCH_ARGS)

backup: $(STAMP)
	$(BIN)/python manage.py backup

restore: $(STAMP)
	@test -n "$(BACKUP)" || (echo "usage: make restore BACKUP=var/backups/trygg-..."; exit 2)
	$(BIN)/python manage.py restore $(BACKUP)

clean:
	rm -rf var/broker var/celerybeat-schedule* .pytest_cache
