# portal: `make run` serves the demo, `make test` runs every test. Both install what they need.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app wsgi
AXE    := .cache/node/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1
# The Nu Html Checker (Java; the tests run it once over every page).
VNU := .cache/node/node_modules/vnu-jar/build/dist/vnu.jar
VNU_VERSION := 26.9.27
# The OpenID Connect provider the DigiD tests log in against: versions pinned by tests/oidc/package-lock.json
# (oidc-provider 8.8.1, the last line that supports Node.js 20).
OIDC_PROVIDER := .cache/oidc-node/node_modules/oidc-provider/package.json
# Lighthouse for bench/lighthouse.py: pinned by bench/lighthouse/package-lock.json (12.2.3: 13 wants Node.js 22).
LIGHTHOUSE := .cache/lighthouse-node/node_modules/lighthouse/package.json
# Debian packages the tests drive: command -> package
TEST_TOOLS := chromium:chromium chromedriver:chromium-driver w3m:w3m pdfinfo:poppler-utils tmux:tmux \
              redis-server:redis-server wrk:wrk java:default-jre-headless

# Test tiers (markers set in tests/conftest.py from the fixtures a test uses): in-process tests run in two
# parallel processes; browsers, w3m, the OpenID provider and tests that start processes run one at a time.
IN_PROCESS := not browser and not textbrowser and not oidc and not processes
QUICK      := $(IN_PROCESS) and not heavy
PYTEST := $(PY) -m pytest -p no:cacheprovider
# Python (and pytest, its rewritten test modules) keeps compiled modules, even where that is turned off.
export PYTHONDONTWRITEBYTECODE =
# WeasyPrint subsets fonts with HarfBuzz when it can (a letter in 30 ms instead of 140 ms), else with fontTools.
PDF_LIBS := libharfbuzz-subset.so.0:libharfbuzz-subset0

.PHONY: run check test test-sqlite test-postgres bench lint messages translations system-deps pdf-deps node-deps \
        oidc-deps lighthouse-deps clean
.DEFAULT_GOAL := run

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.run-installed

translations: $(VENV)/.run-installed
	$(VENV)/bin/pybabel -q compile -d translations
	@test -f translations/nl/LC_MESSAGES/messages.mo

## Extract strings from code and templates and merge them into the catalogues (then translate the new ones).
messages: $(VENV)/.run-installed
	mkdir -p .cache
	$(VENV)/bin/pybabel extract -F pyproject.toml -k _l --no-location --sort-output -o .cache/messages.pot .
	$(VENV)/bin/pybabel update -i .cache/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete --width 110

run: $(VENV)/.run-installed translations pdf-deps
	$(FLASK) portal init-db
	$(FLASK) portal seed-demo --if-empty
	@echo "Open http://127.0.0.1:5000 (stop with Ctrl+C). The worker writes e-mails to instance/mail/."
	@$(FLASK) portal worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(FLASK) run --host 127.0.0.1 --port 5000

## Not needed, only faster: installed when we may, otherwise a hint.
pdf-deps:
	@missing=""; for pair in $(PDF_LIBS); do \
	  ldconfig -p 2>/dev/null | grep -q "$${pair%%:*}" || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || true; \
	  else \
	    echo "PDFs are made faster with: sudo apt-get install$$missing"; \
	  fi; \
	fi

system-deps: pdf-deps
	@missing=""; for pair in $(TEST_TOOLS); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The tests need these Debian packages. Install them with:"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

node-deps: $(AXE) $(VNU)
$(AXE):
	npm install --silent --no-audit --no-fund --prefix .cache/node axe-core@$(AXE_VERSION)
$(VNU):
	npm install --silent --no-audit --no-fund --prefix .cache/node vnu-jar@$(VNU_VERSION)

oidc-deps: $(OIDC_PROVIDER)
$(OIDC_PROVIDER): tests/oidc/package.json tests/oidc/package-lock.json
	mkdir -p .cache/oidc-node
	cp tests/oidc/package.json tests/oidc/package-lock.json .cache/oidc-node/
	npm ci --silent --no-audit --no-fund --prefix .cache/oidc-node
	touch $@

lighthouse-deps: $(LIGHTHOUSE)
$(LIGHTHOUSE): bench/lighthouse/package.json bench/lighthouse/package-lock.json
	mkdir -p .cache/lighthouse-node
	cp bench/lighthouse/package.json bench/lighthouse/package-lock.json .cache/lighthouse-node/
	npm ci --silent --no-audit --no-fund --prefix .cache/lighthouse-node
	touch $@

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .

## The inner loop (under a minute): lint, then every in-process test on SQLite, the generated-input tests with
## a quarter of their examples (tests/budget.py).
check: lint translations pdf-deps
	TEST_BUDGET=quick $(PYTEST) -q -n 2 --dist worksteal -m "$(QUICK)"

test-sqlite: $(VENV)/.test-installed translations system-deps node-deps oidc-deps
	$(PYTEST) -n 2 --dist worksteal -m "$(IN_PROCESS)"
	$(PYTEST) -m "not ($(IN_PROCESS))"

## What depends on the database, again on a throw-away PostgreSQL server (not the browser and w3m tests).
test-postgres: $(VENV)/.test-installed translations system-deps node-deps oidc-deps
	$(PY) tests/pgcluster.py -- $(PYTEST) -n 2 --dist worksteal -m "database and $(IN_PROCESS)"
	$(PY) tests/pgcluster.py -- $(PYTEST) -m "database and not browser and not textbrowser and not ($(IN_PROCESS))"

test: lint test-sqlite test-postgres

## Every benchmark (bench/*.py, about 10 minutes): prints the figures and writes them into docs/performance.md.
## BENCH_ARGS=--quick for a short check; BENCH_ARGS=--soak adds the ten-minute soak.
bench: $(VENV)/.test-installed translations system-deps lighthouse-deps
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .cache instance
