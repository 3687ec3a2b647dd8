# Two commands do everything on a fresh machine with Python 3.11 and git:
#   make run    build, load the sample cables and serve on http://127.0.0.1:8000
#   make test   run the whole test suite
# Both create and use the virtual environment in .venv themselves.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements*.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-tools lint bench clean

$(STAMP): requirements.txt requirements-dev.txt requirements-bench.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=python3"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py ingest --no-progress archive/fixtures/seeds
	$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot
# work here), the benchmark's test drives wrk, and the reverse-proxy tests run Debian's
# nginx: installed with apt-get when missing and this is a Debian machine where we are
# root; otherwise those tests say why they skip. The accessibility tests inject axe-core,
# installed with npm (pinned here) into var/node_modules, where they look for it.
AXE_VERSION := 4.14.1
AXE_PACKAGE := var/node_modules/axe-core/package.json
test-tools:
	@missing=""; \
	  [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	  command -v wrk >/dev/null || missing="$$missing wrk"; \
	  [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	  command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing for the browser, benchmark, proxy and accessibility tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
	      || echo "apt-get could not install$$missing: the tests that need them will say why they skip"; \
	  else \
	    echo "$$missing missing: the browser, load, proxy or accessibility tests will be skipped"; \
	  fi; \
	fi
	@if ! grep -qs '"version": "$(AXE_VERSION)"' $(AXE_PACKAGE); then \
	  if command -v npm >/dev/null; then \
	    echo "installing axe-core $(AXE_VERSION) into var/node_modules for the accessibility tests"; \
	    mkdir -p var && npm install --silent --no-save --no-audit --no-fund --prefix var axe-core@$(AXE_VERSION) >/dev/null \
	      || echo "axe-core could not be installed: the accessibility tests will be skipped"; \
	  else \
	    echo "npm missing: the accessibility tests will be skipped"; \
	  fi; \
	fi

test: $(STAMP) test-tools
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# The scale benchmark (README "Scale"), side by side with Datasette (requirements-bench.txt,
# installed with the development tools): BENCH_SIZES=10000 make bench for one size.
BENCH_SIZES ?= 10000 50000 250000
bench: $(STAMP) test-tools
	nice $(BIN)/python -m bench run --sizes $(BENCH_SIZES)

clean:
	rm -rf $(VENV) staticfiles
