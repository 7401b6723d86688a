# Every set-up step of the project lives here, so a fresh machine needs only
# `make run` (the app) or `make test` (every check).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint format bench load browser clean

$(VENV)/.app: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.app requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Headless Chromium for the browser tests, from the system's packages.
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# The page server uses the C allocator for Python's small objects too, so the
# memory a class used can go back to the system once its runs are forgotten.
run: $(VENV)/.app
	PYTHONMALLOC=malloc $(PY) -m streamlit run app.py --server.port $(PORT)

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: $(VENV)/.dev browser lint
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest

bench: $(VENV)/.dev
	$(PY) -m bench

load: $(VENV)/.dev browser
	CHROMIUM=$(CHROMIUM) $(PY) -m loadtest

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache .hypothesis
