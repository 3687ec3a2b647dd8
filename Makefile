# Two commands do everything on a fresh machine with Python 3.11 and git:
#   make run    build, load the sample cables and serve on http://127.0.0.1:8000
#   make test   run the whole test suite
# Both create and use the virtual environment in .venv themselves.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench clean

$(STAMP): requirements.txt requirements-dev.txt
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

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# The scale benchmark (README "Scale"): BENCH_SIZES=10000 make bench for one size.
BENCH_SIZES ?= 10000 50000 250000
bench: $(STAMP)
	$(BIN)/python -m bench run --sizes $(BENCH_SIZES)

clean:
	rm -rf $(VENV) staticfiles
