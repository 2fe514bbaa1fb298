# 支部之家 — every target has a description; `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/zhibu

.DEFAULT_GOAL := help
.PHONY: help install dev-install fonts browser-deps migrate seed run worker beat test test-sqlite test-postgres lint format messages bench bench-web seed-bench prod-check audit screenshots clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt constraints.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the runtime requirements

dev-install: $(VENV)/.installed-dev ## Install the runtime and test requirements

LEDGER_FONT := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
fonts: ## Install the TrueType Chinese font the 台账 PDF embeds (Debian fonts-wqy-zenhei; needs root)
	@if [ -f $(LEDGER_FONT) ]; then echo "$(LEDGER_FONT) present"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends fonts-wqy-zenhei; \
	else sudo apt-get install -y --no-install-recommends fonts-wqy-zenhei; fi

BROWSER_PACKAGES := chromium fonts-wqy-zenhei
browser-deps: ## Install the Debian packages the browser tests need (chromium, a CJK font; as root)
	@missing=""; for p in $(BROWSER_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "browser-deps: $(BROWSER_PACKAGES) already installed"; \
	elif [ "$$(id -u)" != 0 ]; then \
		echo "browser-deps: not root, not installing$$missing (browser tests skip without chromium)"; \
	else \
		export DEBIAN_FRONTEND=noninteractive; \
		for p in $$missing; do apt-cache show $$p >/dev/null 2>&1 || { apt-get update -qq; break; }; done; \
		apt-get install -y -qq --no-install-recommends $$missing; \
	fi

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

seed: migrate ## Load the demo data (idempotent)
	$(BIN)/python manage.py seed_demo

run: seed ## Serve the site with demo data, a Celery worker and beat on http://127.0.0.1:$(PORT)
	@PORT=$(PORT) bash scripts/run-dev.sh

worker: install ## Run a Celery worker in the foreground
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=2

beat: install ## Run Celery beat in the foreground (one per deployment)
	$(BIN)/celery -A config beat --loglevel=INFO

lint: dev-install ## ruff format --check, ruff check, makemigrations --check
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: dev-install ## Format and auto-fix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-sqlite: dev-install ## The pytest suite on SQLite
	$(BIN)/pytest

test-postgres: dev-install ## The pytest suite on PostgreSQL (skipped, with a reason, if unreachable)
	@PG_TEST_URL=$(PG_TEST_URL) bash scripts/test-postgres.sh

test: lint test-sqlite test-postgres ## Everything CI runs: lint, migrations check, suite on SQLite and PostgreSQL

messages: dev-install ## Update and compile the zh-Hans translation catalogue
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete \
		--ignore=.venv --ignore=staticfiles --ignore=var --ignore=screenshots --ignore=tests
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/zhibu_bench
BENCH_EMPLOYEES ?= 100000

bench: dev-install ## Benchmarks: the in-process ones, then the web bench (figures as ratios)
	$(BIN)/python -m scripts.bench
	DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_EMPLOYEES=$(BENCH_EMPLOYEES) \
	$(BIN)/python -m scripts.bench_web

bench-web: dev-install ## Web bench: gunicorn (production settings) + locust, each page vs a floor view
	DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_EMPLOYEES=$(BENCH_EMPLOYEES) \
	$(BIN)/python -m scripts.bench_web

seed-bench: dev-install ## Seed the bench database with a synthetic company (empties it: --flush)
	$(BIN)/python -m scripts.createdb $(BENCH_DATABASE_URL)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --noinput
	DATABASE_URL=$(BENCH_DATABASE_URL) \
	$(BIN)/python manage.py seed_bench --employees $(BENCH_EMPLOYEES) --flush

prod-check: install ## Django's deploy check under production settings (no warnings allowed)
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-prod-check-$$(head -c 48 /dev/urandom | base64 | tr -dc a-zA-Z0-9)} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-zhibu.example} \
	DATABASE_URL=$${DATABASE_URL:-$(PG_TEST_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

audit: dev-install ## Audit every pinned package (constraints.txt) for known vulnerabilities
	$(BIN)/python scripts/audit.py constraints.txt

screenshots: dev-install ## Screenshots of every role's pages at 375 px and desktop (needs chromium)
	$(BIN)/python -m scripts.screenshots

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var staticfiles
